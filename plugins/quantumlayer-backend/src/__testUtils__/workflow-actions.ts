import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  quantumlayerArtifactReadPermission,
  quantumlayerWorkflowApprovePermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';
import { startActionsBackend } from '@internal/quantumlayer-test-utils';
import { quantumlayerPlugin } from '../plugin';
import { createTemporalEnv } from './temporal';
import { offlineTemplateStandIn } from './offline-template';

/** user:default/mock, of group codegen: allowed everything. */
export const mock = mockCredentials.user();
/** Refused every QuantumLayer permission. */
export const outsider = mockCredentials.user('user:default/outsider');
/** May read runs, but not their artifacts, nor cancel or approve them. */
export const reader = mockCredentials.user('user:default/reader');

export type Json = Record<string, any>;

/**
 * The plugin's actions on a test backend (startActionsBackend) over a real
 * Temporal dev server, started in `beforeAll` and stopped in `afterAll` of
 * the calling test file; the policy refuses `outsider` and `reader` as their
 * docs say. Read `env` and `ql` inside tests.
 */
export function useWorkflowActions() {
  let env: TestWorkflowEnvironment | undefined;
  let ql: Awaited<ReturnType<typeof startActionsBackend>> | undefined;

  beforeAll(async () => {
    env = await createTemporalEnv();
    ql = await startActionsBackend({
      features: [
        quantumlayerPlugin,
        quantumlayerRouterFeatures,
        offlineTemplateStandIn,
      ],
      config: {
        app: { baseUrl: 'http://portal.test' },
        quantumlayer: {
          temporal: {
            address: env.address,
            taskQueue: 'actions-test',
            uiUrl: 'http://ui.test',
          },
        },
      },
      denied: {
        'user:default/outsider': [
          quantumlayerWorkflowCreatePermission.name,
          quantumlayerWorkflowReadPermission.name,
          quantumlayerWorkflowCancelPermission.name,
          quantumlayerWorkflowApprovePermission.name,
          quantumlayerArtifactReadPermission.name,
        ],
        'user:default/reader': [
          quantumlayerArtifactReadPermission.name,
          quantumlayerWorkflowCancelPermission.name,
          quantumlayerWorkflowApprovePermission.name,
        ],
      },
    });
  });

  afterAll(async () => {
    await ql?.backend.stop();
    await env?.teardown();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the actions backend is only there inside tests');
    return value;
  };

  const invoke = async (
    name: string,
    input: Json,
    credentials: BackstageCredentials = mock,
  ) => (await started(ql).invoke(name, input, credentials)).output as Json;

  /** Invokes and returns the error it was refused with. */
  const refusal = (
    name: string,
    input: Json,
    credentials: BackstageCredentials = mock,
  ) =>
    started(ql)
      .invoke(name, input, credentials)
      .then(
        () => {
          throw new Error(`${name} was not refused`);
        },
        (error: Error) => error,
      );

  /** get-workflow until `done` holds (polls without waiting server-side). */
  async function until(workflowId: string, done: (run: Json) => boolean) {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const run = await invoke('get-workflow', { workflowId });
      if (done(run)) return run;
      if (Date.now() > deadline)
        throw new Error(`${workflowId} never got there`);
      await new Promise(r => setTimeout(r, 200));
    }
  }

  return {
    get env() {
      return started(env);
    },
    get ql() {
      return started(ql);
    },
    invoke,
    refusal,
    until,
  };
}
