import {
  createBackendPlugin,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { discoveryServiceFactory } from '@backstage/backend-defaults/discovery';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import type { LlmRouterClient } from './llm-router-client';
import { llmRouterServiceRef } from './llm-router-service-ref';
import { RemoteLlmRouter } from './remote-llm-router';
import type { RoutedCompletion } from './router-types';

const completion: RoutedCompletion = {
  text: 'hello',
  provider: 'openai',
  model: 'gpt-4o-mini',
  usage: { promptTokens: 3, completionTokens: 1 },
  finishReason: 'stop',
  route: {
    alias: 'default',
    provider: 'openai',
    model: 'gpt-4o-mini',
    attempts: [],
    costUsd: 0,
    cached: false,
    latencyMs: 1,
  },
};

/** A plugin that asks the router through the ref and shows what it got. */
function probePlugin(seen: { router?: LlmRouterClient }) {
  return createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: { router: llmRouterServiceRef, logger: coreServices.logger },
        async init({ router }) {
          seen.router = router;
        },
      });
    },
  });
}

describe('llmRouterServiceRef', () => {
  const server = useLoopbackServer();

  it('defaults to the router role over discovery (quantumlayer-router)', async () => {
    server.reply({ type: 'json', body: completion });
    const seen: { router?: LlmRouterClient } = {};
    const backend = await startTestBackend({
      features: [
        probePlugin(seen),
        discoveryServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://127.0.0.1:1' },
            discovery: {
              endpoints: [
                {
                  target: `${server.url}/api/quantumlayer`,
                  plugins: ['quantumlayer-router'],
                },
              ],
            },
            quantumlayer: { router: { remote: { timeoutSeconds: 5 } } },
          },
        }),
      ],
    });
    try {
      expect(seen.router).toBeInstanceOf(RemoteLlmRouter);
      const answer = await seen.router!.complete(
        { model: 'default', messages: [{ role: 'user', content: 'hi' }] },
        { caller: 'plugin:probe' },
      );
      expect(answer).toEqual(completion);
      expect(server.calls[0].path).toBe('/api/quantumlayer/v1/router/complete');
      expect(server.calls[0].body).toEqual({
        request: {
          model: 'default',
          messages: [{ role: 'user', content: 'hi' }],
        },
        context: { caller: 'plugin:probe' },
      });
    } finally {
      await backend.stop();
    }
  });

  it('yields to a factory the backend installs (an in-process router)', async () => {
    const inProcess: LlmRouterClient = {
      complete: async () => completion,
      embed: async () => {
        throw new Error('no embeddings here');
      },
      status: async () => ({ breakerScope: 'local', providers: [] }),
      circuits: async () => [],
    };
    const seen: { router?: LlmRouterClient } = {};
    const backend = await startTestBackend({
      features: [
        probePlugin(seen),
        createServiceFactory({
          service: llmRouterServiceRef,
          deps: {},
          factory: () => inProcess,
        }),
      ],
    });
    try {
      expect(seen.router).toBe(inProcess);
      expect(await seen.router!.status()).toEqual({
        breakerScope: 'local',
        providers: [],
      });
      expect(server.calls).toHaveLength(0);
    } finally {
      await backend.stop();
    }
  });
});
