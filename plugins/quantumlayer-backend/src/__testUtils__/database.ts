import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import path from 'path';
import type { Knex } from 'knex';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/**
 * Databases the QuantumDrop tests run on: sqlite always, PostgreSQL 15 from
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (the machine's server).
 */
export function createTestDatabases() {
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)
    ids.push('POSTGRES_15');
  return TestDatabases.create({ ids, disableDocker: true });
}

export async function migrated(knex: Knex): Promise<Knex> {
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
  return knex;
}
