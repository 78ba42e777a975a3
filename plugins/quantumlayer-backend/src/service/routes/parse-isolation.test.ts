import { mockCredentials } from '@backstage/backend-test-utils';
import type { IncomingMessage, Server } from 'http';
import request from 'supertest';
import { repeatWithin } from '../../__testUtils__/linear-time';
import { useRoutesOnlyBackend } from '../../__testUtils__/plugin-backend';

// Adversarial and oversized bodies through the real route: none may hold the
// event loop, and a check past its limit fails only its own request.
jest.setTimeout(120_000);

const TIMEOUT_MS = 4000;
const backend = useRoutesOnlyBackend({
  parser: { poolSize: 2, maxQueue: 4, timeoutMs: TIMEOUT_MS },
});

/** Starts a parse request now; `settled()` says whether it has answered. */
function parse(body: object) {
  let settled = false;
  const response = request(backend.server)
    .post('/api/quantumlayer/v1/parse')
    .set('Authorization', mockCredentials.user.header())
    .send(body)
    .then(res => {
      settled = true;
      return res;
    });
  return { response, settled: () => settled };
}

const health = () => request(backend.server).get('/api/quantumlayer/health');

// Start both workers of each pool, so the time limits below measure checks,
// not a TypeScript worker loading the compiler on a busy machine.
beforeAll(async () => {
  const tiny = (language: string, path: string) =>
    parse({ language, files: [{ path, content: 'x = 1\n' }] }).response;
  await Promise.all([
    tiny('python', 'w1.py'),
    tiny('python', 'w2.py'),
    tiny('typescript', 'w1.ts'),
    tiny('typescript', 'w2.ts'),
  ]);
});

/** The review's input: a 2 KB fence line that backtracked for seconds. */
const fenceBody = {
  language: 'python',
  text: `\`\`\`${' '.repeat(2000)}\`\r`,
};
/** 488 KB on which CPython's compile() takes about 48 s. */
const slowPythonBody = {
  language: 'python',
  files: [
    { path: 'slow.py', content: repeatWithin('def f(): pass\n', 488 * 1024) },
  ],
};
/** 480 KB of TypeScript: 1.2 s on the event loop before. */
const bigTypeScriptBody = {
  language: 'typescript',
  files: [
    {
      path: 'src/big.ts',
      content: repeatWithin('export const a: number = 1;\n', 480 * 1024),
    },
  ],
};

describe('POST /v1/parse under adversarial load', () => {
  it('keeps /health answering while the fence, Python and TypeScript bodies are parsed', async () => {
    const python = parse(slowPythonBody);
    const typescript = parse(bigTypeScriptBody);
    const fence = parse(fenceBody);

    const fenceRes = await fence.response;
    expect(fenceRes.status).toBe(200);
    expect(fenceRes.body).toMatchObject({
      ok: true,
      files: [{ path: 'main.py', verdict: 'valid' }],
    });

    for (let i = 0; i < 5; i++) {
      const res = await health();
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    }
    // Every /health above answered while the Python check still ran.
    expect(python.settled()).toBe(false);

    const tsRes = await typescript.response;
    expect(tsRes.status).toBe(200);
    expect(tsRes.body.files[0]).toMatchObject({
      path: 'src/big.ts',
      verdict: 'valid',
    });

    const pythonRes = await python.response;
    expect(pythonRes.status).toBe(503);
    expect(pythonRes.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: `the python3 syntax check did not finish within ${TIMEOUT_MS} ms; its worker was stopped and replaced, and no other check was affected. Send smaller or fewer files, or raise quantumlayer.parser.timeoutMs`,
    });
  });

  it('fails a slow Python parse alone while a tiny one in parallel succeeds', async () => {
    const slow = parse(slowPythonBody);
    const tiny = parse({
      language: 'python',
      files: [{ path: 'app/main.py', content: 'print(1)\n' }],
    });
    const tinyRes = await tiny.response;
    expect(tinyRes.status).toBe(200);
    expect(tinyRes.body).toMatchObject({
      ok: true,
      files: [{ path: 'app/main.py', verdict: 'valid' }],
    });
    expect(slow.settled()).toBe(false);
    expect((await slow.response).status).toBe(503);

    // The pool replaced the killed worker: checks keep working.
    const after = await parse({
      language: 'python',
      files: [{ path: 'bad.py', content: 'def f(:\n' }],
    }).response;
    expect(after.status).toBe(200);
    expect(after.body.files[0]).toMatchObject({ verdict: 'invalid' });
  });

  it('answers 503 at once when every worker is busy and the queue is full', async () => {
    // The seventh check must come after the six have reached the pool: wait
    // until the server has read their bodies (the route queues a check right
    // after), not for a guessed time; on a loaded machine 3 MB of uploads
    // can take a while.
    const server = backend.server as Server;
    const bodiesRead = new Promise<void>(resolve => {
      let read = 0;
      const onRequest = (req: IncomingMessage) => {
        if (!req.url?.endsWith('/v1/parse')) return;
        req.once('end', () => {
          if (++read < 6) return;
          server.off('request', onRequest);
          // The route validates the files, then queues: a few ticks later.
          setTimeout(resolve, 100);
        });
      };
      server.on('request', onRequest);
    });
    const slow = Array.from({ length: 6 }, () => parse(slowPythonBody));
    await bodiesRead;
    const refused = await parse(slowPythonBody).response;
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toBe(
      'the python3 syntax check is busy: 2 checks are running and 4 waiting; try again shortly',
    );
    expect(slow.every(s => !s.settled())).toBe(true);
    const statuses = await Promise.all(
      slow.map(s => s.response.then(r => r.status)),
    );
    expect(statuses).toEqual([503, 503, 503, 503, 503, 503]);
  });
});
