import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';
import type { TemporalSettings } from '../../temporal/temporal-settings';
import type { GenerateWorkflowClient } from '../../workflows/client';
import { GENERATE_EXTENDED_WORKFLOW } from '../../workflows/shared';

const WORKFLOW_QUEUE = 1; // TASK_QUEUE_TYPE_WORKFLOW
const ACTIVITY_QUEUE = 2; // TASK_QUEUE_TYPE_ACTIVITY
const DAY_MS = 24 * 3600 * 1000;
const NAMESPACE_STATES: Record<number, string> = {
  1: 'registered',
  2: 'deprecated',
  3: 'deleted',
};

/**
 * Temporal as the workflow needs it: the namespace answers, each of our
 * task queues has pollers (a queue without any means runs will wait), and
 * visibility counts the running runs and those failed in the last 24 hours.
 */
export function temporalCheck(
  workflows: GenerateWorkflowClient,
  settings: Pick<
    TemporalSettings,
    'namespace' | 'taskQueue' | 'sandboxTaskQueue'
  >,
): HealthCheck {
  return {
    name: 'temporal',
    critical: true,
    timeoutMs: 3_000,
    async check() {
      const client = await workflows.temporalClient();
      const service = client.workflowService;
      const { namespace } = settings;
      const described = await service.describeNamespace({ namespace });
      const queues = [
        { name: settings.taskQueue, taskQueueType: WORKFLOW_QUEUE },
        { name: settings.taskQueue, taskQueueType: ACTIVITY_QUEUE },
        { name: settings.sandboxTaskQueue, taskQueueType: ACTIVITY_QUEUE },
      ];
      const pollers = await Promise.all(
        queues.map(async q => {
          const answer = await service.describeTaskQueue({
            namespace,
            taskQueue: { name: q.name },
            taskQueueType: q.taskQueueType,
          });
          return {
            queue: q.name,
            type: q.taskQueueType === WORKFLOW_QUEUE ? 'workflow' : 'activity',
            pollers: answer.pollers?.length ?? 0,
          };
        }),
      );
      const since = new Date(Date.now() - DAY_MS).toISOString();
      const type = `WorkflowType = '${GENERATE_EXTENDED_WORKFLOW}'`;
      const [running, failed] = await Promise.all([
        client.workflow.count(`${type} AND ExecutionStatus = 'Running'`),
        client.workflow.count(
          `${type} AND ExecutionStatus = 'Failed' AND CloseTime > '${since}'`,
        ),
      ]);
      const idle = pollers.filter(p => p.pollers === 0);
      const details = {
        namespace,
        namespaceState:
          NAMESPACE_STATES[Number(described.namespaceInfo?.state)] ?? 'unknown',
        pollers,
        running: running.count,
        failedLast24h: failed.count,
      };
      const counts = `${running.count} running, ${failed.count} failed in 24 h`;
      if (idle.length > 0) {
        return {
          status: 'degraded',
          detail: `no worker polls ${idle
            .map(p => `${p.queue} (${p.type})`)
            .join(', ')}; runs will wait. ${counts}`,
          details,
        };
      }
      return {
        status: 'ok',
        detail: `namespace ${namespace}, ${counts}`,
        details,
      };
    },
  };
}
