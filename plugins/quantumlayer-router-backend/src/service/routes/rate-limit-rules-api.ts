import { InputError } from '@backstage/errors';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import { z } from 'zod';
import type { RateLimitRule } from '../../llm/rate-limits/rate-limit-rules';
import { RATE_LIMIT_OWNER } from '../../llm/rate-limits/rate-limit-rules';
import type { SourcedRateLimitRule } from '../../llm/rate-limits/runtime-rate-limit-rules';

/** The period of rate limits on the budgets API: they are per minute. */
export const RATE_PERIOD = 'minute';

const perMinute = (name: string) =>
  z
    .number({ invalid_type_error: `${name} must be a number` })
    .int({ message: `${name} must be a whole number` })
    .min(1, { message: `${name} must be 1 or more` })
    .optional();

const rateOwner = z
  .string({ required_error: 'owner is required' })
  .regex(RATE_LIMIT_OWNER, {
    message:
      'owner must be an entity ref like group:default/team-a or user:default/jane, or a service subject like external:ci-bot',
  });

const rateBody = z
  .object({
    owner: rateOwner,
    period: z
      .literal(RATE_PERIOD, {
        errorMap: () => ({
          message:
            'rpm and tpm are per minute: leave period out or send "minute"',
        }),
      })
      .optional(),
    rpm: perMinute('rpm'),
    tpm: perMinute('tpm'),
  })
  .strict()
  .refine(b => b.rpm !== undefined || b.tpm !== undefined, {
    message: 'rpm or tpm (or both) is required',
    path: ['rpm'],
  });

export const rateDeleteQuery = z.object({ owner: rateOwner });

/** True when a PUT body is a rate limit (rpm, tpm or period `minute`), not a budget. */
export function isRateLimitBody(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  return 'rpm' in b || 'tpm' in b || b.period === RATE_PERIOD;
}

/** Validates a rate-limit PUT body; InputError saying what is wrong otherwise. */
export function parseRateLimitBody(body: object): RateLimitRule {
  if ('tokens' in body || 'usd' in body) {
    throw new InputError(
      'invalid rate limit: a rule is a budget (period daily or monthly, tokens and/or usd) or a rate limit (rpm and/or tpm per minute), not both; send them as two PUTs',
    );
  }
  const parsed = rateBody.safeParse(body);
  if (!parsed.success) {
    throw new InputError(`invalid rate limit: ${describeIssues(parsed.error)}`);
  }
  const { owner, rpm, tpm } = parsed.data;
  return { owner, rpm, tpm };
}

/** A rate limit as the budgets API shows it. */
export const wireRateLimit = (rule: SourcedRateLimitRule | undefined) =>
  rule
    ? {
        owner: rule.owner,
        period: RATE_PERIOD,
        rpm: rule.rpm ?? null,
        tpm: rule.tpm ?? null,
        source: rule.source,
        updated_by: rule.updatedBy ?? null,
        updated_at: rule.updatedAt ?? null,
      }
    : null;
