import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { ROUTER_MIGRATIONS } from '../router-migrations';

/**
 * Databases the router's tests run on: sqlite always, PostgreSQL 15 from
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (the machine's server).
 */
export function createTestDatabases() {
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)
    ids.push('POSTGRES_15');
  return TestDatabases.create({ ids, disableDocker: true });
}

/** `knex` with the router's tables (ql_llm_*). */
export async function migrated(knex: Knex): Promise<Knex> {
  await knex.migrate.latest(ROUTER_MIGRATIONS);
  return knex;
}
