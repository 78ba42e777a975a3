import fs from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import request from 'supertest';
import {
  LoopbackServer,
  startLoopbackServer,
} from '../../__testUtils__/loopback-server';
import { freePort } from '../../__testUtils__/free-port';
import { waitUntil } from '../../__testUtils__/redis';
import { quantumlayerPlugin } from '../../plugin';
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';
import toolCallsAnswer from '../../llm/providers/openai/__fixtures__/openai-tool-calls.json';

jest.setTimeout(60_000);

const fixtures = path.join(
  __dirname,
  '../../llm/providers/openai/__fixtures__',
);
const textStream = fs.readFileSync(
  path.join(fixtures, 'openai-text.chunks.txt'),
  'utf8',
);
const answerText = textAnswer.choices[0].message.content;
const streamedText = [...textStream.matchAll(/"content":"((?:[^"\\]|\\.)*)"/g)]
  .map(m => JSON.parse(`"${m[1]}"`))
  .join('');

let upstream: LoopbackServer;
/** Answers one chunk and then holds the stream open, noting when it is closed. */
let hanging: { url: string; closed: boolean; server: http.Server };
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let baseUrl: string;
let listenerPort: number;
const token = mockCredentials.user.token();

beforeAll(async () => {
  upstream = await startLoopbackServer({ type: 'json', body: textAnswer });
  hanging = { url: '', closed: false, server: http.createServer() };
  hanging.server.on('request', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m1","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n',
    );
    res.on('close', () => {
      hanging.closed = true;
    });
  });
  await new Promise<void>(r =>
    hanging.server.listen(0, '127.0.0.1', () => r()),
  );
  hanging.url = `http://127.0.0.1:${
    (hanging.server.address() as AddressInfo).port
  }`;

  listenerPort = await freePort();
  backend = await startTestBackend({
    features: [
      quantumlayerPlugin,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'mock', namespace: 'default' },
            spec: { memberOf: ['team-a'] },
            relations: [
              { type: 'memberOf', targetRef: 'group:default/team-a' },
            ],
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          quantumlayer: {
            temporal: { role: 'client', address: '127.0.0.1:1' },
            gateway: { listen: { port: listenerPort, host: '127.0.0.1' } },
            llm: {
              providers: [
                {
                  type: 'openai-compatible',
                  id: 'local',
                  baseUrl: `${upstream.url}/v1`,
                  models: ['m1'],
                },
                {
                  type: 'openai-compatible',
                  id: 'stuck',
                  baseUrl: `${hanging.url}/v1`,
                  models: ['m1'],
                },
              ],
            },
            router: {
              models: [
                {
                  alias: 'smart',
                  targets: [{ provider: 'local', model: 'm1' }],
                },
              ],
              prices: [{ model: 'm1', input: 2, output: 8 }],
              ledger: { flushIntervalMs: 50 },
              budgets: [
                { owner: 'user:default/capped', period: 'daily', tokens: 10 },
              ],
            },
          },
        },
      }),
    ],
  });
  baseUrl = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }/api/quantumlayer`;
});

afterAll(async () => {
  await backend?.stop();
  await upstream?.close();
  hanging?.server.closeAllConnections();
  hanging?.server.close();
});

beforeEach(() => {
  upstream.reply({ type: 'json', body: textAnswer });
});

const openai = () =>
  new OpenAI({ apiKey: token, baseURL: `${baseUrl}/v1`, maxRetries: 0 });
const anthropic = () =>
  new Anthropic({ apiKey: token, baseURL: baseUrl, maxRetries: 0 });

describe('OpenAI-compatible endpoint, with the official openai client', () => {
  it('answers a chat completion and says how it was served', async () => {
    const { data, response } = await openai()
      .chat.completions.create({
        model: 'smart',
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    expect(data.choices[0].message.content).toBe(answerText);
    expect(data.object).toBe('chat.completion');
    expect(upstream.calls[upstream.calls.length - 1].body).toEqual({
      model: 'm1',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.headers.get('x-quantumlayer-provider')).toBe('local');
    expect(response.headers.get('x-quantumlayer-attempts')).toBe('1');
    const ext = (data as any).x_quantumlayer;
    expect(ext).toMatchObject({
      alias: 'smart',
      provider: 'local',
      cached: false,
    });
    expect(ext.cost_usd).toBeCloseTo(
      (data.usage!.prompt_tokens * 2 + data.usage!.completion_tokens * 8) / 1e6,
      12,
    );
  });

  it('passes tool calls through', async () => {
    upstream.reply({ type: 'json', body: toolCallsAnswer });
    const data = await openai().chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'read go.mod' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'read_file',
            parameters: {
              type: 'object',
              properties: { path: { type: 'string' } },
            },
          },
        },
      ],
      cache: undefined,
    } as any);
    expect(data.choices[0].finish_reason).toBe('tool_calls');
    expect(data.choices[0].message.tool_calls).toEqual(
      toolCallsAnswer.choices[0].message.tool_calls,
    );
    expect(
      upstream.calls[upstream.calls.length - 1].body.tools[0].function.name,
    ).toBe('read_file');
  });

  it('streams chunk by chunk, ending with usage and [DONE]', async () => {
    upstream.reply({ type: 'sse', body: textStream });
    const stream = await openai().chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.choices[0]?.finish_reason)
        finishes.push(chunk.choices[0].finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(streamedText);
    expect(finishes).toEqual(['stop']);
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it('turns an upstream cut into an error the SDK raises, never a clean end', async () => {
    upstream.reply({ type: 'sse', body: textStream, cutAfter: 3 });
    const stream = await openai().chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'cut me' }],
      stream: true,
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream)
        text += chunk.choices[0]?.delta?.content ?? '';
    })().catch(e => e);
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.message).toMatch(/stream/);
  });

  it('aborts the upstream request when the client goes away', async () => {
    const controller = new AbortController();
    const stream = await openai().chat.completions.create(
      {
        model: 'stuck/m1',
        messages: [{ role: 'user', content: 'hang' }],
        stream: true,
      },
      { signal: controller.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value.choices[0].delta.content).toBe('Hel');
    expect(hanging.closed).toBe(false);
    controller.abort();
    await waitUntil(() => hanging.closed, 'the upstream request to be aborted');
  });

  it('lists the routable models', async () => {
    const ids = [];
    for await (const model of openai().models.list()) ids.push(model.id);
    expect(ids).toEqual(
      expect.arrayContaining(['smart', 'local/m1', 'stuck/m1', 'default']),
    );
  });

  it('refuses bad input with 400 naming the field, and missing keys with 401', async () => {
    const error = await openai()
      .chat.completions.create({
        model: 'smart',
        messages: [{ role: 'user', content: 'x' }],
        n: 2,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('n:');
    const res = await request(backend.server)
      .post('/api/quantumlayer/v1/chat/completions')
      .send({ model: 'smart', messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(
      /send a Backstage token as the API key/,
    );
    const unknown = await openai()
      .chat.completions.create({
        model: 'gpt-9',
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch(e => e);
    expect(unknown.status).toBe(400);
    expect(unknown.message).toContain('model "gpt-9" is not routed here');
  });

  it('lets service principals pin a target, and refuses users', async () => {
    const pinned = { headers: { 'x-quantumlayer-route': 'local/m1' } };
    const asService = new OpenAI({
      apiKey: mockCredentials.service.token(),
      baseURL: `${baseUrl}/v1`,
      maxRetries: 0,
    });
    const { data, response } = await asService.chat.completions
      .create({ model: 'anything', messages: [{ role: 'user', content: 'pin me' }] }, pinned)
      .withResponse();
    expect(data.choices[0].message.content).toBe(answerText);
    expect(response.headers.get('x-quantumlayer-alias')).toBe('local/m1');
    const refused = await openai()
      .chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'x' }] }, pinned)
      .catch(e => e);
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(refused.message).toContain('may not pick a provider with x-quantumlayer-route');
  });

  it('answers 429 with the reason when a budget is spent', async () => {
    const capped = new OpenAI({
      apiKey: mockCredentials.user.token('user:default/capped'),
      baseURL: `${baseUrl}/v1`,
      maxRetries: 0,
    });
    const error = await capped.chat.completions
      .create({ model: 'smart', messages: [{ role: 'user', content: 'x' }] })
      .catch(e => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toContain(
      'daily budget of user:default/capped is spent',
    );
  });
});

describe('Anthropic-compatible endpoint, with the official Anthropic client', () => {
  it('answers a message', async () => {
    const message = await anthropic().messages.create({
      model: 'smart',
      max_tokens: 256,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: answerText }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(upstream.calls[upstream.calls.length - 1].body).toMatchObject({
      model: 'm1',
      max_tokens: 256,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('streams events the SDK assembles into the final message', async () => {
    upstream.reply({ type: 'sse', body: textStream });
    const stream = anthropic().messages.stream({
      model: 'smart',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'stream please' }],
    });
    const deltas: string[] = [];
    stream.on('text', t => deltas.push(t));
    const final = await stream.finalMessage();
    expect(deltas.join('')).toBe(streamedText);
    expect(final.content).toEqual([{ type: 'text', text: streamedText }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('reports a cut stream as an error', async () => {
    upstream.reply({ type: 'sse', body: textStream, cutAfter: 3 });
    const error = await anthropic()
      .messages.stream({
        model: 'smart',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'cut' }],
      })
      .finalMessage()
      .catch(e => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
  });
});

describe('dedicated gateway listener (quantumlayer.gateway.listen)', () => {
  const listener = () => `http://127.0.0.1:${listenerPort}`;

  it("serves the same endpoints at the vendors' paths, with the same auth", async () => {
    const client = new OpenAI({
      apiKey: token,
      baseURL: `${listener()}/v1`,
      maxRetries: 0,
    });
    const data = await client.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'hi from the listener' }],
    });
    expect(data.choices[0].message.content).toBe(answerText);
    const message = await new Anthropic({
      apiKey: token,
      baseURL: listener(),
      maxRetries: 0,
    }).messages.create({
      model: 'smart',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: answerText }]);
    const anonymous = await fetch(`${listener()}/v1/models`);
    expect(anonymous.status).toBe(401);
    const unknown = await fetch(`${listener()}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toContain(
      'no gateway endpoint POST /v1/embeddings',
    );
    const broken = await fetch(`${listener()}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: '{"model": ',
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.message).toContain(
      'request body is not valid JSON',
    );
  });
});

describe('router status and usage', () => {
  it('shows providers with their circuit state', async () => {
    const res = await request(backend.server)
      .get('/api/quantumlayer/v1/router/providers')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.breakerScope).toBe('local');
    expect(res.body.providers[0]).toMatchObject({
      id: 'local',
      models: ['m1'],
      streaming: true,
      targets: [{ model: 'm1', circuit: 'closed' }],
    });
  });

  it('reports usage by user and by the catalog group of the caller', async () => {
    await openai().chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'count me' }],
    });
    const byGroup = await request(backend.server)
      .get('/api/quantumlayer/v1/usage?groupBy=group')
      .set('Authorization', mockCredentials.user.header());
    expect(byGroup.status).toBe(200);
    const team = byGroup.body.rows.find(
      (r: any) => r.key === 'group:default/team-a',
    );
    expect(team.requests).toBeGreaterThanOrEqual(1);
    expect(team.promptTokens).toBeGreaterThan(0);
    const bad = await request(backend.server)
      .get('/api/quantumlayer/v1/usage?groupBy=planet')
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('groupBy');
  });
});
