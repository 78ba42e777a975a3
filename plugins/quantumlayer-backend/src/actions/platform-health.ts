import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  requireCaller,
  describingIssues,
} from '@internal/backstage-plugin-quantumlayer-node';
import type { QuantumlayerActionsContext } from './action-context';

/** `platform-health`: the health checks' summary, as `GET /health/details` reports it. */
export function registerPlatformHealthAction(
  registry: ActionsRegistryService,
  ctx: QuantumlayerActionsContext,
) {
  registry.register({
    name: 'platform-health',
    title: 'QuantumLayer platform health',
    description: `Reports whether QuantumLayer can serve: an overall status (ok, degraded, down), whether it is ready (no critical check down) with the failing critical checks, and every health check (database, Temporal, vector store, LLM router, test sandbox and any added ones) with status, latency, message and when it last changed. Results are at most a few seconds old.
Use it before starting work, or when generate-code, get-workflow or chat-completion fail unexpectedly, to tell a platform outage from a problem with your request. Needs a signed-in user or service identity.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => describingIssues('platform-health', z.object({}).strict()),
      output: z => {
        const status = z.enum(['ok', 'degraded', 'down']);
        return z.object({
          status,
          ready: z.boolean(),
          failing: z
            .array(z.string())
            .describe('Critical checks that are down, with their messages'),
          checkedAt: z.string(),
          checks: z.array(
            z.object({
              name: z.string(),
              status,
              critical: z.boolean(),
              latencyMs: z.number(),
              message: z.string().optional(),
              lastChange: z.string(),
            }),
          ),
        });
      },
    },
    action: async ({ credentials }) => {
      requireCaller(credentials);
      const report = await ctx.health.details();
      const { ready, failing } = await ctx.health.ready();
      return {
        output: {
          status: report.status,
          ready,
          failing,
          checkedAt: report.checkedAt,
          checks: report.checks.map(c => ({
            name: c.name,
            status: c.status,
            critical: c.critical,
            latencyMs: c.latencyMs,
            ...(c.message ? { message: c.message } : {}),
            lastChange: c.lastChange,
          })),
        },
      };
    },
  });
}
