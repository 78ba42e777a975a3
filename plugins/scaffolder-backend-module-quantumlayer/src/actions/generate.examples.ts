import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Generate a Python function with tests into the workspace root',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'quantumlayer:generate',
          name: 'Generate code',
          input: {
            prompt: 'Create a Python function that counts words in a text',
            language: 'python',
            type: 'function',
            generate_tests: true,
            requirements: { project_name: 'WordCounter' },
          },
        },
      ],
    }),
  },
  {
    description: 'Generate a TypeScript CLI into a sub-directory',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'quantumlayer:generate',
          name: 'Generate code',
          input: {
            prompt: 'A command-line tool that prints its arguments',
            language: 'typescript',
            type: 'cli',
            generate_tests: true,
            requirements: { project_name: 'echo-cli' },
            targetPath: 'tool',
          },
        },
      ],
    }),
  },
  {
    description:
      'Generate a Python function into a service directory, letting it write CI definitions (e.g. .github/workflows/test.yml); each one written is a task-log warning',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'quantumlayer:generate',
          name: 'Generate code',
          input: {
            prompt:
              'Create a Python function that checks whether a string is a palindrome, with a GitHub Actions workflow that runs its tests',
            language: 'python',
            type: 'function',
            generate_tests: true,
            requirements: { project_name: 'Palindrome' },
            targetPath: 'palindrome',
            allowCiFiles: true,
          },
        },
      ],
    }),
  },
];
