import { expect } from 'chai';
import { buildApiDocument } from '../../src/api-document.js';
import { keepers } from '../../src/inventory/keepers.js';
import { ITEM_KINDS } from '../../src/inventory/stock-keeper.js';
import { orderLineSchema, singleBookingSchema } from '../../src/orders/order-schemas.js';
import { testDb } from '../support/harness.js';

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** The kinds a column of ENUM type allows, read from the migrated schema itself. */
async function enumValues(table: string, column: string): Promise<string[]> {
  const [[row]] = await testDb().raw(
    'SELECT COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?',
    [table, column],
  );
  return [...String(row.t).matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
}

describe('item kinds: one registry of stock keepers', () => {
  it('every kind the schema can store has exactly one keeper, one booking body and one entry in the API document', async () => {
    const stored = await enumValues('order_items', 'item_type');
    expect(sorted(Object.keys(keepers)), 'keepers registered in inventory/keepers.ts vs order_items.item_type').to.deep.equal(sorted(stored));
    expect(sorted(ITEM_KINDS)).to.deep.equal(sorted(stored));
    for (const [kind, keeper] of Object.entries(keepers)) expect(keeper.kind, `the keeper registered as ${kind}`).to.equal(kind);

    expect(sorted(singleBookingSchema.options.map((o) => String(o.shape.itemType.value))), 'one booking body per kind').to.deep.equal(sorted(stored));
    expect(sorted(orderLineSchema.options.map((o) => String(o.shape.itemType.value))), 'one package line per kind').to.deep.equal(sorted(stored));

    const doc = buildApiDocument() as { components: { schemas: Record<string, { oneOf?: Array<{ properties: { itemType: { const: string } } }>; properties?: Record<string, { items?: { properties: { itemType: { enum: string[] } } } }> }> } };
    // Every itemType the booking body (single or package line) documents.
    const documented = new Set([...JSON.stringify(doc.components.schemas['PlaceOrder']).matchAll(/"itemType":\{"type":"string","const":"([a-z_]+)"\}/g)].map((m) => m[1] as string));
    expect(sorted(documented), 'PlaceOrder in the API document').to.deep.equal(sorted(stored));
    expect(sorted(doc.components.schemas['Order']?.properties?.['items']?.items?.properties.itemType.enum ?? []), 'Order items in the API document').to.deep.equal(sorted(stored));
  });
});
