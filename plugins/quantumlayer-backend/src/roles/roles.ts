import type { Config } from '@backstage/config';
import type { QuantumlayerPart } from './parts';

/**
 * What one deployment does. One image, roles by config:
 * - `gateway`: the portal, with the workflow REST API for the frontend and
 *   the scaffolder;
 * - `workflow-api`: the same workflow REST API for API clients (edge);
 * - `router`: the LLM router plugin (`quantumlayer-router`);
 * - `worker`: the Temporal worker of the workflows and agent activities;
 * - `sandbox-worker`: the worker that runs generated tests.
 *
 * @public
 */
export type QuantumlayerRole =
  | 'gateway'
  | 'workflow-api'
  | 'router'
  | 'worker'
  | 'sandbox-worker';

/** @public */
export const QUANTUMLAYER_ROLES: ReadonlyArray<QuantumlayerRole> = [
  'gateway',
  'workflow-api',
  'router',
  'worker',
  'sandbox-worker',
];

const PARTS_OF: Record<QuantumlayerRole, QuantumlayerPart[]> = {
  gateway: ['workflow-api'],
  'workflow-api': ['workflow-api'],
  router: [],
  worker: ['codegen-worker'],
  'sandbox-worker': ['sandbox-worker'],
};

/**
 * The one reader of `quantumlayer.roles` (a list, or one role as a string):
 * the roles, validated, or undefined when unset (everything in one process).
 * The backend turns them into `backend.add()` choices.
 *
 * @public
 */
export function readQuantumlayerRoles(
  config: Config,
): QuantumlayerRole[] | undefined {
  const value = config.getOptional('quantumlayer.roles');
  if (value === undefined) return undefined;
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
  return [...new Set(list as QuantumlayerRole[])];
}

/**
 * The code-generation parts the roles run (none for `router` alone).
 *
 * @public
 */
export function partsOfRoles(
  roles: ReadonlyArray<QuantumlayerRole>,
): QuantumlayerPart[] {
  return [...new Set(roles.flatMap(role => PARTS_OF[role]))];
}
