import { execFileSync } from 'child_process';
import path from 'path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WORKFLOW_SEARCH_ATTRIBUTE_KEYS } from '../workflows/shared';

/**
 * The Temporal CLI the tests run (TEMPORAL_CLI_PATH, else scripts/ensure-temporal.sh).
 *
 * @public
 */
export function temporalCliPath(): string {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const script = path.resolve(
    __dirname,
    '../../../../scripts/ensure-temporal.sh',
  );
  return execFileSync('bash', [script], { encoding: 'utf8' }).trim();
}

/**
 * A real Temporal dev server on a free loopback port, with the plugin's search attributes.
 *
 * @public
 */
export function createTemporalEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      searchAttributes: WORKFLOW_SEARCH_ATTRIBUTE_KEYS,
      extraArgs: ['--log-level', 'error'],
    },
  });
}
