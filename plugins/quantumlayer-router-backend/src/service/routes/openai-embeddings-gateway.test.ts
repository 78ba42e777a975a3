import OpenAI from 'openai';
import request from 'supertest';
import {
  GatewayTestBackend,
  startGatewayTestBackend,
} from '../../__testUtils__/gateway-test-backend';
import { hashEmbedding } from '@internal/backstage-plugin-quantumlayer-router-node';
import embeddingsAnswer from '../../llm/providers/openai/__fixtures__/openai-embeddings.json';

jest.setTimeout(60_000);

let gateway: GatewayTestBackend;

beforeAll(async () => {
  gateway = await startGatewayTestBackend();
});

afterAll(() => gateway?.stop());

const texts = ['count the words in a text', 'an http server in go'];

/** Float32 precision: what survives base64 on the wire. */
const asFloat32 = (v: number[]) => Array.from(new Float32Array(v));

describe('POST /v1/embeddings, with the official openai client', () => {
  it('embeds offline with the local embedder (SDK default: base64)', async () => {
    const { data, response } = await gateway
      .openai()
      .embeddings.create({ model: 'local-embedder/hash-256', input: texts })
      .withResponse();
    expect(data.object).toBe('list');
    expect(data.data.map(d => d.index)).toEqual([0, 1]);
    expect(data.data.map(d => d.embedding)).toEqual(
      texts.map(t => asFloat32(hashEmbedding(t))),
    );
    expect(data.model).toBe('hash-256');
    expect(data.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-quantumlayer-provider')).toBe(
      'local-embedder',
    );
    expect(response.headers.get('x-quantumlayer-alias')).toBe(
      'local-embedder/hash-256',
    );
  });

  it('answers float lists when asked, for one text as for many', async () => {
    const data = await gateway.openai().embeddings.create({
      model: 'local-embedder/hash-256',
      input: texts[0],
      encoding_format: 'float',
    });
    expect(data.data).toHaveLength(1);
    expect(data.data[0].embedding).toEqual(hashEmbedding(texts[0]));
  });

  it('routes to an upstream embedding model over the OpenAI protocol', async () => {
    gateway.upstream.reply({ type: 'json', body: embeddingsAnswer });
    const { data, response } = await gateway
      .openai()
      .embeddings.create({ model: 'local/e1', input: texts })
      .withResponse();
    const call = gateway.upstream.calls[gateway.upstream.calls.length - 1];
    expect(call.path).toBe('/v1/embeddings');
    expect(call.body).toEqual({
      model: 'e1',
      input: texts,
      encoding_format: 'float',
    });
    expect(data.data.map(d => d.embedding)).toEqual(
      embeddingsAnswer.data.map(d => asFloat32(d.embedding)),
    );
    expect(data.usage.prompt_tokens).toBe(8);
    expect(response.headers.get('x-quantumlayer-provider')).toBe('local');
    expect((data as any).x_quantumlayer).toMatchObject({
      alias: 'local/e1',
      provider: 'local',
      cached: false,
    });
  });

  it('refuses bad input with 400 and the reason', async () => {
    for (const input of ['', [], [1, 2, 3]]) {
      const error = await gateway
        .openai()
        .embeddings.create({
          model: 'local-embedder/hash-256',
          input: input as unknown as string[],
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.message).toContain(
        'invalid embeddings request: input: must be a non-empty text or a list of 1 to 2048 non-empty texts (token arrays are not supported)',
      );
    }
    const chatOnly = await gateway
      .openai()
      .embeddings.create({ model: 'smart', input: 'x' })
      .catch(e => e);
    expect(chatOnly).toBeInstanceOf(OpenAI.BadRequestError);
    expect(chatOnly.message).toContain(
      'model "smart" has no target that serves embeddings; use one of',
    );
    const res = await request(gateway.backend.server)
      .post('/api/quantumlayer-router/v1/embeddings')
      .set('authorization', `Bearer ${gateway.token}`)
      .send({ input: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('model:');
  });

  it('needs a key like the other gateway endpoints', async () => {
    const res = await request(gateway.backend.server)
      .post('/api/quantumlayer-router/v1/embeddings')
      .send({ model: 'local-embedder/hash-256', input: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(
      /send a Backstage token as the API key/,
    );
  });

  it('is served on the dedicated listener too, and listed by /v1/models', async () => {
    const direct = new OpenAI({
      apiKey: gateway.token,
      baseURL: `http://127.0.0.1:${gateway.listenerPort}/v1`,
      maxRetries: 0,
    });
    const data = await direct.embeddings.create({
      model: 'local-embedder/hash-256',
      input: texts,
    });
    expect(data.data[1].embedding).toEqual(asFloat32(hashEmbedding(texts[1])));
    const ids = [];
    for await (const model of gateway.openai().models.list())
      ids.push(model.id);
    expect(ids).toEqual(
      expect.arrayContaining(['local-embedder/hash-256', 'local/e1']),
    );
  });
});
