/**
 * Versioned meta-prompt templates. A template is chosen per language and
 * project type; `{{name}}` placeholders are filled from the request. Bump
 * `version` whenever the text changes, so results say which text produced them.
 */
export interface PromptTemplate {
  id: string;
  version: number;
  language: string | '*';
  type: string | '*';
  system: string;
  user: string;
}

const FORMAT_RULES = `Answer only with fenced code blocks, one per file, each opened as
\`\`\`<language> file=<relative/path>
and closed with \`\`\`. Use relative paths without "..". No prose outside the blocks.`;

const LANGUAGE_RULES: Record<string, string> = {
  python:
    'Python 3.11, standard library only, type hints, unittest for tests (files test_*.py).',
  typescript:
    'TypeScript 5, strict mode, CommonJS output, no runtime dependencies, node:test for tests under test/*.test.ts.',
  javascript:
    'Node.js 20 CommonJS, no dependencies, node:test for tests under test/*.test.js.',
  go: 'Go 1.21 module with a go.mod, standard library only, table tests with the testing package.',
};

const TYPE_RULES: Record<string, string> = {
  function: 'Deliver one well-named pure function with input validation.',
  class:
    'Deliver one cohesive class (or struct with methods) with a small public API.',
  cli: 'Deliver a command-line program whose logic is a testable function taking argv and an output stream.',
  api: 'Deliver an HTTP service with a /health endpoint whose routing is testable without a network.',
};

export const PROMPT_TEMPLATES: PromptTemplate[] = Object.keys(
  LANGUAGE_RULES,
).flatMap(language =>
  Object.keys(TYPE_RULES).map(type => ({
    id: `codegen.${language}.${type}`,
    version: 1,
    language,
    type,
    system: `You are a senior ${language} engineer. ${LANGUAGE_RULES[language]}\n${FORMAT_RULES}`,
    user: `Project: {{project_name}}\nKind: ${type}. ${TYPE_RULES[type]}\n\nRequest:\n{{prompt}}`,
  })),
);
