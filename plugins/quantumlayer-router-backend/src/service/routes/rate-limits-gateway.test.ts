import { randomUUID } from 'crypto';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import request from 'supertest';
import {
  GatewayTestBackend,
  answerText,
  startGatewayTestBackend,
  streamedText,
  textStream,
} from '../../__testUtils__/gateway-test-backend';
import { waitUntil } from '@internal/quantumlayer-test-utils';
import { TEST_REDIS_URL } from '../../__testUtils__/redis';
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';
import { RedisConnection } from '../../llm/redis/redis-connection';
import {
  RemoteLlmRouter,
  RateLimitExceededError,
} from '@internal/backstage-plugin-quantumlayer-router-node';

jest.setTimeout(90_000);

const prefix = `ql:test:${randomUUID()}:`;
let gateway: GatewayTestBackend;
const upstream = () => gateway.upstream;

beforeAll(async () => {
  gateway = await startGatewayTestBackend([], {
    router: {
      redis: { url: TEST_REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 1000 },
      cache: { enabled: false },
      rateLimits: [
        { owner: 'user:default/sdk', rpm: 60 },
        { owner: 'user:default/tokens', tpm: 100 },
        { owner: 'user:default/stream', rpm: 1 },
        { owner: 'user:default/embed', rpm: 1 },
        { owner: 'user:default/counted', rpm: 10, tpm: 1000 },
        // The mock user is a member of team-a.
        { owner: 'group:default/team-a', rpm: 2 },
        // A service principal: the router RPC's caller when no user is behind it.
        { owner: 'plugin:ratelimit-test', rpm: 1 },
      ],
    },
  });
});

afterAll(async () => {
  await gateway?.stop();
  const redis = new RedisConnection({ url: TEST_REDIS_URL });
  try {
    await waitUntil(() => redis.ready, 'Redis for the clean-up');
    const keys = await redis.client.keys(`${prefix}*`);
    if (keys.length) await redis.client.del(...keys);
  } finally {
    await redis.close();
  }
});

beforeEach(() => upstream().reply({ type: 'json', body: textAnswer }));

/** The official openai client as `user`, recording every HTTP answer it gets. */
function openAiAs(user: string, maxRetries = 0) {
  const statuses: number[] = [];
  const client = new OpenAI({
    apiKey: mockCredentials.user.token(user),
    baseURL: `${gateway.baseUrl}/v1`,
    maxRetries,
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      statuses.push(response.status);
      return response;
    },
  });
  return { client, statuses };
}

const hi = (maxTokens?: number) => ({
  model: 'smart',
  messages: [{ role: 'user' as const, content: 'hi' }],
  ...(maxTokens ? { max_tokens: maxTokens } : {}),
});

const rateHeaders = (headers: Headers) =>
  Object.fromEntries(
    [...headers.entries()].filter(
      ([name]) => name.includes('ratelimit') || name === 'retry-after',
    ),
  );

describe('per-principal rate limits on the OpenAI wire, with the official openai client', () => {
  it('answers 429 with Retry-After and x-ratelimit-* once the rpm is spent, and the SDK retry waits it out and succeeds', async () => {
    const { client, statuses } = openAiAs('user:default/sdk');
    const attempt = () =>
      client.chat.completions
        .create(hi())
        .withResponse()
        .then(
          ({ response }) => ({ response, error: undefined }),
          error => ({ response: undefined, error }),
        );
    let first: Response | undefined;
    let limited: any;
    for (let i = 0; i < 200; i++) {
      const outcome = await attempt();
      if (outcome.error) {
        limited = outcome.error;
        break;
      }
      first ??= outcome.response;
    }
    expect(rateHeaders(first!.headers)).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-reset-requests': expect.stringMatching(/^\d+(\.\d+)?m?s$/),
    });
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited!.status).toBe(429);
    expect(limited!.error).toEqual({
      message: expect.stringMatching(
        /^rate limit of user:default\/sdk reached: 60 requests per minute \(rpm\); retry after 1s$/,
      ),
      type: 'rate_limit_exceeded',
      code: 'rate_limit_exceeded',
      param: null,
    });
    expect(rateHeaders(limited!.headers)).toEqual({
      'retry-after': '1',
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': expect.stringMatching(
        /^(59|60)(\.\d+)?s$|^1m0s$/,
      ),
    });
    expect(statuses.slice(0, 60)).toEqual(new Array(60).fill(200));

    // With one retry, the client waits Retry-After and its second attempt is let through.
    const retrying = openAiAs('user:default/sdk', 1);
    const calls: number[][] = [];
    for (let i = 0; i < 5 && !calls.some(c => c[0] === 429); i++) {
      retrying.statuses.length = 0;
      const answer = await retrying.client.chat.completions.create(hi());
      expect(answer.choices[0].message.content).toBe(answerText);
      calls.push([...retrying.statuses]);
    }
    expect(calls[calls.length - 1]).toEqual([429, 200]);
  });

  it('limits tokens per minute: reserves the estimate, charges the real usage, and refuses with the tokens headers', async () => {
    const { client } = openAiAs('user:default/tokens');
    // "hi" is 1 token by estimate, plus max_tokens 90: 91 of the 100 reserved.
    const { data, response } = await client.chat.completions
      .create(hi(90))
      .withResponse();
    expect(data.usage?.total_tokens).toBe(81);
    expect(rateHeaders(response.headers)).toEqual({
      'x-ratelimit-limit-tokens': '100',
      'x-ratelimit-remaining-tokens': '9',
      'x-ratelimit-reset-tokens': expect.stringMatching(/^\d+(\.\d+)?s$/),
    });

    const error = await client.chat.completions.create(hi(90)).catch(e => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.error.message).toMatch(
      /^rate limit of user:default\/tokens reached: 100 tokens per minute \(tpm\), this call needs up to 91 tokens; retry after \d+s$/,
    );
    const headers = rateHeaders(error.headers);
    expect(headers['x-ratelimit-limit-tokens']).toBe('100');
    expect(Number(headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Charged the 81 tokens used, not the 91 reserved: at least 19 remain.
    expect(
      Number(headers['x-ratelimit-remaining-tokens']),
    ).toBeGreaterThanOrEqual(19);
    expect(Number(headers['x-ratelimit-remaining-tokens'])).toBeLessThan(91);
  });

  it('sends the headers with a stream, and refuses the next stream with 429 before any event', async () => {
    upstream().reply({ type: 'sse', body: textStream });
    const { client } = openAiAs('user:default/stream');
    const { data: stream, response } = await client.chat.completions
      .create({ ...hi(), stream: true })
      .withResponse();
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('1');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    let text = '';
    for await (const chunk of stream)
      text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe(streamedText);

    const error = await client.chat.completions
      .create({ ...hi(), stream: true })
      .catch(e => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('limits embeddings too, with the same headers', async () => {
    const { client } = openAiAs('user:default/embed');
    const { data, response } = await client.embeddings
      .create({ model: 'local-embedder/hash-256', input: 'hello' })
      .withResponse();
    expect(data.data).toHaveLength(1);
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    const error = await client.embeddings
      .create({ model: 'local-embedder/hash-256', input: 'hello' })
      .catch(e => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.error.type).toBe('rate_limit_exceeded');
    expect(error.headers.get('x-ratelimit-limit-requests')).toBe('1');
    expect(Number(error.headers.get('retry-after'))).toBeGreaterThan(30);
  });

  it('leaves a principal without rules unlimited and without rate headers', async () => {
    const { client, statuses } = openAiAs('user:default/free');
    for (let i = 0; i < 10; i++) {
      const { response } = await client.chat.completions
        .create(hi())
        .withResponse();
      expect(rateHeaders(response.headers)).toEqual({});
    }
    expect(statuses).toEqual(new Array(10).fill(200));
  });
});

describe('per-principal rate limits on /v1/messages, with the official Anthropic client', () => {
  it('applies the group rule to its member: anthropic-ratelimit-* on answers, then 429 rate_limit_error with retry-after', async () => {
    const anthropic = new Anthropic({
      apiKey: gateway.token,
      baseURL: gateway.baseUrl,
      maxRetries: 0,
    });
    const ask = () =>
      anthropic.messages
        .create({
          model: 'smart',
          max_tokens: 32,
          messages: [{ role: 'user', content: 'hi' }],
        })
        .withResponse();
    const first = await ask();
    expect(first.data.content[0]).toMatchObject({ text: answerText });
    expect(rateHeaders(first.response.headers)).toEqual({
      'anthropic-ratelimit-requests-limit': '2',
      'anthropic-ratelimit-requests-remaining': '1',
      'anthropic-ratelimit-requests-reset': expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      ),
    });
    await ask();
    const error = await ask().catch(e => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.error).toEqual({
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: expect.stringMatching(
          /^rate limit of group:default\/team-a reached: 2 requests per minute \(rpm\); retry after \d+s$/,
        ),
      },
    });
    const headers = rateHeaders(error.headers);
    expect(Number(headers['retry-after'])).toBeGreaterThan(25);
    expect(headers['anthropic-ratelimit-requests-remaining']).toBe('0');
    expect(headers['anthropic-ratelimit-requests-limit']).toBe('2');
  });
});

describe('rate limits through the budgets API', () => {
  const admin = mockCredentials.user.header();

  it('sets, lists and removes a rate limit, which applies at once', async () => {
    const { client } = openAiAs('user:default/late');
    await client.chat.completions.create(hi());
    await client.chat.completions.create(hi());

    const put = await request(gateway.backend.server)
      .put('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', admin)
      .send({ owner: 'user:default/late', rpm: 1, tpm: 5000 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      budget: {
        owner: 'user:default/late',
        period: 'minute',
        rpm: 1,
        tpm: 5000,
        source: 'api',
        updated_by: 'user:default/mock',
        updated_at: expect.any(String),
      },
      before: null,
    });

    const { data, response } = await client.chat.completions
      .create(hi())
      .withResponse();
    expect(data.choices[0].message.content).toBe(answerText);
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('5000');
    const error = await client.chat.completions.create(hi()).catch(e => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers.get('retry-after')).toBe('60');

    const list = await request(gateway.backend.server)
      .get('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          owner: 'user:default/late',
          period: 'minute',
          rpm: 1,
          source: 'api',
        }),
        expect.objectContaining({
          owner: 'group:default/team-a',
          period: 'minute',
          rpm: 2,
          tpm: null,
          source: 'config',
        }),
      ]),
    );

    const removed = await request(gateway.backend.server)
      .delete('/api/quantumlayer-router/v1/budgets')
      .query({ owner: 'user:default/late', period: 'minute' })
      .set('Authorization', admin);
    expect(removed.status).toBe(200);
    expect(removed.body.budget).toBeNull();
    expect(removed.body.before).toMatchObject({ rpm: 1, tpm: 5000 });
    const after = await client.chat.completions.create(hi()).withResponse();
    expect(after.response.headers.get('x-ratelimit-limit-requests')).toBeNull();
  });

  it('lists what each owner used in the current minute, read from Redis', async () => {
    const owner = 'user:default/counted';
    const used = async () => {
      const res = await request(gateway.backend.server)
        .get('/api/quantumlayer-router/v1/budgets')
        .set('Authorization', admin);
      expect(res.status).toBe(200);
      return res.body.items.find((i: { owner: string }) => i.owner === owner)
        ?.used;
    };
    expect(await used()).toEqual({ requests: 0, tokens: 0 });

    const { client } = openAiAs(owner);
    await client.chat.completions.create(hi(90));
    await client.chat.completions.create(hi(90));
    const after = await used();
    // Two calls of the fixture's 81 tokens (the real usage, not the 91
    // reserved); a token drains every 60 ms at 1000 tpm, so allow for the
    // time the calls took.
    expect(after.requests).toBe(2);
    expect(after.tokens).toBeLessThanOrEqual(162);
    expect(after.tokens).toBeGreaterThan(140);

    // The counts are Redis's: emptied there, the list shows nothing used.
    const redis = new RedisConnection({ url: TEST_REDIS_URL });
    try {
      await waitUntil(() => redis.ready, 'Redis');
      await redis.client.del(
        `${prefix}rate:${owner}:rpm`,
        `${prefix}rate:${owner}:tpm`,
      );
    } finally {
      await redis.close();
    }
    expect(await used()).toEqual({ requests: 0, tokens: 0 });
  });

  it.each([
    [{ owner: 'user:default/x', rpm: 0 }, 'rpm must be 1 or more'],
    [{ owner: 'user:default/x', tpm: 1.5 }, 'tpm must be a whole number'],
    [{ owner: 'user:default/x', rpm: '5' }, 'rpm must be a number'],
    [{ owner: 'nobody', rpm: 5 }, 'owner must be an entity ref'],
    [
      { owner: 'user:default/x', period: 'daily', rpm: 5 },
      'rpm and tpm are per minute',
    ],
    [
      { owner: 'user:default/x', period: 'minute' },
      'rpm or tpm (or both) is required',
    ],
    [{ owner: 'user:default/x', tokens: 5, rpm: 5 }, 'not both'],
  ])('answers 400 to %j', async (body, message) => {
    const res = await request(gateway.backend.server)
      .put('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', admin)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(res.body.error.message).toMatch(/^invalid rate limit: /);
  });
});

describe('rate limits across the router RPC (split roles)', () => {
  it('refuses with 429, retry-after and the limits, and the remote client throws the same RateLimitExceededError', async () => {
    const remote = new RemoteLlmRouter({
      discovery: {
        getBaseUrl: async () => gateway.baseUrl,
        getExternalBaseUrl: async () => gateway.baseUrl,
      },
      auth: mockServices.auth({ pluginId: 'ratelimit-test' }),
    });
    const ctx = {};
    const answer = await remote.complete(hi(), ctx);
    expect(answer.text).toBe(answerText);
    expect(answer.route.rateLimits?.requests).toMatchObject({
      limit: 1,
      remaining: 0,
    });

    const raw = await request(gateway.backend.server)
      .post('/api/quantumlayer-router/v1/router/complete')
      .set(
        'Authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:ratelimit-test'),
          targetPluginId: 'quantumlayer-router',
        }),
      )
      .send({ request: hi(), context: {} });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers['retry-after'])).toBeGreaterThan(30);
    expect(raw.body.error).toMatchObject({
      name: 'RateLimitExceededError',
      type: 'rate_limit_exceeded',
      owner: 'plugin:ratelimit-test',
      limits: { requests: { limit: 1, remaining: 0 } },
    });

    const error = await remote.complete(hi(), ctx).catch(e => e);
    expect(error).toBeInstanceOf(RateLimitExceededError);
    expect(error.owner).toBe('plugin:ratelimit-test');
    expect(error.retryAfterMs).toBeGreaterThan(30_000);
    expect(error.message).toMatch(
      /^rate limit of plugin:ratelimit-test reached: 1 requests per minute \(rpm\)/,
    );
  });
});
