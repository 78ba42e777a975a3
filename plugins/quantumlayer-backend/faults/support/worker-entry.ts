/* eslint-disable no-console */
// A generate-extended worker as its own OS process, for the worker-kill case:
//   node --require @backstage/cli/config/nodeTransform.cjs worker-entry.ts
// Env: QL_FAULTS_TEMPORAL (host:port), QL_FAULTS_DB (PostgreSQL connection as
// JSON), QL_FAULTS_TASK_QUEUE, QL_FAULTS_BUNDLE (pre-built workflow bundle),
// QL_FAULTS_HANG_AFTER_STORE=1 to write the artifact and then hang inside
// packageAndStore until killed. Prints READY, then STORED <workflowId> per write.
import { NativeConnection, Worker } from '@temporalio/worker';
import { realActivities } from '../../src/__testUtils__/activities';
import { pgKnex, PgConnection } from './databases';

async function main() {
  const knex = pgKnex(JSON.parse(process.env.QL_FAULTS_DB!) as PgConnection);
  const { activities } = await realActivities(knex);
  const hang = process.env.QL_FAULTS_HANG_AFTER_STORE === '1';
  const connection = await NativeConnection.connect({
    address: process.env.QL_FAULTS_TEMPORAL!,
  });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.QL_FAULTS_TASK_QUEUE!,
    workflowBundle: { codePath: process.env.QL_FAULTS_BUNDLE! },
    activities: {
      ...activities,
      packageAndStore: async (
        input: Parameters<typeof activities.packageAndStore>[0],
      ) => {
        const stored = await activities.packageAndStore(input);
        console.log(`STORED ${input.workflowId} ${stored.artifactId}`);
        if (hang) await new Promise(() => undefined);
        return stored;
      },
    },
  });
  console.log(`READY pid ${process.pid}`);
  await worker.run();
  await connection.close();
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
