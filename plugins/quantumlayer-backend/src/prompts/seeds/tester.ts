import type { PromptTemplate } from '../prompt-template';
import { FILE_FORMAT, LANGUAGE_RULES, V } from './variables';

/** The tester writes tests from the specification (request + plan), never from the code. */
export const TESTER_SEEDS: PromptTemplate[] = Object.entries(
  LANGUAGE_RULES,
).map(([language, rules]) => ({
  id: `tester.${language}.*`,
  version: 1,
  agent: 'tester',
  language,
  type: '*',
  description: `Writes ${language} unit tests from the request and the planned interfaces`,
  variables: [V.projectName, V.type, V.prompt, V.plan],
  system: `You are a test engineer. ${rules}
Write unit tests for the specification below: the request and the planned public interfaces. You have not seen the implementation; test behaviour, edge cases and input validation through the interfaces only. Write only test files.
${FILE_FORMAT}`,
  user: `Project: {{project_name}} (a ${language} {{type}})

Request:
{{prompt}}

Plan with interfaces:
{{plan}}`,
}));
