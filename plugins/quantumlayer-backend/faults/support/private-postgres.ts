import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort } from '@internal/quantumlayer-test-utils';
import { waitFor } from './load';
import { portOpen } from './processes';

const BIN = process.env.QL_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Runs a PostgreSQL binary as the `postgres` OS user when we are root (PG refuses root). */
function pg(tool: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [cmd, all] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, tool), ...args]]
    : [path.join(BIN, tool), args];
  return execFileSync(cmd, all, { encoding: 'utf8', stdio: 'pipe' });
}

/** Whether a private PostgreSQL can be started here (binaries present). */
export const privatePostgresAvailable = () =>
  fs.existsSync(path.join(BIN, 'initdb'));

/**
 * A PostgreSQL 15 of this test alone (initdb into a temp directory, trust
 * auth, a free loopback port), so it can be restarted while the machine's
 * shared server keeps serving everyone else.
 */
export async function startPrivatePostgres() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-faults-pg-'));
  const data = path.join(dir, 'data');
  fs.chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctl = (...args: string[]) =>
    pg('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      ...args,
    ]);
  ctl('start');
  const up = () => waitFor(() => portOpen(port), `postgres on ${port}`, 30_000);
  await up();
  return {
    port,
    connection: {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
    },
    /** Immediate shutdown: in-flight transactions abort, new connections are refused. */
    async down() {
      ctl('stop', '-m', 'immediate');
    },
    async up() {
      ctl('start');
      await up();
    },
    async stop() {
      try {
        ctl('stop', '-m', 'immediate');
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
