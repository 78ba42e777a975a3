import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { transpileToCommonJs } from '../parser/languages/typescript';

/** How to run one language's tests in a directory that holds the project. */
export interface TestCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Directories the run writes besides the project (Go's build cache). */
  writable?: string[];
}

/**
 * Go's build cache for sandboxed test runs: its own directory (under the
 * system temp dir, which the sandbox user can reach), never the host's, so
 * code under test can only ever affect other sandboxed runs.
 */
export async function sandboxGoCache(): Promise<string> {
  const dir = path.join(os.tmpdir(), 'ql-sandbox-go-build');
  await fs.mkdir(dir, { recursive: true });
  return dir;
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
 * Prepares `dir` (TypeScript is transpiled to `.ql-build/`) and returns the
 * command that runs the project's tests there.
 */
export async function prepareTestCommand(
  language: string,
  dir: string,
  files: string[],
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
        await fs.writeFile(target, transpileToCommonJs(source, file));
        if (isTestPath(language, file)) tests.push(path.relative(dir, target));
      }
      return { command: process.execPath, args: ['--test', ...tests] };
    }
    case 'go': {
      const cache = await sandboxGoCache();
      return {
        command: 'go',
        args: ['test', '-count=1', '-v', './...'],
        env: {
          GOFLAGS: '-mod=mod',
          GOPROXY: 'off',
          GOTOOLCHAIN: 'local',
          GOCACHE: cache,
        },
        writable: [cache],
      };
    }
    default:
      throw new Error(`no test runner for ${language}`);
  }
}
