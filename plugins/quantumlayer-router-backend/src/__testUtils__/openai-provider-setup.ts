import { ConfigReader } from '@backstage/config';
import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';
import { createOpenAiProviderFromConfig } from '../llm/providers/openai/openai-provider';
import type { LoopbackServer } from '@internal/quantumlayer-test-utils';

/** The key the OpenAI provider tests configure; no message may contain it. */
export const API_KEY = 'sk-test-0123456789abcdefghijklmnopqrstuvwxyzcret';

/** An OpenAI provider that talks to the loopback `server`. */
export function providerFor(server: LoopbackServer, extra: object = {}) {
  return createOpenAiProviderFromConfig(
    new ConfigReader({
      type: 'openai',
      apiKey: API_KEY,
      baseUrl: `${server.url}/v1`,
      models: ['gpt-4o-mini', 'gpt-4o'],
      ...extra,
    }),
  );
}

export const codeRequest: LlmCompletionRequest = {
  messages: [
    { role: 'system', content: 'You write Go. Answer in fenced blocks.' },
    { role: 'user', content: 'Write Add(a, b int) int.' },
  ],
};

export const readFileTool = {
  name: 'read_file',
  description: 'Reads a file of the repository',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
  },
};
