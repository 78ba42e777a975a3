// Activity stubs shared by the generate-extended workflow and its repair loop.
import {
  proxyActivities,
  proxyLocalActivities,
  RetryPolicy,
} from '@temporalio/workflow';
import type { Activities } from './activities';
import { NON_RETRYABLE_ERRORS } from './shared';

const retry: RetryPolicy = {
  initialInterval: '500 milliseconds',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  maximumAttempts: 5,
  nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
};

/**
 * Short stages that only touch QuantumDrop run as local activities: same
 * retries and history markers, without a task-queue round trip each.
 */
export const quick = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry,
});

/** Agent calls: minutes long, heartbeating. */
export const long = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});

/**
 * The sandbox: tests run on their own task queue, so the sandbox worker can
 * be deployed apart from the backend (default: the workflow's queue).
 */
export const sandboxOn = (taskQueue?: string) =>
  proxyActivities<Activities>({
    ...(taskQueue ? { taskQueue } : {}),
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: '30 seconds',
    retry,
  });
