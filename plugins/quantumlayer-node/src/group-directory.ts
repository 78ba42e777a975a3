import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { LRUCache } from 'lru-cache';

/**
 * Which catalog group owns a user's LLM spend: the first group (sorted) the
 * user is a member of, remembered for five minutes. Without a catalog, or
 * when the lookup fails, there is no group (logged, never an error).
 *
 * @public
 */
export class GroupDirectory {
  /** '' remembers "no group" as well. */
  private readonly cache: LRUCache<string, string>;

  constructor(
    private readonly deps: {
      auth: AuthService;
      catalog?: CatalogService;
      logger: LoggerService;
    },
    ttlMs = 300_000,
  ) {
    this.cache = new LRUCache<string, string>({ max: 10_000, ttl: ttlMs });
  }

  async groupOf(userRef: string): Promise<string | undefined> {
    const known = this.cache.get(userRef);
    if (known !== undefined) return known || undefined;
    if (!this.deps.catalog) return undefined;
    try {
      const entity = await this.deps.catalog.getEntityByRef(userRef, {
        credentials: await this.deps.auth.getOwnServiceCredentials(),
      });
      const group =
        (entity?.relations ?? [])
          .filter(r => r.type === 'memberOf')
          .map(r => r.targetRef)
          .sort()[0] ?? '';
      this.cache.set(userRef, group);
      return group || undefined;
    } catch (error) {
      this.deps.logger.warn(
        `Could not look up the group of ${userRef}: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }
}
