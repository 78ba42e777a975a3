import type { HealthCheck } from './health-check';
import { HealthMonitor } from './health-monitor';

function scripted(
  name: string,
  results: Array<'ok' | 'degraded' | 'down' | 'hang' | 'throw'>,
  extra: Partial<HealthCheck> = {},
) {
  let calls = 0;
  const check: HealthCheck & { calls: () => number } = {
    name,
    ...extra,
    calls: () => calls,
    async check() {
      const next = results[Math.min(calls++, results.length - 1)];
      if (next === 'hang') return new Promise(() => {});
      if (next === 'throw') throw new Error(`${name} refused the connection`);
      return { status: next, detail: `${name} ${next}` };
    },
  };
  return check;
}

describe('HealthMonitor', () => {
  it('runs checks concurrently and reports the worst status', async () => {
    const monitor = new HealthMonitor([
      scripted('a', ['ok']),
      scripted('b', ['degraded']),
    ]);
    const report = await monitor.details();
    expect(report.status).toBe('degraded');
    expect(report.checks.map(c => [c.name, c.status, c.message])).toEqual([
      ['a', 'ok', 'a ok'],
      ['b', 'degraded', 'b degraded'],
    ]);
  });

  it('turns a thrown error and a hung check into down with the reason', async () => {
    const monitor = new HealthMonitor([
      scripted('db', ['throw']),
      scripted('slow', ['hang'], { timeoutMs: 50 }),
    ]);
    const report = await monitor.details();
    expect(report.checks).toEqual([
      expect.objectContaining({
        name: 'db',
        status: 'down',
        message: 'db refused the connection',
      }),
      expect.objectContaining({
        name: 'slow',
        status: 'down',
        message: 'no answer in 50 ms',
        latencyMs: expect.any(Number),
      }),
    ]);
    expect(report.checks[1].latencyMs).toBeGreaterThanOrEqual(45);
  });

  it('shares one round among concurrent callers and within the cache window', async () => {
    const check = scripted('a', ['ok']);
    const monitor = new HealthMonitor([check], { cacheMs: 60_000 });
    const reports = await Promise.all(
      Array.from({ length: 50 }, () => monitor.details()),
    );
    await monitor.details();
    expect(check.calls()).toBe(1);
    expect(new Set(reports.map(r => r.checkedAt)).size).toBe(1);
  });

  it('keeps lastChange until the status changes', async () => {
    const check = scripted('a', ['ok', 'ok', 'down']);
    const monitor = new HealthMonitor([check], { cacheMs: 0 });
    const first = await monitor.details();
    await new Promise(r => setTimeout(r, 5));
    const second = await monitor.details();
    await new Promise(r => setTimeout(r, 5));
    const third = await monitor.details();
    expect(second.checks[0].lastChange).toBe(first.checks[0].lastChange);
    expect(third.checks[0].lastChange).toBe(third.checkedAt);
    expect(third.checks[0].lastChange).not.toBe(first.checks[0].lastChange);
  });

  it('is not ready only when a critical check is down', async () => {
    const ready = new HealthMonitor([
      scripted('db', ['ok'], { critical: true }),
      scripted('redis', ['down']),
    ]);
    expect(await ready.ready()).toEqual({ ready: true, failing: [] });
    const notReady = new HealthMonitor([
      scripted('db', ['throw'], { critical: true }),
    ]);
    expect(await notReady.ready()).toEqual({
      ready: false,
      failing: ['db: db refused the connection'],
    });
  });
});
