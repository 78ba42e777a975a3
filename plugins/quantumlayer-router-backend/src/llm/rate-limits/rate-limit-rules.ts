import type { Config } from '@backstage/config';

/** One configured rate limit: requests and/or tokens per minute for one owner. */
export interface RateLimitRule {
  /** `user:default/jane`, `group:default/team-a`, or a service subject such as `external:ci-bot`. */
  owner: string;
  /** Requests per minute. */
  rpm?: number;
  /** Tokens (prompt + completion) per minute. */
  tpm?: number;
}

/** The window every limit is spread over. */
export const RATE_WINDOW_MS = 60_000;

/** Entity refs of users and groups, or a service principal's subject. */
export const RATE_LIMIT_OWNER =
  /^(?:(?:group|user):[^/\s]+\/\S+|(?:external|plugin):\S+)$/;

export function readRateLimitRules(config: Config): RateLimitRule[] {
  const entries = config.getOptionalConfigArray(
    'quantumlayer.router.rateLimits',
  );
  return (entries ?? []).map((entry, i) => {
    const at = `quantumlayer.router.rateLimits[${i}]`;
    const owner = entry.getString('owner');
    if (!RATE_LIMIT_OWNER.test(owner)) {
      throw new Error(
        `${at}.owner "${owner}" must be an entity ref like group:default/team-a or user:default/jane, or a service subject like external:ci-bot`,
      );
    }
    const rule: RateLimitRule = { owner };
    for (const unit of ['rpm', 'tpm'] as const) {
      const value = entry.getOptionalNumber(unit);
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(
          `${at}.${unit} ${value} must be a whole number, 1 or more`,
        );
      }
      rule[unit] = value;
    }
    if (rule.rpm === undefined && rule.tpm === undefined) {
      throw new Error(`${at} needs rpm or tpm (or both)`);
    }
    return rule;
  });
}

/** One limit a call is checked against, built once per rule set. */
export interface RateLimit {
  rule: RateLimitRule;
  unit: 'requests' | 'tokens';
  /** Storage key without prefix. */
  key: string;
  limit: number;
  /** Window share of one request or token, in ms (GCRA's emission interval). */
  intervalMs: number;
}

const NONE: RateLimit[] = [];

/**
 * The limits of a rule set, by owner, so finding a caller's limits costs two
 * map lookups and allocates nothing when no rule names them.
 */
export class RateLimitTable {
  private readonly byOwner = new Map<string, RateLimit[]>();

  constructor(readonly rules: readonly RateLimitRule[]) {
    for (const rule of rules) {
      const list = this.byOwner.get(rule.owner) ?? [];
      list.push(...limitsOf(rule));
      this.byOwner.set(rule.owner, list);
    }
  }

  /** The limits of the caller's own rules and their group's (same matching as budgets). */
  limitsFor(who: { caller?: string; group?: string }): RateLimit[] {
    const own = who.caller ? this.byOwner.get(who.caller) : undefined;
    const group =
      who.group && who.group !== who.caller
        ? this.byOwner.get(who.group)
        : undefined;
    if (own && group) return [...own, ...group];
    return own ?? group ?? NONE;
  }
}

/** The limits one rule sets: requests, then tokens, as far as it sets them. */
export function limitsOf(rule: RateLimitRule): RateLimit[] {
  const limits: RateLimit[] = [];
  if (rule.rpm !== undefined) limits.push(limitOf(rule, 'requests', rule.rpm));
  if (rule.tpm !== undefined) limits.push(limitOf(rule, 'tokens', rule.tpm));
  return limits;
}

function limitOf(
  rule: RateLimitRule,
  unit: RateLimit['unit'],
  limit: number,
): RateLimit {
  return {
    rule,
    unit,
    key: `rate:${rule.owner}:${unit === 'requests' ? 'rpm' : 'tpm'}`,
    limit,
    intervalMs: RATE_WINDOW_MS / limit,
  };
}
