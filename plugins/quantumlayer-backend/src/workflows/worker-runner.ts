import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { TemporalSettings } from '../temporal/temporal-settings';
import type { Activities } from './activities';
import { createWorker, loadWorkflowBundle } from './worker';

/**
 * Keeps one worker running inside the backend: connects (retrying with
 * back-off while Temporal is unreachable), runs, and shuts down cleanly.
 * `kind: 'codegen'` serves the workflows and agent activities on the main
 * queue; `kind: 'sandbox'` serves only the test runner on the sandbox queue.
 */
export class WorkerRunner {
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;

  constructor(
    private readonly options: {
      settings: TemporalSettings;
      activities: Activities;
      logger: LoggerService;
      kind?: 'codegen' | 'sandbox';
    },
  ) {}

  start(): void {
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    const { settings, logger, activities } = this.options;
    const sandbox = this.options.kind === 'sandbox';
    const taskQueue = sandbox ? settings.sandboxTaskQueue : settings.taskQueue;
    let delayMs = 500;
    const workflowBundle = sandbox
      ? undefined
      : await loadWorkflowBundle(settings.workflowBundlePath);
    while (!this.stopping) {
      try {
        const { worker, connection } = await createWorker({
          settings,
          taskQueue,
          workflowBundle,
          activities: sandbox ? { runTests: activities.runTests } : activities,
          logger,
        });
        this.worker = worker;
        this.connection = connection;
        if (this.stopping) break;
        logger.info(
          `Temporal ${
            sandbox ? 'sandbox' : 'codegen'
          } worker polling ${taskQueue} on ${settings.address} (namespace ${
            settings.namespace
          })`,
        );
        await worker.run();
        return;
      } catch (error) {
        if (this.stopping) return;
        logger.warn(
          `Temporal worker could not start on ${settings.address}: ${
            (error as Error).message
          }; retrying in ${delayMs} ms`,
        );
        await this.connection?.close().catch(() => undefined);
        this.worker = undefined;
        this.connection = undefined;
        const wait = delayMs;
        await new Promise<void>(resolve => {
          this.wake = resolve;
          setTimeout(resolve, wait);
        });
        delayMs = Math.min(delayMs * 2, 30_000);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    if (this.worker && this.worker.getState() === 'RUNNING')
      this.worker.shutdown();
    await this.running?.catch(error =>
      this.options.logger.error(
        `Temporal worker stopped with an error: ${(error as Error).message}`,
      ),
    );
    await this.connection?.close().catch(() => undefined);
  }
}
