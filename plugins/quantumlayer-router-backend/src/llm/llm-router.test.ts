import fs from 'fs';
import path from 'path';
import { ConfigReader } from '@backstage/config';
import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProviderError,
  NoTargetAvailableError,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  LoopbackReply,
  LoopbackServer,
  startLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import { collectStream } from '../__testUtils__/llm-stream';
import { MemoryBreaker } from './breaker/memory-breaker';
import { MemoryResponseCache } from './cache/response-cache';
import { LlmRouter } from './llm-router';
import { ModelRoutes } from './model-routes';
import { PriceTable } from './prices';
import { createOpenAiCompatibleProviderFromConfig } from './providers/openai-compatible/index';
import textAnswer from './providers/openai/__fixtures__/openai-text.json';
import rateLimit from './providers/openai/__fixtures__/openai-rate-limit.json';
import badRequest from './providers/openai/__fixtures__/openai-bad-request.json';

const fixtures = path.join(__dirname, 'providers/openai/__fixtures__');
const textStream = fs.readFileSync(
  path.join(fixtures, 'openai-text.chunks.txt'),
  'utf8',
);

const ok: LoopbackReply = { type: 'json', body: textAnswer };
const unavailable: LoopbackReply = {
  type: 'json',
  status: 503,
  body: { error: { message: 'upstream overloaded', type: 'server_error' } },
};

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
});

async function upstream(...replies: LoopbackReply[]) {
  const server = await startLoopbackServer(...replies);
  servers.push(server);
  return server;
}

/** A router over real OpenAI-compatible providers `a`, `b`, … on loopback servers. */
function routerFor(
  targets: Record<string, LoopbackServer>,
  options: {
    strategy?: string;
    cache?: boolean;
    maxRetries?: number;
    deadlineMs?: number;
  } = {},
) {
  const providers = Object.entries(targets).map(([id, server]) =>
    createOpenAiCompatibleProviderFromConfig(
      new ConfigReader({ id, baseUrl: `${server.url}/v1`, models: ['m1'] }),
    ),
  );
  const config = new ConfigReader({
    quantumlayer: {
      router: {
        models: [
          {
            alias: 'smart',
            strategy: options.strategy ?? 'priority',
            targets: Object.keys(targets).map(provider => ({
              provider,
              model: 'm1',
            })),
          },
        ],
        prices: [
          { provider: 'a', model: 'm1', input: 3, output: 15 },
          { provider: 'b', model: 'm1', input: 1, output: 2 },
        ],
      },
    },
  });
  return new LlmRouter({
    providers,
    routes: ModelRoutes.fromConfig(config, providers),
    prices: PriceTable.fromConfig(config),
    retry: {
      maxRetries: options.maxRetries ?? 1,
      baseDelayMs: 5,
      deadlineMs: options.deadlineMs ?? 30_000,
    },
    breaker: new MemoryBreaker({
      windowMs: 60_000,
      minimumCalls: 3,
      failureRate: 0.5,
      cooldownMs: 60_000,
    }),
    cache: options.cache ? new MemoryResponseCache(60) : undefined,
  });
}

const hello = {
  model: 'smart',
  messages: [{ role: 'user' as const, content: 'hi' }],
};

describe('LlmRouter', () => {
  it('retries a failing target, then falls back to the next, and says so', async () => {
    const a = await upstream(unavailable);
    const b = await upstream(ok);
    const result = await routerFor({ a, b }).complete(hello);
    expect(result.text).toBe(textAnswer.choices[0].message.content);
    expect(result.route).toMatchObject({
      alias: 'smart',
      provider: 'b',
      cached: false,
      attempts: [
        { provider: 'a', model: 'm1', outcome: 'error', status: 503 },
        { provider: 'a', model: 'm1', outcome: 'error', status: 503 },
        { provider: 'b', model: 'm1', outcome: 'ok' },
      ],
    });
    expect(a.calls).toHaveLength(2);
    expect(b.calls[0].body.model).toBe('m1');
    // b's price: 1 and 2 USD per million tokens.
    const { promptTokens, completionTokens } = result.usage;
    expect(result.route.costUsd).toBeCloseTo(
      (promptTokens * 1 + completionTokens * 2) / 1e6,
      12,
    );
  });

  it('honours Retry-After before retrying the same target', async () => {
    const a = await upstream(
      {
        type: 'json',
        status: 429,
        headers: { 'retry-after': '1' },
        body: rateLimit,
      },
      ok,
    );
    const started = Date.now();
    const result = await routerFor({ a }).complete(hello);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.route.attempts.map(x => x.status ?? x.outcome)).toEqual([
      429,
      'ok',
    ]);
  });

  it('gives up inside the deadline and keeps 429 as the status', async () => {
    const a = await upstream({
      type: 'json',
      status: 429,
      headers: { 'retry-after': '30' },
      body: rateLimit,
    });
    const error = await routerFor({ a }, { deadlineMs: 2000 })
      .complete(hello)
      .catch(e => e);
    expect(error).toBeInstanceOf(NoTargetAvailableError);
    expect(error.status).toBe(429);
    expect(a.calls).toHaveLength(1);
  });

  it('does not fall back on a permanent error', async () => {
    const a = await upstream({ type: 'json', status: 400, body: badRequest });
    const b = await upstream(ok);
    const error = await routerFor({ a, b })
      .complete(hello)
      .catch(e => e);
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(b.calls).toHaveLength(0);
  });

  it('opens the circuit of a failing target and then skips it without calling it', async () => {
    const a = await upstream(unavailable);
    const b = await upstream(ok);
    const router = routerFor({ a, b }, { maxRetries: 0 });
    for (let i = 0; i < 3; i++) await router.complete(hello);
    expect(a.calls).toHaveLength(3);
    const next = await router.complete(hello);
    expect(next.route.attempts.map(x => `${x.provider}:${x.outcome}`)).toEqual([
      'a:circuit-open',
      'b:ok',
    ]);
    expect(a.calls).toHaveLength(3);
    const status = await router.status();
    expect(status.providers.find(p => p.id === 'a')!.targets[0]).toMatchObject({
      model: 'm1',
      circuit: 'open',
      lastError: expect.stringContaining('503'),
    });
  });

  it('answers a repeated request from the cache unless the caller opts out', async () => {
    const a = await upstream(ok);
    const router = routerFor({ a }, { cache: true });
    const first = await router.complete(hello);
    const second = await router.complete({
      ...hello,
      messages: [{ content: 'hi', role: 'user' }],
    });
    expect(second.text).toBe(first.text);
    expect(second.route).toMatchObject({
      cached: true,
      attempts: [],
      costUsd: 0,
    });
    expect(a.calls).toHaveLength(1);
    await router.complete(hello, { cache: false });
    await router.complete({ ...hello, temperature: 0.5 });
    expect(a.calls).toHaveLength(3);
  });

  it("keeps exact cache entries per caller, so a hit reveals nothing of another's prompts (finding 9)", async () => {
    const a = await upstream(ok);
    const router = routerFor({ a }, { cache: true });
    const jane = { caller: 'user:default/jane', group: 'group:default/team-a' };
    const joe = { caller: 'user:default/joe', group: 'group:default/team-a' };
    await router.complete(hello, jane);
    const probe = await router.complete(hello, joe);
    expect(probe.route).toMatchObject({ cached: false });
    expect(probe.route.attempts).toHaveLength(1);
    expect(a.calls).toHaveLength(2);
    expect((await router.complete(hello, jane)).route.cached).toBe(true);
    expect((await router.complete(hello, joe)).route.cached).toBe(true);
    expect(a.calls).toHaveLength(2);
  });

  it('asks the semantic cache seam after an exact miss and tells it new answers', async () => {
    const a = await upstream(ok);
    // Near enough for this test: the same words, whatever the case.
    const near = (request: LlmCompletionRequest) =>
      request.messages.map(m => m.content.toLowerCase()).join(' ');
    const remembered = new Map<string, LlmCompletion>();
    const router = new LlmRouter({
      providers: [
        createOpenAiCompatibleProviderFromConfig(
          new ConfigReader({ id: 'a', baseUrl: `${a.url}/v1`, models: ['m1'] }),
        ),
      ],
      cache: new MemoryResponseCache(60),
      semanticCache: {
        async lookup(alias, request) {
          return remembered.get(`${alias}:${near(request)}`);
        },
        async remember(alias, request, completion) {
          remembered.set(`${alias}:${near(request)}`, completion);
        },
      },
    });
    const first = await router.complete({
      messages: [{ role: 'user', content: 'say hello' }],
    });
    expect(first.route.cached).toBe(false);
    expect([...remembered.keys()]).toEqual(['default:say hello']);
    const second = await router.complete({
      messages: [{ role: 'user', content: 'Say Hello' }],
    });
    expect(second).toMatchObject({
      text: first.text,
      route: { cached: true, attempts: [] },
    });
    expect(a.calls).toHaveLength(1);
  });

  it('orders by price for lowest-cost', async () => {
    const a = await upstream(ok);
    const b = await upstream(ok);
    const result = await routerFor(
      { a, b },
      { strategy: 'lowest-cost' },
    ).complete(hello);
    expect(result.route.provider).toBe('b');
    expect(a.calls).toHaveLength(0);
  });

  it('rejects an unknown model with the routable names', async () => {
    const a = await upstream(ok);
    await expect(
      routerFor({ a }).complete({ ...hello, model: 'gpt-9' }),
    ).rejects.toThrow(
      'model "gpt-9" is not routed here; use one of smart, a/m1, default',
    );
  });

  describe('stream', () => {
    it('falls back before the first token, then relays every part', async () => {
      const a = await upstream(unavailable);
      const b = await upstream({ type: 'sse', body: textStream });
      const stream = await routerFor({ a, b }, { maxRetries: 0 }).stream(hello);
      expect(stream.route).toMatchObject({
        provider: 'b',
        attempts: [{ provider: 'a' }, { provider: 'b' }],
      });
      const { parts: seen, error } = await collectStream(stream.parts);
      expect(error).toBeUndefined();
      expect(seen[seen.length - 1]).toMatchObject({
        type: 'finish',
        finishReason: 'stop',
      });
      const text = seen
        .map(p => (p.type === 'text-delta' ? p.text : ''))
        .join('');
      expect(text.length).toBeGreaterThan(0);
      expect(stream.route.costUsd).toBeGreaterThan(0);
    });

    it('surfaces a cut after the first token as an error, never a clean end', async () => {
      const a = await upstream({ type: 'sse', body: textStream, cutAfter: 3 });
      const b = await upstream(ok);
      const stream = await routerFor({ a, b }).stream(hello);
      const { parts: seen, error } = await collectStream(stream.parts);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.some(p => p.type === 'finish')).toBe(false);
      expect(error).toBeInstanceOf(LlmProviderError);
      expect(b.calls).toHaveLength(0); // tokens were out: no silent switch mid-answer
    });
  });
});
