// Starts Portkey's open-source gateway (@portkey-ai/gateway 1.15.2, the root
// devDependency) as a child process and routes it to the loopback upstream.
//
// What its built code (build/start-server.js) does, and what we do about it:
// - Port: only `--port=<n>` (with "="; default 8787); `PORT` env is not used
//   for listening. It calls @hono/node-server `serve({ fetch, port })` without
//   a hostname, so it listens on all interfaces; there is no flag to bind
//   127.0.0.1 only. We pick a free port on 127.0.0.1 and only ever talk to it
//   there.
// - `--headless` (and NODE_ENV=production) skip the web UI and /log/stream.
//   Per-request log shaping for UI clients (a response clone + JSON parse)
//   still runs: it is part of Portkey's default node path.
// - Routing: `x-portkey-provider: openai` plus
//   `x-portkey-custom-host: http://127.0.0.1:<port>/v1`; the OpenAI provider
//   posts to `${customHost}/chat/completions` with the caller's
//   `Authorization`. (Its config schema also takes `x-portkey-config:
//   {"provider":"openai","custom_host":"http://127.0.0.1:<port>/v1"}`; not
//   used here.)
// - Its SSE pass-through loop sleeps 25 ms before forwarding the first event
//   (and 1 ms between events for azure-openai only): that, not this harness,
//   is most of Portkey's added time-to-first-token.
// - Custom hosts pass an SSRF check that rejects private and reserved IPs
//   (127/8 included) unless the host is in TRUSTED_CUSTOM_HOSTS (comma list;
//   when unset it defaults to localhost, 127.0.0.1, ::1 and
//   host.docker.internal). We set TRUSTED_CUSTOM_HOSTS=127.0.0.1 explicitly.
// - Streaming is broken as installed: with @hono/node-server > 1.14.2 (we
//   have 1.19.19) its lightweight Response keeps the fetched upstream
//   response's immutable Headers, and Portkey's ResponseService.updateHeaders
//   then throws `TypeError: immutable` -> 500 "Something went wrong" for every
//   `stream: true` request (Portkey-AI/gateway#1389, #1550; unmerged fixes
//   #1390, #1551). No older node-server is available offline, so the child
//   preloads FETCH_FIX (via `--import data:`): it re-wraps only
//   text/event-stream upstream responses in a native Response with copied,
//   mutable headers, the same clone #1551 makes. JSON responses pass through
//   untouched, so non-streaming numbers are Portkey's own; streaming pays one
//   extra Response object per request.
// - Phoning home: at startup it makes no outbound call. Outbound calls exist
//   only for configured guardrail plugins (api.portkey.ai), a /v1/models
//   forward when ALBUS_BASEPATH is set, and Redis when REDIS_CONNECTION_STRING
//   is set. The child gets a minimal environment (PATH, HOME, the two
//   variables above), so none of those, nor proxy or cloud credentials, leak
//   in from the caller's shell.
import { spawn } from 'child_process';
import http from 'http';
import { freePort } from '@internal/quantumlayer-test-utils';

export interface PortkeyGateway {
  baseUrl: string;
  headers: Record<string, string>;
  pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

const FETCH_FIX = `
const NativeResponse = globalThis.Response;
const nativeFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  const res = await nativeFetch(...args);
  if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return res;
  return new NativeResponse(res.body, {
    status: res.status,
    statusText: res.statusText,
    headers: new Headers(res.headers),
  });
};`;

/** GET / answers "AI Gateway says hey!" once the server listens. */
function probe(baseUrl: string): Promise<boolean> {
  return new Promise(resolve => {
    const req = http.get(`${baseUrl}/`, res => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

export async function startPortkey(
  upstreamUrl: string,
): Promise<PortkeyGateway> {
  // The package's `bin`; it has no `exports` map, so the subpath resolves.
  const entry = require.resolve('@portkey-ai/gateway/build/start-server.js');
  const port = await freePort();
  const args = [
    '--import',
    `data:text/javascript,${encodeURIComponent(FETCH_FIX)}`,
    entry,
    `--port=${port}`,
    '--headless',
  ];
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      TRUSTED_CUSTOM_HOSTS: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (part: Buffer) => {
    output = (output + part.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = () =>
    new Promise<void>(resolve => {
      if (child.exitCode !== null || child.signalCode !== null)
        return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      return undefined;
    });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Portkey exited with code ${child.exitCode}:\n${output}`);
    }
    ready = await probe(baseUrl);
    if (!ready) await new Promise(r => setTimeout(r, 100));
  }
  if (!ready) {
    await stop();
    throw new Error(`Portkey did not answer GET / within 20 s:\n${output}`);
  }
  return {
    baseUrl,
    headers: {
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `${upstreamUrl}/v1`,
      authorization: 'Bearer sk-bench-loopback',
    },
    pid: child.pid!,
    stop,
  };
}
