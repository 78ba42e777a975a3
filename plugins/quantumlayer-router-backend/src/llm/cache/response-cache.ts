import type {
  LlmCompletion,
  LlmCompletionRequest,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { RedisConnection } from '../redis/redis-connection';

/** Exact-match store of finished completions. */
export interface ResponseCache {
  get(key: string): Promise<LlmCompletion | undefined>;
  set(key: string, completion: LlmCompletion): Promise<void>;
}

/**
 * The seam for a semantic cache (the nearest earlier prompt in the vector
 * store of the generation pipeline): asked after an exact miss, told about
 * every cacheable answer. It sees the request, not a hash, because nearness
 * is measured on the prompt. `scope` (see `cacheScope`) is whose answers
 * may be served: an entry answers only lookups of the same scope.
 */
export interface SemanticCache {
  lookup(
    alias: string,
    request: LlmCompletionRequest,
    scope: string,
  ): Promise<LlmCompletion | undefined>;
  remember(
    alias: string,
    request: LlmCompletionRequest,
    completion: LlmCompletion,
    scope: string,
  ): Promise<void>;
}

/** Entries in Redis with a TTL; a Redis failure is a miss, never an error. */
export class RedisResponseCache implements ResponseCache {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ttlSeconds: number,
  ) {}

  async get(key: string) {
    if (!this.redis.ready) return undefined;
    try {
      const raw = await this.redis.client.get(this.redis.key('cache', key));
      return raw ? (JSON.parse(raw) as LlmCompletion) : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, completion: LlmCompletion) {
    if (!this.redis.ready) return;
    try {
      // PX in whole milliseconds: Redis rejects EX with a fraction (0.5),
      // which would silently store nothing.
      await this.redis.client.set(
        this.redis.key('cache', key),
        JSON.stringify(completion),
        'PX',
        Math.max(1, Math.round(this.ttlSeconds * 1000)),
      );
    } catch {
      // a lost cache write only costs a later miss
    }
  }
}

/** Per-replica LRU used when Redis is not configured. */
export class MemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<
    string,
    { completion: LlmCompletion; expires: number }
  >();

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries = 1000,
  ) {}

  async get(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires < Date.now()) return undefined;
    this.entries.set(key, entry); // most recently used last
    return entry.completion;
  }

  async set(key: string, completion: LlmCompletion) {
    this.entries.delete(key);
    this.entries.set(key, {
      completion,
      expires: Date.now() + this.ttlSeconds * 1000,
    });
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
