import {
  anthropicRateLimitHeaders,
  openAiDuration,
  openAiRateLimitHeaders,
} from './rate-limit-headers';

const status = {
  requests: { limit: 60, remaining: 0, resetMs: 59_400 },
  tokens: { limit: 1000, remaining: 250, resetMs: 45_000 },
};

describe('rate-limit headers', () => {
  it('writes durations as OpenAI does', () => {
    expect([20, 999.2, 1000, 1500, 59_999, 60_000, 61_500].map(openAiDuration))
      .toMatchInlineSnapshot(`
      [
        "20ms",
        "1s",
        "1s",
        "1.5s",
        "59.999s",
        "1m0s",
        "1m1.5s",
      ]
    `);
  });

  it("OpenAI's x-ratelimit-* and retry-after in whole seconds", () => {
    expect(openAiRateLimitHeaders(status, 1200)).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '59.4s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '250',
      'x-ratelimit-reset-tokens': '45s',
      'retry-after': '2',
    });
    expect(
      openAiRateLimitHeaders({ requests: status.requests }),
    ).not.toHaveProperty('retry-after');
  });

  it("Anthropic's anthropic-ratelimit-* with RFC 3339 resets", () => {
    const now = Date.parse('2026-12-07T10:00:00.000Z');
    expect(anthropicRateLimitHeaders(status, 300, now)).toEqual({
      'anthropic-ratelimit-requests-limit': '60',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-12-07T10:01:00Z',
      'anthropic-ratelimit-tokens-limit': '1000',
      'anthropic-ratelimit-tokens-remaining': '250',
      'anthropic-ratelimit-tokens-reset': '2026-12-07T10:00:45Z',
      'retry-after': '1',
    });
  });
});
