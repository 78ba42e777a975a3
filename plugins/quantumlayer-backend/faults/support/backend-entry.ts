/* eslint-disable no-console */
// A Backstage backend as its own OS process for the backend-restart case: the
// real scaffolder (tasks in PostgreSQL, task recovery on) with the
// quantumlayer:generate action, the quantumlayer plugin (REST API,
// in-process Temporal worker) and the LLM router plugin. The catalog is an in-memory one holding the
// template (QL_FAULTS_TEMPLATE, JSON), so no catalog processing is needed.
//   node --require @backstage/cli/config/nodeTransform.cjs backend-entry.ts --config app-config.yaml
import { createBackend } from '@backstage/backend-defaults';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

const backend = createBackend();
backend.add(
  catalogServiceMock.factory({
    entities: [JSON.parse(process.env.QL_FAULTS_TEMPLATE!)],
  }),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@internal/backstage-plugin-scaffolder-backend-module-quantumlayer'),
);
backend.add(import('../../src'));
backend.add(import('@internal/backstage-plugin-quantumlayer-router-backend'));
backend.start().then(
  () => console.log(`BACKEND READY pid ${process.pid}`),
  error => {
    console.error(error);
    process.exit(1);
  },
);
