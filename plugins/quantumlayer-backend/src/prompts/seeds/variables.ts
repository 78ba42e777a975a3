import type { PromptVariable } from '../prompt-template';

/** Variable declarations the seed templates share. */
export const V = {
  projectName: {
    name: 'project_name',
    description: 'The new project name, already validated',
    trust: 'trusted',
    required: true,
    maxLength: 64,
    pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$',
  },
  language: {
    name: 'language',
    description: 'Target language',
    trust: 'trusted',
    required: true,
    maxLength: 20,
    pattern: '^[a-z]+$',
  },
  type: {
    name: 'type',
    description: 'Kind of project: function, class, cli or api',
    trust: 'trusted',
    required: true,
    maxLength: 20,
    pattern: '^[a-z]+$',
  },
  prompt: {
    name: 'prompt',
    description: "The developer's request, verbatim",
    trust: 'untrusted',
    required: true,
    maxLength: 102_400,
  },
  context: {
    name: 'context',
    description: 'Summaries of similar earlier projects (stage 3)',
    trust: 'untrusted',
    required: false,
    maxLength: 4_000,
  },
  plan: {
    name: 'plan',
    description: "The architect's plan, as JSON",
    trust: 'untrusted',
    required: true,
    maxLength: 20_000,
  },
  feedback: {
    name: 'feedback',
    description:
      'Why the previous attempt failed: parse problems and test output',
    trust: 'untrusted',
    required: false,
    maxLength: 20_000,
  },
  previousCode: {
    name: 'previous_code',
    description: 'The files of the previous attempt',
    trust: 'untrusted',
    required: false,
    maxLength: 60_000,
  },
  files: {
    name: 'files',
    description: 'The generated files, each headed by its path',
    trust: 'untrusted',
    required: true,
    maxLength: 120_000,
  },
  staticFindings: {
    name: 'static_findings',
    description: 'Findings of the static checks, one per line',
    trust: 'untrusted',
    required: false,
    maxLength: 8_000,
  },
  testSummary: {
    name: 'test_summary',
    description: 'Outcome of the sandboxed test run',
    trust: 'untrusted',
    required: false,
    maxLength: 2_000,
  },
} satisfies Record<string, PromptVariable>;

export const LANGUAGE_RULES: Record<string, string> = {
  python:
    'Python 3.11, standard library only, type hints, unittest for tests (files test_*.py).',
  typescript:
    'TypeScript 5, strict mode, CommonJS output, no runtime dependencies, node:test for tests under test/*.test.ts.',
  javascript:
    'Node.js 20 CommonJS, no dependencies, node:test for tests under test/*.test.js.',
  go: 'Go 1.21 module with a go.mod, standard library only, table tests with the testing package.',
};

export const TYPE_RULES: Record<string, string> = {
  function: 'Deliver one well-named pure function with input validation.',
  class:
    'Deliver one cohesive class (or struct with methods) with a small public API.',
  cli: 'Deliver a command-line program whose logic is a testable function taking argv and an output stream.',
  api: 'Deliver an HTTP service with a /health endpoint whose routing is testable without a network.',
};

export const FILE_FORMAT = `Answer only with fenced code blocks, one per file, each opened as
\`\`\`<language> file=<relative/path>
and closed with \`\`\`. Use relative paths without "..". No prose outside the blocks.`;
