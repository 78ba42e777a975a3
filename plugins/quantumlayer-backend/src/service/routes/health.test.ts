import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { quantumlayerHealthChecksExtensionPoint } from '@internal/backstage-plugin-quantumlayer-node';
import request from 'supertest';
import { startPortalTestBackend } from '../../__testUtils__/portal-backend';

jest.setTimeout(60_000);

/** A critical check whose error, like a driver's, names a host and a secret. */
const leakyCheck = createBackendModule({
  pluginId: 'quantumlayer',
  moduleId: 'leaky-check',
  register(env) {
    env.registerInit({
      deps: { checks: quantumlayerHealthChecksExtensionPoint },
      async init({ checks }) {
        checks.addHealthCheck({
          name: 'licenseServer',
          critical: true,
          check: async () => {
            throw new Error(
              'connect ECONNREFUSED 10.20.30.40:8443 (user=svc password=hunter2)',
            );
          },
        });
      },
    });
  },
});

let gateway: Awaited<ReturnType<typeof startPortalTestBackend>>;

beforeAll(async () => {
  // Temporal at 127.0.0.1:1 is down as well (a critical check).
  gateway = await startPortalTestBackend([leakyCheck]);
});

afterAll(() => gateway?.stop());

describe('GET /ready', () => {
  it('names the critical checks that are down without their raw errors (finding 11)', async () => {
    const ready = await request(gateway.backend.server).get(
      '/api/quantumlayer/ready',
    );
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: 'not ready',
      failing: expect.arrayContaining(['temporal', 'licenseServer']),
    });
    expect(ready.body.failing).toHaveLength(2);
    expect(ready.text).not.toMatch(
      /ECONNREFUSED|10\.20\.30\.40|hunter2|127\.0\.0\.1/,
    );

    // The messages stay on the authenticated details page.
    const details = await request(gateway.backend.server)
      .get('/api/quantumlayer/health/details')
      .set('Authorization', mockCredentials.user.header());
    const license = details.body.checks.find(
      (c: { name: string }) => c.name === 'licenseServer',
    );
    expect(license).toMatchObject({ status: 'down' });
    expect(JSON.stringify(license)).toContain('ECONNREFUSED 10.20.30.40');
  });
});
