import { randomBytes } from 'crypto';
import knexFactory, { Knex } from 'knex';
import { MIGRATIONS_DIR } from '../../src/__testUtils__/database';

/** The machine's shared PostgreSQL (CI sets the same variable). */
export const SHARED_PG =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

export function parsePgUrl(url: string): Omit<PgConnection, 'database'> {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

export const pgKnex = (connection: PgConnection, pool = { min: 0, max: 10 }) =>
  knexFactory({ client: 'pg', connection, pool });

/**
 * A database of this case alone on a PostgreSQL server (created here, dropped
 * by `drop`), migrated with QuantumDrop's migrations when `migrate` is set.
 */
export async function ownDatabase(
  server: Omit<PgConnection, 'database'>,
  label: string,
): Promise<{ connection: PgConnection; drop(): Promise<void> }> {
  const name = `ql_faults_${label}_${randomBytes(4).toString('hex')}`;
  const admin = pgKnex({ ...server, database: 'postgres' }, { min: 0, max: 1 });
  await admin.raw(`CREATE DATABASE ??`, [name]);
  await admin.destroy();
  return {
    connection: { ...server, database: name },
    async drop() {
      const a = pgKnex({ ...server, database: 'postgres' }, { min: 0, max: 1 });
      try {
        await a.raw(`DROP DATABASE IF EXISTS ?? WITH (FORCE)`, [name]);
      } finally {
        await a.destroy();
      }
    },
  };
}

export async function migrate(knex: Knex) {
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
  return knex;
}

/** Artifact rows per workflow id: the "exactly once" check. */
export async function artifactsByWorkflow(knex: Knex, workflowIds: string[]) {
  const rows: Array<{ workflow_id: string; n: string | number }> = await knex(
    'ql_artifacts',
  )
    .whereIn('workflow_id', workflowIds)
    .groupBy('workflow_id')
    .select('workflow_id')
    .count({ n: '*' });
  return new Map(rows.map(r => [r.workflow_id, Number(r.n)]));
}

/** `describe` when the shared PostgreSQL is configured, else `describe.skip`. */
export function describeOnSharedPg(name: string, fn: () => void) {
  (SHARED_PG ? describe : describe.skip)(name, fn);
}

/**
 * This case's own migrated database on the shared PostgreSQL, with a pool on
 * it; `drop` closes the pool and drops the database.
 */
export async function caseDatabase(label: string) {
  const db = await ownDatabase(parsePgUrl(SHARED_PG!), label);
  const knex = pgKnex(db.connection);
  const drop = async () => {
    await knex.destroy();
    await db.drop();
  };
  try {
    await migrate(knex);
  } catch (error) {
    await drop();
    throw error;
  }
  return { connection: db.connection, knex, drop };
}
