import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { quantumlayerPlugin } from '../plugin';
import { catalogWithMockUser } from '@internal/quantumlayer-test-utils';
import { createTemporalEnv } from './temporal';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';
import { offlineTemplateStandIn } from './offline-template';

/** Where the plugin's routes are mounted. */
export const api = '/api/quantumlayer';

/** Where the router plugin's routes are mounted (gateway, usage, budgets). */
export const routerApi = '/api/quantumlayer-router';

/** The `Authorization` header of `mockCredentials.user()`, a member of `group:default/codegen`. */
export const user = mockCredentials.user.header();

/**
 * The plugin on a test backend over a real Temporal dev server, started once
 * for the enclosing test file (beforeAll) and stopped after it (afterAll).
 * Anonymous unless a request sets `Authorization: user`.
 */
export function usePluginBackend() {
  let env: TestWorkflowEnvironment | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

  beforeAll(async () => {
    env = await createTemporalEnv();
    backend = await startTestBackend({
      features: [
        quantumlayerPlugin,
        quantumlayerRouterFeatures,
        offlineTemplateStandIn,
        catalogWithMockUser('codegen'),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            quantumlayer: {
              temporal: {
                address: env.address,
                taskQueue: 'plugin-test',
                uiUrl: 'http://ui.test',
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await env?.teardown();
  });

  const plugin = {
    /** The Temporal test environment the plugin talks to. */
    get env() {
      if (!env) throw new Error('Temporal runs only inside the tests');
      return env;
    },
    /** The backend's HTTP server, for supertest. */
    get server() {
      if (!backend) throw new Error('the backend runs only inside the tests');
      return backend.server;
    },
    /** Polls the workflow `id` as the user until it is no longer running (60 s at most). */
    /** Follows a run by long-poll (`wait_ms`) until it closes. */
    async waitForClose(id: string) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const res = await request(plugin.server)
          .get(`${api}/v1/workflows/${id}?wait_ms=20000`)
          .set('Authorization', user);
        if (res.status !== 200)
          throw new Error(`GET ${id}: ${res.status} ${res.text}`);
        if (res.body.status !== 'running') return res;
        if (Date.now() > deadline)
          throw new Error(`workflow ${id} still running`);
      }
    },
  };
  return plugin;
}

/**
 * The plugin on a test backend with no Temporal behind it (role `client`
 * pointed at a closed port): enough for routes that never start a run, such
 * as `/v1/parse` and `/health`. `quantumlayer` adds config beside `temporal`.
 * Started once for the enclosing test file and stopped after it.
 */
export function useRoutesOnlyBackend(quantumlayer: object = {}) {
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        quantumlayerPlugin,
        quantumlayerRouterFeatures,
        offlineTemplateStandIn,
        catalogServiceMock.factory(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            quantumlayer: {
              temporal: { role: 'client', address: '127.0.0.1:1' },
              ...quantumlayer,
            },
          },
        }),
      ],
    });
  });

  afterAll(() => backend?.stop());

  return {
    /** The backend's HTTP server, for supertest. */
    get server() {
      if (!backend) throw new Error('the backend runs only inside the tests');
      return backend.server;
    },
  };
}
