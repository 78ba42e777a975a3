/**
 * The twelve stages of the generate-extended workflow, in execution order.
 *
 * @public
 */
export const CODEGEN_STAGES = [
  'validate',
  'enhance_prompt',
  'retrieve_context',
  'plan',
  'generate_code',
  'parse_validate',
  'generate_tests',
  'run_tests',
  'repair',
  'review',
  'document',
  'package_store',
] as const;

/** @public */
export type CodegenStage = (typeof CODEGEN_STAGES)[number];

/** Human readable titles for each stage, used in task logs and the UI. @public */
export const CODEGEN_STAGE_TITLES: Record<CodegenStage, string> = {
  validate: 'Validate request',
  enhance_prompt: 'Enhance prompt',
  retrieve_context: 'Retrieve context',
  plan: 'Plan',
  generate_code: 'Generate code',
  parse_validate: 'Parse and validate',
  generate_tests: 'Generate tests',
  run_tests: 'Run tests',
  repair: 'Repair',
  review: 'Review',
  document: 'Document',
  package_store: 'Package and store',
};
