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
    // Set by the provider's callback; unique, so a redelivered callback can never move a refund twice.
    t.string('provider_refund_id', 128).nullable();
    t.integer('attempts').notNullable().defaultTo(1);
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.unique(['provider_refund_id'], { indexName: 'refunds_provider_refund_unique' });
    t.index(['order_id']);
    t.index(['status', 'created_at']);
    t.check('amount_cents > 0', [], 'refunds_amount_positive');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('refunds');
  await knex.schema.alterTable('order_items', (t) => {
    t.dropUnique(['order_id', 'line_no'], 'order_items_order_line_unique');
    t.dropColumn('line_no');
    t.dropColumn('status');
    t.dropColumn('cancelled_at');
  });
  await knex.schema.alterTable('routes', (t) => t.dropColumn('departure_date'));
}
