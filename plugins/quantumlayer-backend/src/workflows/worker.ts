import fs from 'fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  WorkflowBundleOption,
} from '@temporalio/worker';
import type { TemporalSettings } from '../temporal/temporal-settings';
import type { Activities } from './activities';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { telemetryWorkerOptions } from './worker-telemetry';

/** Where `yarn build:workflows` writes the pre-bundled workflow code. */
export const DEFAULT_WORKFLOW_BUNDLE = resolvePackagePath(
  '@internal/backstage-plugin-quantumlayer-backend',
  'dist/workflow-bundle.js',
);

/** Keeps webpack's bundling chatter out of the backend's logs. */
export const silentBundlerLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  log() {},
};

/**
 * The workflow code for workers: the pre-built bundle when present (production),
 * else a bundle of the TypeScript sources made once per process (development).
 */
export async function loadWorkflowBundle(
  bundlePath?: string,
): Promise<WorkflowBundleOption> {
  const codePath = bundlePath ?? DEFAULT_WORKFLOW_BUNDLE;
  if (fs.existsSync(codePath)) return { codePath };
  if (bundlePath) {
    throw new Error(
      `quantumlayer.temporal.workflowBundlePath ${bundlePath} does not exist`,
    );
  }
  // Resolved here, not at module load: a production build has no workflow
  // sources next to this file, only the pre-built bundle.
  return bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    // Temporal's OpenTelemetry workflow interceptors, bundled with the workflows.
    workflowInterceptorModules: [require.resolve('./workflow-interceptors')],
    logger: silentBundlerLogger,
  });
}

/**
 * Connects a worker; the caller runs and shuts it down. With a workflow
 * bundle it serves generate-extended (workflows and agent activities); without
 * one it is an activity-only worker, such as the sandbox's.
 */
export async function createWorker(options: {
  settings: TemporalSettings;
  taskQueue: string;
  activities: Partial<Activities>;
  workflowBundle?: WorkflowBundleOption;
  identity?: string;
  /** Logs each activity's outcome with its correlation ids. */
  logger?: LoggerService;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const { settings } = options;
  const connection = await NativeConnection.connect({
    address: settings.address,
    tls: settings.tls,
    apiKey: settings.apiKey,
  });
  try {
    const worker = await Worker.create({
      connection,
      namespace: settings.namespace,
      taskQueue: options.taskQueue,
      activities: options.activities,
      ...(options.identity ? { identity: options.identity } : {}),
      shutdownGraceTime: '5 seconds',
      ...telemetryWorkerOptions(options.logger),
      ...(options.workflowBundle
        ? { workflowBundle: options.workflowBundle }
        : {}),
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
