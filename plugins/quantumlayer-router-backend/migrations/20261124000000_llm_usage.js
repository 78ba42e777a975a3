// @ts-check

/**
 * The LLM usage ledger: one row per routed call.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ql_llm_usage', table => {
    table.comment('One row per LLM router call, written in batches');
    table.bigIncrements('id');
    table.timestamp('created_at').notNullable();
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table.string('caller', 255).notNullable();
    table.string('owner_group', 255).nullable();
    table.string('workflow_id', 255).nullable();
    table.string('alias', 255).notNullable();
    table.string('provider', 255).nullable();
    table.string('model', 255).nullable();
    table.integer('prompt_tokens').notNullable();
    table.integer('completion_tokens').notNullable();
    table.double('cost_usd').notNullable();
    table.integer('latency_ms').notNullable();
    table.integer('attempts').notNullable();
    table.string('outcome', 16).notNullable().comment('ok, cached or error');
    table.boolean('stream').notNullable();
    table.index(['day']);
    table.index(['owner_group', 'day']);
    table.index(['caller', 'day']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ql_llm_usage');
};
