import os from 'os';
import { runProcess } from './run-process';

const cwd = os.tmpdir();

describe('runProcess', () => {
  it('captures exit code and output, with a scrubbed environment', async () => {
    process.env.QL_TEST_SECRET = 'sk-do-not-leak';
    try {
      const result = await runProcess({
        command: 'sh',
        args: [
          '-c',
          'echo out; echo err >&2; echo "secret=${QL_TEST_SECRET:-unset}"; exit 3',
        ],
        cwd,
        timeoutMs: 10_000,
        env: { EXTRA: 'x' },
      });
      expect(result).toMatchObject({
        exitCode: 3,
        signal: null,
        stdout: 'out\nsecret=unset\n',
        stderr: 'err\n',
        timedOut: false,
        truncated: false,
      });
    } finally {
      delete process.env.QL_TEST_SECRET;
    }
  });

  it('kills the process group on timeout', async () => {
    const result = await runProcess({
      command: 'sh',
      args: ['-c', 'sleep 30 & sleep 30'],
      cwd,
      timeoutMs: 300,
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGKILL');
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('caps captured output', async () => {
    const result = await runProcess({
      command: 'sh',
      args: ['-c', 'head -c 100000 /dev/zero | tr "\\0" a'],
      cwd,
      timeoutMs: 10_000,
      maxOutputBytes: 1000,
    });
    expect(result.stdout).toHaveLength(1000);
    expect(result.truncated).toBe(true);
    expect(result.exitCode).toBe(0);
  });

  it('stops the command when the caller aborts', async () => {
    const controller = new AbortController();
    const running = runProcess({
      command: 'sleep',
      args: ['30'],
      cwd,
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const result = await running;
    expect(result.signal).toBe('SIGKILL');
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('rejects with a clear error for a missing command', async () => {
    await expect(
      runProcess({
        command: 'no-such-command-ql',
        args: [],
        cwd,
        timeoutMs: 1000,
      }),
    ).rejects.toThrow('no-such-command-ql');
  });
});
