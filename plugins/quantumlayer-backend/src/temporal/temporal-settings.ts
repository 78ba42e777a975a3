import type { Config } from '@backstage/config';

/**
 * How this backend instance takes part in Temporal. `all`: client plus both
 * workers; `worker`: both workers; `codegen-worker`: workflows and agent
 * activities only; `sandbox-worker`: only the test runner (deploy it where
 * bubblewrap may create namespaces); `client`: starts and reads runs only.
 */
export type TemporalRole =
  | 'all'
  | 'worker'
  | 'codegen-worker'
  | 'sandbox-worker'
  | 'client';

export const TEMPORAL_ROLES: TemporalRole[] = [
  'all',
  'worker',
  'codegen-worker',
  'sandbox-worker',
  'client',
];

/** Settings under `quantumlayer.temporal` and `quantumlayer.workflow`. */
export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The queue the sandbox worker polls for test runs. */
  sandboxTaskQueue: string;
  tls: boolean;
  apiKey?: string;
  uiUrl: string;
  role: TemporalRole;
  maxRepairAttempts: number;
  /** LLM spending limit of one run (tokens and/or USD); unset means unlimited. */
  budget: { maxTokens?: number; maxCostUsd?: number };
  testTimeoutMs: number;
  maxTestOutputBytes: number;
  workflowBundlePath?: string;
}

export function readTemporalSettings(config: Config): TemporalSettings {
  const t = config.getOptionalConfig('quantumlayer.temporal');
  const w = config.getOptionalConfig('quantumlayer.workflow');
  const role = (t?.getOptionalString('role') ?? 'all') as TemporalRole;
  if (!TEMPORAL_ROLES.includes(role)) {
    throw new Error(
      `quantumlayer.temporal.role "${role}" is not supported; use one of ${TEMPORAL_ROLES.join(
        ', ',
      )}`,
    );
  }
  const taskQueue = t?.getOptionalString('taskQueue') ?? 'quantumlayer-codegen';
  const budget = w?.getOptionalConfig('budget');
  return {
    address: t?.getOptionalString('address') ?? 'localhost:7233',
    namespace: t?.getOptionalString('namespace') ?? 'default',
    taskQueue,
    sandboxTaskQueue:
      t?.getOptionalString('sandboxTaskQueue') ?? `${taskQueue}-sandbox`,
    tls: t?.getOptionalBoolean('tls') ?? false,
    apiKey: t?.getOptionalString('apiKey'),
    uiUrl: (t?.getOptionalString('uiUrl') ?? 'http://localhost:8233').replace(
      /\/+$/,
      '',
    ),
    role,
    workflowBundlePath: t?.getOptionalString('workflowBundlePath'),
    maxRepairAttempts: w?.getOptionalNumber('maxRepairAttempts') ?? 2,
    budget: {
      maxTokens: budget?.getOptionalNumber('maxTokens'),
      maxCostUsd: budget?.getOptionalNumber('maxCostUsd'),
    },
    testTimeoutMs: (w?.getOptionalNumber('testTimeoutSeconds') ?? 60) * 1000,
    maxTestOutputBytes:
      w?.getOptionalNumber('maxTestOutputBytes') ?? 256 * 1024,
  };
}
