import { Worker } from 'worker_threads';
import { CheckerPool, CheckerPoolSettings, PoolWorker } from './checker-pool';
import { failed, SyntaxChecker } from './types';
import {
  TYPESCRIPT_WORKER_SOURCE,
  TypeScriptAnswer,
  TypeScriptRequest,
} from './typescript-worker';

/** Heap of one TypeScript worker thread; past it the check fails alone. */
const WORKER_HEAP_MB = 512;

/** A worker thread with the TypeScript compiler loaded, one check at a time. */
function spawnTypeScriptWorker(): PoolWorker<
  TypeScriptRequest,
  TypeScriptAnswer
> {
  const worker = new Worker(TYPESCRIPT_WORKER_SOURCE, {
    eval: true,
    workerData: { typescript: require.resolve('typescript') },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  // Idle workers do not keep the process alive; a running check does.
  worker.unref();
  let pending:
    | { resolve(answer: TypeScriptAnswer): void; reject(error: Error): void }
    | undefined;
  let dead: Error | undefined;
  const settle = (fn: (p: NonNullable<typeof pending>) => void) => {
    const p = pending;
    pending = undefined;
    worker.unref();
    if (p) fn(p);
  };
  worker.on('message', (answer: TypeScriptAnswer) =>
    settle(p => p.resolve(answer)),
  );
  worker.on('error', (error: Error) => {
    dead = error;
    settle(p => p.reject(error));
  });
  worker.on('exit', code => {
    dead ??= new Error(`the TypeScript worker exited with code ${code}`);
    settle(p => p.reject(dead!));
  });
  return {
    run: request =>
      new Promise((resolve, reject) => {
        if (dead) {
          reject(dead);
          return;
        }
        pending = { resolve, reject };
        worker.ref();
        worker.postMessage(request);
      }),
    kill: reason => {
      dead ??= reason;
      settle(p => p.reject(reason));
      void worker.terminate();
    },
  };
}

/**
 * Syntax-checks TypeScript and JavaScript with the TypeScript parser in a
 * pool of worker threads, so a large file never holds the event loop: only
 * syntactic diagnostics, so missing types never fail a file. The file name
 * picks the dialect (`.js` rejects type annotations, `.tsx`/`.jsx` allow
 * JSX).
 */
export function createTypeScriptChecker(settings: CheckerPoolSettings): {
  check: SyntaxChecker;
  transpile: (content: string, fileName: string) => Promise<string>;
  pool: CheckerPool<TypeScriptRequest, TypeScriptAnswer>;
} {
  const pool = new CheckerPool(
    'the TypeScript syntax check',
    settings,
    spawnTypeScriptWorker,
  );
  const check: SyntaxChecker = async (_dir, files) => {
    if (files.length === 0) return [];
    const answer = await pool.run({ op: 'check', files });
    return answer.map(({ path, errors = [] }) =>
      errors.length === 0 ? { path, ok: true } : failed(path, errors),
    );
  };
  const transpile = async (content: string, fileName: string) => {
    const [out] = await pool.run(
      { op: 'transpile', files: [{ path: fileName, content }] },
      `compiling ${fileName} with TypeScript`,
    );
    if (out.output === undefined) {
      throw new Error(`${fileName}: ${out.error ?? 'no output'}`);
    }
    return out.output;
  };
  return { check, transpile, pool };
}
