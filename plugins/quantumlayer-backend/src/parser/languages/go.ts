import { runProcess } from '../../sandbox/run-process';
import type { SyntaxChecker } from './types';

/** Parses Go files with `gofmt -e`, which reports every syntax error. */
export const checkGoSyntax: SyntaxChecker = async (dir, files) => {
  return Promise.all(
    files.map(async f => {
      const r = await runProcess({
        command: 'gofmt',
        args: ['-e', '-l', f.path],
        cwd: dir,
        timeoutMs: 30_000,
      });
      return r.exitCode === 0
        ? { path: f.path, ok: true }
        : { path: f.path, ok: false, message: r.stderr.trim().slice(0, 500) };
    }),
  );
};
