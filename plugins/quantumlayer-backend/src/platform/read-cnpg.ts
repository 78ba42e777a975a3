import {
  CNPG_GROUP,
  CNPG_VERSION,
  cnpgClusterSchema,
  cnpgPoolerSchema,
} from './cnpg-api';
import { readCustomList, ReadContext } from './read-list';

/** CloudNativePG Clusters and Poolers in one namespace. */
export async function readCnpg(ctx: ReadContext, namespace: string) {
  const target = (plural: string) => ({
    group: CNPG_GROUP,
    versions: [CNPG_VERSION],
    plural,
  });
  const [clusters, poolers] = await Promise.all([
    readCustomList(ctx, target('clusters'), namespace, cnpgClusterSchema),
    readCustomList(ctx, target('poolers'), namespace, cnpgPoolerSchema),
  ]);
  return { clusters, poolers };
}
