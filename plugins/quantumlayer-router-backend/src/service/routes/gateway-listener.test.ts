import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {
  GatewayTestBackend,
  answerText,
  startGatewayTestBackend,
} from '../../__testUtils__/gateway-test-backend';
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';

jest.setTimeout(60_000);

let gateway: GatewayTestBackend;
let upstream: GatewayTestBackend['upstream'];
let listenerPort: number;
let token: string;

beforeAll(async () => {
  gateway = await startGatewayTestBackend();
  ({ upstream, listenerPort, token } = gateway);
});

afterAll(() => gateway?.stop());

beforeEach(() => {
  upstream.reply({ type: 'json', body: textAnswer });
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
    const unknown = await fetch(`${listener()}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toContain(
      'no gateway endpoint POST /v1/completions; use POST /v1/chat/completions, POST /v1/embeddings',
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

  it('refuses an anonymous malformed body with 401 before reading it (finding 11)', async () => {
    const malformed = `{"model":"smart","messages":[${'x'.repeat(
      1024 * 1024 - 64,
    )}`;
    const post = (headers: Record<string, string>) =>
      fetch(`${listener()}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: malformed,
      });
    expect((await post({})).status).toBe(401);
    const signed = await post({ authorization: `Bearer ${token}` });
    expect(signed.status).toBe(400);
    expect((await signed.json()).error.message).toContain(
      'request body is not valid JSON',
    );
  });
});
