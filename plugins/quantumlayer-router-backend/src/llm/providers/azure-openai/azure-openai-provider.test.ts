import { ConfigReader } from '@backstage/config';
import {
  LlmCompletionRequest,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  collectStream,
  recordedStream,
  textDeltas,
} from '../../../__testUtils__/llm-stream';
import {
  LoopbackServer,
  useLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import { createAzureOpenAiProviderFromConfig } from './azure-openai-provider';
import textAnswer from './__fixtures__/azure-openai-text.json';
import rateLimitError from './__fixtures__/azure-openai-rate-limit.json';
import deploymentNotFound from './__fixtures__/azure-openai-deployment-not-found.json';

const API_KEY = '0123456789abcdef0123456789abcdef';
const API_VERSION = '2024-10-21';
const textStream = recordedStream(__dirname, 'azure-openai-text.chunks.txt');

function providerFor(server: LoopbackServer, extra: object = {}) {
  return createAzureOpenAiProviderFromConfig(
    new ConfigReader({
      type: 'azure-openai',
      apiKey: API_KEY,
      // Trailing slash as copied from the Azure portal.
      endpoint: `${server.url}/`,
      apiVersion: API_VERSION,
      deployments: [
        { model: 'gpt-4o', deployment: 'prod-gpt4o' },
        { model: 'gpt-4.1-mini', deployment: 'mini-eu' },
      ],
      ...extra,
    }),
  );
}

const request: LlmCompletionRequest = {
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Write add(a, b) in Python.' }],
  maxTokens: 200,
};

describe('createAzureOpenAiProviderFromConfig', () => {
  const server = useLoopbackServer();

  it('posts to the deployment of the model with api-key and api-version', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const provider = providerFor(server);
    expect(provider.id).toBe('azure-openai');
    expect(provider.models).toEqual(['gpt-4o', 'gpt-4.1-mini']);

    const result = await provider.complete(request);

    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].path).toBe(
      `/openai/deployments/prod-gpt4o/chat/completions?api-version=${API_VERSION}`,
    );
    expect(server.calls[0].headers['api-key']).toBe(API_KEY);
    expect(server.calls[0].headers.authorization).toBeUndefined();
    expect(server.calls[0].body).toEqual({
      model: 'prod-gpt4o',
      messages: [{ role: 'user', content: 'Write add(a, b) in Python.' }],
      max_tokens: 200,
    });
    expect(result).toEqual({
      text: textAnswer.choices[0].message.content,
      provider: 'azure-openai',
      model: 'gpt-4o-2024-11-20',
      usage: { promptTokens: 38, completionTokens: 22 },
      finishReason: 'stop',
    });
  });

  it('uses the first deployment when the request names no model', async () => {
    server.reply({ type: 'json', body: textAnswer });
    await providerFor(server).complete({ messages: request.messages });
    expect(server.calls[0].path).toMatch(
      /^\/openai\/deployments\/prod-gpt4o\/chat\/completions\?/,
    );
  });

  it('streams past the prompt-filter chunk to one finish with usage', async () => {
    server.reply({ type: 'sse', body: textStream });
    const { parts, error } = await collectStream(
      providerFor(server).stream({ ...request, model: 'gpt-4.1-mini' }),
    );
    expect(error).toBeUndefined();
    expect(server.calls[0].path).toBe(
      `/openai/deployments/mini-eu/chat/completions?api-version=${API_VERSION}`,
    );
    expect(server.calls[0].body).toMatchObject({
      model: 'mini-eu',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(parts).toEqual([
      ...textDeltas('def', ' add', '(a', ', b', '):'),
      {
        type: 'finish',
        finishReason: 'stop',
        usage: { promptTokens: 38, completionTokens: 5 },
        model: 'gpt-4o-2024-11-20',
      },
    ]);
  });

  it('refuses a model without a deployment, listing the configured ones', async () => {
    const error = await providerFor(server)
      .complete({ ...request, model: 'gpt-5' })
      .catch(e => e);
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      provider: 'azure-openai',
      retryable: false,
      message:
        'azure-openai has no deployment for model "gpt-5"; configured models: gpt-4o, gpt-4.1-mini',
    });
    expect(server.calls).toHaveLength(0);
  });

  it("maps Azure's 429 with retry-after-ms", async () => {
    server.reply({
      type: 'json',
      status: 429,
      headers: { 'retry-after': '6', 'retry-after-ms': '6000' },
      body: rateLimitError,
    });
    const error = await providerFor(server)
      .complete(request)
      .catch(e => e);
    expect(error).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 6000,
    });
    expect(error.message).toMatch(
      /^azure-openai answered 429: Requests to the ChatCompletions_Create Operation/,
    );
    expect(error.message.length).toBeLessThanOrEqual(
      'azure-openai answered 429: '.length + 300,
    );
    expect(server.calls).toHaveLength(1);
  });

  it("maps Azure's DeploymentNotFound to a permanent error", async () => {
    server.reply({ type: 'json', status: 404, body: deploymentNotFound });
    const error = await providerFor(server)
      .complete(request)
      .catch(e => e);
    expect(error).toMatchObject({
      status: 404,
      retryable: false,
      message: `azure-openai answered 404: ${deploymentNotFound.error.message}`,
    });
    expect(error.message).not.toContain(API_KEY);
  });

  it('refuses a config without deployments', () => {
    expect(() => providerFor(server, { deployments: [] })).toThrow(
      /needs deployments, each \{ model, deployment \}/,
    );
  });
});
