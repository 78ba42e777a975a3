import type { PromptTemplate } from '../prompt-template';
import { V } from './variables';

/** The reviewer reports findings with a severity; one template for every language. */
export const REVIEWER_SEEDS: PromptTemplate[] = [
  {
    id: 'reviewer.*.*',
    version: 1,
    agent: 'reviewer',
    language: '*',
    type: '*',
    description:
      'Reviews generated files: correctness, security, maintainability',
    variables: [V.language, V.prompt, V.files, V.staticFindings, V.testSummary],
    system: `You are a meticulous code reviewer of {{language}} code. Report real problems only: bugs, security issues, missing input validation, unclear names, dead code.
Answer with one \`\`\`json block holding {"findings": [{"severity": "info" | "minor" | "major" | "critical", "file": string, "line": number (optional), "message": string}]}. An empty list is a valid answer.`,
    user: `Request:
{{prompt}}

Files:
{{files}}{{#static_findings}}

Static checks found:
{{static_findings}}{{/static_findings}}{{#test_summary}}

Test run:
{{test_summary}}{{/test_summary}}`,
  },
];
