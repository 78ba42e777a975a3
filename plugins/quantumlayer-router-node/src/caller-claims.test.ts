import { ConfigReader } from '@backstage/config';
import { CallerClaims, RUN_CLAIM_TTL_MS } from './caller-claims';

const SECRET = 'caller-claims-test-secret-with-40-characters';

describe('CallerClaims', () => {
  let now = Date.parse('2026-11-23T12:00:00Z');
  const claims = new CallerClaims(SECRET, () => now);
  const run = {
    caller: 'user:default/jane',
    group: 'group:default/team-a',
    workflowId: 'ql-order-42.0123456789abcdef',
  };

  it('verifies what it signed, until it expires', () => {
    const token = claims.sign(run, RUN_CLAIM_TTL_MS);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(claims.verify(token)).toEqual({ claim: run });
    now += RUN_CLAIM_TTL_MS;
    expect(claims.verify(token)).toEqual({ problem: 'expired' });
    now -= RUN_CLAIM_TTL_MS;
  });

  it('refuses a claim signed with another secret, or altered after signing', () => {
    const other = new CallerClaims(`${SECRET}-other`, () => now);
    expect(claims.verify(other.sign(run, 60_000))).toEqual({
      problem: 'forged',
    });
    const [version, , mac] = claims.sign(run, 60_000).split('.');
    const altered = Buffer.from(
      JSON.stringify({ sub: 'user:default/mallory', exp: now + 60_000 }),
    ).toString('base64url');
    expect(claims.verify(`${version}.${altered}.${mac}`)).toEqual({
      problem: 'forged',
    });
    expect(claims.verify('not a claim')).toEqual({ problem: 'malformed' });
    expect(claims.verify('v2.a.b')).toEqual({ problem: 'malformed' });
  });

  it('reads its secret from quantumlayer.router.claimSecret, and refuses a short one', () => {
    expect(CallerClaims.fromConfig(new ConfigReader({}))).toBeUndefined();
    const configured = CallerClaims.fromConfig(
      new ConfigReader({ quantumlayer: { router: { claimSecret: SECRET } } }),
    )!;
    expect(configured.verify(configured.sign(run, 60_000))).toEqual({
      claim: run,
    });
    expect(() => new CallerClaims('short')).toThrow(
      'quantumlayer.router.claimSecret must be at least 32 characters',
    );
  });
});
