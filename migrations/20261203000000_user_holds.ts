import type { Knex } from 'knex';

// One row per user who has booked: the row a booking transaction locks (in user order) before it counts what the user
// holds, so two bookings by one user, on any items and any replicas, cannot both slip under a holding limit.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('user_holds', (t) => {
    t.string('user_id', 128).primary();
    t.datetime('touched_at', { precision: 3 }).notNullable();
  });
  // What a user holds: their pending orders, found by user (the count a holding limit checks).
  await knex.schema.alterTable('orders', (t) => t.index(['user_id', 'status'], 'orders_user_status'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => t.dropIndex(['user_id', 'status'], 'orders_user_status'));
  await knex.schema.dropTableIfExists('user_holds');
}
