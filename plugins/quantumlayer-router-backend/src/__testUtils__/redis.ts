import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import net from 'net';
import { freePort, waitUntil } from '@internal/quantumlayer-test-utils';
import { RedisConnection } from '../llm/redis/redis-connection';

/** The machine's Redis 7 (CI has it too); override with QL_TEST_REDIS_URL. */
export const TEST_REDIS_URL =
  process.env.QL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A connection with a fresh key prefix, so tests never see each other's keys. */
export async function testRedisConnection(url = TEST_REDIS_URL) {
  const redis = new RedisConnection({
    url,
    keyPrefix: `ql:test:${randomUUID()}:`,
    commandTimeoutMs: 1000,
  });
  await waitUntil(() => redis.ready, `Redis at ${url} to be ready`);
  return redis;
}

/**
 * A private redis-server on a free loopback port, for tests that stop Redis
 * in the middle (the machine's shared Redis must keep running).
 */
export async function startPrivateRedis() {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    await waitUntil(
      () =>
        new Promise<boolean>(resolve => {
          const socket = net.connect(port, '127.0.0.1', () => {
            socket.destroy();
            resolve(true);
          });
          socket.on('error', () => resolve(false));
        }),
      `redis-server on port ${port}`,
    );
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise(r => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
