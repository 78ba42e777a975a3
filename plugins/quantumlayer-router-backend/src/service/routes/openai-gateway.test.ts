import { mockCredentials } from '@backstage/backend-test-utils';
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
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';
import toolCallsAnswer from '../../llm/providers/openai/__fixtures__/openai-tool-calls.json';

jest.setTimeout(60_000);

let gateway: GatewayTestBackend;
let backend: GatewayTestBackend['backend'];
let upstream: GatewayTestBackend['upstream'];
let hanging: GatewayTestBackend['hanging'];
let baseUrl: string;
let openai: GatewayTestBackend['openai'];

beforeAll(async () => {
  gateway = await startGatewayTestBackend();
  ({ backend, upstream, hanging, baseUrl, openai } = gateway);
});

afterAll(() => gateway?.stop());

beforeEach(() => {
  upstream.reply({ type: 'json', body: textAnswer });
});

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
      .post('/api/quantumlayer-router/v1/chat/completions')
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

  it('refuses an anonymous 1 MB malformed body with 401 before parsing it, and parses it with a key (finding 11)', async () => {
    // Malformed JSON just under the 1 MiB limit: were it parsed before the
    // auth check, the anonymous call would get body-parser's 400.
    const malformed = `{"model":"smart","messages":[${'x'.repeat(
      1024 * 1024 - 64,
    )}`;
    for (const path of [
      '/v1/chat/completions',
      '/v1/embeddings',
      '/v1/messages',
    ]) {
      const anonymous = await request(backend.server)
        .post(`/api/quantumlayer-router${path}`)
        .set('content-type', 'application/json')
        .send(malformed);
      expect([path, anonymous.status]).toEqual([path, 401]);
      const signed = await request(backend.server)
        .post(`/api/quantumlayer-router${path}`)
        .set('content-type', 'application/json')
        .set('Authorization', `Bearer ${gateway.token}`)
        .send(malformed);
      expect([path, signed.status]).toEqual([path, 400]);
      expect(signed.body.error.message).toContain(
        'request body is not valid JSON',
      );
    }
    const tooLarge = await request(backend.server)
      .post('/api/quantumlayer-router/v1/chat/completions')
      .set('content-type', 'application/json')
      .set('Authorization', `Bearer ${gateway.token}`)
      .send(`${malformed}${'x'.repeat(128)}`);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error.message).toContain(
      'request body is larger than 1048576 bytes',
    );
  });

  it('lets service principals pin a target, and refuses users', async () => {
    const pinned = { headers: { 'x-quantumlayer-route': 'local/m1' } };
    const asService = new OpenAI({
      apiKey: mockCredentials.service.token(),
      baseURL: `${baseUrl}/v1`,
      maxRetries: 0,
    });
    const { data, response } = await asService.chat.completions
      .create(
        { model: 'anything', messages: [{ role: 'user', content: 'pin me' }] },
        pinned,
      )
      .withResponse();
    expect(data.choices[0].message.content).toBe(answerText);
    expect(response.headers.get('x-quantumlayer-alias')).toBe('local/m1');
    const refused = await openai()
      .chat.completions.create(
        { model: 'smart', messages: [{ role: 'user', content: 'x' }] },
        pinned,
      )
      .catch(e => e);
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(refused.message).toContain(
      'may not pick a provider with x-quantumlayer-route',
    );
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
