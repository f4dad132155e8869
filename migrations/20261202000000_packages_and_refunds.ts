import type { Knex } from 'knex';

// Orders with several lines, lines that can be cancelled one by one, routes with a departure date, and refunds.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('routes', (t) => {
    // A line starts at its departure (routes), check-in (hotels) or visit date (scenic spots); NULL: no fixed date.
    t.date('departure_date').nullable();
  });

  await knex.schema.alterTable('order_items', (t) => {
    // The line's index in the order, as the client sent it (0-based).
    t.smallint('line_no').notNullable().defaultTo(0);
    // A cancelled line no longer holds stock; the order is cancelled when no line is left booked.
    t.enu('status', ['booked', 'cancelled']).notNullable().defaultTo('booked');
    t.datetime('cancelled_at', { precision: 3 }).nullable();
    // When the line starts (departure, check-in, visit): a paid line can be cancelled and refunded only before it.
    t.date('starts_on').nullable();
    t.unique(['order_id', 'line_no'], { indexName: 'order_items_order_line_unique' });
  });

  // One row per refund: money owed back for cancelled lines, or for a payment that found its order closed.
  await knex.schema.createTable('refunds', (t) => {
    t.binary('id', 16).primary(); // UUID v7; the refundId clients, admins and the provider see
    t.binary('order_id', 16).notNullable().references('orders.id');
    t.binary('payment_id', 16).notNullable().references('payments.id');
    t.bigInteger('amount_cents').notNullable();
    t.string('currency', 3).notNullable().defaultTo('CNY');
    t.enu('status', ['pending', 'succeeded', 'failed']).notNullable();
    // The order lines the refund is for (JSON array of indexes); empty for a refund of a whole refund_required payment.
    t.string('lines', 200).notNullable().defaultTo('[]');
    // The provider's id of the attempt that settled it (see refund_callbacks for every notification).
    t.string('provider_refund_id', 128).nullable();
    t.integer('attempts').notNullable().defaultTo(1);
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.unique(['provider_refund_id'], { indexName: 'refunds_provider_refund_unique' });
    t.index(['order_id']);
    t.index(['status', 'created_at']);
    t.check('amount_cents > 0', [], 'refunds_amount_positive');
  });

  // One row per refund notification the provider delivered: the unique id behind the Redis marker, so a redelivered
  // notification (even one from before a retry) can never move a refund again.
  await knex.schema.createTable('refund_callbacks', (t) => {
    t.string('provider_refund_id', 128).primary();
    t.binary('refund_id', 16).notNullable().references('refunds.id');
    t.enu('status', ['succeeded', 'failed']).notNullable();
    t.bigInteger('amount_cents').notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['refund_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('refund_callbacks');
  await knex.schema.dropTableIfExists('refunds');
  await knex.schema.alterTable('order_items', (t) => {
    t.dropUnique(['order_id', 'line_no'], 'order_items_order_line_unique');
    t.dropColumn('line_no');
    t.dropColumn('status');
    t.dropColumn('cancelled_at');
    t.dropColumn('starts_on');
  });
  await knex.schema.alterTable('routes', (t) => t.dropColumn('departure_date'));
}
