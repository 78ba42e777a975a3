import { denyingPermissions } from '@internal/quantumlayer-test-utils';
import request from 'supertest';
import { seedRequest } from '../../__testUtils__/activities';
import { startPortalTestBackend } from '../../__testUtils__/portal-backend';

jest.setTimeout(60_000);

/** Allows everything but what a test denies. */
const permissions = denyingPermissions();

let gateway: Awaited<ReturnType<typeof startPortalTestBackend>>;
beforeAll(async () => {
  gateway = await startPortalTestBackend([permissions.factory]);
});
afterAll(() => gateway?.stop());

const send = (method: 'get' | 'post' | 'put' | 'delete', path: string) =>
  request(gateway.backend.server)
    [method](`/api/quantumlayer${path}`)
    .set('Authorization', `Bearer ${gateway.token}`);

describe('each permission guards its REST routes (mocked policy)', () => {
  it.each([
    [
      'quantumlayer.workflow.create',
      'post',
      '/v1/workflows/generate-extended',
      seedRequest,
      'not allowed: quantumlayer.workflow.create',
    ],
    [
      'quantumlayer.workflow.read',
      'get',
      '/v1/workflows',
      undefined,
      'not allowed: quantumlayer.workflow.read',
    ],
    [
      'quantumlayer.workflow.read',
      'get',
      '/v1/workflows/ql-x',
      undefined,
      'not allowed: quantumlayer.workflow.read on workflow ql-x',
    ],
    [
      'quantumlayer.workflow.cancel',
      'post',
      '/v1/workflows/ql-x/cancel',
      undefined,
      'not allowed: quantumlayer.workflow.cancel on workflow ql-x',
    ],
    [
      'quantumlayer.workflow.approve',
      'post',
      '/v1/workflows/ql-x/approval',
      { decision: 'approve' },
      'not allowed: quantumlayer.workflow.approve on workflow ql-x',
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
});
