import fs from 'fs/promises';
import path from 'path';
import { defaultSyntaxCheckers, SyntaxCheckers } from '../parser/languages';
import { GO_TEST_ENV } from './go-build-seed';

/** How to run one language's tests in a directory that holds the project. */
export interface TestCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
  /**
   * Go: the run gets a build cache of its own, copied from the read-only
   * seed (see GoBuildSeed); no cache is shared writable between runs.
   */
  goBuildCache?: boolean;
}

const isTestFile: Record<string, RegExp> = {
  python: /(^|\/)test_[^/]*\.py$|_test\.py$/,
  javascript: /\.test\.(js|cjs)$/,
  typescript: /\.test\.ts$/,
  go: /_test\.go$/,
};

/** True when `file` is a test file of `language`. */
export function isTestPath(language: string, file: string): boolean {
  return isTestFile[language]?.test(file) ?? false;
}

/**
 * Prepares `dir` (TypeScript is transpiled to `.ql-build/` on the checkers'
 * TypeScript pool, off the event loop; default: the process's) and returns
 * the command that runs the project's tests there.
 */
export async function prepareTestCommand(
  language: string,
  dir: string,
  files: string[],
  options: { checkers?: SyntaxCheckers } = {},
): Promise<TestCommand> {
  switch (language) {
    case 'python':
      return {
        command: 'python3',
        args: [
          '-B',
          '-m',
          'unittest',
          'discover',
          '-v',
          '-s',
          '.',
          '-p',
          '*test*.py',
        ],
      };
    case 'javascript':
      return {
        command: process.execPath,
        args: ['--test', ...files.filter(f => isTestPath(language, f))],
      };
    case 'typescript': {
      const out = path.join(dir, '.ql-build');
      const tests: string[] = [];
      for (const file of files.filter(
        f => /\.ts$/.test(f) && !f.endsWith('.d.ts'),
      )) {
        const source = await fs.readFile(path.join(dir, file), 'utf8');
        const target = path.join(out, file.replace(/\.ts$/, '.js'));
        await fs.mkdir(path.dirname(target), { recursive: true });
        const checkers = options.checkers ?? defaultSyntaxCheckers();
        await fs.writeFile(
          target,
          await checkers.transpileToCommonJs(source, file),
        );
        if (isTestPath(language, file)) tests.push(path.relative(dir, target));
      }
      return { command: process.execPath, args: ['--test', ...tests] };
    }
    case 'go':
      return {
        command: 'go',
        args: ['test', '-count=1', '-v', './...'],
        env: GO_TEST_ENV,
        goBuildCache: true,
      };
    default:
      throw new Error(`no test runner for ${language}`);
  }
}
