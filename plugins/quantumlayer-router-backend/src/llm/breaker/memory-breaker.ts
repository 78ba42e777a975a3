import type {
  BreakerDecision,
  BreakerSettings,
  BreakerState,
  CircuitBreaker,
} from './circuit-breaker';

interface Entry {
  state: BreakerState;
  openedAt: number;
  probeAt: number;
  windowStart: number;
  calls: number;
  fails: number;
}

/** The breaker's state machine in process memory (one replica's view). */
export class MemoryBreaker implements CircuitBreaker {
  readonly scope = 'local' as const;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly settings: BreakerSettings) {}

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        state: 'closed',
        openedAt: 0,
        probeAt: 0,
        windowStart: 0,
        calls: 0,
        fails: 0,
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  async acquire(key: string, now = Date.now()): Promise<BreakerDecision> {
    const e = this.entry(key);
    const { cooldownMs } = this.settings;
    if (e.state === 'open') {
      if (now - e.openedAt < cooldownMs)
        return { allowed: false, state: 'open' };
      e.state = 'half-open';
      e.probeAt = now;
      return { allowed: true, state: 'half-open' };
    }
    if (e.state === 'half-open') {
      // A probe that never reported back must not keep the breaker shut forever.
      if (now - e.probeAt < cooldownMs)
        return { allowed: false, state: 'half-open' };
      e.probeAt = now;
      return { allowed: true, state: 'half-open' };
    }
    return { allowed: true, state: 'closed' };
  }

  async record(key: string, success: boolean, now = Date.now()) {
    const e = this.entry(key);
    const s = this.settings;
    if (e.state === 'half-open') {
      if (success) {
        this.entries.delete(key);
        return 'closed';
      }
      e.state = 'open';
      e.openedAt = now;
      return 'open';
    }
    if (e.state === 'open') return 'open';
    if (now - e.windowStart >= s.windowMs) {
      e.windowStart = now;
      e.calls = 0;
      e.fails = 0;
    }
    e.calls += 1;
    if (!success) e.fails += 1;
    if (
      !success &&
      e.calls >= s.minimumCalls &&
      e.fails / e.calls >= s.failureRate
    ) {
      Object.assign(e, { state: 'open', openedAt: now, calls: 0, fails: 0 });
      return 'open';
    }
    return 'closed';
  }

  async state(key: string, now = Date.now()): Promise<BreakerState> {
    const e = this.entries.get(key);
    if (e?.state === 'open' && now - e.openedAt >= this.settings.cooldownMs)
      return 'half-open';
    return e?.state ?? 'closed';
  }
}
