import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  describeIssues,
  quantumlayerBudgetManagePermission,
  quantumlayerLlmUsageReadPermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { Request } from 'express';
import type Router from 'express-promise-router';
import { z } from 'zod';
import type { BudgetGuard } from '../../llm/budgets/budget-guard';
import type { RateLimiter } from '../../llm/rate-limits/rate-limiter';
import type {
  BudgetChange,
  SourcedBudgetRule,
} from '../../llm/budgets/runtime-budget-rules';
import { authorizeRequest } from '@internal/backstage-plugin-quantumlayer-node';
import {
  isRateLimitBody,
  parseRateLimitBody,
  RATE_PERIOD,
  rateDeleteQuery,
  wireRateLimit,
} from './rate-limit-rules-api';

/** What the budget routes need: the router's guard holds the rules and the counters. */
export interface BudgetRouteContext {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The signed-in user's ownership refs: whose budgets they may read. */
  userInfo: UserInfoService;
  router: { budgets?: BudgetGuard; rateLimits?: RateLimiter };
}

const OWNER = /^(group|user):[^/]+\/.+$/;
const owner = z.string({ required_error: 'owner is required' }).regex(OWNER, {
  message:
    'owner must be an entity ref like group:default/team-a or user:default/jane',
});
const period = z.enum(['daily', 'monthly'], {
  errorMap: () => ({ message: 'period must be daily or monthly' }),
});

const budgetBody = z
  .object({
    owner,
    period,
    tokens: z
      .number()
      .int({ message: 'tokens must be a whole number' })
      .min(0, { message: 'tokens must be 0 or more' })
      .optional(),
    usd: z.number().min(0, { message: 'usd must be 0 or more' }).optional(),
  })
  .strict()
  .refine(b => b.tokens !== undefined || b.usd !== undefined, {
    message: 'tokens or usd (or both) is required',
    path: ['tokens'],
  });

const deleteQuery = z.object({ owner, period });

/** A rule as the API shows it. */
const wireRule = (rule: SourcedBudgetRule | undefined) =>
  rule
    ? {
        owner: rule.owner,
        period: rule.period,
        tokens: rule.tokens ?? null,
        usd: rule.usd ?? null,
        source: rule.source,
        updated_by: rule.updatedBy ?? null,
        updated_at: rule.updatedAt ?? null,
      }
    : null;

const principalOf = (credentials: BackstageCredentials) => {
  const p = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return p.userEntityRef ?? p.subject ?? 'unknown';
};

/** Entity refs compare case-insensitively, as the catalog compares them. */
const refKey = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Runtime LLM budgets: `GET /v1/budgets` (rules in force and their use this
 * period: all of them with `quantumlayer.budget.manage` or
 * `quantumlayer.llm.usage.read`, else a signed-in user's own, i.e. those
 * whose owner is one of their ownership refs),
 * `PUT /v1/budgets` and `DELETE /v1/budgets?owner=&period=`
 * (`quantumlayer.budget.manage`, audited as `budget-change`). Rate limits
 * (requests and tokens per minute) go through the same routes with period
 * `minute`: `PUT {owner, rpm?, tpm?}`, `DELETE ?owner=&period=minute`, and
 * GET lists them among the budgets with `used: {requests, tokens}` in the
 * current minute.
 */
export function addBudgetRoutes(
  router: ReturnType<typeof Router>,
  ctx: BudgetRouteContext,
) {
  const runtime = () => {
    const guard = ctx.router.budgets;
    if (!guard?.runtime) {
      throw new ServiceUnavailableError(
        'runtime budgets need the plugin database; this replica has none',
      );
    }
    return { guard, rules: guard.runtime };
  };
  const rateRules = () => {
    const rules = ctx.router.rateLimits?.runtime;
    if (!rules) {
      throw new ServiceUnavailableError(
        'runtime rate limits need the plugin database; this replica has none',
      );
    }
    return rules;
  };

  router.get('/v1/budgets', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const decisions = await ctx.permissions.authorize(
      [
        { permission: quantumlayerBudgetManagePermission },
        { permission: quantumlayerLlmUsageReadPermission },
      ],
      { credentials },
    );
    const readsAll = decisions.some(d => d.result === AuthorizeResult.ALLOW);
    const isUser = (credentials.principal as { type: string }).type === 'user';
    if (!readsAll && !isUser) {
      throw new NotAllowedError(
        `not allowed: ${quantumlayerBudgetManagePermission.name} or ${quantumlayerLlmUsageReadPermission.name}`,
      );
    }
    // Without either permission a user sees the budgets that apply to them.
    const own = readsAll
      ? undefined
      : new Set(
          (await ctx.userInfo.getUserInfo(credentials)).ownershipEntityRefs.map(
            refKey,
          ),
        );
    const { guard, rules } = runtime();
    const now = new Date();
    const mine = (rule: { owner: string }) =>
      !own || own.has(refKey(rule.owner));
    const visible = (await rules.current()).filter(mine);
    const items = await Promise.all(
      visible.map(async rule => {
        const usage = await guard.usage(rule, now);
        return {
          ...wireRule(rule),
          period_id: usage.periodId,
          resets_at: usage.resetsAt.toISOString(),
          used: { tokens: usage.tokens ?? null, usd: usage.usd ?? null },
        };
      }),
    );
    const limiter = ctx.router.rateLimits;
    const rates = (await limiter?.runtime?.current()) ?? [];
    const rateItems = await Promise.all(
      rates.filter(mine).map(async rule => ({
        ...wireRateLimit(rule),
        used: (await limiter?.usage(rule)) ?? null,
      })),
    );
    res.json({ items: [...items, ...rateItems] });
  });

  router.put('/v1/budgets', async (req, res) => {
    const credentials = await authorizeRequest(
      ctx,
      req,
      quantumlayerBudgetManagePermission,
    );
    if (isRateLimitBody(req.body)) {
      const rule = parseRateLimitBody(req.body);
      const rules = rateRules();
      const change = await audited(
        req,
        { owner: rule.owner, period: RATE_PERIOD },
        credentials,
        () => rules.set(rule, principalOf(credentials)),
        wireRateLimit,
      );
      res.json({
        budget: wireRateLimit(change.after),
        before: wireRateLimit(change.before),
      });
      return;
    }
    const parsed = budgetBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputError(`invalid budget: ${describeIssues(parsed.error)}`);
    }
    const { rules } = runtime();
    const change = await audited(
      req,
      { owner: parsed.data.owner, period: parsed.data.period },
      credentials,
      () => rules.set(parsed.data, principalOf(credentials)),
    );
    res.json({
      budget: wireRule(change.after),
      before: wireRule(change.before),
    });
  });

  router.delete('/v1/budgets', async (req, res) => {
    const credentials = await authorizeRequest(
      ctx,
      req,
      quantumlayerBudgetManagePermission,
    );
    if (req.query.period === RATE_PERIOD) {
      const query = rateDeleteQuery.safeParse(req.query);
      if (!query.success) {
        throw new InputError(`invalid query: ${describeIssues(query.error)}`);
      }
      const rules = rateRules();
      const who = query.data.owner;
      const change = await audited(
        req,
        { owner: who, period: RATE_PERIOD },
        credentials,
        async () => {
          const removed = await rules.remove(who);
          if (!removed) {
            throw new NotFoundError(
              `no rate limit for ${who} was set through the API; configured rate limits (quantumlayer.router.rateLimits) change only in config`,
            );
          }
          return removed;
        },
        wireRateLimit,
      );
      res.json({
        budget: wireRateLimit(change.after),
        before: wireRateLimit(change.before),
      });
      return;
    }
    const parsed = deleteQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(`invalid query: ${describeIssues(parsed.error)}`);
    }
    const { rules } = runtime();
    const { owner: who, period: when } = parsed.data;
    const change = await audited(
      req,
      { owner: who, period: when },
      credentials,
      async () => {
        const removed = await rules.remove(who, when);
        if (!removed) {
          throw new NotFoundError(
            `no ${when} budget for ${who} was set through the API; configured budgets (quantumlayer.router.budgets) change only in config`,
          );
        }
        return removed;
      },
    );
    res.json({
      budget: wireRule(change.after),
      before: wireRule(change.before),
    });
  });

  /** Runs a change (budget or rate limit) as one `budget-change` audit event: owner, period, before, after and by. */
  async function audited<
    R = SourcedBudgetRule,
    C extends { before?: R; after?: R } = BudgetChange & {
      before?: R;
      after?: R;
    },
  >(
    req: Request,
    target: { owner: string; period: string },
    credentials: BackstageCredentials,
    change: () => Promise<C>,
    wire: (rule: R | undefined) => object | null = wireRule as (
      rule: R | undefined,
    ) => object | null,
  ): Promise<C> {
    const by = principalOf(credentials);
    const event = await ctx.auditor.createEvent({
      eventId: 'budget-change',
      severityLevel: 'medium',
      request: req,
      meta: { ...target, by },
    });
    try {
      const result = await change();
      await event.success({
        meta: {
          before: wire(result.before),
          after: wire(result.after),
        },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}
