import {
  createBackendModule,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import type { TemporalRole } from '../temporal/temporal-settings';

/**
 * A part of the code-generation plugin that one deployment runs:
 * - `workflow-api`: the workflow REST API, artifacts, prompts, parser and
 *   the MCP actions, as a Temporal client;
 * - `codegen-worker`: the Temporal worker of the workflows and the agent
 *   activities;
 * - `sandbox-worker`: the Temporal worker that runs generated tests.
 *
 * @public
 */
export type QuantumlayerPart =
  | 'workflow-api'
  | 'codegen-worker'
  | 'sandbox-worker';

/**
 * Where the part modules tell the plugin what to run. A backend that adds
 * no part module runs the plugin whole.
 *
 * @public
 */
export interface QuantumlayerPartsExtensionPoint {
  addPart(part: QuantumlayerPart): void;
}

/** @public */
export const quantumlayerPartsExtensionPoint =
  createExtensionPoint<QuantumlayerPartsExtensionPoint>({
    id: 'quantumlayer.parts',
  });

function partModule(part: QuantumlayerPart) {
  return createBackendModule({
    pluginId: 'quantumlayer',
    moduleId: part,
    register(env) {
      env.registerInit({
        deps: { parts: quantumlayerPartsExtensionPoint },
        async init({ parts }) {
          parts.addPart(part);
        },
      });
    },
  });
}

/**
 * The workflow REST API (roles `gateway` and `workflow-api`).
 *
 * @public
 */
export const quantumlayerWorkflowApiModule = partModule('workflow-api');

/**
 * The code-generation Temporal worker (role `worker`).
 *
 * @public
 */
export const quantumlayerCodegenWorkerModule = partModule('codegen-worker');

/**
 * The Temporal worker that runs generated tests (role `sandbox-worker`).
 *
 * @public
 */
export const quantumlayerSandboxWorkerModule = partModule('sandbox-worker');

/** Which parts of the plugin run here. */
export interface PartPlan {
  parts: QuantumlayerPart[];
  /** Workflow REST, artifacts and prompts routes, with a Temporal client. */
  servesWorkflowApi: boolean;
  runsCodegenWorker: boolean;
  runsSandboxWorker: boolean;
}

const WORKERS_OF: Record<TemporalRole, QuantumlayerPart[]> = {
  all: ['codegen-worker', 'sandbox-worker'],
  worker: ['codegen-worker', 'sandbox-worker'],
  'codegen-worker': ['codegen-worker'],
  'sandbox-worker': ['sandbox-worker'],
  client: [],
};

/**
 * The plan for the parts the modules added. With none, the plugin runs
 * whole: the workflow API, with the workers that `quantumlayer.temporal.role`
 * names (`all` by default; `client` for none).
 */
export function planParts(
  added: QuantumlayerPart[],
  temporalRole: TemporalRole = 'all',
): PartPlan {
  const parts = added.length
    ? [...new Set(added)]
    : (['workflow-api', ...WORKERS_OF[temporalRole]] as QuantumlayerPart[]);
  return {
    parts,
    servesWorkflowApi: parts.includes('workflow-api'),
    runsCodegenWorker: parts.includes('codegen-worker'),
    runsSandboxWorker: parts.includes('sandbox-worker'),
  };
}
