// @ts-check

/**
 * LLM rate limits set at runtime (`PUT /v1/budgets` with rpm/tpm). A row
 * overrides the configured rule (quantumlayer.router.rateLimits) of the
 * same owner.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ql_llm_rate_limits', table => {
    table.comment('LLM rate limits (per minute) set through the REST API');
    table
      .string('owner', 255)
      .primary()
      .comment('Entity ref (group:…, user:…) or service subject (external:…)');
    table.integer('rpm').nullable().comment('Requests per minute');
    table.bigInteger('tpm').nullable().comment('Tokens per minute');
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ql_llm_rate_limits');
};
