// @ts-check

/**
 * LLM budget rules set at runtime (`PUT /v1/budgets`). A row overrides the
 * configured rule (quantumlayer.router.budgets) of the same owner and period.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ql_llm_budgets', table => {
    table.comment('LLM budget rules set through the REST API');
    table
      .string('owner', 255)
      .notNullable()
      .comment('Entity ref: group:default/team-a or user:default/jane');
    table.string('period', 16).notNullable().comment('daily or monthly');
    table.bigInteger('tokens').nullable().comment('Token limit per period');
    table.double('usd').nullable().comment('Cost limit per period, in USD');
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
    table.primary(['owner', 'period']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ql_llm_budgets');
};
