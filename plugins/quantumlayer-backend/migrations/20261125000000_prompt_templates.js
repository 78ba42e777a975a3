// @ts-check

/**
 * Versioned prompt templates of the meta-prompt engine. A row is immutable:
 * a changed text is a new version, so every run can name the text it used.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ql_prompt_templates', table => {
    table.comment('Prompt templates per agent x language x type, versioned');
    table.string('id', 128).notNullable();
    table.integer('version').notNullable();
    table.string('agent', 32).notNullable();
    table.string('language', 32).notNullable();
    table.string('type', 32).notNullable();
    table.text('definition').notNullable().comment('The template as JSON');
    table.string('checksum', 64).notNullable().comment('sha256 of definition');
    table.string('source', 16).notNullable().comment('seed or custom');
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    table.primary(['id', 'version']);
    table.index(['agent', 'language', 'type']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ql_prompt_templates');
};
