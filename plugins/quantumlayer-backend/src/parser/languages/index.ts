export {
  CHECKED_LANGUAGES,
  detectLanguage,
  isCheckedLanguage,
} from './detect-language';
export type { CheckedLanguage } from './detect-language';
export { DEFAULT_CHECKER_POOL } from './checker-pool';
export type { CheckerPoolSettings } from './checker-pool';
export {
  defaultSyntaxCheckers,
  readCheckerPoolSettings,
  SyntaxCheckers,
} from './syntax-checkers';
export type { LanguageChecker } from './syntax-checkers';
export {
  CheckerBusyError,
  CheckerTimeoutError,
  CheckerUnavailableError,
} from './types';
export type {
  SourceDiagnostic,
  SyntaxChecker,
  SyntaxDiagnostic,
} from './types';
