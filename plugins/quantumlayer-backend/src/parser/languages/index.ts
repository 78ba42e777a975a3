import ts from 'typescript';
import type { CheckedLanguage } from './detect-language';
import { checkGoSyntax } from './go';
import { checkPythonSyntax } from './python';
import { checkTypeScriptSyntax } from './typescript';
import type { SyntaxChecker } from './types';

/** A language's checker, the front end it runs and whether it reads files from disk. */
export interface LanguageChecker {
  check: SyntaxChecker;
  /** What validated the file, e.g. `gofmt -e`. */
  name: string;
  needsFiles: boolean;
}

const CHECKERS: Record<CheckedLanguage, LanguageChecker> = {
  python: {
    check: checkPythonSyntax,
    name: 'python3 compile()',
    needsFiles: false,
  },
  typescript: {
    check: checkTypeScriptSyntax,
    name: `typescript ${ts.version} parser`,
    needsFiles: false,
  },
  javascript: {
    check: checkTypeScriptSyntax,
    name: `typescript ${ts.version} parser`,
    needsFiles: false,
  },
  go: { check: checkGoSyntax, name: 'gofmt -e', needsFiles: true },
};

/** The checker for a checked language. */
export function checkerFor(language: CheckedLanguage): LanguageChecker {
  return CHECKERS[language];
}

const CODE_EXTENSIONS: Record<string, RegExp> = {
  python: /\.py$/,
  typescript: /\.(ts|tsx|js)$/,
  javascript: /\.(js|cjs|mjs)$/,
  go: /\.go$/,
};

/**
 * The checker for a language, applied only to that language's code files;
 * `needsFiles` when it reads the files from disk rather than from memory.
 * Throws for a language without one; `parseModelOutput` does not.
 */
export function syntaxCheckerFor(language: string): {
  check: SyntaxChecker;
  matches: RegExp;
  needsFiles: boolean;
} {
  const checker = (CHECKERS as Record<string, LanguageChecker>)[language];
  if (!checker) throw new Error(`no syntax checker for ${language}`);
  return {
    check: checker.check,
    matches: CODE_EXTENSIONS[language],
    needsFiles: checker.needsFiles,
  };
}

export {
  CHECKED_LANGUAGES,
  detectLanguage,
  isCheckedLanguage,
} from './detect-language';
export type { CheckedLanguage } from './detect-language';
export { CheckerUnavailableError } from './types';
export type {
  SourceDiagnostic,
  SyntaxChecker,
  SyntaxDiagnostic,
} from './types';
