import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import { startPortalTestBackend } from '../__testUtils__/portal-backend';
import {
  planParts,
  quantumlayerSandboxWorkerModule,
  quantumlayerWorkflowApiModule,
} from './parts';
import { partsOfRoles, readQuantumlayerRoles } from './roles';

jest.setTimeout(60_000);

const api = '/api/quantumlayer';
const user = mockCredentials.user.header();

describe('quantumlayer.roles', () => {
  const read = (roles: string | string[]) =>
    readQuantumlayerRoles(new ConfigReader({ quantumlayer: { roles } }));

  it('reads a list or one role, without repeats; unset means everything', () => {
    expect(readQuantumlayerRoles(new ConfigReader({}))).toBeUndefined();
    expect(read('worker')).toEqual(['worker']);
    expect(read(['gateway', 'router', 'gateway'])).toEqual([
      'gateway',
      'router',
    ]);
  });

  it('names the value it refuses and the roles there are', () => {
    expect(() => read(['gateway', 'edge'])).toThrow(
      'quantumlayer.roles: "edge" is not a role; use gateway, workflow-api, router, worker, sandbox-worker',
    );
    expect(() => read([])).toThrow(
      'quantumlayer.roles must be a non-empty list of gateway, workflow-api, router, worker, sandbox-worker',
    );
  });

  it('maps roles to the parts of the code-generation plugin', () => {
    expect(partsOfRoles(['router'])).toEqual([]);
    expect(partsOfRoles(['gateway', 'workflow-api', 'sandbox-worker'])).toEqual(
      ['workflow-api', 'sandbox-worker'],
    );
    expect(partsOfRoles(['worker'])).toEqual(['codegen-worker']);
  });
});

describe('planParts', () => {
  it('runs the plugin whole when no module added a part, with the workers quantumlayer.temporal.role names', () => {
    expect(planParts([])).toEqual({
      parts: ['workflow-api', 'codegen-worker', 'sandbox-worker'],
      servesWorkflowApi: true,
      runsCodegenWorker: true,
      runsSandboxWorker: true,
    });
    expect(planParts([], 'client').parts).toEqual(['workflow-api']);
    expect(planParts([], 'sandbox-worker').parts).toEqual([
      'workflow-api',
      'sandbox-worker',
    ]);
  });

  it('runs only the parts the modules added, whatever quantumlayer.temporal.role says', () => {
    expect(planParts(['codegen-worker', 'codegen-worker'], 'client')).toEqual({
      parts: ['codegen-worker'],
      servesWorkflowApi: false,
      runsCodegenWorker: true,
      runsSandboxWorker: false,
    });
  });
});

describe('part modules in a backend', () => {
  async function checkNames(server: Parameters<typeof request>[0]) {
    const res = await request(server)
      .get(`${api}/health/details`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body.checks.map((c: { name: string }) => c.name).sort();
  }

  it('serves the workflow API and runs no worker with the workflow-api module', async () => {
    const { backend, stop } = await startPortalTestBackend([
      quantumlayerWorkflowApiModule,
    ]);
    try {
      const prompts = await request(backend.server)
        .get(`${api}/v1/prompts?agent=coder&language=go`)
        .set('Authorization', user);
      expect(prompts.status).toBe(200);
      expect(await checkNames(backend.server)).toEqual([
        'database',
        'llmRouter',
        'temporal',
        'vectorStore',
      ]);
    } finally {
      await stop();
    }
  });

  it('runs the sandbox worker and serves no workflow API with the sandbox-worker module', async () => {
    const { backend, stop } = await startPortalTestBackend([
      quantumlayerSandboxWorkerModule,
    ]);
    try {
      const prompts = await request(backend.server)
        .get(`${api}/v1/prompts?agent=coder&language=go`)
        .set('Authorization', user);
      expect(prompts.status).toBe(404);
      expect(await checkNames(backend.server)).toEqual([
        'database',
        'llmRouter',
        'sandbox',
        'vectorStore',
      ]);
    } finally {
      await stop();
    }
  });
});
