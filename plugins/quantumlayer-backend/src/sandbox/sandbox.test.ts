import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import { runProcess } from './run-process';
import { runSandboxed, sandboxAvailable } from './sandbox';

jest.setTimeout(60_000);

// CI installs bubblewrap (scripts/ensure-sandbox.sh); elsewhere these tests
// need it too, and say so instead of passing on the fallback.
const hasBwrap = fs.existsSync('/usr/bin/bwrap');
const describeIsolated = hasBwrap ? describe : describe.skip;

let workDir: string;
beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-sandbox-'));
});
afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

const python = (
  code: string,
  extra: Partial<Parameters<typeof runSandboxed>[0]> = {},
) =>
  runSandboxed({
    command: 'python3',
    args: ['-c', code],
    workDir,
    timeoutMs: 10_000,
    ...extra,
  });

describe('runSandboxed', () => {
  it('runs isolated wherever bubblewrap is installed (always in CI)', async () => {
    expect(hasBwrap || !process.env.CI).toBe(true);
    expect(await sandboxAvailable()).toBe(hasBwrap);
    const result = await python('print("hello")');
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: 'hello\n',
      isolated: hasBwrap,
    });
  });

  describeIsolated('inside bubblewrap', () => {
    it('lets code write its work dir only: the system is read-only and /tmp private', async () => {
      const result = await python(
        [
          'import os',
          'open("out.txt", "w").write("kept")',
          'open("/tmp/private.txt", "w").write("gone")',
          'for target in ["/etc/ql-escape", os.path.expanduser("~root/ql-escape"), "/usr/ql-escape"]:',
          '    try:',
          '        open(target, "w").write("x")',
          '        print("WROTE", target)',
          '    except OSError as e:',
          '        print("refused", e.strerror)',
        ].join('\n'),
      );
      expect(result.exitCode).toBe(0);
      expect(result.stdout).not.toContain('WROTE');
      expect(result.stdout.match(/refused/g)).toHaveLength(3);
      expect(fs.readFileSync(path.join(workDir, 'out.txt'), 'utf8')).toBe(
        'kept',
      );
      expect(fs.existsSync('/etc/ql-escape')).toBe(false);
      expect(fs.existsSync('/tmp/private.txt')).toBe(false);
    });

    it('has no network: a server on the host loopback never sees a connection', async () => {
      let connections = 0;
      const server = net.createServer(socket => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
      const port = (server.address() as AddressInfo).port;
      try {
        const result = await python(
          [
            'import socket',
            'try:',
            `    socket.create_connection(("127.0.0.1", ${port}), timeout=2)`,
            '    print("CONNECTED")',
            'except OSError as e:',
            '    print("blocked", type(e).__name__)',
          ].join('\n'),
        );
        expect(result.stdout).toMatch(/^blocked/);
        expect(connections).toBe(0);
      } finally {
        server.close();
      }
    });

    it('contains a fork bomb with the process limit and kills it at the deadline', async () => {
      const result = await python(
        [
          'import os',
          'while True:',
          '    try:',
          '        os.fork()',
          '    except OSError:',
          '        pass',
        ].join('\n'),
        { timeoutMs: 1500, limits: { maxProcesses: 16 } },
      );
      expect(result.timedOut).toBe(true);
      // Nothing of it outlives the run (the kernel reaps the namespace promptly).
      const deadline = Date.now() + 10_000;
      let left = '';
      for (;;) {
        const count = await runProcess({
          command: 'pgrep',
          args: ['-u', '65534', '-c'],
          cwd: '/',
          timeoutMs: 5000,
        });
        left = count.stdout.trim();
        if (left === '0' || Date.now() > deadline) break;
        await new Promise(r => setTimeout(r, 50));
      }
      expect(left).toBe('0');
    });
  });

  it('stops an endless loop at the deadline, caps huge output and refuses huge memory', async () => {
    const loop = await python('while True: pass', { timeoutMs: 800 });
    expect(loop.timedOut).toBe(true);

    const loud = await python('import sys\nsys.stdout.write("x" * 5_000_000)', {
      maxOutputBytes: 64 * 1024,
    });
    expect(loud.truncated).toBe(true);
    expect(loud.stdout.length).toBeLessThanOrEqual(64 * 1024);

    const greedy = await python(
      'try:\n    b = bytearray(2 * 1024 ** 3)\n    print("ALLOCATED")\nexcept MemoryError:\n    print("refused")',
      { limits: { memoryBytes: 256 * 1024 * 1024 } },
    );
    expect(greedy.stdout.trim()).toBe('refused');
  });
});
