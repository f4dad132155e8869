import type { Knex } from 'knex';

// One row per (user, Idempotency-Key): the first answer, written in the same transaction as the order or intent it
// answers, so "the answer is stored" and "the change committed" cannot disagree. Kept 24 hours.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_records', (t) => {
    t.string('user_id', 128).notNullable();
    // Keys are visible ASCII and compared byte for byte: "Key" and "key" are two keys.
    t.specificType('idem_key', 'VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin').notNullable();
    t.specificType('request_hash', 'CHAR(64) CHARACTER SET ascii').notNullable();
    t.smallint('response_status').notNullable();
    t.text('response_body', 'mediumtext').notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('expires_at', { precision: 3 }).notNullable();
    t.primary(['user_id', 'idem_key']);
    t.index(['expires_at'], 'idempotency_records_expiry');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_records');
}
