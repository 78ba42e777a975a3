import { ConfigReader } from '@backstage/config';
import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';
import { createAnthropicProviderFromConfig } from '../llm/providers/anthropic/anthropic-provider';
import type { LoopbackServer } from '@internal/quantumlayer-test-utils';

/** The key the Anthropic provider tests configure; no message may contain it. */
export const API_KEY = 'sk-ant-api03-test-key-0123456789';

/** An Anthropic provider that talks to the loopback `server`. */
export function providerFor(server: LoopbackServer, extra: object = {}) {
  return createAnthropicProviderFromConfig(
    new ConfigReader({
      type: 'anthropic',
      apiKey: API_KEY,
      baseUrl: server.url,
      models: ['claude-sonnet-5-5', 'claude-haiku-4-5'],
      ...extra,
    }),
  );
}

export const hello: LlmCompletionRequest = {
  messages: [{ role: 'user', content: 'count words' }],
};
