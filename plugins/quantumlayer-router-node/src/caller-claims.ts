import { createHmac, timingSafeEqual } from 'crypto';
import type { Config } from '@backstage/config';
import { z } from 'zod';

/** Who a router call is billed to, as another QuantumLayer role vouches for it. @public */
export interface CallerClaim {
  /** `user:default/jane`, or a service subject. */
  caller: string;
  /** The caller's catalog group, as the vouching role found it. */
  group?: string;
  /** Set for a workflow run's claim: the run it was issued for. */
  workflowId?: string;
}

/**
 * How long a run's claim is honoured: the longest approval wait
 * (7 days) plus a day for the stages after it.
 *
 * @public
 */
export const RUN_CLAIM_TTL_MS = 8 * 24 * 3600 * 1000;

/** How long a claim for one relayed service call is honoured. @public */
export const CALL_CLAIM_TTL_MS = 5 * 60 * 1000;

const payloadSchema = z
  .object({
    sub: z.string().min(1),
    grp: z.string().optional(),
    wf: z.string().optional(),
    exp: z.number(),
  })
  .strict();

const VERSION = 'v1';

/**
 * Signed statements of whom a router call is for, made by the role that
 * verified the caller and checked by the router role. Backstage's token
 * exchange carries a live user (on-behalf-of tokens), but a workflow's
 * calls happen long after the request that started it, on a worker that
 * holds no user credentials, and a relayed service principal becomes the
 * relaying plugin's own. So the gateway or workflow-api role that starts a
 * run signs `{caller, group, workflowId, exp}` into the run's input, the
 * worker passes it along unread, and the router bills the claim's caller.
 *
 * HMAC-SHA256 with `quantumlayer.router.claimSecret`, shared by the roles
 * that sign (gateway, workflow-api) and the router; workers only carry
 * claims. Chosen over looking the run up in Temporal from the router: no
 * Temporal access, no round trip per call, and the same check serves the
 * relayed service calls. Format: `v1.<base64url JSON>.<base64url MAC>`.
 *
 * @public
 */
export class CallerClaims {
  private readonly key: Buffer;

  constructor(secret: string, private readonly now: () => number = Date.now) {
    if (secret.length < 32) {
      throw new Error(
        'quantumlayer.router.claimSecret must be at least 32 characters; generate one with `openssl rand -base64 48`',
      );
    }
    this.key = Buffer.from(secret, 'utf8');
  }

  /** The claims of `quantumlayer.router.claimSecret`, or undefined when it is not set. */
  static fromConfig(config: Config): CallerClaims | undefined {
    const secret = config.getOptionalString('quantumlayer.router.claimSecret');
    return secret ? new CallerClaims(secret) : undefined;
  }

  /** A claim for `claim`, honoured for `ttlMs` from now. */
  sign(claim: CallerClaim, ttlMs: number): string {
    const payload = Buffer.from(
      JSON.stringify({
        sub: claim.caller,
        ...(claim.group ? { grp: claim.group } : {}),
        ...(claim.workflowId ? { wf: claim.workflowId } : {}),
        exp: this.now() + ttlMs,
      }),
    ).toString('base64url');
    return `${VERSION}.${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The claim `token` states, or why it does not count. */
  verify(
    token: string,
  ): { claim: CallerClaim } | { problem: 'malformed' | 'forged' | 'expired' } {
    const [version, payload, mac, ...rest] = token.split('.');
    if (version !== VERSION || !payload || !mac || rest.length) {
      return { problem: 'malformed' };
    }
    const expected = this.mac(payload);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { problem: 'forged' };
    }
    let parsed: z.SafeParseReturnType<unknown, z.infer<typeof payloadSchema>>;
    try {
      parsed = payloadSchema.safeParse(
        JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
      );
    } catch {
      return { problem: 'malformed' };
    }
    if (!parsed.success) return { problem: 'malformed' };
    if (parsed.data.exp <= this.now()) return { problem: 'expired' };
    return {
      claim: {
        caller: parsed.data.sub,
        group: parsed.data.grp,
        workflowId: parsed.data.wf,
      },
    };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key)
      .update(`${VERSION}.${payload}`)
      .digest();
  }
}
