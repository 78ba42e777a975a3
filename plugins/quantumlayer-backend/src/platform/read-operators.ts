import {
  CERT_MANAGER_GROUP,
  CERT_MANAGER_VERSION,
  certificateSchema,
} from './cert-manager-api';
import {
  CNPG_GROUP,
  CNPG_VERSION,
  cnpgClusterSchema,
  cnpgPoolerSchema,
  cnpgScheduledBackupSchema,
} from './cnpg-api';
import { customReader } from './read-list';
import type { ResourceReader } from './read-workloads';

const cnpg = (plural: string) => ({
  group: CNPG_GROUP,
  versions: [CNPG_VERSION],
  plural,
});

/** CloudNativePG Clusters, their Poolers and ScheduledBackups; cert-manager Certificates. */
export const OPERATOR_READERS: {
  clusters: ResourceReader<'clusters'>;
  poolers: ResourceReader<'poolers'>;
  scheduledbackups: ResourceReader<'scheduledbackups'>;
  certificates: ResourceReader<'certificates'>;
} = {
  clusters: customReader(cnpg('clusters'), cnpgClusterSchema),
  poolers: customReader(cnpg('poolers'), cnpgPoolerSchema),
  scheduledbackups: customReader(
    cnpg('scheduledbackups'),
    cnpgScheduledBackupSchema,
  ),
  certificates: customReader(
    {
      group: CERT_MANAGER_GROUP,
      versions: [CERT_MANAGER_VERSION],
      plural: 'certificates',
    },
    certificateSchema,
  ),
};
