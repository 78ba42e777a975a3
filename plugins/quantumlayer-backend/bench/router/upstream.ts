// Fast loopback OpenAI-compatible upstream for `yarn bench:router`. It runs in
// its own child process (forked from this file) so that the benchmark client
// and the upstream do not share an event loop, and so that its CPU can be read
// from /proc like the gateways'. Every answer is a precomputed buffer written
// at once: no delays, no per-request serialisation.
import http from 'http';
import { fork } from 'child_process';
import type { AddressInfo } from 'net';

/** The assistant text, as the ~10 content deltas the stream sends. */
export const CONTENT_PIECES = [
  'Here is',
  ' a minimal',
  ' Express',
  ' handler:',
  ' validate',
  ' the body',
  ' with zod,',
  ' then return',
  ' 201 with',
  ' the new id.',
];
export const EXPECTED_CONTENT = CONTENT_PIECES.join('');

const ID = 'chatcmpl-bench0000000000000000000001';
const MODEL = 'gpt-4o-mini-2024-07-18';
const CREATED = 1730000000;
const USAGE = {
  prompt_tokens: 42,
  completion_tokens: 24,
  total_tokens: 66,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

/** The body every non-streaming request gets. */
export const COMPLETION = {
  id: ID,
  object: 'chat.completion',
  created: CREATED,
  model: MODEL,
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: EXPECTED_CONTENT, refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: USAGE,
  service_tier: 'default',
  system_fingerprint: 'fp_bench',
};

const chunk = (choices: unknown[], usage: unknown = null) =>
  `data: ${JSON.stringify({
    id: ID,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: MODEL,
    system_fingerprint: 'fp_bench',
    choices,
    usage,
  })}\n\n`;
const delta = (d: object, finish: string | null = null) => [
  { index: 0, delta: d, logprobs: null, finish_reason: finish },
];

// Role chunk (empty content, as OpenAI sends it), ten content chunks, the
// finish chunk, the usage chunk, [DONE].
const STREAM_EVENTS = [
  chunk(delta({ role: 'assistant', content: '', refusal: null })),
  ...CONTENT_PIECES.map(content => chunk(delta({ content }))),
  chunk(delta({}, 'stop')),
  chunk([], USAGE),
  'data: [DONE]\n\n',
].map(event => Buffer.from(event));

const COMPLETION_BODY = Buffer.from(JSON.stringify(COMPLETION));
const MODELS_BODY = Buffer.from(
  JSON.stringify({
    object: 'list',
    data: [{ id: MODEL, object: 'model', created: CREATED, owned_by: 'bench' }],
  }),
);

function sendJson(res: http.ServerResponse, status: number, body: Buffer) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': body.length,
  });
  res.end(body);
}

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'GET' && path === '/v1/models') {
    sendJson(res, 200, MODELS_BODY);
    return;
  }
  if (req.method !== 'POST' || path !== '/v1/chat/completions') {
    sendJson(res, 404, Buffer.from('{"error":{"message":"not found"}}'));
    return;
  }
  const parts: Buffer[] = [];
  req.on('data', (part: Buffer) => parts.push(part));
  req.on('end', () => {
    let stream = false;
    try {
      stream =
        JSON.parse(Buffer.concat(parts).toString('utf8')).stream === true;
    } catch {
      sendJson(res, 400, Buffer.from('{"error":{"message":"invalid JSON"}}'));
      return;
    }
    if (!stream) {
      sendJson(res, 200, COMPLETION_BODY);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
    });
    for (const event of STREAM_EVENTS) res.write(event);
    res.end();
  });
}

export interface Upstream {
  /** `http://127.0.0.1:<port>`, without `/v1`. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Forks this file as the upstream server and resolves once it listens. */
export function startUpstream(): Promise<Upstream> {
  // Inherits process.execArgv, i.e. the --require that loads TypeScript.
  const child = fork(__filename, ['--serve'], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('upstream did not report its port within 10 s'));
    }, 10_000);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`upstream exited early with code ${code}`));
    });
    // The TypeScript loader also talks over IPC ({ type: 'watch' }); wait
    // for the port message.
    child.on('message', (message: { port?: number }) => {
      if (typeof message?.port !== 'number') return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        pid: child.pid!,
        stop: () =>
          new Promise<void>(done => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
            return undefined;
          }),
      });
    });
  });
}

if (require.main === module && process.argv.includes('--serve')) {
  const server = http.createServer({ keepAliveTimeout: 30_000 }, handle);
  server.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
  });
  process.on('disconnect', () => process.exit(0));
}
