import type { PromptTemplate } from '../prompt-template';
import { V } from './variables';

/** The documenter writes README.md; the file table and test command are added by the stage. */
export const DOCUMENTER_SEEDS: PromptTemplate[] = [
  {
    id: 'documenter.*.*',
    version: 1,
    agent: 'documenter',
    language: '*',
    type: '*',
    description: "Writes the project's README.md",
    variables: [
      V.projectName,
      V.language,
      V.type,
      V.prompt,
      V.plan,
      V.testSummary,
    ],
    system: `You are a technical writer. Write README.md for a {{language}} {{type}}: a one-paragraph summary, usage with a short example calling the public interface, and design notes from the plan.
Answer with exactly one fenced block opened as \`\`\`markdown file=README.md whose first line is "# {{project_name}}".`,
    user: `Request:
{{prompt}}

Plan:
{{plan}}{{#test_summary}}

Test run:
{{test_summary}}{{/test_summary}}`,
  },
];
