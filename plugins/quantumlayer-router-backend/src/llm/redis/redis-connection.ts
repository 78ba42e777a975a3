import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'crypto';
import Redis from 'ioredis';

/**
 * The router's shared-state connection. Commands fail fast instead of
 * queueing while Redis is away, so callers can fall back to local state.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly prefix: string;
  private down = false;
  private readonly shas = new Map<string, string>();

  constructor(options: {
    url: string;
    keyPrefix?: string;
    commandTimeoutMs?: number;
    logger?: LoggerService;
  }) {
    this.prefix = options.keyPrefix ?? 'ql:router:';
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      enableAutoPipelining: true,
      retryStrategy: times => Math.min(times * 200, 2000),
    });
    // Report each change once; the URL may hold a password, so it is not logged.
    this.client.on('error', error => {
      if (!this.down)
        options.logger?.warn(
          `Router Redis unavailable, using per-replica state: ${error.message}`,
        );
      this.down = true;
    });
    this.client.on('ready', () => {
      if (this.down) options.logger?.info('Router Redis is back');
      this.down = false;
    });
  }

  static fromConfig(
    config: Config,
    logger?: LoggerService,
  ): RedisConnection | undefined {
    const c = config.getOptionalConfig('quantumlayer.router.redis');
    if (!c) return undefined;
    return new RedisConnection({
      url: c.getString('url'),
      keyPrefix: c.getOptionalString('keyPrefix'),
      commandTimeoutMs: c.getOptionalNumber('commandTimeoutMs'),
      logger,
    });
  }

  /** True while connected; when false, use local state without trying. */
  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /**
   * Runs a Lua script by its SHA (one round trip), loading it on the first
   * NOSCRIPT answer.
   */
  async runScript(
    lua: string,
    keys: string[],
    args: Array<string | number>,
  ): Promise<unknown> {
    let sha = this.shas.get(lua);
    if (!sha) {
      sha = createHash('sha1').update(lua).digest('hex');
      this.shas.set(lua, sha);
    }
    try {
      return await this.client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return this.client.eval(lua, keys.length, ...keys, ...args);
    }
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
