import { ConfigReader } from '@backstage/config';
import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-router-node';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import {
  API_KEY,
  providerFor,
} from '../../../__testUtils__/openai-provider-setup';
import { createAzureOpenAiProviderFromConfig } from '../azure-openai/azure-openai-provider';
import { createOpenAiCompatibleProviderFromConfig } from '../openai-compatible/openai-compatible-provider';
import embeddingsAnswer from './__fixtures__/openai-embeddings.json';
import rateLimit from './__fixtures__/openai-rate-limit.json';

const vectors = embeddingsAnswer.data.map(d => d.embedding);

describe('embeddings through the OpenAI-family providers', () => {
  const server = useLoopbackServer();

  it('openai (official SDK): posts float embeddings of every input and maps them in order', async () => {
    server.reply({ type: 'json', body: embeddingsAnswer });
    const provider = providerFor(server, {
      embeddingModels: ['text-embedding-3-small'],
    });
    expect(provider.embeddingModels).toEqual(['text-embedding-3-small']);

    const result = await provider.embed({
      input: ['def add(a, b)', 'func Add(a, b int) int'],
      dimensions: 4,
    });

    expect(server.calls[0].path).toBe('/v1/embeddings');
    expect(server.calls[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.calls[0].body).toEqual({
      model: 'text-embedding-3-small',
      input: ['def add(a, b)', 'func Add(a, b int) int'],
      encoding_format: 'float',
      dimensions: 4,
    });
    expect(result).toEqual({
      embeddings: vectors,
      provider: 'openai',
      model: 'text-embedding-3-small',
      usage: { promptTokens: 8 },
    });
  });

  it('openai-compatible (wire client): reads base64 answers and puts data back in input order', async () => {
    const base64 = (v: number[]) =>
      Buffer.from(new Float32Array(v).buffer).toString('base64');
    server.reply({
      type: 'json',
      body: {
        ...embeddingsAnswer,
        model: 'nomic-embed-text',
        data: [
          { object: 'embedding', index: 1, embedding: base64([0.5, -0.25]) },
          { object: 'embedding', index: 0, embedding: base64([1, 0]) },
        ],
      },
    });
    const provider = createOpenAiCompatibleProviderFromConfig(
      new ConfigReader({
        id: 'ollama',
        baseUrl: `${server.url}/v1`,
        embeddingModels: ['nomic-embed-text'],
      }),
    );
    const result = await provider.embed({
      input: ['first', 'second'],
      model: 'nomic-embed-text',
    });
    expect(server.calls[0].path).toBe('/v1/embeddings');
    expect(server.calls[0].headers.authorization).toBeUndefined();
    expect(server.calls[0].body).toEqual({
      model: 'nomic-embed-text',
      input: ['first', 'second'],
      encoding_format: 'float',
    });
    expect(result.embeddings).toEqual([
      [1, 0],
      [0.5, -0.25],
    ]);
    expect(result.provider).toBe('ollama');
  });

  it('azure-openai: posts to the deployment of the embedding model', async () => {
    server.reply({ type: 'json', body: embeddingsAnswer });
    const provider = createAzureOpenAiProviderFromConfig(
      new ConfigReader({
        apiKey: 'azure-key-0123456789',
        endpoint: server.url,
        apiVersion: '2024-10-21',
        deployments: [
          { model: 'gpt-4o', deployment: 'prod-gpt4o' },
          { model: 'text-embedding-3-small', deployment: 'emb-small' },
        ],
        embeddingModels: ['text-embedding-3-small'],
      }),
    );
    expect(provider.models).toEqual(['gpt-4o']);
    const result = await provider.embed({ input: ['a', 'b'] });
    expect(server.calls[0].path).toBe(
      '/openai/deployments/emb-small/embeddings?api-version=2024-10-21',
    );
    expect(server.calls[0].headers['api-key']).toBe('azure-key-0123456789');
    expect(server.calls[0].body.model).toBe('emb-small');
    expect(result.embeddings).toEqual(vectors);
    expect(() =>
      createAzureOpenAiProviderFromConfig(
        new ConfigReader({
          apiKey: 'k',
          endpoint: server.url,
          apiVersion: '2024-10-21',
          deployments: [{ model: 'gpt-4o', deployment: 'prod-gpt4o' }],
          embeddingModels: ['text-embedding-3-large'],
        }),
      ),
    ).toThrow(
      'lists embeddingModels without a deployment: text-embedding-3-large',
    );
  });

  it('maps vendor errors and answers of the wrong size to LlmProviderErrors', async () => {
    const provider = providerFor(server, {
      embeddingModels: ['text-embedding-3-small'],
    });
    server.reply({ type: 'json', status: 429, body: rateLimit });
    const limited = await provider.embed({ input: ['x'] }).catch(e => e);
    expect(limited).toBeInstanceOf(LlmProviderError);
    expect(limited.status).toBe(429);
    expect(limited.retryable).toBe(true);
    expect(limited.message).not.toContain(API_KEY);

    server.reply({ type: 'json', body: embeddingsAnswer });
    const short = await provider.embed({ input: ['only one'] }).catch(e => e);
    expect(short.message).toBe('openai answered 2 embeddings for 1 inputs');
    expect(short.retryable).toBe(false);

    server.reply({
      type: 'json',
      body: { data: [{ embedding: 'x', index: 'a' }] },
    });
    const shapeless = await provider.embed({ input: ['x'] }).catch(e => e);
    expect(shapeless.message).toContain(
      'openai answered in a shape this adapter cannot read: data.0.index',
    );

    const noModel = providerFor(server);
    await expect(noModel.embed({ input: ['x'] })).rejects.toThrow(
      LlmProviderError,
    );
  });
});
