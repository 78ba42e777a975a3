import { ConfigReader } from '@backstage/config';
import { RateLimitTable, readRateLimitRules } from './rate-limit-rules';

/** A JSON object, as config holds it. */
type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const read = (rateLimits: JsonObject[]) =>
  readRateLimitRules(
    new ConfigReader({ quantumlayer: { router: { rateLimits } } }),
  );

describe('readRateLimitRules', () => {
  it('reads users, groups and service principals', () => {
    expect(
      read([
        { owner: 'group:default/team-a', rpm: 600, tpm: 400000 },
        { owner: 'user:default/jane', rpm: 60 },
        { owner: 'external:ci-bot', tpm: 1000 },
      ]),
    ).toEqual([
      { owner: 'group:default/team-a', rpm: 600, tpm: 400000 },
      { owner: 'user:default/jane', rpm: 60 },
      { owner: 'external:ci-bot', tpm: 1000 },
    ]);
  });

  it.each([
    [
      { owner: 'team-a', rpm: 1 },
      'quantumlayer.router.rateLimits[0].owner "team-a" must be an entity ref like group:default/team-a or user:default/jane, or a service subject like external:ci-bot',
    ],
    [
      { owner: 'user:default/jane' },
      'quantumlayer.router.rateLimits[0] needs rpm or tpm (or both)',
    ],
    [
      { owner: 'user:default/jane', rpm: 0.5 },
      'quantumlayer.router.rateLimits[0].rpm 0.5 must be a whole number, 1 or more',
    ],
  ])('refuses %j with a message saying what to fix', (entry, message) => {
    expect(() => read([entry])).toThrow(message);
  });
});

describe('RateLimitTable', () => {
  const table = new RateLimitTable([
    { owner: 'user:default/jane', rpm: 60, tpm: 1000 },
    { owner: 'group:default/team-a', rpm: 600 },
  ]);

  it("finds the caller's limits and their group's, with the window share of one unit", () => {
    expect(
      table
        .limitsFor({
          caller: 'user:default/jane',
          group: 'group:default/team-a',
        })
        .map(l => [l.key, l.limit, l.intervalMs]),
    ).toEqual([
      ['rate:user:default/jane:rpm', 60, 1000],
      ['rate:user:default/jane:tpm', 1000, 60],
      ['rate:group:default/team-a:rpm', 600, 100],
    ]);
  });

  it('finds nothing for a principal no rule names', () => {
    expect(table.limitsFor({ caller: 'user:default/sam' })).toEqual([]);
    expect(table.limitsFor({})).toEqual([]);
  });
});
