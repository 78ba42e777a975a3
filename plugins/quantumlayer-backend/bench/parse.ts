/* eslint-disable no-console */
// yarn bench:parse [--pool-size 2] [--timeout-ms 20000] [--repeat 3]
// Issue 15: no input freezes the process. Part 1 times each adversarial
// input of the review (and the worst cases of adversarial.test.ts) against
// an ordinary input of the same size, in this run: the parsers that read
// model, user and test text on the event loop. Part 2 serves the real
// POST /v1/parse route and GET /health on one Express server and prints
// each request's latency against an ordinary request of the same size, the
// latency of a tiny parse sent during a large one, and /health latency
// (p50/max) while each large parse runs against /health alone.
import http from 'http';
import type { AddressInfo } from 'net';
import { Readable } from 'stream';
import express from 'express';
import Router from 'express-promise-router';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { parseJsonAnswer } from '../src/agents/parse-answers';
import { sseEvents } from '../../quantumlayer-router-backend/src/llm/http/sse-events';
import { extractCodeBlocks } from '../src/parser/extract-code-blocks';
import { SyntaxCheckers } from '../src/parser/languages';
import { parseTestCases } from '../src/sandbox/test-report';
import { addParseRoutes } from '../src/service/routes/parse';
import { num } from './cli-flags';

const POOL_SIZE = num('pool-size', 2, 1, 64);
const TIMEOUT_MS = num('timeout-ms', 20_000, 100, 600_000);
const REPEAT = num('repeat', 3, 1, 100);

const KiB = 1024;
const spaces = (n: number) => ' '.repeat(n);
/** As many whole `unit`s as fit in `size` characters. */
const within = (unit: string, size: number) =>
  unit.repeat(Math.max(1, Math.floor(size / unit.length)));
const ms = (x: number) =>
  x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`;
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
};

/** Best of `REPEAT` runs of `fn`, in ms. */
async function best(fn: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    await fn();
    min = Math.min(min, performance.now() - started);
  }
  return min;
}

function row(name: string, adversarial: number, ordinary: number) {
  console.log(
    `${name.padEnd(58)} ${ms(adversarial).padStart(10)}  ordinary ${ms(
      ordinary,
    ).padStart(10)}  ×${(adversarial / ordinary).toFixed(1)}`,
  );
}

const tryRun = (fn: () => unknown) => () => {
  try {
    return fn();
  } catch {
    return undefined;
  }
};

const answer = (size: number) =>
  within('```python file=app/mod.py\ndef f():\n    return 1\n```\n', size);
const tapOutput = (size: number) => within('ok 1 - adds two numbers\n', size);
const schema = { safeParse: (v: unknown) => ({ success: true, data: v }) };

async function pureParsers() {
  console.log(
    `\n1. Parsers on the event loop: best of ${REPEAT}, adversarial vs ordinary input of the same size`,
  );
  const fence = (n: number) => `\`\`\`${spaces(n)}\`\r`;
  for (const size of [2 * KiB, 512 * KiB]) {
    row(
      `extractCodeBlocks: review's fence, ${size / KiB} KiB`,
      await best(() => extractCodeBlocks(fence(size))),
      await best(() => extractCodeBlocks(answer(size))),
    );
  }
  row(
    'extractCodeBlocks: nested unclosed fences, 512 KiB',
    await best(() =>
      extractCodeBlocks(within('````md\n```py\n~~~\n', 512 * KiB)),
    ),
    await best(() => extractCodeBlocks(answer(512 * KiB))),
  );
  const json = within('{"path": "src/a.ts", "purpose": "x"},\n', 256 * KiB);
  row(
    'extractJson (parseJsonAnswer): "```" + newlines, 256 KiB',
    await best(
      tryRun(() =>
        parseJsonAnswer(schema as never, `\`\`\`${'\n'.repeat(256 * KiB)}`),
      ),
    ),
    await best(
      tryRun(() =>
        parseJsonAnswer(schema as never, `\`\`\`json\n[${json}{}]\n\`\`\``),
      ),
    ),
  );
  row(
    'extractJson: braces nested 256 Ki deep',
    await best(
      tryRun(() => parseJsonAnswer(schema as never, '{'.repeat(256 * KiB))),
    ),
    await best(tryRun(() => parseJsonAnswer(schema as never, `[${json}{}]`))),
  );
  row(
    'TAP: "ok 1 - " + spaces, 256 KiB',
    await best(() =>
      parseTestCases('javascript', `ok 1 - ${spaces(256 * KiB)}x`),
    ),
    await best(() => parseTestCases('javascript', tapOutput(256 * KiB))),
  );
  row(
    'TAP: blank lines, 256 KiB',
    await best(() => parseTestCases('javascript', '\n'.repeat(256 * KiB))),
    await best(() => parseTestCases('javascript', tapOutput(256 * KiB))),
  );
  row(
    'go test: blank lines, 256 KiB',
    await best(() => parseTestCases('go', '\n'.repeat(256 * KiB))),
    await best(() =>
      parseTestCases('go', within('--- PASS: TestAdds (0.00s)\n', 256 * KiB)),
    ),
  );
  const readAll = async (chunks: string[]) => {
    for await (const _ of sseEvents(Readable.from(chunks)));
  };
  row(
    'SSE: one 4 MiB event in 1 KiB reads',
    await best(() =>
      readAll([
        'data: ',
        ...Array<string>(4096).fill('x'.repeat(1024)),
        '\n\n',
      ]),
    ),
    await best(() =>
      readAll(Array<string>(4096).fill(`data: ${'x'.repeat(1016)}\n\n`)),
    ),
  );
}

function send(
  agent: http.Agent,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent,
        headers: payload
          ? {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }
          : {},
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function overHttp() {
  const checkers = new SyntaxCheckers({
    size: POOL_SIZE,
    maxQueue: 32,
    timeoutMs: TIMEOUT_MS,
  });
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const httpAuth = { credentials: async () => ({}) } as never;
  addParseRoutes(router, { httpAuth, checkers });
  const logger = {
    error() {},
    warn() {},
    info() {},
    debug() {},
    child: () => logger,
  };
  const middleware = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger,
  });
  const app = express().use(router).use(middleware.error());
  const server = app.listen(0, '127.0.0.1');
  await new Promise(r => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const parse = (body: object) => send(agent, port, 'POST', '/v1/parse', body);
  const health = () => send(agent, port, 'GET', '/health');
  const files = (language: string, path: string, content: string) => ({
    language,
    files: [{ path, content }],
  });

  /** /health every 20 ms while `during` runs (or 50 times alone). */
  async function healthWhile(during?: Promise<unknown>) {
    const latencies: number[] = [];
    let done = !during;
    during?.finally(() => (done = true));
    do {
      latencies.push((await health()).ms);
      await new Promise(r => setTimeout(r, 20));
    } while (during ? !done : latencies.length < 50);
    return latencies;
  }

  try {
    console.log(
      `\n2. POST /v1/parse and GET /health on one server (pool ${POOL_SIZE} per language, limit ${TIMEOUT_MS} ms)`,
    );
    // Start every worker of the Python and TypeScript pools.
    await Promise.all(
      Array.from({ length: POOL_SIZE }, (_, i) => [
        parse(files('python', `w${i}.py`, 'x = 1\n')),
        parse(files('typescript', `w${i}.ts`, 'x = 1\n')),
      ]).flat(),
    );
    const alone = await healthWhile();
    const requests: [string, object, object][] = [
      [
        "the review's fence request (2 KiB)",
        { language: 'python', text: `\`\`\`${spaces(2000)}\`\r` },
        { language: 'python', text: answer(2 * KiB) },
      ],
      [
        'Python, 140 KiB of "def f(): pass"',
        files('python', 'a.py', within('def f(): pass\n', 140 * KiB)),
        files(
          'python',
          'a.py',
          Array.from(
            { length: Math.floor((140 * KiB) / 20) },
            (_, i) => `def f${String(i).padStart(6, '0')}(): pass\n`,
          ).join(''),
        ),
      ],
      [
        'TypeScript, 480 KiB of "x = a + a + …"',
        files('typescript', 'a.ts', `x = ${within('a + ', 480 * KiB)}a;\n`),
        files(
          'typescript',
          'a.ts',
          within('export const a: number = 1;\n', 480 * KiB),
        ),
      ],
    ];
    for (const [name, adversarial, ordinary] of requests) {
      const slow = parse(adversarial);
      const during = await healthWhile(slow);
      const { status, ms: took } = await slow;
      const base = await parse(ordinary);
      row(`${name}: ${status}`, took, base.ms);
      console.log(
        `${'  /health meanwhile'.padEnd(58)} p50 ${ms(
          percentile(during, 50),
        )}  max ${ms(Math.max(...during))} over ${
          during.length
        }  (alone: p50 ${ms(percentile(alone, 50))}  max ${ms(
          Math.max(...alone),
        )})`,
      );
    }
    const big = parse(
      files('python', 'big.py', within('def f(): pass\n', 140 * KiB)),
    );
    const tiny = await parse(files('python', 'tiny.py', 'print(1)\n'));
    await big;
    console.log(
      `${'tiny Python parse during the 140 KiB one'.padEnd(58)} ${ms(
        tiny.ms,
      ).padStart(10)}  status ${tiny.status}`,
    );
  } finally {
    agent.destroy();
    server.close();
    checkers.stop();
  }
}

async function main() {
  await pureParsers();
  await overHttp();
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
