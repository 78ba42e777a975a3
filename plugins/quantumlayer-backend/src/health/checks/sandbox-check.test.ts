import fs from 'fs';
import { Sandbox } from '../../sandbox/sandbox';
import { HealthMonitor } from '@internal/backstage-plugin-quantumlayer-node';
import { sandboxCheck } from './sandbox-check';

const missing = '/nonexistent/ql/bwrap';
const check = async (sandbox: Sandbox) =>
  (await new HealthMonitor([sandboxCheck(sandbox)]).details()).checks[0];

describe('sandboxCheck', () => {
  it('is down, naming bubblewrap and requireIsolation, when required isolation is unavailable', async () => {
    const report = await check(
      new Sandbox({ bwrapPath: missing, requireIsolation: true }),
    );
    expect(report).toMatchObject({
      name: 'sandbox',
      status: 'down',
      critical: false,
      message: `bubblewrap is unavailable (${missing} is not an executable (ENOENT); check quantumlayer.sandbox.bwrapPath); quantumlayer.sandbox.requireIsolation is true, so generated tests do not run`,
      details: {
        isolated: false,
        requireIsolation: true,
        bwrap: missing,
        error: expect.stringContaining(missing),
        probedAt: expect.any(String),
      },
    });
  });

  it('is degraded when tests run unisolated by explicit choice', async () => {
    const report = await check(
      new Sandbox({ bwrapPath: missing, requireIsolation: false }),
    );
    expect(report.status).toBe('degraded');
    expect(report.message).toContain(
      'generated tests run WITHOUT isolation (rlimits only) because quantumlayer.sandbox.requireIsolation is false',
    );
  });
});

(fs.existsSync('/usr/bin/bwrap') ? describe : describe.skip)(
  'sandboxCheck with bubblewrap',
  () => {
    it('is ok where bubblewrap isolates', async () => {
      const report = await check(new Sandbox({ requireIsolation: true }));
      expect(report).toMatchObject({
        status: 'ok',
        message: 'bubblewrap isolates generated tests (requireIsolation: true)',
        details: { isolated: true, requireIsolation: true, bwrap: 'bwrap' },
      });
    });
  },
);
