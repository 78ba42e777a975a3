// @ts-check

/**
 * QuantumDrop: content-addressed blobs, artifact manifests and the retrieval index.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ql_blobs', table => {
    table.comment(
      'Content-addressed blobs; the key is the sha256 of the bytes',
    );
    table.string('sha256', 64).primary();
    table.integer('size').notNullable();
    table.binary('content').notNullable();
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('ql_artifacts', table => {
    table.comment('One packaged result of a generate-extended workflow');
    table.string('id', 80).primary();
    table.string('workflow_id', 255).notNullable().unique();
    table.text('manifest').notNullable();
    table.bigInteger('total_size').notNullable();
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('ql_artifact_files', table => {
    table
      .string('artifact_id', 80)
      .notNullable()
      .references('id')
      .inTable('ql_artifacts')
      .onDelete('CASCADE');
    table.string('path', 255).notNullable();
    table
      .string('sha256', 64)
      .notNullable()
      .references('sha256')
      .inTable('ql_blobs');
    table.integer('size').notNullable();
    table.primary(['artifact_id', 'path']);
  });
  await knex.schema.createTable('ql_index', table => {
    table.comment(
      'Hashed bag-of-words vectors of earlier requests, for retrieval',
    );
    table
      .string('artifact_id', 80)
      .primary()
      .references('id')
      .inTable('ql_artifacts')
      .onDelete('CASCADE');
    table.string('language', 32).notNullable().index();
    table.string('type', 32).notNullable();
    table.string('project_name', 64).notNullable();
    table.text('summary').notNullable();
    table.text('vector').notNullable();
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ql_index');
  await knex.schema.dropTable('ql_artifact_files');
  await knex.schema.dropTable('ql_artifacts');
  await knex.schema.dropTable('ql_blobs');
};
