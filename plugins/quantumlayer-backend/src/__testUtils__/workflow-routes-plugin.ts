import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { ArtifactStore } from '../artifacts/artifact-store';
import { GroupDirectory } from '@internal/backstage-plugin-quantumlayer-node';
import { registerWorkflowResource } from '../permissions/workflow-resource';
import { addArtifactRoutes } from '../service/routes/artifacts';
import { addWorkflowRoutes } from '../service/routes/workflows';
import { readTemporalSettings } from '../temporal/temporal-settings';
import { GenerateWorkflowClient } from '../workflows/client';
import { MIGRATIONS_DIR } from './database';

/**
 * The workflow routes as the plugin mounts them, on the Temporal server at
 * `temporalAddress`, with the run resource registered (so the permission
 * backend resolves conditional decisions here) and users' groups from the
 * catalog, and the artifact routes over the plugin database (`onStore`
 * receives its store). No worker polls `taskQueue`: started runs stay
 * running.
 */
export function workflowRoutesPlugin(
  temporalAddress: string,
  taskQueue: string,
  onStore?: (store: ArtifactStore) => void,
) {
  return createBackendPlugin({
    pluginId: 'quantumlayer',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          auditor: coreServices.auditor,
          auth: coreServices.auth,
          logger: coreServices.logger,
          database: coreServices.database,
          lifecycle: coreServices.lifecycle,
          catalog: catalogServiceRef,
        },
        async init(deps) {
          const workflows = new GenerateWorkflowClient(
            readTemporalSettings(
              new ConfigReader({
                quantumlayer: {
                  temporal: { address: temporalAddress, taskQueue },
                },
              }),
            ),
          );
          const db = await deps.database.getClient();
          await db.migrate.latest({ directory: MIGRATIONS_DIR });
          registerWorkflowResource(deps.permissionsRegistry, id =>
            workflows.ownership(id),
          );
          const store = new ArtifactStore(db);
          onStore?.(store);
          const ctx = {
            ...deps,
            workflows,
            store,
            groups: new GroupDirectory(deps),
          };
          const router = Router();
          router.use(express.json());
          addWorkflowRoutes(router, ctx);
          addArtifactRoutes(router, ctx);
          deps.httpRouter.use(router);
          deps.lifecycle.addShutdownHook(() => workflows.close());
        },
      });
    },
  });
}
