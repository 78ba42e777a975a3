import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import Router from 'express-promise-router';
import request from 'supertest';
import type { JsonObject } from '@backstage/config';
import {
  FIXTURE_EDGE_SERVICES,
  KubeApiServer,
  startKubeApiServer,
} from '../../__testUtils__/kube-api-server';
import { createPlatformPosture } from '../../platform/platform-posture';
import { addPlatformPostureRoutes } from './platform-posture';

jest.setTimeout(60_000);

const TOKEN = 'route-test-token';

/**
 * The route as the plugin mounts it (same plugin id, real auth middleware and
 * error handler), without the rest of the plugin's services.
 */
function postureTestPlugin(options: { wired: boolean }) {
  return createBackendPlugin({
    pluginId: 'quantumlayer',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ config, logger, httpRouter, httpAuth }) {
          const router = Router();
          addPlatformPostureRoutes(router, {
            httpAuth,
            posture: options.wired
              ? createPlatformPosture({ config, logger })
              : undefined,
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

async function startBackend(kubernetes: JsonObject, wired = true) {
  return startTestBackend({
    features: [
      postureTestPlugin({ wired }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: { quantumlayer: { kubernetes } },
      }),
    ],
  });
}

const PATH = '/api/quantumlayer/v1/platform/posture';

describe('GET /v1/platform/posture', () => {
  let kube: KubeApiServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    kube = await startKubeApiServer({ token: TOKEN });
    backend = await startBackend({
      enabled: true,
      server: kube.url,
      token: TOKEN,
      skipTLSVerify: true,
      namespaces: ['quantumlayer', 'temporal'],
      edgeServices: FIXTURE_EDGE_SERVICES,
      cacheSeconds: 30,
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.close();
  });

  it('needs a signed-in user or service', async () => {
    const res = await request(backend.server).get(PATH);
    expect(res.status).toBe(401);
    expect(kube.calls).toEqual([]);
  });

  it('answers with the posture report, cached between page loads', async () => {
    const first = await request(backend.server)
      .get(PATH)
      .set('Authorization', mockCredentials.user.header());
    expect(first.status).toBe(200);
    expect(first.body.kubernetes).toEqual({ status: 'ok', server: kube.url });
    expect(first.body.workloads.map((w: { name: string }) => w.name)).toEqual([
      'api-gateway',
      'llm-router',
      'agent-orchestrator',
      'workflow-api',
      'workflow-worker',
    ]);
    expect(first.body.cnpg.clusters[0]).toMatchObject({
      name: 'quantumlayer-pg',
      readyInstances: 3,
      primary: 'quantumlayer-pg-1',
    });
    expect(first.body.istio.installed).toBe(true);
    expect(first.body.rules).toHaveLength(31);
    expect(
      first.body.rules.filter((r: { status: string }) => r.status !== 'pass'),
    ).toEqual([]);
    const calls = kube.calls.length;

    const second = await request(backend.server)
      .get(PATH)
      .set('Authorization', mockCredentials.service.header());
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(kube.calls).toHaveLength(calls);
  });
});

describe('GET /v1/platform/posture without a cluster', () => {
  it('says not-configured while quantumlayer.kubernetes.enabled is off', async () => {
    const backend = await startBackend({});
    try {
      const res = await request(backend.server)
        .get(PATH)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.kubernetes).toEqual({
        status: 'not-configured',
        message:
          'set quantumlayer.kubernetes.enabled: true (with auth: in-cluster, auth: kubeconfig or an explicit server) to read the platform posture',
      });
      expect(res.body.rules).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('answers 503 when the posture reader is not wired in', async () => {
    const backend = await startBackend({}, false);
    try {
      const res = await request(backend.server)
        .get(PATH)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        'platform posture is not wired into this backend',
      );
    } finally {
      await backend.stop();
    }
  });
});
