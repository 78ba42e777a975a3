import { denyingPermissions } from '@internal/quantumlayer-test-utils';
import request from 'supertest';
import { startGatewayTestBackend } from '../../__testUtils__/gateway-test-backend';

jest.setTimeout(60_000);

/** Allows everything but what a test denies. */
const permissions = denyingPermissions();

let gateway: Awaited<ReturnType<typeof startGatewayTestBackend>>;
beforeAll(async () => {
  gateway = await startGatewayTestBackend([permissions.factory]);
});
afterAll(() => gateway?.stop());

const chat = { model: 'smart', messages: [{ role: 'user', content: 'hi' }] };
const budget = { owner: 'group:default/team-a', period: 'daily', tokens: 5 };

const send = (method: 'get' | 'post' | 'put' | 'delete', path: string) =>
  request(gateway.backend.server)
    [method](`/api/quantumlayer-router${path}`)
    .set('Authorization', `Bearer ${gateway.token}`);

describe('each permission guards its REST routes (mocked policy)', () => {
  it.each([
    [
      'quantumlayer.budget.manage',
      'put',
      '/v1/budgets',
      budget,
      'not allowed: quantumlayer.budget.manage',
    ],
    [
      'quantumlayer.budget.manage',
      'delete',
      '/v1/budgets?owner=group:default/team-a&period=daily',
      undefined,
      'not allowed: quantumlayer.budget.manage',
    ],
    [
      'quantumlayer.router.use',
      'post',
      '/v1/chat/completions',
      chat,
      'not allowed: quantumlayer.router.use',
    ],
    [
      'quantumlayer.router.use',
      'post',
      '/v1/messages',
      { ...chat, max_tokens: 16 },
      'not allowed: quantumlayer.router.use',
    ],
    [
      'quantumlayer.router.use',
      'post',
      '/v1/embeddings',
      { model: 'local/e1', input: 'x' },
      'not allowed: quantumlayer.router.use',
    ],
  ] as const)(
    'without %s: %s %s is 403',
    async (permission, method, path, body, message) => {
      permissions.deny([permission]);
      const res = await send(method, path).send(body);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(message);
    },
  );

  it('lets the budgets be read with quantumlayer.llm.usage.read alone, and shows a user with neither only their own groups’ rules', async () => {
    permissions.deny(['quantumlayer.budget.manage']);
    const all = await send('get', '/v1/budgets');
    expect(all.status).toBe(200);
    expect(all.body.items.map((b: { owner: string }) => b.owner)).toContain(
      'user:default/capped',
    );
    permissions.deny([
      'quantumlayer.budget.manage',
      'quantumlayer.llm.usage.read',
    ]);
    const own = await send('get', '/v1/budgets');
    expect(own.status).toBe(200);
    expect(own.body.items.map((b: { owner: string }) => b.owner)).not.toContain(
      'user:default/capped',
    );
  });

  it('serves the same routes once only an unrelated permission is denied', async () => {
    permissions.deny(['quantumlayer.workflow.create']);
    const put = await send('put', '/v1/budgets').send(budget);
    expect(put.status).toBe(200);
    expect(put.body.budget).toMatchObject({ tokens: 5, source: 'api' });
    const listed = await send('get', '/v1/budgets');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({
        owner: 'group:default/team-a',
        tokens: 5,
        source: 'api',
      }),
    );
    const removed = await send(
      'delete',
      '/v1/budgets?owner=group:default/team-a&period=daily',
    );
    expect(removed.status).toBe(200);
    const completion = await send('post', '/v1/chat/completions').send(chat);
    expect(completion.status).toBe(200);
  });
});
