import { capturingAuditor } from '@internal/quantumlayer-test-utils';
import {
  GatewayTestBackend,
  startGatewayTestBackend,
  textStream,
} from '../../__testUtils__/gateway-test-backend';
import embeddingsAnswer from '../../llm/providers/openai/__fixtures__/openai-embeddings.json';
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';

jest.setTimeout(60_000);

const PROMPT = 'the secret plan is called bluebird';
const auditor = capturingAuditor();
let gateway: GatewayTestBackend;

beforeAll(async () => {
  gateway = await startGatewayTestBackend([auditor.factory]);
});

afterAll(() => gateway?.stop());

beforeEach(() => {
  auditor.events.length = 0;
  gateway.upstream.reply({ type: 'json', body: textAnswer });
});

const llmCalls = () => auditor.events.filter(e => e.eventId === 'llm-call');

/** Neither the prompt, the answer (if any) nor the caller's key may appear anywhere in an event. */
function expectNoText(answer?: string) {
  const serialized = JSON.stringify(auditor.events);
  expect(serialized).not.toContain('bluebird');
  if (answer) expect(serialized).not.toContain(answer);
  expect(serialized).not.toContain(gateway.token);
}

describe('llm-call audit events', () => {
  it('records the principal, alias, provider, model, tokens, cost and status of a completion', async () => {
    const answer = await gateway.openai().chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: PROMPT }],
    });
    const [event] = llmCalls();
    expect(llmCalls()).toHaveLength(1);
    expect(event).toEqual({
      eventId: 'llm-call',
      severityLevel: 'low',
      meta: {
        principal: 'user:default/mock',
        principalType: 'user',
        group: 'group:default/team-a',
        endpoint: 'chat completion',
        alias: 'smart',
        stream: false,
      },
      outcome: 'success',
      outcomeMeta: {
        status: 200,
        provider: 'local',
        model: textAnswer.model,
        cached: false,
        promptTokens: answer.usage!.prompt_tokens,
        completionTokens: answer.usage!.completion_tokens,
        costUsd: expect.closeTo(
          (answer.usage!.prompt_tokens * 2 +
            answer.usage!.completion_tokens * 8) /
            1e6,
          12,
        ),
        attempts: 1,
      },
    });
    expectNoText(answer.choices[0].message.content!);
  });

  it('records a streamed answer once it ends, with the usage of its finish', async () => {
    gateway.upstream.reply({ type: 'sse', body: textStream });
    const stream = await gateway.anthropic().messages.create({
      model: 'smart',
      max_tokens: 64,
      messages: [{ role: 'user', content: PROMPT }],
      stream: true,
    });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && 'text' in event.delta)
        text += event.delta.text;
    }
    const deadline = Date.now() + 5_000;
    while (!llmCalls()[0]?.outcome && Date.now() < deadline)
      await new Promise(r => setTimeout(r, 20));
    const [event] = llmCalls();
    expect(event.meta).toMatchObject({
      endpoint: 'messages',
      alias: 'smart',
      stream: true,
    });
    expect(event.outcome).toBe('success');
    expect(event.outcomeMeta).toMatchObject({
      status: 200,
      provider: 'local',
      model: expect.any(String),
      promptTokens: expect.any(Number),
      completionTokens: expect.any(Number),
    });
    expect((event.outcomeMeta!.completionTokens as number) > 0).toBe(true);
    expectNoText(text);
  });

  it('records a refused call with its status, and an embedding call with its tokens', async () => {
    await expect(
      gateway.openai().embeddings.create({ model: 'smart', input: PROMPT }),
    ).rejects.toThrow(/has no target that serves embeddings/);
    gateway.upstream.reply({ type: 'json', body: embeddingsAnswer });
    await gateway
      .openai()
      .embeddings.create({ model: 'local/e1', input: [PROMPT, 'second'] });
    const [refused, embedded] = llmCalls();
    expect(refused).toMatchObject({
      meta: { endpoint: 'embeddings', alias: 'smart' },
      outcome: 'fail',
      outcomeMeta: { status: 400, errorType: 'invalid_request_error' },
    });
    expect(embedded).toMatchObject({
      meta: { endpoint: 'embeddings', alias: 'local/e1' },
      outcome: 'success',
      outcomeMeta: {
        status: 200,
        provider: 'local',
        promptTokens: expect.any(Number),
      },
    });
    expectNoText();
  });
});
