import type { Config } from '@backstage/config';
import type { TemporalRole } from '../temporal/temporal-settings';

/**
 * What one deployment of the plugin does. One image, roles by config:
 * - `gateway`: the portal's REST surface (workflows, artifacts, health) for
 *   the frontend and the scaffolder, as a Temporal client;
 * - `workflow-api`: the same workflow REST API for API clients (edge, in the
 *   temporal namespace), as a Temporal client;
 * - `router`: the LLM router plugin (`quantumlayer-router`, its own package);
 *   the backend adds it for this role, and this plugin has no part in it;
 * - `worker`: the Temporal worker of the workflows and agent activities;
 * - `sandbox-worker`: the worker that runs generated tests.
 */
export type QuantumlayerRole =
  | 'gateway'
  | 'workflow-api'
  | 'router'
  | 'worker'
  | 'sandbox-worker';

export const QUANTUMLAYER_ROLES: QuantumlayerRole[] = [
  'gateway',
  'workflow-api',
  'router',
  'worker',
  'sandbox-worker',
];

/** Which parts of the plugin run here. */
export interface RolePlan {
  roles: QuantumlayerRole[];
  /** Workflow REST, artifacts and prompts routes, with a Temporal client. */
  servesWorkflowApi: boolean;
  runsCodegenWorker: boolean;
  runsSandboxWorker: boolean;
}

/** The plan for a set of roles. */
export function planRoles(roles: QuantumlayerRole[]): RolePlan {
  const has = (role: QuantumlayerRole) => roles.includes(role);
  return {
    roles,
    servesWorkflowApi: has('gateway') || has('workflow-api'),
    runsCodegenWorker: has('worker'),
    runsSandboxWorker: has('sandbox-worker'),
  };
}

/**
 * Reads `quantumlayer.roles` (a list, or one role as a string). Unset, the
 * plugin runs whole in one process, with the workers that
 * `quantumlayer.temporal.role` names (its pre-roles meaning).
 */
export function readRolePlan(config: Config): RolePlan {
  const value = config.getOptional('quantumlayer.roles');
  if (value === undefined) {
    return fromTemporalRole(
      (config.getOptionalString('quantumlayer.temporal.role') ??
        'all') as TemporalRole,
    );
  }
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(
      `quantumlayer.roles must be a non-empty list of ${QUANTUMLAYER_ROLES.join(
        ', ',
      )}`,
    );
  }
  for (const role of list) {
    if (!QUANTUMLAYER_ROLES.includes(role as QuantumlayerRole)) {
      throw new Error(
        `quantumlayer.roles: "${role}" is not a role; use ${QUANTUMLAYER_ROLES.join(
          ', ',
        )}`,
      );
    }
  }
  return planRoles([...new Set(list as QuantumlayerRole[])]);
}

function fromTemporalRole(role: TemporalRole): RolePlan {
  const workers: Record<TemporalRole, QuantumlayerRole[]> = {
    all: ['worker', 'sandbox-worker'],
    worker: ['worker', 'sandbox-worker'],
    'codegen-worker': ['worker'],
    'sandbox-worker': ['sandbox-worker'],
    client: [],
  };
  return planRoles(['gateway', 'workflow-api', 'router', ...workers[role]]);
}
