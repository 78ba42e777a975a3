import type { Knex } from 'knex';
import type { HealthCheck } from './health-check';

const isPostgres = (db: Knex) =>
  /^(pg|postgres)/.test(String(db.client.config.client));

async function postgresFacts(db: Knex) {
  const { rows } = await db.raw(
    "select pg_is_in_recovery() as replica, current_setting('server_version') as version",
  );
  const facts: Record<string, unknown> = {
    client: 'postgresql',
    version: rows[0].version,
    role: rows[0].replica ? 'replica' : 'primary',
  };
  // Readable by superusers and pg_monitor members; others just skip it.
  try {
    const replication = await db.raw(
      'select application_name, state, sync_state from pg_stat_replication',
    );
    facts.replicas = replication.rows.map(
      (r: { application_name: string; state: string; sync_state: string }) => ({
        name: r.application_name,
        state: r.state,
        sync: r.sync_state,
      }),
    );
  } catch {
    facts.replicas = 'not readable';
  }
  return facts;
}

/**
 * The plugin's database (QuantumDrop, prompts, usage) answers; on PostgreSQL
 * also its role and, when readable, its streaming replicas.
 *
 * @public
 */
export function databaseCheck(db: Knex): HealthCheck {
  return {
    name: 'database',
    critical: true,
    async check() {
      await db.raw('select 1');
      if (!isPostgres(db)) {
        return {
          status: 'ok',
          detail: `${db.client.config.client} (embedded)`,
          details: { client: String(db.client.config.client) },
        };
      }
      const facts = await postgresFacts(db);
      const replicas = Array.isArray(facts.replicas)
        ? `, ${facts.replicas.length} replica(s) streaming`
        : '';
      return {
        status: 'ok',
        detail: `PostgreSQL ${facts.version}, ${facts.role}${replicas}`,
        details: facts,
      };
    },
  };
}
