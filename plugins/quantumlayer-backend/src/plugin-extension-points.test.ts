import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { quantumlayerHealthChecksExtensionPoint } from '@internal/backstage-plugin-quantumlayer-node';
import {
  LlmCompletionRequest,
  LlmProvider,
  quantumlayerLlmProvidersExtensionPoint,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import request from 'supertest';
import { quantumlayerPlugin } from './plugin';
import { quantumlayerRouterPlugin } from '@internal/backstage-plugin-quantumlayer-router-backend';
import { offlineTemplateStandIn } from './__testUtils__/offline-template';

jest.setTimeout(30_000);

/** A provider a module adds: answers with the last message reversed. */
class ReversingProvider implements LlmProvider {
  readonly id = 'reverser';
  readonly models = ['r1'];

  async complete(call: LlmCompletionRequest) {
    const last = call.messages[call.messages.length - 1];
    const text = typeof last.content === 'string' ? last.content : '';
    return {
      text: [...text].reverse().join(''),
      provider: this.id,
      model: call.model ?? 'r1',
      usage: { promptTokens: text.length, completionTokens: text.length },
      finishReason: 'stop' as const,
    };
  }
}

/** A provider for the router plugin, added the way a provider module adds one. */
const providerModule = createBackendModule({
  pluginId: 'quantumlayer-router',
  moduleId: 'test-provider',
  register(env) {
    env.registerInit({
      deps: { providers: quantumlayerLlmProvidersExtensionPoint },
      async init({ providers }) {
        providers.addProvider(new ReversingProvider());
      },
    });
  },
});

/** A health check for the codegen plugin. */
const healthModule = createBackendModule({
  pluginId: 'quantumlayer',
  moduleId: 'test-health',
  register(env) {
    env.registerInit({
      deps: { health: quantumlayerHealthChecksExtensionPoint },
      async init({ health }) {
        health.addHealthCheck({
          name: 'module-check',
          check: async () => ({ status: 'ok', detail: 'added by a module' }),
        });
      },
    });
  },
});

describe('the extension points of quantumlayer-router-node and quantumlayer-node', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        quantumlayerPlugin,
        // The plugin itself: startTestBackend stands in a plugin of its own
        // for a module whose plugin only a feature loader would add.
        quantumlayerRouterPlugin,
        offlineTemplateStandIn,
        providerModule,
        healthModule,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            quantumlayer: {
              temporal: { role: 'client', address: '127.0.0.1:1' },
              router: {
                models: [
                  {
                    alias: 'reversed',
                    targets: [{ provider: 'reverser', model: 'r1' }],
                  },
                ],
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(() => backend?.stop());

  it('routes to a provider a module added through quantumlayerLlmProvidersExtensionPoint', async () => {
    const res = await request(backend!.server)
      .post('/api/quantumlayer-router/v1/chat/completions')
      .set('Authorization', mockCredentials.user.header())
      .send({
        model: 'reversed',
        messages: [{ role: 'user', content: 'stressed' }],
      });
    expect(res.status).toBe(200);
    expect(res.body.choices[0].message.content).toBe('desserts');
    expect(res.headers['x-quantumlayer-provider']).toBe('reverser');
    expect(res.headers['x-quantumlayer-model']).toBe('r1');
  });

  it('lists the models the added provider serves', async () => {
    const res = await request(backend!.server)
      .get('/api/quantumlayer-router/v1/models')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.data.map((m: { id: string }) => m.id)).toContain(
      'reversed',
    );
  });

  it('runs a health check a module added through quantumlayerHealthChecksExtensionPoint', async () => {
    const res = await request(backend!.server)
      .get('/api/quantumlayer/health/details')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const check = res.body.checks?.find(
      (c: { name: string }) => c.name === 'module-check',
    );
    expect(check).toMatchObject({
      status: 'ok',
      message: 'added by a module',
      critical: false,
    });
  });
});
