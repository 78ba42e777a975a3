import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Which catalog group owns a user's LLM spend: the first group (sorted) the
 * user is a member of, remembered for five minutes. Without a catalog, or
 * when the lookup fails, there is no group (logged, never an error).
 */
export class GroupDirectory {
  private readonly cache = new Map<string, { group: string; until: number }>();

  constructor(
    private readonly deps: {
      auth: AuthService;
      catalog?: CatalogService;
      logger: LoggerService;
    },
    private readonly ttlMs = 300_000,
  ) {}

  async groupOf(userRef: string): Promise<string | undefined> {
    const known = this.cache.get(userRef);
    if (known && known.until > Date.now()) return known.group || undefined;
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
      if (this.cache.size >= 10_000) this.cache.clear();
      this.cache.set(userRef, { group, until: Date.now() + this.ttlMs });
      return group || undefined;
    } catch (error) {
      this.deps.logger.warn(
        `Could not look up the group of ${userRef}: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
}
