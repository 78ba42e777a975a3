/** Identifier spellings derived from a project name such as `TestProject`. */
export interface ProjectNames {
  project: string;
  snake: string;
  camel: string;
  pascal: string;
  kebab: string;
  /** Go package name: lower-case letters and digits only. */
  pkg: string;
}

const RESERVED = new Set([
  // python
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'none',
  'true',
  'false',
  // javascript / typescript
  'case',
  'catch',
  'const',
  'debugger',
  'default',
  'delete',
  'do',
  'enum',
  'export',
  'extends',
  'function',
  'instanceof',
  'let',
  'new',
  'null',
  'super',
  'switch',
  'this',
  'throw',
  'typeof',
  'var',
  'void',
  // go
  'chan',
  'defer',
  'fallthrough',
  'func',
  'go',
  'goto',
  'interface',
  'map',
  'package',
  'range',
  'select',
  'struct',
  'type',
  'main',
  'test',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(w => w.toLowerCase());
}

/** Derives identifier spellings, avoiding reserved words in every language. */
export function projectNames(projectName: string): ProjectNames {
  let parts = words(projectName);
  if (parts.length === 0) parts = ['project'];
  if (parts.length === 1 && RESERVED.has(parts[0])) parts = [...parts, 'app'];
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return {
    project: projectName,
    snake: parts.join('_'),
    camel: parts[0] + parts.slice(1).map(cap).join(''),
    pascal: parts.map(cap).join(''),
    kebab: parts.join('-'),
    pkg: parts.join(''),
  };
}

/** One line of the user's prompt, safe to embed in a comment or docstring. */
export function summaryLine(prompt: string): string {
  const first = prompt.trim().split(/\r?\n/)[0] ?? '';
  return first
    .replace(/[^\x20-\x7E]/g, ' ')
    .replace(/\*\/|"""|`|\\/g, ' ')
    .slice(0, 120)
    .trim();
}

/** A generated file before it is rendered into a fenced block. */
export interface TemplateFile {
  path: string;
  lang: string;
  content: string;
}
