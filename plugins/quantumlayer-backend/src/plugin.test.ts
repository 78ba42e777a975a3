import request from 'supertest';
import { seedRequest } from './__testUtils__/activities';
import {
  api,
  routerApi,
  usePluginBackend,
  user,
} from './__testUtils__/plugin-backend';

jest.setTimeout(120_000);

describe('plugin wiring: probes, health details and authentication', () => {
  const plugin = usePluginBackend();

  it('answers the liveness and readiness probes without credentials', async () => {
    const live = await request(plugin.server).get(`${api}/health`);
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await request(plugin.server).get(`${api}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });

  it('reports every data-plane check in /health/details, for signed-in callers only', async () => {
    const anonymous = await request(plugin.server).get(`${api}/health/details`);
    expect(anonymous.status).toBe(401);
    const res = await request(plugin.server)
      .get(`${api}/health/details`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      res.body.checks.map((c: { name: string }) => [c.name, c]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'database',
      'llmRouter',
      'sandbox',
      'temporal',
      'vectorStore',
    ]);
    // Redis is the router plugin's (breakers, caches, budgets): its page.
    const router = await request(plugin.server)
      .get(`${routerApi}/health/details`)
      .set('Authorization', user);
    expect(router.status).toBe(200);
    expect(
      router.body.checks.map((c: { name: string }) => c.name).sort(),
    ).toEqual(['database', 'llmRouter', 'redis', 'vectorStore']);
    expect(byName.database).toMatchObject({ status: 'ok', critical: true });
    expect(byName.temporal).toMatchObject({
      critical: true,
      details: expect.objectContaining({ namespace: 'default' }),
    });
    expect(byName.vectorStore.message).toMatch(
      /^embedded, \d+ artifacts indexed$/,
    );
    expect(byName.llmRouter.status).toBe('ok');
    // The sandbox worker runs here; CI has bubblewrap.
    expect(byName.sandbox).toMatchObject({
      status: 'ok',
      critical: false,
      details: expect.objectContaining({ isolated: true }),
    });
    expect(
      res.body.checks.every((c: { lastChange: string }) => c.lastChange),
    ).toBe(true);
  });

  it('rejects calls without credentials with 401', async () => {
    const res = await request(plugin.server)
      .post(`${api}/v1/workflows/generate-extended`)
      .send(seedRequest);
    expect(res.status).toBe(401);
    expect(
      (await request(plugin.server).get(`${api}/v1/workflows`)).status,
    ).toBe(401);
  });
});
