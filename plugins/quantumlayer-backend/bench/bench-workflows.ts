// Workflows the benchmark bundles: the real one and a one-activity baseline.
import { proxyActivities } from '@temporalio/workflow';

export { generateExtended } from '../src/workflows/workflows';

const { echo } = proxyActivities<{ echo(s: string): Promise<string> }>({
  startToCloseTimeout: '1 minute',
});

/** Baseline: the cheapest workflow the same server and worker can run. */
export async function baseline(input: string): Promise<string> {
  return echo(input);
}
