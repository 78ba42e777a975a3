import { z } from 'zod';

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
    })
    .nullish(),
  status: z
    .object({
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

export type CnpgCluster = z.infer<typeof cnpgClusterSchema>;
export type CnpgPooler = z.infer<typeof cnpgPoolerSchema>;

/** The phase CloudNativePG reports when nothing is in progress. */
export const CNPG_HEALTHY_PHASE = 'Cluster in healthy state';
