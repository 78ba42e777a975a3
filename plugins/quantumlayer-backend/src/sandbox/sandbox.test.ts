import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import { ConfigReader } from '@backstage/config';
import { runProcess } from '../process/run-process';
import {
  runSandboxed,
  Sandbox,
  sandboxAvailable,
  SandboxUnavailableError,
} from './sandbox';

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

describe('Sandbox without bubblewrap', () => {
  const missing = '/nonexistent/ql/bwrap';
  const writeMarker = (sandbox: Sandbox) =>
    sandbox.run({
      command: 'python3',
      args: ['-c', 'open("ran.txt", "w").write("x"); print("ran")'],
      workDir,
      timeoutMs: 10_000,
    });

  it('runs nothing when isolation is required, and says why', async () => {
    const sandbox = new Sandbox({ bwrapPath: missing, requireIsolation: true });
    const run = writeMarker(sandbox);
    await expect(run).rejects.toThrow(SandboxUnavailableError);
    await expect(run).rejects.toThrow(
      'sandbox: isolation is required (quantumlayer.sandbox.requireIsolation) but bubblewrap is unavailable: /nonexistent/ql/bwrap is not an executable (ENOENT); check quantumlayer.sandbox.bwrapPath',
    );
    expect(fs.existsSync(path.join(workDir, 'ran.txt'))).toBe(false);
    expect(await sandbox.status()).toMatchObject({
      available: false,
      error: expect.stringContaining(missing),
    });
  });

  it('runs with rlimits only when isolation is explicitly not required', async () => {
    const sandbox = new Sandbox({
      bwrapPath: missing,
      requireIsolation: false,
    });
    const result = await writeMarker(sandbox);
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: 'ran\n',
      isolated: false,
    });
  });

  it('requires isolation by default in production, and reads the config keys', () => {
    const nodeEnv = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      expect(new Sandbox().requireIsolation).toBe(true);
      expect(
        Sandbox.fromConfig(
          new ConfigReader({
            quantumlayer: { sandbox: { requireIsolation: false } },
          }),
        ).requireIsolation,
      ).toBe(false);
      process.env.NODE_ENV = 'development';
      expect(new Sandbox().requireIsolation).toBe(false);
      const configured = Sandbox.fromConfig(
        new ConfigReader({
          quantumlayer: {
            sandbox: { requireIsolation: true, bwrapPath: missing },
          },
        }),
      );
      expect(configured).toMatchObject({
        requireIsolation: true,
        bwrapPath: missing,
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it('says when bwrap is not on PATH', async () => {
    const sandbox = new Sandbox({ bwrapPath: 'ql-no-such-bwrap' });
    expect((await sandbox.status()).error).toBe(
      'ql-no-such-bwrap is not on PATH; install bubblewrap (Debian: apt-get install bubblewrap) or set quantumlayer.sandbox.bwrapPath',
    );
  });
});

describeIsolated('Sandbox probe', () => {
  /** Polls `check` until it holds (or the deadline passes). */
  async function eventually(check: () => Promise<boolean>) {
    const deadline = Date.now() + 10_000;
    while (!(await check()) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 50));
    }
    return check();
  }

  it('re-probes a failure soon and keeps a success; a run that finds bwrap gone re-probes', async () => {
    const bwrap = path.join(workDir, 'bwrap');
    const sandbox = new Sandbox({
      bwrapPath: bwrap,
      requireIsolation: true,
      probeIntervals: { availableMs: 60_000, unavailableMs: 300 },
    });
    const first = await sandbox.status();
    expect(first.available).toBe(false);

    // Installed: the cached failure stands until its interval ends.
    fs.symlinkSync('/usr/bin/bwrap', bwrap);
    expect(await sandbox.status()).toBe(first);
    expect(
      await eventually(async () => (await sandbox.status()).available),
    ).toBe(true);
    const ok = await sandbox.status();
    expect(ok.checkedAt).toBeGreaterThan(first.checkedAt);
    const ran = await sandbox.run({
      command: 'python3',
      args: ['-c', 'print("isolated")'],
      workDir,
      timeoutMs: 10_000,
    });
    expect(ran).toMatchObject({ stdout: 'isolated\n', isolated: true });

    // Removed: the success is kept (no probe per run) until a run fails...
    fs.rmSync(bwrap);
    expect(await sandbox.status()).toBe(ok);
    await expect(
      sandbox.run({ command: 'true', args: [], workDir, timeoutMs: 10_000 }),
    ).rejects.toThrow('is not an executable');
    // ...which makes the next one probe again, and refuse.
    await expect(
      sandbox.run({ command: 'true', args: [], workDir, timeoutMs: 10_000 }),
    ).rejects.toThrow(SandboxUnavailableError);
    expect((await sandbox.status()).available).toBe(false);
  });
});
