import { z } from 'zod';
import { conditionsSchema } from './kube-conditions';

/** CloudNativePG's API group and version. */
export const CNPG_GROUP = 'postgresql.cnpg.io';
export const CNPG_VERSION = 'v1';

const metadata = z.object({
  name: z.string(),
  namespace: z.string().nullish(),
});

/** A `Cluster`, limited to the fields the posture reads. */
export const cnpgClusterSchema = z.object({
  metadata,
  spec: z
    .object({
      instances: z.number().nullish(),
      /** In-tree Barman Cloud: WAL archiving and base backups to an object store. */
      backup: z
        .object({
          barmanObjectStore: z
            .object({ destinationPath: z.string().nullish() })
            .nullish(),
          retentionPolicy: z.string().nullish(),
        })
        .nullish(),
      /** CNPG-I plugins; the Barman Cloud plugin archives WAL when `isWALArchiver`. */
      plugins: z
        .array(
          z.object({
            name: z.string(),
            enabled: z.boolean().nullish(),
            isWALArchiver: z.boolean().nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
  status: z
    .object({
      /** RFC 3339 times the operator records after each backup. */
      lastSuccessfulBackup: z.string().nullish(),
      lastFailedBackup: z.string().nullish(),
      /** The earliest moment point-in-time recovery can reach. */
      firstRecoverabilityPoint: z.string().nullish(),
      /** `ContinuousArchiving` and `LastBackupSucceeded` among them. */
      conditions: conditionsSchema,
      instances: z.number().nullish(),
      readyInstances: z.number().nullish(),
      currentPrimary: z.string().nullish(),
      /** Differs from currentPrimary during a failover or switchover. */
      targetPrimary: z.string().nullish(),
      /** e.g. `Cluster in healthy state`, `Failing over`. */
      phase: z.string().nullish(),
      phaseReason: z.string().nullish(),
      currentPrimaryFailingSinceTimestamp: z.string().nullish(),
    })
    .nullish(),
});

/** A `Pooler` (PgBouncer in front of a Cluster). */
export const cnpgPoolerSchema = z.object({
  metadata,
  spec: z.object({
    cluster: z.object({ name: z.string() }),
    instances: z.number().nullish(),
    /** `rw` (default) or `ro`. */
    type: z.string().nullish(),
  }),
});

/** A `ScheduledBackup`: base backups of a Cluster on a cron schedule. */
export const cnpgScheduledBackupSchema = z.object({
  metadata,
  spec: z.object({
    cluster: z.object({ name: z.string() }),
    /** Six fields: CNPG's cron has seconds. */
    schedule: z.string(),
    suspend: z.boolean().nullish(),
    method: z.string().nullish(),
  }),
  status: z
    .object({
      lastScheduleTime: z.string().nullish(),
      nextScheduleTime: z.string().nullish(),
    })
    .nullish(),
});

export type CnpgCluster = z.infer<typeof cnpgClusterSchema>;
export type CnpgScheduledBackup = z.infer<typeof cnpgScheduledBackupSchema>;
export type CnpgPooler = z.infer<typeof cnpgPoolerSchema>;

/** The phase CloudNativePG reports when nothing is in progress. */
export const CNPG_HEALTHY_PHASE = 'Cluster in healthy state';
