import http from 'http';
import type { AddressInfo } from 'net';
import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  collectStream,
  recordedStream,
} from '../../../__testUtils__/llm-stream';
import {
  useLoopbackServer,
  waitUntil,
} from '@internal/quantumlayer-test-utils';
import { codeRequest } from '../../../__testUtils__/openai-provider-setup';
import { OpenAiChatProvider } from './openai-chat-provider';
import { OpenAiWireClient } from './openai-wire-client';
import textAnswer from './__fixtures__/openai-text.json';
import rateLimit from './__fixtures__/openai-rate-limit.json';
import badRequest from './__fixtures__/openai-bad-request.json';

const KEY = 'sk-wire-0123456789-secret';
const server = useLoopbackServer();

function provider(
  options: { apiKey?: string; timeoutMs?: number; url?: string } = {},
) {
  return new OpenAiChatProvider({
    id: 'vllm',
    models: ['qwen2.5-coder'],
    client: new OpenAiWireClient({
      baseURL: `${options.url ?? server.url}/v1`,
      apiKey: 'apiKey' in options ? options.apiKey : KEY,
      timeoutMs: options.timeoutMs ?? 5000,
    }),
  });
}

/** Runs `use` against a real server answering with `handler`, then closes it. */
async function withUpstream(
  handler: http.RequestListener,
  use: (url: string) => Promise<void>,
  onConnection?: () => void,
) {
  const upstream = http.createServer(handler);
  if (onConnection) upstream.on('connection', onConnection);
  await new Promise<void>(r => upstream.listen(0, '127.0.0.1', r));
  try {
    await use(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  } finally {
    upstream.closeAllConnections();
    await new Promise(r => upstream.close(r));
  }
}

describe('OpenAiWireClient (the lean transport of openai-compatible providers)', () => {
  it('sends the same wire as the SDK and maps the answer', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const result = await provider().complete({ ...codeRequest, maxTokens: 64 });
    expect(server.calls[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {
        authorization: `Bearer ${KEY}`,
        'content-type': 'application/json',
      },
      body: {
        model: 'qwen2.5-coder',
        messages: codeRequest.messages,
        max_tokens: 64,
      },
    });
    expect(result).toMatchObject({
      text: textAnswer.choices[0].message.content,
      provider: 'vllm',
      finishReason: 'stop',
      usage: { promptTokens: textAnswer.usage.prompt_tokens },
    });
  });

  it('sends no Authorization header without a key', async () => {
    server.reply({ type: 'json', body: textAnswer });
    await provider({ apiKey: undefined }).complete(codeRequest);
    expect(server.calls[0].headers.authorization).toBeUndefined();
  });

  it('maps 429 with Retry-After and 400 like the SDK path, without the key', async () => {
    server.reply({
      type: 'json',
      status: 429,
      headers: { 'retry-after': '2' },
      body: rateLimit,
    });
    const limited = await provider()
      .complete(codeRequest)
      .catch(e => e);
    expect(limited).toBeInstanceOf(LlmProviderError);
    expect(limited).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
    });
    expect(limited.message).toContain(rateLimit.error.message.slice(0, 40));
    expect(server.calls).toHaveLength(1);

    server.reply({ type: 'json', status: 400, body: badRequest });
    const bad = await provider()
      .complete(codeRequest)
      .catch(e => e);
    expect(bad).toMatchObject({ status: 400, retryable: false });
    expect(bad.message).toContain(badRequest.error.message.slice(0, 30));
    expect(`${limited.message} ${bad.message}`).not.toContain(KEY);
  });

  it('treats a reset connection as retryable', async () => {
    server.reply({ type: 'reset' });
    const error = await provider()
      .complete(codeRequest)
      .catch(e => e);
    expect(error).toMatchObject({ retryable: true, status: undefined });
    expect(error.message).toMatch(/could not be reached/);
  });

  it('reports a refused connection and a body cut mid-answer as retryable', async () => {
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(r => closed.close(r));
    const refused = await provider({ url: `http://127.0.0.1:${port}` })
      .complete(codeRequest)
      .catch(e => e);
    expect(refused).toMatchObject({ retryable: true, status: undefined });
    expect(refused.message).toMatch(/could not be reached/);

    const half = JSON.stringify(textAnswer).slice(0, 40);
    await withUpstream(
      (_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(half.length * 2),
        });
        res.write(half);
        setTimeout(() => res.socket?.destroy(), 20);
      },
      async url => {
        const cut = await provider({ url })
          .complete(codeRequest)
          .catch(e => e);
        expect(cut).toMatchObject({ retryable: true, status: undefined });
        expect(cut.message).toMatch(/could not be reached/);
      },
    );
  });

  it('serves calls in turn over one kept-alive connection, and concurrent calls over several', async () => {
    let connections = 0;
    let open = 0;
    let mostOpen = 0;
    await withUpstream(
      (_req, res) => {
        open++;
        mostOpen = Math.max(mostOpen, open);
        // Slow enough that concurrent calls overlap.
        setTimeout(() => {
          open--;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(textAnswer));
        }, 30);
      },
      async url => {
        const client = provider({ url });
        for (let i = 0; i < 4; i++) {
          const result = await client.complete(codeRequest);
          expect(result.text).toBe(textAnswer.choices[0].message.content);
          // undici frees a connection a turn after its body has ended.
          await new Promise(r => setImmediate(r));
        }
        expect(connections).toBe(1);
        const results = await Promise.all(
          Array.from({ length: 6 }, () => client.complete(codeRequest)),
        );
        expect(results.map(r => r.finishReason)).toEqual(Array(6).fill('stop'));
        // One request per connection at a time (no pipelining).
        expect(mostOpen).toBe(6);
        expect(connections).toBe(6);
      },
      () => connections++,
    );
  });

  it('streams the recorded chunks as parts, ending in one finish', async () => {
    server.reply({
      type: 'sse',
      body: recordedStream(__dirname, 'openai-text.chunks.txt'),
    });
    const { parts, error } = await collectStream(
      provider().stream(codeRequest),
    );
    expect(error).toBeUndefined();
    expect(parts.filter(p => p.type === 'finish')).toEqual([
      expect.objectContaining({ type: 'finish', finishReason: 'stop' }),
    ]);
    expect(parts.filter(p => p.type === 'text-delta').length).toBeGreaterThan(
      1,
    );
    expect(server.calls[0].body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('keeps the connection of a finished stream for the next call', async () => {
    const stream = recordedStream(__dirname, 'openai-text.chunks.txt');
    let connections = 0;
    let ended = 0;
    const upstreamEnded = (count: number) =>
      waitUntil(() => ended >= count, 'the upstream to end its body');
    await withUpstream(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // [DONE] first, the body's end a moment later: the reader stops at
        // [DONE] and must still hand the socket back.
        res.write(stream);
        res.on('finish', () => ended++);
        setTimeout(() => res.end(), 20);
      },
      async url => {
        for (let i = 0; i < 3; i++) {
          const { parts, error } = await collectStream(
            provider({ url }).stream(codeRequest),
          );
          expect(error).toBeUndefined();
          expect(parts[parts.length - 1]).toMatchObject({ type: 'finish' });
          // The next call goes once the first body has ended (on a loaded
          // machine the end can take longer than a fixed pause).
          await upstreamEnded(i + 1);
          await new Promise(r => setTimeout(r, 50));
        }
        expect(connections).toBe(1);
      },
      () => connections++,
    );
  });

  it('reports a cut stream, a missing finish and an error event as errors after the parts sent', async () => {
    server.reply({
      type: 'sse',
      body: recordedStream(__dirname, 'openai-text.chunks.txt'),
      cutAfter: 3,
    });
    const cut = await collectStream(provider().stream(codeRequest));
    expect(cut.parts.length).toBeGreaterThan(0);
    expect(cut.error).toMatchObject({ retryable: true });
    expect(cut.error!.message).toMatch(/stream was cut/);

    server.reply({
      type: 'sse',
      body: recordedStream(__dirname, 'openai-no-finish.chunks.txt'),
    });
    const unfinished = await collectStream(provider().stream(codeRequest));
    expect(unfinished.error!.message).toMatch(/stream was cut/);

    server.reply({
      type: 'sse',
      body: recordedStream(__dirname, 'openai-stream-error.chunks.txt'),
    });
    const failed = await collectStream(provider().stream(codeRequest));
    expect(failed.error!.message).toMatch(/sent an error mid-stream/);
  });

  it('aborts a slow stream when the caller aborts, and times out a silent server', async () => {
    let closed = false;
    const slow = http.createServer((req, res) => {
      if (req.url?.includes('silent')) return; // never answers
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        'data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n',
      );
      res.on('close', () => {
        closed = true;
      });
    });
    await new Promise<void>(r => slow.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      const controller = new AbortController();
      const parts = provider({ url }).stream({
        ...codeRequest,
        abortSignal: controller.signal,
      });
      const first = await parts.next();
      expect(first.value).toEqual({ type: 'text-delta', text: 'Hel' });
      controller.abort();
      const error = await parts.next().catch(e => e);
      expect(error).toMatchObject({ retryable: false });
      expect(error.message).toMatch(/aborted by the caller/);
      const deadline = Date.now() + 5000;
      while (!closed && Date.now() < deadline)
        await new Promise(r => setTimeout(r, 10));
      expect(closed).toBe(true);

      const timedOut = await provider({ url: `${url}/silent`, timeoutMs: 100 })
        .complete(codeRequest)
        .catch(e => e);
      expect(timedOut).toMatchObject({ retryable: true });
      expect(timedOut.message).toMatch(/did not answer before the timeout/);
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });
});
