import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PolicyQuery } from '@backstage/plugin-permission-node';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  RESOURCE_TYPE_SCAFFOLDER_TASK,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import type { Caller } from './caller';

const allow = { result: AuthorizeResult.ALLOW } as const;
const deny = { result: AuthorizeResult.DENY } as const;

/** What only admins may do in the portal's other plugins. */
const ADMIN_ONLY = new Set<string>([
  catalogLocationDeletePermission.name,
  catalogIngestionReadPermission.name,
  catalogIngestionManagePermission.name,
  templateManagementPermission.name,
  kubernetesProxyPermission.name,
]);

/**
 * The portal's other plugins, in the upstream shape: admins may do
 * everything; everyone signed in may read the catalog, register and refresh
 * entities, run templates and read the cluster views. Deleting an entity
 * needs its ownership, scaffolder tasks are their creator's, and location
 * deletion, ingestion, template management and the Kubernetes proxy are the
 * admins'.
 */
export function portalDecision(
  request: PolicyQuery,
  caller: Caller,
): PolicyDecision {
  const { permission } = request;
  if (caller.isAdmin) return allow;
  if (ADMIN_ONLY.has(permission.name)) return deny;
  if (
    isResourcePermission(permission, 'catalog-entity') &&
    permission.name === catalogEntityDeletePermission.name
  ) {
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: caller.ownershipRefs }),
    );
  }
  if (isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
    // Reading and cancelling a task: its creator only.
    return createScaffolderTaskConditionalDecision(
      permission,
      scaffolderTaskConditions.isTaskOwner({ createdBy: [caller.userRef] }),
    );
  }
  return allow;
}
