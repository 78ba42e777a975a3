import { ChildProcess, spawn } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import {
  ATTEMPTS_FILE,
  EscapeAttempt,
  EscapeOutcome,
  GO_PROBE,
  NODE_PROBE,
  PYTHON_PROBE,
  readProbeOutput,
} from '../__testUtils__/escape-probes';
import { runProcess } from '../process/run-process';
import { runSandboxed, sandboxAvailable } from './sandbox';
import { prepareTestCommand } from './test-commands';

// The escape suite: real programs in python, node and go try to reach what
// the host holds (every Unix socket on it, loopback TCP, the checkout, the
// app-config, other processes' environments, /etc/shadow, home dirs) and
// to write outside their work dir. Every attempt must fail inside the
// sandbox; the same program run outside (the control) must succeed at the
// core ones, so a failure inside means the sandbox stopped it.
jest.setTimeout(300_000);

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const hasBwrap = fs.existsSync('/usr/bin/bwrap');
const asRoot = process.getuid?.() === 0;
const canary = `ql-escape-canary-${crypto.randomBytes(8).toString('hex')}`;
const tag = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;

const cleanup: string[] = [];
const servers: net.Server[] = [];
let abstractServer: ChildProcess | undefined;
// Abstract sockets have no file: only the network namespace hides them.
// Node pads their names to the full address length, python and go do not,
// so the server is python's and node's probe does not count on reaching it.
const abstractSocket = `@ql-escape-${tag}`;
const ABSTRACT_SERVER = [
  'import socket, sys',
  's = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
  's.bind("\\0" + sys.argv[1][1:])',
  's.listen(16)',
  'print("ready", flush=True)',
  'while True:',
  '    s.accept()[0].close()',
].join('\n');
let tcpConnections = 0;
let attempts: EscapeAttempt[] = [];
/** Targets the control must reach: otherwise the suite proves nothing. */
let mustReachOutside: string[] = [];
/** Files the attempts write on the host, checked after each run. */
let hostWrites: string[] = [];
/** Files on the host holding the canary. */
let canaryFiles: string[] = [];

function listen(server: net.Server, at: string | number): Promise<void> {
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    if (typeof at === 'number') server.listen(at, '127.0.0.1', resolve);
    else server.listen(at, resolve);
  });
}

/** Unix sockets the host kernel knows of (named and abstract). */
function hostUnixSockets(): string[] {
  return fs
    .readFileSync('/proc/net/unix', 'utf8')
    .split('\n')
    .slice(1)
    .map(line => line.trim().split(/\s+/)[7])
    .filter((p): p is string => Boolean(p));
}

beforeAll(async () => {
  const tmpSocket = path.join(os.tmpdir(), `ql-escape-${tag}.sock`);
  const checkoutSocket = path.join(REPO_ROOT, `.ql-escape-${tag}.sock`);
  for (const socketPath of [tmpSocket, checkoutSocket]) {
    cleanup.push(socketPath);
    await listen(
      net.createServer(s => s.destroy()),
      socketPath,
    );
  }
  abstractServer = spawn('python3', ['-c', ABSTRACT_SERVER, abstractSocket], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise(resolve => abstractServer!.stdout!.once('data', resolve));
  const tcp = net.createServer(s => {
    tcpConnections++;
    s.destroy();
  });
  await listen(tcp, 0);
  const tcpTarget = `127.0.0.1:${(tcp.address() as AddressInfo).port}`;

  const tmpCanary = path.join(os.tmpdir(), `ql-escape-${tag}.canary`);
  const checkoutCanary = path.join(REPO_ROOT, `.ql-escape-${tag}.canary`);
  canaryFiles = [tmpCanary, checkoutCanary];
  for (const file of canaryFiles) {
    fs.writeFileSync(file, canary);
    cleanup.push(file);
  }
  hostWrites = [
    path.join(os.tmpdir(), `ql-escape-${tag}.written`),
    path.join(REPO_ROOT, `.ql-escape-${tag}.written`),
  ];
  cleanup.push(...hostWrites);
  // The control writes these too when it runs as root.
  const systemWrites = ['/etc', '/usr', ''].map(
    dir => `${dir}/ql-escape-${tag}.written`,
  );
  cleanup.push(...systemWrites);

  const postgresSocket = '/var/run/postgresql/.s.PGSQL.5432';
  const sockets = [
    ...new Set([
      ...hostUnixSockets(),
      postgresSocket,
      '/var/run/redis/redis-server.sock',
      tmpSocket,
      checkoutSocket,
      abstractSocket,
    ]),
  ];
  attempts = [
    ...sockets.map(target => ({ kind: 'unix' as const, target })),
    ...[tcpTarget, '127.0.0.1:5432', '127.0.0.1:6379'].map(target => ({
      kind: 'tcp' as const,
      target,
    })),
    ...[
      path.join(REPO_ROOT, 'app-config.yaml'),
      path.join(REPO_ROOT, 'package.json'),
      tmpCanary,
      checkoutCanary,
      `/proc/${process.pid}/environ`,
      '/proc/1/environ',
      '/etc/shadow',
    ].map(target => ({ kind: 'read' as const, target })),
    ...[
      ...new Set([
        REPO_ROOT,
        os.homedir(),
        '/home',
        '/root',
        '/run',
        '/var/run',
      ]),
    ].map(target => ({ kind: 'list' as const, target })),
    ...[...hostWrites, ...systemWrites].map(target => ({
      kind: 'write' as const,
      target,
    })),
  ];
  mustReachOutside = [
    tmpSocket,
    checkoutSocket,
    abstractSocket,
    tcpTarget,
    path.join(REPO_ROOT, 'app-config.yaml'),
    path.join(REPO_ROOT, 'package.json'),
    tmpCanary,
    checkoutCanary,
    `/proc/${process.pid}/environ`,
    REPO_ROOT,
    ...hostWrites,
    ...(fs.existsSync(postgresSocket) ? [postgresSocket] : []),
    ...(asRoot ? ['/etc/shadow', '/root'] : []),
  ];
});

afterAll(async () => {
  abstractServer?.kill();
  await Promise.all(servers.map(s => new Promise(resolve => s.close(resolve))));
  for (const file of cleanup) fs.rmSync(file, { recursive: true, force: true });
});

/** A fresh work dir holding the probe's files and the attempts. */
function workDirWith(files: Record<string, string>, facts = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-escape-run-'));
  cleanup.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), content);
  }
  fs.writeFileSync(
    path.join(dir, ATTEMPTS_FILE),
    JSON.stringify({ canary, attempts, facts }),
  );
  return dir;
}

/** True when the outcome got something of the host. */
function escaped(o: EscapeOutcome): boolean {
  if (!o.ok) return false;
  // The sandbox has its own pid 1 (bubblewrap), started with no variables.
  if (o.target === '/proc/1/environ') return (o.bytes ?? 0) > 0;
  // A write inside may land in the private /tmp: only the host file counts.
  if (o.kind === 'write') return fs.existsSync(o.target);
  return true;
}

const languages: Array<{
  name: string;
  /** False for node: it cannot name python's abstract socket (see above). */
  reachesAbstract: boolean;
  files: Record<string, string>;
  command: (dir: string) => Promise<{
    command: string;
    args: string[];
    env?: Record<string, string>;
    goBuildCache?: boolean;
  }>;
}> = [
  {
    name: 'python',
    reachesAbstract: true,
    files: { 'probe.py': PYTHON_PROBE },
    command: async () => ({ command: 'python3', args: ['-I', 'probe.py'] }),
  },
  {
    name: 'node',
    reachesAbstract: false,
    files: { 'probe.js': NODE_PROBE },
    command: async () => ({ command: process.execPath, args: ['probe.js'] }),
  },
  {
    name: 'go',
    reachesAbstract: true,
    files: GO_PROBE,
    command: dir => prepareTestCommand('go', dir, Object.keys(GO_PROBE)),
  },
];

(hasBwrap ? describe : describe.skip)('escape suite', () => {
  it('runs isolated here', async () => {
    expect(await sandboxAvailable()).toBe(true);
  });

  describe.each(languages)('$name', ({ files, command, reachesAbstract }) => {
    it('reaches the host outside the sandbox (the control)', async () => {
      const dir = workDirWith(files);
      // As the backend's user, with its environment (Go: its own cache).
      const result = await runProcess({
        ...(await command(dir)),
        cwd: dir,
        timeoutMs: 240_000,
      });
      const { outcomes } = readProbeOutput(result.stdout);
      expect(outcomes).toHaveLength(attempts.length);
      const reached = outcomes.filter(o => o.ok).map(o => o.target);
      expect(reached).toEqual(
        expect.arrayContaining(
          mustReachOutside.filter(t => reachesAbstract || t !== abstractSocket),
        ),
      );
      expect(outcomes.filter(o => o.canary).map(o => o.target)).toEqual(
        expect.arrayContaining(canaryFiles),
      );
      for (const file of hostWrites) {
        expect(fs.readFileSync(file, 'utf8')).toBe(canary);
        fs.rmSync(file);
      }
    });

    it('reaches nothing of the host inside the sandbox', async () => {
      const dir = workDirWith(files);
      const before = tcpConnections;
      const result = await runSandboxed({
        ...(await command(dir)),
        workDir: dir,
        timeoutMs: 240_000,
      });
      expect(result).toMatchObject({ isolated: true, timedOut: false });
      const { outcomes } = readProbeOutput(result.stdout);
      expect(outcomes).toHaveLength(attempts.length);
      expect(outcomes.filter(escaped)).toEqual([]);
      expect(outcomes.filter(o => o.canary)).toEqual([]);
      expect(tcpConnections).toBe(before);
      for (const file of hostWrites) expect(fs.existsSync(file)).toBe(false);
    });
  });

  it('leaves no socket file, descriptor, variable or account of the host', async () => {
    const dir = workDirWith({ 'probe.py': PYTHON_PROBE }, true);
    const result = await runSandboxed({
      command: 'python3',
      args: ['-I', 'probe.py'],
      workDir: dir,
      timeoutMs: 240_000,
    });
    const { facts } = readProbeOutput(result.stdout);
    expect(facts).toEqual({
      // A walk of the sandbox's whole file system (but /proc) finds none.
      sockets: [],
      fds: [0, 1, 2],
      env: ['HOME', 'LANG', 'PATH', 'PWD', 'TMPDIR'],
      uid: 65534,
      passwd: 'nobody:x:65534:65534:nobody:/sandbox:/usr/sbin/nologin\n',
    });
  });

  it('lets code write its own work dir and /tmp (the probe can write at all)', async () => {
    const dir = workDirWith({});
    const result = await runSandboxed({
      command: 'python3',
      args: [
        '-c',
        'open("kept.txt", "w").write("x"); open("/tmp/t", "w").write("x"); print("wrote")',
      ],
      workDir: dir,
      timeoutMs: 30_000,
    });
    expect(result.stdout).toBe('wrote\n');
    expect(fs.readFileSync(path.join(dir, 'kept.txt'), 'utf8')).toBe('x');
  });
});
