/** Languages whose files are syntax-checked with a real parser. */
export const CHECKED_LANGUAGES = [
  'python',
  'typescript',
  'javascript',
  'go',
] as const;

/** A language this parser can syntax-check. */
export type CheckedLanguage = (typeof CHECKED_LANGUAGES)[number];

const BY_EXTENSION: Record<string, string> = {
  py: 'python',
  pyi: 'python',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  go: 'go',
  md: 'markdown',
  markdown: 'markdown',
  rst: 'restructuredtext',
  txt: 'text',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  ini: 'ini',
  cfg: 'ini',
  xml: 'xml',
  html: 'html',
  css: 'css',
  sql: 'sql',
  sh: 'shell',
  bash: 'shell',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  rb: 'ruby',
  php: 'php',
  cs: 'csharp',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  hpp: 'cpp',
  swift: 'swift',
};

const BY_NAME: Record<string, string> = {
  dockerfile: 'dockerfile',
  makefile: 'makefile',
  'go.mod': 'go-module',
  'go.sum': 'go-checksums',
};

/** Fence info strings that name a checked language. */
const FENCE_ALIASES: Record<string, CheckedLanguage> = {
  python: 'python',
  py: 'python',
  python3: 'python',
  typescript: 'typescript',
  ts: 'typescript',
  tsx: 'typescript',
  javascript: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  node: 'javascript',
  go: 'go',
  golang: 'go',
};

/** Whether `language` is one this parser syntax-checks. */
export function isCheckedLanguage(
  language: string,
): language is CheckedLanguage {
  return (CHECKED_LANGUAGES as readonly string[]).includes(language);
}

/**
 * A file's language from its name: the extension decides (`README.md` is
 * markdown in a Python project); well-known names (`Dockerfile`, `go.mod`)
 * come next; an extensionless file takes its fence's language when that is a
 * checked one (a `python file=bin/tool` block); anything else is `text`.
 */
export function detectLanguage(path: string, fenceLanguage = ''): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const known = BY_NAME[name];
  if (known) return known;
  const dot = name.lastIndexOf('.');
  if (dot > 0) return BY_EXTENSION[name.slice(dot + 1)] ?? 'text';
  return FENCE_ALIASES[fenceLanguage.toLowerCase()] ?? 'text';
}
