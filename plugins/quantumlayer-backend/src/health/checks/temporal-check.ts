import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';
import type { GenerateWorkflowClient } from '../../workflows/client';

/** Temporal's visibility store answers a one-row list. */
export function temporalCheck(workflows: GenerateWorkflowClient): HealthCheck {
  return {
    name: 'temporal',
    async check() {
      await workflows.list({ pageSize: 1 });
      return { status: 'ok' };
    },
  };
}
