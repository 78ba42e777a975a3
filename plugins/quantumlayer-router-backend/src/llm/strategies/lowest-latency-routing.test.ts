import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DelayingProxy,
  startDelayingProxy,
  LoopbackServer,
  startLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import { API_KEY } from '../../__testUtils__/openai-provider-setup';
import { createLlmRouter, LlmRouterRuntime } from '../create-llm-router';
import type { LlmRouter } from '../llm-router';
import textAnswer from '../providers/openai/__fixtures__/openai-text.json';

/**
 * Added on the wire to the slow upstream: well above what a loaded machine
 * adds to a loopback call, since one slow first sample of `a` would keep it
 * out until that sample ages out (LATENCY_SAMPLE_MAX_AGE_MS, a minute).
 */
const SLOW_MS = 100;
/** Added to `a` once it has become the preferred upstream. */
const SLOWER_MS = 200;
/** Calls counted after each phase has settled. */
const WINDOW = 20;
/**
 * Upper bound on calls for the router to move off `a` once it slows down:
 * `a`'s mean passes `b`'s once about half of its 50-sample window holds slow
 * samples (~SLOW_MS / SLOWER_MS of the window), i.e. after some 25 calls.
 */
const MOVE_WITHIN = 60;

const closers: Array<{ close(): Promise<void> }> = [];
const runtimes: LlmRouterRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map(r => r.stop()));
  await Promise.all(closers.splice(0).map(s => s.close()));
});

/**
 * Two `openai` providers (the official SDK) built from config, each reaching
 * its loopback server through a proxy that can delay it, behind one
 * lowest-latency alias; the cache is off so every call goes upstream.
 */
async function lowestLatencyRouter() {
  const upstreams: Record<'a' | 'b', LoopbackServer> = {
    a: await startLoopbackServer({ type: 'json', body: textAnswer }),
    b: await startLoopbackServer({ type: 'json', body: textAnswer }),
  };
  closers.push(upstreams.a, upstreams.b);
  const proxies: Record<'a' | 'b', DelayingProxy> = {
    a: await startDelayingProxy(upstreams.a.url, 0),
    b: await startDelayingProxy(upstreams.b.url, SLOW_MS),
  };
  closers.push(proxies.a, proxies.b);
  const runtime = await createLlmRouter({
    config: new ConfigReader({
      quantumlayer: {
        llm: {
          providers: (['a', 'b'] as const).map(id => ({
            type: 'openai',
            id,
            apiKey: API_KEY,
            baseUrl: `${proxies[id].url}/v1`,
            models: ['m1', 'warm-up'],
          })),
        },
        router: {
          cache: { enabled: false },
          models: [
            {
              alias: 'fast',
              strategy: 'lowest-latency',
              targets: [
                { provider: 'a', model: 'm1' },
                { provider: 'b', model: 'm1' },
              ],
            },
          ],
        },
      },
    }),
    logger: mockServices.logger.mock(),
    env: { NODE_ENV: 'test' },
  });
  runtimes.push(runtime);
  return { router: runtime.router, upstreams, proxies };
}

/** Runs `n` calls one after the other; returns what each upstream received meanwhile. */
async function callsReceived(
  router: LlmRouter,
  upstreams: Record<'a' | 'b', LoopbackServer>,
  n: number,
) {
  const before = {
    a: upstreams.a.calls.length,
    b: upstreams.b.calls.length,
  };
  for (let i = 0; i < n; i++) {
    const result = await router.complete({
      model: 'fast',
      messages: [{ role: 'user', content: `call ${i}` }],
    });
    expect(result.text).toBe(textAnswer.choices[0].message.content);
  }
  return {
    a: upstreams.a.calls.length - before.a,
    b: upstreams.b.calls.length - before.b,
  };
}

describe('lowest-latency routing', () => {
  // About 80 calls at 100 or 200 ms each.
  jest.setTimeout(60_000);

  it('measures both upstreams, prefers the faster, and follows when it slows down', async () => {
    const { router, upstreams, proxies } = await lowestLatencyRouter();
    // One call per provider on another model (its own latency window) loads
    // the SDK path and opens the connections, so the first sample of `m1`
    // is not a cold start. The strategy re-measures a target it has stopped
    // choosing only once its samples age out (a minute), so a cold first
    // sample of `a` above `b`'s would keep `a` out for this test (seen:
    // 44.8 ms cold against 34.5 ms with b 40 ms slower).
    for (const id of ['a', 'b']) {
      await router.complete({
        model: `${id}/warm-up`,
        messages: [{ role: 'user', content: 'warm up' }],
      });
    }
    expect(upstreams.a.calls.length + upstreams.b.calls.length).toBe(2);

    // Unmeasured targets go first, so the first two calls measure a, then b.
    const first = await callsReceived(router, upstreams, 2);
    expect(first).toEqual({ a: 1, b: 1 });

    // Warm-up, then a window in which all traffic goes to the faster a.
    const warmUp = await callsReceived(router, upstreams, WINDOW);
    const settledOnA = await callsReceived(router, upstreams, WINDOW);
    expect(settledOnA).toEqual({ a: WINDOW, b: 0 });

    // a slows down; as its window fills with slow samples, traffic moves to b.
    proxies.a.delayMs = SLOWER_MS;
    let moving = { a: 0, b: 0 };
    for (let i = 0; i < MOVE_WITHIN && moving.b === 0; i++) {
      const step = await callsReceived(router, upstreams, 1);
      moving = { a: moving.a + step.a, b: moving.b + step.b };
    }
    expect(moving.b).toBe(1);
    // Right after the move `a`'s mean is only just above `b`'s, and `b`'s
    // own jitter can send a call or two back to `a` (each one pushes `a`'s
    // mean further up, about 4 ms a call). So: a window to settle, then the
    // window counted; the margins allow for a loaded machine's jitter.
    const settling = await callsReceived(router, upstreams, WINDOW);
    expect(settling.b).toBeGreaterThanOrEqual(WINDOW / 2);
    const settledOnB = await callsReceived(router, upstreams, WINDOW);
    expect(settledOnB.b).toBeGreaterThanOrEqual(WINDOW - 4);

    // The router's own view agrees with the routing it did.
    const targets = (await router.status()).providers.flatMap(p =>
      p.targets.map(t => ({ provider: p.id, ...t })),
    );
    const mean = (id: string) =>
      targets.find(t => t.provider === id)!.meanLatencyMs!;
    expect(mean('a')).toBeGreaterThan(mean('b'));
    // eslint-disable-next-line no-console
    console.log(
      `lowest-latency: first ${JSON.stringify(first)}, warm-up ${JSON.stringify(
        warmUp,
      )}, settled ${JSON.stringify(settledOnA)}; after slowing a: moved after ${
        moving.a
      } more calls to a, settling ${JSON.stringify(
        settling,
      )}, then ${JSON.stringify(settledOnB)}`,
    );
  });
});
