import type { Config } from '@backstage/config';
import ts from 'typescript';
import { CheckerPoolSettings, DEFAULT_CHECKER_POOL } from './checker-pool';
import type { CheckedLanguage } from './detect-language';
import { createGoChecker } from './go';
import { createPythonChecker } from './python';
import { createTypeScriptChecker } from './typescript';
import type { SyntaxChecker } from './types';

/** A language's checker, the front end it runs and whether it reads files from disk. */
export interface LanguageChecker {
  check: SyntaxChecker;
  /** What validated the file, e.g. `gofmt -e`. */
  name: string;
  needsFiles: boolean;
}

const LIMITS: Record<keyof CheckerPoolSettings, [number, number]> = {
  size: [1, 64],
  maxQueue: [0, 10_000],
  timeoutMs: [100, 600_000],
};

const CONFIG_KEYS: Record<keyof CheckerPoolSettings, string> = {
  size: 'poolSize',
  maxQueue: 'maxQueue',
  timeoutMs: 'timeoutMs',
};

/**
 * `quantumlayer.parser`: workers per language, queue bound and time limit of
 * the syntax checkers, with defaults; out-of-range values throw, naming the
 * key and its range.
 */
export function readCheckerPoolSettings(config: Config): CheckerPoolSettings {
  const section = config.getOptionalConfig('quantumlayer.parser');
  const settings = { ...DEFAULT_CHECKER_POOL };
  for (const field of Object.keys(LIMITS) as (keyof CheckerPoolSettings)[]) {
    const key = CONFIG_KEYS[field];
    const value = section?.getOptionalNumber(key);
    if (value === undefined) continue;
    const [min, max] = LIMITS[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        `quantumlayer.parser.${key} must be an integer from ${min} to ${max}, got ${value}`,
      );
    }
    settings[field] = value;
  }
  return settings;
}

/**
 * The syntax checkers of one process: a bounded pool per language (python3
 * processes, TypeScript worker threads, concurrent gofmt runs), so no check
 * runs on the event loop and a slow one fails alone. Workers start on first
 * use; `stop` ends them.
 */
export class SyntaxCheckers {
  private readonly python;
  private readonly typescript;
  private readonly go;
  private readonly checkers: Record<CheckedLanguage, LanguageChecker>;

  constructor(readonly settings: CheckerPoolSettings = DEFAULT_CHECKER_POOL) {
    this.python = createPythonChecker(settings);
    this.typescript = createTypeScriptChecker(settings);
    this.go = createGoChecker(settings);
    const typescript: LanguageChecker = {
      check: this.typescript.check,
      name: `typescript ${ts.version} parser`,
      needsFiles: false,
    };
    this.checkers = {
      python: {
        check: this.python.check,
        name: 'python3 compile()',
        needsFiles: false,
      },
      typescript,
      javascript: typescript,
      go: { check: this.go.check, name: 'gofmt -e', needsFiles: true },
    };
  }

  /**
   * Compiles a TypeScript source to CommonJS (ES2022) for the test run, on
   * the TypeScript pool: the compiler's emit is super-linear on some inputs,
   * so it runs off the event loop under the same time limit.
   */
  transpileToCommonJs(content: string, fileName: string): Promise<string> {
    return this.typescript.transpile(content, fileName);
  }

  /** The checker for a checked language. */
  for(language: CheckedLanguage): LanguageChecker {
    return this.checkers[language];
  }

  /** Running and waiting checks per pool, for tests and the benchmark. */
  load() {
    return {
      python: this.python.pool.load,
      typescript: this.typescript.pool.load,
      go: this.go.pool.load,
    };
  }

  /** Ends every worker and fails waiting checks. */
  stop(): void {
    this.python.pool.stop();
    this.typescript.pool.stop();
    this.go.pool.stop();
  }
}

let fallback: SyntaxCheckers | undefined;

/**
 * The process's checkers with default settings, for callers given none (the
 * HumanEval harness, tests). The plugin builds its own from config.
 */
export function defaultSyntaxCheckers(): SyntaxCheckers {
  fallback ??= new SyntaxCheckers();
  return fallback;
}
