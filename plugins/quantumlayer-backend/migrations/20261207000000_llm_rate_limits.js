// @ts-check

/**
 * Moved: the LLM router's tables (ql_llm_*) belong to the router plugin
 * (@internal/backstage-plugin-quantumlayer-router-backend) and its own
 * database since the split. This file stays, empty, so databases that ran
 * it keep a complete migration history; tables it created there are left
 * in place for operators to copy from (see the router plugin's README).
 *
 * @param {import('knex').Knex} _knex
 */
exports.up = async function up(_knex) {};

/** @param {import('knex').Knex} _knex */
exports.down = async function down(_knex) {};
