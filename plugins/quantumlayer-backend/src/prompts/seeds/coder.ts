import type { PromptTemplate } from '../prompt-template';
import { FILE_FORMAT, LANGUAGE_RULES, TYPE_RULES, V } from './variables';

/** The coder writes the sources; one template per language × type. */
export const CODER_SEEDS: PromptTemplate[] = Object.entries(
  LANGUAGE_RULES,
).flatMap(([language, rules]) =>
  Object.entries(TYPE_RULES).map(([type, typeRules]) => ({
    id: `coder.${language}.${type}`,
    version: 1,
    agent: 'coder' as const,
    language,
    type,
    description: `Writes the sources of a ${language} ${type}, or repairs them from feedback`,
    variables: [V.projectName, V.prompt, V.plan, V.previousCode, V.feedback],
    system: `You are a senior ${language} engineer. ${rules} ${typeRules}
Write the source files of the plan, implementing its interfaces exactly. Do not write tests.
${FILE_FORMAT}`,
    user: `Project: {{project_name}}

Request:
{{prompt}}

Plan:
{{plan}}{{#previous_code}}

Previous attempt:
{{previous_code}}{{/previous_code}}{{#feedback}}

The previous attempt failed; fix these problems and answer with every source file again:
{{feedback}}{{/feedback}}`,
  })),
);
