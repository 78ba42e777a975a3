import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/**
 * The router's migrations (ql_llm_* tables). Their history table is the
 * router's own, so a database the router shares with another plugin (one
 * knex in tests, or `pluginDivisionMode: schema` set up by hand) keeps two
 * separate histories.
 */
export const ROUTER_MIGRATIONS: Knex.MigratorConfig = {
  directory: resolvePackagePath(
    '@internal/backstage-plugin-quantumlayer-router-backend',
    'migrations',
  ),
  tableName: 'quantumlayer_router_migrations',
};
