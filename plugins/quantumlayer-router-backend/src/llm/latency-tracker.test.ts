import { LatencyTracker } from './latency-tracker';
import { orderByLatency } from './strategies/lowest-latency';

describe('LatencyTracker', () => {
  it('means the last `size` samples', () => {
    const tracker = new LatencyTracker(3, 60_000, () => 0);
    for (const ms of [100, 10, 20, 30]) tracker.record('a', ms);
    expect(tracker.mean('a')).toBe(20);
    expect(tracker.mean('b')).toBeUndefined();
  });

  it('forgets samples older than maxAgeMs, so a target once slow is measured again', () => {
    let now = 0;
    const tracker = new LatencyTracker(50, 60_000, () => now);
    tracker.record('fast-but-slow-once', 900);
    tracker.record('steady', 40);
    now = 30_000;
    tracker.record('steady', 40);
    const targets = [
      { provider: 'fast-but-slow-once', model: 'm', weight: 1 },
      { provider: 'steady', model: 'm', weight: 1 },
    ];
    const order = () =>
      orderByLatency(targets, t => tracker.mean(t.provider)).map(
        t => t.provider,
      );
    expect(order()).toEqual(['steady', 'fast-but-slow-once']);

    // The 900 ms sample ages out; steady keeps its fresher one.
    now = 61_000;
    expect(tracker.mean('fast-but-slow-once')).toBeUndefined();
    expect(tracker.mean('steady')).toBe(40);
    expect(order()).toEqual(['fast-but-slow-once', 'steady']);

    tracker.record('fast-but-slow-once', 12);
    expect(order()).toEqual(['fast-but-slow-once', 'steady']);
    expect(tracker.mean('fast-but-slow-once')).toBe(12);
  });
});
