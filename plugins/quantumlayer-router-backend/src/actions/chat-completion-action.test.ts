import { mockCredentials } from '@backstage/backend-test-utils';
import { quantumlayerRouterUsePermission } from '@internal/backstage-plugin-quantumlayer-common';
import {
  startActionsBackend,
  LoopbackServer,
  startLoopbackServer,
  waitUntil,
} from '@internal/quantumlayer-test-utils';
import quantumlayerRouterFeatures from '../index';
import textAnswer from '../llm/providers/openai/__fixtures__/openai-text.json';

jest.setTimeout(60_000);

const answerText = textAnswer.choices[0].message.content;
const mock = mockCredentials.user(); // a member of group:default/codegen
const secret = 'the secret prompt text that must never be audited';

let upstream: LoopbackServer;
let ql: Awaited<ReturnType<typeof startActionsBackend>>;

type Json = Record<string, any>;
const refusal = (name: string, input: Json, credentials: any) =>
  ql.invoke(name, input, credentials).then(
    () => {
      throw new Error(`${name} was not refused`);
    },
    (error: Error) => error,
  );

beforeAll(async () => {
  upstream = await startLoopbackServer({ type: 'json', body: textAnswer });
  ql = await startActionsBackend({
    features: [quantumlayerRouterFeatures],
    config: {
      quantumlayer: {
        vectorStore: { type: 'embedded', directory: ':memory:' },
        llm: {
          providers: [
            {
              type: 'openai-compatible',
              id: 'local',
              baseUrl: `${upstream.url}/v1`,
              models: ['m1'],
            },
          ],
        },
        router: {
          models: [
            { alias: 'smart', targets: [{ provider: 'local', model: 'm1' }] },
          ],
          prices: [{ model: 'm1', input: 2, output: 8 }],
          budgets: [
            // Room for one call of the fixture (81 tokens), not two.
            { owner: 'user:default/thrifty', period: 'daily', tokens: 100 },
          ],
          // One request a minute: the second call in a row is refused.
          rateLimits: [{ owner: 'user:default/hasty', rpm: 1 }],
        },
      },
    },
    denied: { 'user:default/outsider': [quantumlayerRouterUsePermission.name] },
  });
});

afterAll(async () => {
  await ql?.backend.stop();
  await upstream?.close();
});

describe('chat-completion', () => {
  it('answers through the router with usage and cost, billed and audited without text', async () => {
    const { output } = await ql.invoke(
      'chat-completion',
      {
        model: 'smart',
        messages: [
          { role: 'system', content: 'Answer in Python.' },
          { role: 'user', content: secret },
        ],
        maxTokens: 200,
      },
      mock,
    );
    expect(output).toEqual({
      text: answerText,
      finishReason: 'stop',
      alias: 'smart',
      provider: 'local',
      model: 'gpt-4o-mini-2024-07-18',
      cached: false,
      usage: { promptTokens: 57, completionTokens: 24 },
      costUsd: expect.closeTo((57 * 2 + 24 * 8) / 1e6, 12),
    });
    expect(upstream.calls[upstream.calls.length - 1].body).toMatchObject({
      model: 'm1',
      messages: [
        { role: 'system', content: 'Answer in Python.' },
        { role: 'user', content: secret },
      ],
      max_tokens: 200,
    });
    // The event's outcome is logged once the answer has gone out.
    const lastCall = () =>
      ql.events.filter(e => e.eventId === 'llm-call').pop();
    await waitUntil(() => !!lastCall()?.outcome, 'the llm-call outcome');
    const call = lastCall();
    expect(call).toMatchObject({
      outcome: 'success',
      meta: {
        principal: 'user:default/mock',
        group: 'group:default/codegen',
        endpoint: 'action.chat-completion',
        alias: 'smart',
        stream: false,
      },
      outcomeMeta: {
        provider: 'local',
        promptTokens: 57,
        completionTokens: 24,
      },
    });
    expect(JSON.stringify(ql.events)).not.toContain(secret);
  });

  it('refuses once the caller’s budget is spent', async () => {
    const thrifty = mockCredentials.user('user:default/thrifty');
    const input = {
      model: 'smart',
      messages: [{ role: 'user', content: 'hello' }],
      // The router reserves up to maxTokens: small enough to fit once.
      maxTokens: 30,
    };
    const first = await ql.invoke('chat-completion', input, thrifty);
    expect(first.output).toMatchObject({ usage: { promptTokens: 57 } });
    const calls = upstream.calls.length;
    const spent = await refusal('chat-completion', input, thrifty);
    expect(spent.name).toBe('NotAllowedError');
    expect(spent.message).toMatch(
      /^LLM budget spent: .*daily budget of user:default\/thrifty is spent/,
    );
    // Refused before any provider was called.
    expect(upstream.calls.length).toBe(calls);
    const lastCall = () =>
      ql.events.filter(e => e.eventId === 'llm-call').pop();
    await waitUntil(
      () => lastCall()?.outcome === 'fail',
      'the refused llm-call outcome',
    );
    expect(lastCall()).toMatchObject({
      outcome: 'fail',
      outcomeMeta: { errorType: 'budget_exceeded' },
    });
  });

  it('refuses a call over the caller’s rate limit, naming the limit and when to retry', async () => {
    const hasty = mockCredentials.user('user:default/hasty');
    const input = {
      model: 'smart',
      messages: [{ role: 'user', content: 'hello' }],
    };
    await ql.invoke('chat-completion', input, hasty);
    const calls = upstream.calls.length;

    const limited = await refusal('chat-completion', input, hasty);
    expect(limited.name).toBe('NotAllowedError');
    expect(limited.message).toMatch(
      /^LLM rate limit: rate limit of user:default\/hasty reached: 1 requests per minute \(rpm\); retry after \d+s$/,
    );
    const seconds = Number(/retry after (\d+)s/.exec(limited.message)![1]);
    expect(seconds).toBeGreaterThan(50);
    expect(seconds).toBeLessThanOrEqual(60);
    // Refused before any provider was called.
    expect(upstream.calls.length).toBe(calls);
  });

  it('refuses a caller without quantumlayer.router.use, and bad input', async () => {
    const refused = await refusal(
      'chat-completion',
      { messages: [{ role: 'user', content: 'hi' }] },
      mockCredentials.user('user:default/outsider'),
    );
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toBe('not allowed: quantumlayer.router.use');

    const unknownModel = await refusal(
      'chat-completion',
      { model: 'no-such-alias', messages: [{ role: 'user', content: 'hi' }] },
      mock,
    );
    expect(['InputError', 'NotFoundError']).toContain(unknownModel.name);
    expect(unknownModel.message).toMatch(/no-such-alias/);

    const tooLong = await refusal(
      'chat-completion',
      {
        messages: [
          { role: 'user', content: 'x'.repeat(60_000) },
          { role: 'user', content: 'x'.repeat(60_000) },
        ],
      },
      mock,
    );
    expect(tooLong.name).toBe('InputError');
    expect(tooLong.message).toBe(
      'invalid input to chat-completion: messages: messages must hold at most 65536 bytes of text together',
    );
    const badRole = await refusal(
      'chat-completion',
      { messages: [{ role: 'tool', content: 'hi' }] },
      mock,
    );
    expect(badRole.message).toMatch(
      /^invalid input to chat-completion: messages\.0\.role: Invalid enum value/,
    );
  });
});
