import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * An offline stand-in as a module adds one (the code-generation package's
 * template is the real one): it answers without a model and says so.
 */
export const testStandIn: LlmProvider = {
  id: 'stand-in',
  complete: async () => ({
    text: 'offline stand-in answer',
    provider: 'stand-in',
    model: 'stand-in-v1',
    usage: { promptTokens: 1, completionTokens: 1 },
    finishReason: 'stop',
  }),
};
