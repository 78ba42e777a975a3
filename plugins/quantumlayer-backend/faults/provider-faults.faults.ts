import type { LlmStreamPart } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { LlmRouterRuntime } from '../../quantumlayer-router-backend/src/llm/create-llm-router';
import { NoTargetAvailableError } from '@internal/backstage-plugin-quantumlayer-router-node';
import { recordNumbers } from './support/fault-table';
import {
  Behaviour,
  FaultOpenAiServer,
  startFaultOpenAiServer,
} from './support/fault-openai-server';
import { ms, percentile, runLoad } from './support/load';
import { faultsRouter } from './support/router';

jest.setTimeout(120_000);

const CONCURRENCY = 16;
/** Every call must settle well within this; nothing may hang. */
const BOUND_MS = 8000;

describe('provider faults under load', () => {
  let primary: FaultOpenAiServer;
  let backup: FaultOpenAiServer;
  const runtimes: LlmRouterRuntime[] = [];

  beforeAll(async () => {
    [primary, backup] = await Promise.all([
      startFaultOpenAiServer(),
      startFaultOpenAiServer(req => ({
        kind: 'ok',
        content: `backup answer ${req.seq}`,
      })),
    ]);
  });
  afterAll(async () => {
    await Promise.all(runtimes.map(r => r.stop()));
    await Promise.all([primary?.close(), backup?.close()]);
  });

  /** A fresh router (its own breakers): `default` = primary, then backup; `solo` = primary only. */
  async function router(
    primaryBehaviour: (seq: number, stream: boolean) => Behaviour,
    timeoutMs = 400,
  ) {
    primary.behave(req => primaryBehaviour(req.seq, req.stream));
    const runtime = await faultsRouter({
      providers: [
        { id: 'primary', baseUrl: primary.baseUrl, timeoutMs },
        { id: 'backup', baseUrl: backup.baseUrl, timeoutMs: 5000 },
      ],
      router: {
        retry: {
          maxRetries: 1,
          baseDelayMs: 50,
          maxDelayMs: 2000,
          deadlineMs: 6000,
        },
        models: [
          {
            alias: 'default',
            strategy: 'priority',
            targets: [
              { provider: 'primary', model: 'm1' },
              { provider: 'backup', model: 'm1' },
            ],
          },
          {
            alias: 'solo',
            targets: [{ provider: 'primary', model: 'm1' }],
          },
        ],
      },
    });
    runtimes.push(runtime);
    return runtime.router;
  }

  const ask = (
    r: Awaited<ReturnType<typeof router>>,
    model: string,
    i: number,
  ) =>
    r.complete({
      model,
      messages: [{ role: 'user', content: `call ${i}` }],
      maxTokens: 32,
    });

  it('5xx from the primary: every call is answered by the fallback and the breaker sheds the primary', async () => {
    const r = await router(seq => ({
      kind: 'status',
      status: seq % 2 ? 500 : 503,
    }));
    const before = primary.requests.length;
    const load = await runLoad(200, CONCURRENCY, i => ask(r, 'default', i));
    const primaryCalls = primary.requests.length - before;
    const shed = load.results.filter(
      x =>
        x.ok && x.value.route.attempts.some(a => a.outcome === 'circuit-open'),
    ).length;
    const solo = await ask(r, 'solo', -1).catch(
      e => e as NoTargetAvailableError,
    );
    recordNumbers({
      calls: `200 @${CONCURRENCY}`,
      'error rate': load.errorRate,
      'answered by backup': load.results.filter(
        x => x.ok && x.value.provider === 'backup',
      ).length,
      'primary requests': primaryCalls,
      'shed by open breaker': shed,
      p99: ms(load.p99),
      'no-fallback caller gets': `${(solo as NoTargetAvailableError).status}`,
    });

    expect(load.errorRate).toBe(0);
    expect(
      load.results.every(x => x.ok && x.value.text.startsWith('backup answer')),
    ).toBe(true);
    expect(shed).toBeGreaterThan(0);
    expect(primaryCalls).toBeLessThan(200 * 2);
    expect(solo).toBeInstanceOf(NoTargetAvailableError);
    expect((solo as NoTargetAvailableError).status).toBe(503);
    expect((solo as Error).message).toBe(
      'no target of "solo" answered: primary/m1 circuit open',
    );
    expect(load.p99).toBeLessThan(BOUND_MS);
  });

  it('429 with Retry-After: retries wait at least Retry-After, and a caller without fallback gets a 429', async () => {
    // Each call's first request is refused with Retry-After: 1, its retry answered.
    const firstOfCall = new Set<string>();
    const r = await router(() => ({ kind: 'ok' }));
    primary.behave(req => {
      const key = req.messages[0].content;
      if (firstOfCall.has(key)) return { kind: 'ok' };
      firstOfCall.add(key);
      return { kind: 'status', status: 429, retryAfterSeconds: 1 };
    });
    const before = primary.requests.length;
    const load = await runLoad(48, CONCURRENCY, i =>
      ask(r, 'default', 1000 + i),
    );
    const byCall = new Map<string, number[]>();
    for (const q of primary.requests.slice(before)) {
      const key = q.messages[0].content;
      byCall.set(key, [...(byCall.get(key) ?? []), q.at]);
    }
    const gaps = [...byCall.values()]
      .filter(t => t.length > 1)
      .map(t => t[1] - t[0]);
    // Without a fallback and a vendor that keeps refusing: a 429 the caller can back off on.
    const refusing = await router(() => ({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
    }));
    const solo = await ask(refusing, 'solo', -2).catch(
      e => e as NoTargetAvailableError,
    );
    recordNumbers({
      calls: `48 @${CONCURRENCY}`,
      'error rate': load.errorRate,
      'retried on primary': gaps.length,
      'fell back': load.results.filter(
        x => x.ok && x.value.provider === 'backup',
      ).length,
      'min retry gap': ms(Math.min(...gaps)),
      'no-fallback caller gets': (solo as NoTargetAvailableError).status,
      p99: ms(load.p99),
    });

    expect(load.errorRate).toBe(0);
    expect(gaps.length).toBeGreaterThan(0);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
    expect(solo).toBeInstanceOf(NoTargetAvailableError);
    expect((solo as NoTargetAvailableError).status).toBe(429);
    expect((solo as Error).message).toMatch(
      /^no target of "solo" answered: primary\/m1 .*429/,
    );
    expect(load.p99).toBeLessThan(BOUND_MS);
  });

  it('a primary that never answers: calls time out per attempt, fall back, and nothing hangs', async () => {
    const r = await router(() => ({ kind: 'hang' }), 300);
    const load = await runLoad(64, CONCURRENCY, i =>
      ask(r, 'default', 2000 + i),
    );
    // A caller without fallback, on a fresh router (closed breaker): the timeout itself.
    const fresh = await router(() => ({ kind: 'hang' }), 300);
    const started = performance.now();
    const solo = (await ask(fresh, 'solo', -3).then(
      () => undefined,
      e => e,
    )) as Error;
    const soloMs = performance.now() - started;
    const maxMs = Math.max(...load.results.map(x => x.ms));
    recordNumbers({
      calls: `64 @${CONCURRENCY}`,
      'error rate': load.errorRate,
      'answered by backup': load.results.filter(
        x => x.ok && x.value.provider === 'backup',
      ).length,
      'max latency': ms(maxMs),
      'no-fallback caller error after': ms(soloMs),
      'no-fallback error': solo.message,
    });

    expect(load.errorRate).toBe(0);
    expect(load.results.every(x => x.ok && x.value.provider === 'backup')).toBe(
      true,
    );
    expect(maxMs).toBeLessThan(BOUND_MS);
    expect(solo).toBeInstanceOf(NoTargetAvailableError);
    expect(solo.message).toMatch(
      /^no target of "solo" answered: primary\/m1 primary did not answer before the timeout/,
    );
    expect(soloMs).toBeLessThan(BOUND_MS);
  });

  it('streams cut mid-way: cut before the first part falls back, cut after it surfaces as an error, never a clean end', async () => {
    // Odd requests are cut before any text, even ones after two words.
    const r = await router((seq, stream) =>
      stream ? { kind: 'cut', chunks: seq % 2 ? 0 : 2 } : { kind: 'ok' },
    );
    const load = await runLoad(64, CONCURRENCY, async i => {
      const s = await r.stream({
        model: 'default',
        messages: [{ role: 'user', content: `stream ${i}` }],
        maxTokens: 32,
      });
      const parts: LlmStreamPart[] = [];
      try {
        for await (const p of s.parts) parts.push(p);
      } catch (error) {
        return { provider: s.route.provider, parts, error: error as Error };
      }
      return { provider: s.route.provider, parts, error: undefined };
    });
    const values = load.results
      .filter(x => x.ok)
      .map(x => (x as { value: any }).value);
    const finished = values.filter(v => v.parts.at(-1)?.type === 'finish');
    const cutErrors = values.filter(v => v.error);
    const cleanButUnfinished = values.filter(
      v => !v.error && v.parts.at(-1)?.type !== 'finish',
    );
    recordNumbers({
      streams: `64 @${CONCURRENCY}`,
      'finished (primary or fallback)': finished.length,
      'fell back to backup': finished.filter(v => v.provider === 'backup')
        .length,
      'cut errors to caller': cutErrors.length,
      'clean ends without finish': cleanButUnfinished.length,
      'open failures': load.results.filter(x => !x.ok).length,
    });

    expect(load.results.filter(x => !x.ok)).toEqual([]);
    expect(cleanButUnfinished).toEqual([]);
    expect(finished.length + cutErrors.length).toBe(64);
    expect(finished.some(v => v.provider === 'backup')).toBe(true);
    expect(cutErrors.length).toBeGreaterThan(0);
    for (const v of cutErrors)
      expect(v.error.message).toMatch(
        /^primary stream was cut before it finished \(/,
      );
    expect(
      percentile(
        load.results.map(x => x.ms),
        99,
      ),
    ).toBeLessThan(BOUND_MS);
  });
});
