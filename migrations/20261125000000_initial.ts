import type { Knex } from 'knex';

// Every stock table carries its own capacity and a CHECK, so the database itself refuses to oversell
// even if a lease is lost under a paused process.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('routes', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.bigInteger('price_cents').notNullable();
    t.integer('group_size').notNullable();
    t.integer('sales_count').notNullable().defaultTo(0);
    t.datetime('created_at', { precision: 3 }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'));
    t.datetime('updated_at', { precision: 3 }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'));
    t.check('price_cents >= 0', [], 'routes_price_nonnegative');
    t.check('group_size >= 0', [], 'routes_group_size_nonnegative');
    t.check('sales_count >= 0 AND sales_count <= group_size', [], 'routes_sales_within_group');
  });

  await knex.schema.createTable('hotels', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'));
  });

  await knex.schema.createTable('room_types', (t) => {
    t.increments('id').primary();
    t.integer('hotel_id').unsigned().notNullable().references('hotels.id');
    t.string('name', 200).notNullable();
    t.bigInteger('price_cents').notNullable();
    t.integer('total_rooms').notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'));
    t.datetime('updated_at', { precision: 3 }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'));
    t.index(['hotel_id']);
    t.check('price_cents >= 0', [], 'room_types_price_nonnegative');
    t.check('total_rooms >= 0', [], 'room_types_total_nonnegative');
  });

  // One row per room type and night, made on first sale; `total_rooms` is copied so a CHECK can hold.
  await knex.schema.createTable('room_nights', (t) => {
    t.increments('id').primary();
    t.integer('room_type_id').unsigned().notNullable().references('room_types.id');
    t.date('night').notNullable();
    t.integer('total_rooms').notNullable();
    t.integer('sold').notNullable().defaultTo(0);
    t.unique(['room_type_id', 'night'], { indexName: 'room_nights_room_type_night_unique' });
    t.check('sold >= 0 AND sold <= total_rooms', [], 'room_nights_sold_within_total');
  });

  await knex.schema.createTable('scenic_spots', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.bigInteger('ticket_price_cents').notNullable();
    t.integer('daily_quota').nullable();
    t.datetime('created_at', { precision: 3 }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'));
    t.datetime('updated_at', { precision: 3 }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'));
    t.check('ticket_price_cents >= 0', [], 'scenic_spots_price_nonnegative');
    t.check('daily_quota IS NULL OR daily_quota >= 0', [], 'scenic_spots_quota_nonnegative');
  });

  // One row per spot and day, made on first sale; `quota` NULL means unlimited.
  await knex.schema.createTable('scenic_days', (t) => {
    t.increments('id').primary();
    t.integer('scenic_spot_id').unsigned().notNullable().references('scenic_spots.id');
    t.date('day').notNullable();
    t.integer('quota').nullable();
    t.integer('sold').notNullable().defaultTo(0);
    t.unique(['scenic_spot_id', 'day'], { indexName: 'scenic_days_spot_day_unique' });
    t.check('sold >= 0 AND (quota IS NULL OR sold <= quota)', [], 'scenic_days_sold_within_quota');
  });

  await knex.schema.createTable('orders', (t) => {
    t.binary('id', 16).primary(); // UUID v7, time-ordered, 16 bytes
    t.string('order_sn', 32).notNullable().unique({ indexName: 'orders_order_sn_unique' });
    t.string('user_id', 128).notNullable();
    t.enu('status', ['pending', 'paid', 'cancelled', 'expired']).notNullable();
    t.bigInteger('total_cents').notNullable();
    t.string('currency', 3).notNullable().defaultTo('CNY');
    t.string('contact_name', 100).notNullable();
    t.string('contact_phone', 32).notNullable();
    t.string('idempotency_key', 255).nullable();
    t.specificType('request_hash', 'CHAR(64)').nullable();
    t.datetime('expires_at', { precision: 3 }).notNullable();
    t.datetime('paid_at', { precision: 3 }).nullable();
    t.datetime('closed_at', { precision: 3 }).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    // UUID v7 ids sort by creation time, so (user_id, id) serves "my orders, newest first".
    t.index(['user_id', 'id'], 'orders_user_newest');
    t.index(['status', 'expires_at'], 'orders_expiry_sweep');
    // A retried request whose Redis record was lost still cannot create a second order.
    t.unique(['user_id', 'idempotency_key'], { indexName: 'orders_user_idempotency_unique' });
    t.check('total_cents >= 0', [], 'orders_total_nonnegative');
  });

  await knex.schema.createTable('order_items', (t) => {
    t.increments('id').primary();
    t.binary('order_id', 16).notNullable().references('orders.id');
    t.enu('item_type', ['route', 'hotel', 'scenic']).notNullable();
    t.integer('item_id').unsigned().notNullable();
    t.integer('room_type_id').unsigned().nullable();
    t.date('check_in').nullable();
    t.date('check_out').nullable();
    t.date('visit_date').nullable();
    t.string('item_name', 200).notNullable();
    t.bigInteger('price_cents').notNullable();
    t.integer('quantity').notNullable();
    t.integer('nights').nullable();
    t.bigInteger('subtotal_cents').notNullable();
    t.index(['order_id']);
    t.index(['item_type', 'item_id']);
    t.index(['room_type_id', 'check_in']);
    t.check('quantity > 0', [], 'order_items_quantity_positive');
    t.check('subtotal_cents >= 0', [], 'order_items_subtotal_nonnegative');
  });

  // The order's one payment intent: the unique order_id makes concurrent /pay calls converge on one row.
  await knex.schema.createTable('payment_intents', (t) => {
    t.binary('id', 16).primary(); // UUID v7; the paymentId clients and providers see
    t.binary('order_id', 16).notNullable().references('orders.id');
    t.bigInteger('amount_cents').notNullable();
    t.string('currency', 3).notNullable().defaultTo('CNY');
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.unique(['order_id'], { indexName: 'payment_intents_order_unique' });
  });

  // One row per provider transaction; the unique provider_txn_id stands behind the Redis marker.
  await knex.schema.createTable('payments', (t) => {
    t.binary('id', 16).primary(); // UUID v7
    t.binary('intent_id', 16).notNullable().references('payment_intents.id');
    t.binary('order_id', 16).notNullable().references('orders.id');
    t.string('provider_txn_id', 128).notNullable();
    t.bigInteger('amount_cents').notNullable();
    t.string('currency', 3).notNullable().defaultTo('CNY');
    t.enu('status', ['succeeded', 'failed', 'amount_mismatch', 'refund_required']).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.unique(['provider_txn_id'], { indexName: 'payments_provider_txn_unique' });
    t.index(['order_id']);
    t.index(['status', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['payments', 'payment_intents', 'order_items', 'orders', 'scenic_days', 'scenic_spots', 'room_nights', 'room_types', 'hotels', 'routes']) {
    await knex.schema.dropTableIfExists(table);
  }
}
