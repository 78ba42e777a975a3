import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  LoopbackServer,
  startLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import { API_KEY } from '../../__testUtils__/openai-provider-setup';
import { createLlmRouter, LlmRouterRuntime } from '../create-llm-router';
import textAnswer from '../providers/openai/__fixtures__/openai-text.json';

const CALLS = 400;
/**
 * Allowed distance of each upstream's share from its configured share. The
 * counts are binomial; at n = 400 one standard deviation of the share is
 * 0.015 (p = 0.1), 0.023 (p = 0.3), 0.025 (p = 0.5) and 0.0245 (p = 0.6),
 * so 0.08 is at least 3.2 of them: both tests together fail by chance about
 * 3 times in 1000 runs, while a strategy that ignored the weights (1/3
 * each) misses by 0.27.
 */
const TOLERANCE = 0.08;

const servers: LoopbackServer[] = [];
const runtimes: LlmRouterRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map(r => r.stop()));
  await Promise.all(servers.splice(0).map(s => s.close()));
});

/**
 * A router built from config, as the backend builds it, over `openai`
 * providers (the official SDK) on loopback servers, with the cache off so
 * that every call reaches an upstream.
 */
async function weightedRouter(weights: Record<string, number | undefined>) {
  const upstreams: Record<string, LoopbackServer> = {};
  for (const id of Object.keys(weights)) {
    upstreams[id] = await startLoopbackServer({
      type: 'json',
      body: textAnswer,
    });
    servers.push(upstreams[id]);
  }
  const runtime = await createLlmRouter({
    config: new ConfigReader({
      quantumlayer: {
        llm: {
          providers: Object.entries(upstreams).map(([id, server]) => ({
            type: 'openai',
            id,
            apiKey: API_KEY,
            baseUrl: `${server.url}/v1`,
            models: ['m1'],
          })),
        },
        router: {
          cache: { enabled: false },
          models: [
            {
              alias: 'spread',
              strategy: 'weighted',
              targets: Object.entries(weights).map(([provider, weight]) => ({
                provider,
                model: 'm1',
                ...(weight === undefined ? {} : { weight }),
              })),
            },
          ],
        },
      },
    }),
    logger: mockServices.logger.mock(),
    env: { NODE_ENV: 'test' },
  });
  runtimes.push(runtime);
  return { router: runtime.router, upstreams };
}

describe('weighted routing', () => {
  it('spreads calls over the upstreams in proportion to the configured weights', async () => {
    const weights = { a: 6, b: 3, c: 1, off: 0 };
    const { router, upstreams } = await weightedRouter(weights);
    const answeredBy: Record<string, number> = {};

    for (let i = 0; i < CALLS; i++) {
      const result = await router.complete({
        model: 'spread',
        messages: [{ role: 'user', content: `call ${i}` }],
      });
      expect(result.text).toBe(textAnswer.choices[0].message.content);
      answeredBy[result.route.provider] =
        (answeredBy[result.route.provider] ?? 0) + 1;
    }

    // What each server actually received over the wire.
    const received = Object.fromEntries(
      Object.entries(upstreams).map(([id, s]) => [id, s.calls.length]),
    );
    // Every call took one request to one upstream: no fallbacks, no retries.
    expect(received.a + received.b + received.c).toBe(CALLS);
    expect(received).toEqual({ ...answeredBy, off: 0 });
    const total = 6 + 3 + 1;
    for (const id of ['a', 'b', 'c'] as const) {
      const share = received[id] / CALLS;
      expect(Math.abs(share - weights[id] / total)).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
    // Each request reached the SDK's chat-completions endpoint with the target's model.
    expect(
      new Set(
        Object.values(upstreams).flatMap(s =>
          s.calls.map(c => `${c.method} ${c.path} ${c.body.model}`),
        ),
      ),
    ).toEqual(new Set(['POST /v1/chat/completions m1']));
    // Printed so a reader of the run can see the figures behind the tolerance.
    // eslint-disable-next-line no-console
    console.log(
      `weighted 6:3:1:0 over ${CALLS} calls: ${JSON.stringify(received)}`,
    );
  });

  it('splits evenly when no target sets a weight (the default is 1)', async () => {
    const { router, upstreams } = await weightedRouter({
      a: undefined,
      b: undefined,
    });

    for (let i = 0; i < CALLS; i++) {
      await router.complete({
        model: 'spread',
        messages: [{ role: 'user', content: `call ${i}` }],
      });
    }

    const a = upstreams.a.calls.length;
    const b = upstreams.b.calls.length;
    expect(a + b).toBe(CALLS);
    // p = 0.5: one standard deviation is 0.025 of the calls.
    expect(Math.abs(a / CALLS - 0.5)).toBeLessThanOrEqual(TOLERANCE);
    // eslint-disable-next-line no-console
    console.log(`weighted 1:1 over ${CALLS} calls: a=${a} b=${b}`);
  });
});
