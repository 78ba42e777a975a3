import type { Knex } from 'knex';
import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';

/** QuantumDrop's database answers a trivial query. */
export function databaseCheck(db: Knex): HealthCheck {
  return {
    name: 'database',
    async check() {
      await db.raw('select 1');
      return { status: 'ok' };
    },
  };
}
