import type { Config } from '@backstage/config';

/** How this backend instance takes part in Temporal: both roles, or one for split deployments. */
export type TemporalRole = 'all' | 'worker' | 'client';

/** Settings under `quantumlayer.temporal` and `quantumlayer.workflow`. */
export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  tls: boolean;
  apiKey?: string;
  uiUrl: string;
  role: TemporalRole;
  maxRepairAttempts: number;
  testTimeoutMs: number;
  maxTestOutputBytes: number;
  workflowBundlePath?: string;
}

export function readTemporalSettings(config: Config): TemporalSettings {
  const t = config.getOptionalConfig('quantumlayer.temporal');
  const w = config.getOptionalConfig('quantumlayer.workflow');
  const role = (t?.getOptionalString('role') ?? 'all') as TemporalRole;
  if (!['all', 'worker', 'client'].includes(role)) {
    throw new Error(
      `quantumlayer.temporal.role "${role}" is not supported; use one of all, worker, client`,
    );
  }
  return {
    address: t?.getOptionalString('address') ?? 'localhost:7233',
    namespace: t?.getOptionalString('namespace') ?? 'default',
    taskQueue: t?.getOptionalString('taskQueue') ?? 'quantumlayer-codegen',
    tls: t?.getOptionalBoolean('tls') ?? false,
    apiKey: t?.getOptionalString('apiKey'),
    uiUrl: (t?.getOptionalString('uiUrl') ?? 'http://localhost:8233').replace(
      /\/+$/,
      '',
    ),
    role,
    workflowBundlePath: t?.getOptionalString('workflowBundlePath'),
    maxRepairAttempts: w?.getOptionalNumber('maxRepairAttempts') ?? 2,
    testTimeoutMs: (w?.getOptionalNumber('testTimeoutSeconds') ?? 60) * 1000,
    maxTestOutputBytes:
      w?.getOptionalNumber('maxTestOutputBytes') ?? 256 * 1024,
  };
}
