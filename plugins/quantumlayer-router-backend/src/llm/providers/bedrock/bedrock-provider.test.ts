import { ConfigReader } from '@backstage/config';
// Test-only: the SDK's HTTP/1.1 handler. It comes hoisted with
// @aws-sdk/client-bedrock-runtime but is not yet declared as a devDependency.
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  ACCESS_KEY_ID,
  MODEL,
  MODEL_PATH,
  SECRET_ACCESS_KEY,
  SIGV4,
  hello,
  providerFor,
} from '../../../__testUtils__/bedrock-provider-setup';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import { JSON_MODE_INSTRUCTION } from '../shared/json-mode';
import { createBedrockProviderFromConfig } from './bedrock-provider';
import textAnswer from './__fixtures__/bedrock-text.json';
import toolUseAnswer from './__fixtures__/bedrock-tool-use.json';
import jsonAnswer from './__fixtures__/bedrock-json.json';

describe('BedrockProvider', () => {
  const server = useLoopbackServer();

  it('sends a signed Converse request through the SDK and maps the answer', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const provider = providerFor(server);

    const result = await provider.complete({
      messages: [
        { role: 'system', content: 'You write Python.' },
        { role: 'user', content: 'Write word_count(text).' },
      ],
      maxTokens: 256,
      temperature: 0.2,
      topP: 0.9,
      stop: ['<END>'],
    });

    expect(server.calls).toHaveLength(1);
    const call = server.calls[0];
    expect(call.method).toBe('POST');
    expect(call.path).toBe(`/model/${MODEL_PATH}/converse`);
    expect(call.headers.authorization).toMatch(SIGV4);
    expect(call.headers['amz-sdk-request']).toBe('attempt=1; max=1');
    expect(call.body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Write word_count(text).' }] },
      ],
      system: [{ text: 'You write Python.' }],
      inferenceConfig: {
        maxTokens: 256,
        temperature: 0.2,
        topP: 0.9,
        stopSequences: ['<END>'],
      },
    });
    expect(result).toEqual({
      text: textAnswer.output.message.content[0].text,
      provider: 'bedrock',
      model: MODEL,
      usage: { promptTokens: 41, completionTokens: 33 },
      finishReason: 'stop',
    });
  });

  it('sends tools and prior tool results, and maps the tool calls it gets back', async () => {
    server.reply({ type: 'json', body: toolUseAnswer });
    const provider = providerFor(server, { id: 'aws' });

    const result = await provider.complete({
      model: 'amazon.nova-pro-v1:0',
      messages: [
        { role: 'user', content: 'Fix the failing tests.' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'tooluse_a', name: 'run_tests', arguments: '{}' },
            {
              id: 'tooluse_b',
              name: 'read_file',
              arguments: '{"path":"word_count.py"}',
            },
          ],
        },
        { role: 'tool', toolCallId: 'tooluse_a', content: '1 failed' },
        { role: 'tool', toolCallId: 'tooluse_b', content: 'def word_count…' },
      ],
      tools: [
        {
          name: 'read_file',
          description: 'Read a file of the project',
          parameters: {
            type: 'object',
            properties: { path: { type: 'string' } },
            required: ['path'],
          },
        },
        { name: 'run_tests', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: 'required',
    });

    expect(server.calls[0].path).toBe(
      `/model/${encodeURIComponent('amazon.nova-pro-v1:0')}/converse`,
    );
    expect(server.calls[0].body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Fix the failing tests.' }] },
        {
          role: 'assistant',
          content: [
            {
              toolUse: { toolUseId: 'tooluse_a', name: 'run_tests', input: {} },
            },
            {
              toolUse: {
                toolUseId: 'tooluse_b',
                name: 'read_file',
                input: { path: 'word_count.py' },
              },
            },
          ],
        },
        {
          role: 'user',
          content: [
            {
              toolResult: {
                toolUseId: 'tooluse_a',
                content: [{ text: '1 failed' }],
              },
            },
            {
              toolResult: {
                toolUseId: 'tooluse_b',
                content: [{ text: 'def word_count…' }],
              },
            },
          ],
        },
      ],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'read_file',
              description: 'Read a file of the project',
              inputSchema: {
                json: {
                  type: 'object',
                  properties: { path: { type: 'string' } },
                  required: ['path'],
                },
              },
            },
          },
          {
            toolSpec: {
              name: 'run_tests',
              inputSchema: { json: { type: 'object', properties: {} } },
            },
          },
        ],
        toolChoice: { any: {} },
      },
    });
    expect(result).toEqual({
      text: 'The tests fail in word_count.py; I will read the test file next.',
      toolCalls: [
        {
          id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
          name: 'read_file',
          arguments: '{"path":"tests/test_word_count.py"}',
        },
      ],
      provider: 'aws',
      model: 'amazon.nova-pro-v1:0',
      // 530 uncached + 96 read from the prompt cache
      usage: { promptTokens: 626, completionTokens: 81 },
      finishReason: 'tool-calls',
    });
  });

  it('asks for one JSON object with a system block in JSON mode', async () => {
    server.reply({ type: 'json', body: jsonAnswer });
    const provider = providerFor(server);

    const result = await provider.complete({
      messages: [
        { role: 'system', content: 'You plan projects.' },
        { role: 'user', content: 'Plan word_count.' },
      ],
      responseFormat: 'json',
    });

    expect(server.calls[0].body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Plan word_count.' }] }],
      system: [{ text: 'You plan projects.' }, { text: JSON_MODE_INSTRUCTION }],
    });
    expect(JSON.parse(result.text)).toEqual({
      files: [{ path: 'word_count.py', purpose: 'count words' }],
    });
  });

  it('refuses a request without a model when none is configured', async () => {
    const provider = createBedrockProviderFromConfig(
      new ConfigReader({
        type: 'bedrock',
        region: 'us-east-1',
        accessKeyId: ACCESS_KEY_ID,
        secretAccessKey: SECRET_ACCESS_KEY,
        endpoint: server.url,
      }),
      { requestHandler: new NodeHttpHandler() },
    );

    await expect(provider.complete(hello)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(
        /^bedrock cannot send this request: it names no model and none is configured/,
      ),
    });
    expect(server.calls).toHaveLength(0);
  });

  it('rejects half-configured static credentials', () => {
    expect(() =>
      createBedrockProviderFromConfig(
        new ConfigReader({
          type: 'bedrock',
          region: 'us-east-1',
          accessKeyId: ACCESS_KEY_ID,
        }),
      ),
    ).toThrow(/set both accessKeyId and secretAccessKey/);
  });
});
