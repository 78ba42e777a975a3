import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import type { Activities } from '../workflows/activities';
import type { generateExtended } from '../workflows/workflows';
import { GenerateExtendedInput, progressQuery } from '../workflows/shared';
import { silentBundlerLogger as silent } from '../workflows/worker';
import { seedRequest } from './activities';
import { createTemporalEnv } from './temporal';

/** A generate-extended input with the seed request and `maxRepairAttempts`. */
export const input = (
  request: object = seedRequest,
  maxRepairAttempts = 2,
): GenerateExtendedInput & {
  options: GenerateExtendedInput['options'];
} => ({
  request: request as GenerateExtendedInput['request'],
  options: { maxRepairAttempts },
});

/** The messages of an error and its causes, joined: what a caller would read. */
export function causes(error: Error | undefined): string {
  const chain: string[] = [];
  for (let e: Error | undefined = error; e; e = e.cause as Error | undefined)
    chain.push(e.message);
  return chain.join(' | ');
}

/** Polls `check` every 50 ms until true, failing after 30 s. */
export async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

/**
 * A Temporal dev server and the bundled workflow code for the enclosing test
 * file (started in beforeAll, torn down in afterAll), and `run`, which runs
 * one generate-extended workflow on a fresh task queue with `activities`.
 */
export function useWorkflowHarness() {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let taskQueueSeq = 0;
  beforeAll(async () => {
    [env, workflowBundle] = await Promise.all([
      createTemporalEnv(),
      bundleWorkflowCode({
        workflowsPath: require.resolve('../workflows/workflows'),
        logger: silent,
      }),
    ]);
  });
  afterAll(() => env?.teardown());

  const harness = {
    get env() {
      return env;
    },
    get workflowBundle() {
      return workflowBundle;
    },
    nextTaskQueue: (prefix = 'test') => `${prefix}-${++taskQueueSeq}`,
    async run(
      activities: Partial<Activities>,
      args: GenerateExtendedInput,
      workflowId: string,
    ) {
      const taskQueue = harness.nextTaskQueue();
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle,
        activities,
      });
      return worker.runUntil(async () => {
        const handle = await env.client.workflow.start<typeof generateExtended>(
          'generateExtended',
          { taskQueue, workflowId, args: [args] },
        );
        let result;
        let error: WorkflowFailedError | undefined;
        try {
          result = await handle.result();
        } catch (e) {
          error = e as WorkflowFailedError;
        }
        // Queries need a worker: ask while this one still runs.
        const progress = await handle.query(progressQuery);
        return {
          result,
          error,
          handle,
          progress,
          history: await handle.fetchHistory(),
        };
      });
    },
  };
  return harness;
}
