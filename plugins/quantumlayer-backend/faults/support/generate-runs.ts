import { randomUUID } from 'crypto';
import type {
  WorkflowClient,
  WorkflowHandle,
  WorkflowStartOptions,
} from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { EXAMPLE_GENERATE_REQUEST as seedRequest } from '@internal/backstage-plugin-quantumlayer-common';
import { createTemporalEnv } from '../../src/__testUtils__/temporal';
import type { Activities } from '../../src/workflows/activities';
import type { generateExtended } from '../../src/workflows/workflows';
import { workflowBundleFile } from './workflow-bundle';

/** A Temporal dev server and the pre-built generate-extended bundle, made side by side. */
export async function temporalWithBundle(): Promise<{
  env: TestWorkflowEnvironment;
  bundle: string;
}> {
  const [env, bundle] = await Promise.all([
    createTemporalEnv(),
    workflowBundleFile(),
  ]);
  return { env, bundle };
}

/** An in-process worker running `bundle` with `activities` on a fresh task queue `<prefix>-<uuid>`. */
export async function bundledWorker(
  env: TestWorkflowEnvironment,
  bundle: string,
  prefix: string,
  activities: Activities,
) {
  const taskQueue = `${prefix}-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundle },
    activities,
  });
  return { worker, taskQueue };
}

/** `n` unique workflow ids `<prefix>-<i>-<uuid>`. */
export const runIds = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i}-${randomUUID()}`);

/** Start options of a generate-extended run of the seed request for project `projectName`, without repairs. */
export function generateRun(
  taskQueue: string,
  workflowId: string,
  projectName: string,
): WorkflowStartOptions<typeof generateExtended> {
  return {
    taskQueue,
    workflowId,
    args: [
      {
        request: {
          ...seedRequest,
          requirements: { project_name: projectName },
        },
        options: { maxRepairAttempts: 0 },
      },
    ],
  };
}

/** Starts one generate-extended run per id (project `projectName(i)`) and returns their handles. */
export function startGenerateRuns(
  client: WorkflowClient,
  taskQueue: string,
  ids: string[],
  projectName: (i: number) => string,
) {
  return Promise.all(
    ids.map((workflowId, i) =>
      client.start<typeof generateExtended>(
        'generateExtended',
        generateRun(taskQueue, workflowId, projectName(i)),
      ),
    ),
  );
}

type HistoryEvent = NonNullable<
  Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']
>[number];

async function eventsPerRun(
  handles: Array<Pick<WorkflowHandle, 'fetchHistory'>>,
  pick: (event: HistoryEvent) => unknown,
) {
  const histories = await Promise.all(handles.map(h => h.fetchHistory()));
  return histories.map(h => h.events!.filter(pick).length);
}

/** Per run, how many times its history says it completed (the "exactly once" check). */
export const completionsPerRun = (
  handles: Array<Pick<WorkflowHandle, 'fetchHistory'>>,
) => eventsPerRun(handles, e => e.workflowExecutionCompletedEventAttributes);

/** Per run, how many times it closed, completed or failed. */
export const closesPerRun = (
  handles: Array<Pick<WorkflowHandle, 'fetchHistory'>>,
) =>
  eventsPerRun(
    handles,
    e =>
      e.workflowExecutionCompletedEventAttributes ||
      e.workflowExecutionFailedEventAttributes,
  );
