import { checkGoSyntax } from './go';
import { checkPythonSyntax } from './python';
import { checkTypeScriptSyntax } from './typescript';
import type { SyntaxChecker } from './types';

const CHECKERS: Record<string, SyntaxChecker> = {
  python: checkPythonSyntax,
  typescript: checkTypeScriptSyntax,
  javascript: checkTypeScriptSyntax,
  go: checkGoSyntax,
};

const CODE_EXTENSIONS: Record<string, RegExp> = {
  python: /\.py$/,
  typescript: /\.(ts|tsx|js)$/,
  javascript: /\.(js|cjs|mjs)$/,
  go: /\.go$/,
};

/**
 * The checker for a language, applied only to that language's code files;
 * `needsFiles` when it reads the files from disk rather than from memory.
 */
export function syntaxCheckerFor(language: string): {
  check: SyntaxChecker;
  matches: RegExp;
  needsFiles: boolean;
} {
  const check = CHECKERS[language];
  if (!check) throw new Error(`no syntax checker for ${language}`);
  return {
    check,
    matches: CODE_EXTENSIONS[language],
    needsFiles: language === 'go',
  };
}

export type { SyntaxChecker, SyntaxDiagnostic } from './types';
