import type express from 'express';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  describeIssues,
  quantumlayerLlmUsageReadPermission,
  USAGE_GROUPINGS,
  type UsageReport,
} from '@internal/backstage-plugin-quantumlayer-common';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { LlmRouterClient } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { UsageLedger } from '../../llm/usage/usage-ledger';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const usageQuery = z.object({
  groupBy: z.enum(USAGE_GROUPINGS).default('day'),
  from: day.optional(),
  to: day.optional(),
  group: z.string().optional(),
  user: z.string().optional(),
});

/**
 * `GET /v1/router/providers` (providers, models, circuit state, recent
 * health) and `GET /v1/usage` (ledger totals by group, user, model or day).
 */
export function addRouterStatusRoutes(
  router: express.Router,
  ctx: {
    router: Pick<LlmRouterClient, 'status'>;
    ledger?: UsageLedger;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
  },
) {
  router.get('/v1/router/providers', async (req, res) => {
    await ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await ctx.router.status());
  });

  router.get('/v1/usage', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const parsed = usageQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        `invalid usage query: ${describeIssues(parsed.error)}`,
      );
    }
    if (!ctx.ledger) {
      res.json({
        groupBy: parsed.data.groupBy,
        rows: [],
      } satisfies UsageReport);
      return;
    }
    await ctx.ledger.flush();
    const [decision] = await ctx.permissions.authorize(
      [{ permission: quantumlayerLlmUsageReadPermission }],
      { credentials },
    );
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    // Without the read-all permission, callers see only their own calls.
    const caller =
      decision.result === AuthorizeResult.ALLOW
        ? parsed.data.user
        : principal.userEntityRef ?? principal.subject;
    const rows = await ctx.ledger.report({
      groupBy: parsed.data.groupBy,
      from: parsed.data.from,
      to: parsed.data.to,
      group: parsed.data.group,
      caller,
    });
    res.json({ groupBy: parsed.data.groupBy, rows } satisfies UsageReport);
  });
}
