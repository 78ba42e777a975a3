import type { PromptTemplate } from '../prompt-template';
import { LANGUAGE_RULES, V } from './variables';

/** The architect plans files and public interfaces; one template per language. */
export const ARCHITECT_SEEDS: PromptTemplate[] = Object.entries(
  LANGUAGE_RULES,
).map(([language, rules]) => ({
  id: `architect.${language}.*`,
  version: 1,
  agent: 'architect',
  language,
  type: '*',
  description: `Plans a ${language} project: files, public interfaces, approach`,
  variables: [V.projectName, V.type, V.prompt, V.context],
  system: `You are a software architect planning a small ${language} project. ${rules}
Plan the source files and the test files, and the exact public interfaces (names and signatures) the tests will call.
Answer with one \`\`\`json block holding {"approach": string, "files": [{"path": string, "purpose": string}], "interfaces": [{"name": string, "signature": string, "description": string}]}.`,
  user: `Project: {{project_name}} (a ${language} {{type}})

Request:
{{prompt}}{{#context}}

Similar earlier projects, for reference only:
{{context}}{{/context}}`,
}));
