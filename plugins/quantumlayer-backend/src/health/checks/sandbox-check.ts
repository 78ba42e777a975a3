import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';
import type { Sandbox } from '../../sandbox/sandbox';

/**
 * Whether generated tests run isolated here: ok when bubblewrap works;
 * without it, down when `requireIsolation` (tests do not run) and degraded
 * otherwise (they run unisolated). Reads the sandbox's probe, which is
 * re-run when stale, so a fixed or broken host shows up on its own.
 */
export function sandboxCheck(sandbox: Sandbox): HealthCheck {
  return {
    name: 'sandbox',
    // A stale probe starts bubblewrap (at most 10 s).
    timeoutMs: 12_000,
    async check() {
      const probe = await sandbox.status();
      const details = {
        isolated: probe.available,
        requireIsolation: sandbox.requireIsolation,
        bwrap: sandbox.bwrapPath,
        probedAt: new Date(probe.checkedAt).toISOString(),
        ...(probe.error ? { error: probe.error } : {}),
      };
      if (probe.available) {
        return {
          status: 'ok',
          detail: `bubblewrap isolates generated tests (requireIsolation: ${sandbox.requireIsolation})`,
          details,
        };
      }
      return sandbox.requireIsolation
        ? {
            status: 'down',
            detail: `bubblewrap is unavailable (${probe.error}); quantumlayer.sandbox.requireIsolation is true, so generated tests do not run`,
            details,
          }
        : {
            status: 'degraded',
            detail: `bubblewrap is unavailable (${probe.error}); generated tests run WITHOUT isolation (rlimits only) because quantumlayer.sandbox.requireIsolation is false`,
            details,
          };
    },
  };
}
