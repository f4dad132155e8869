import { expect } from 'chai';
import { z } from 'zod';
import { createRouteSchema, patchRouteSchema } from '../../src/catalog/catalog-schemas.js';
import { AppError, type FieldError } from '../../src/errors.js';
import { fieldPath, parseInput, type InputSource } from '../../src/http/validate.js';
import { bookingSchemaFor, listOrdersQuery, orderSnParam } from '../../src/orders/order-schemas.js';
import { callbackSchema } from '../../src/payments/payment-schemas.js';
import { cancelBodySchema } from '../../src/refunds/refund-schemas.js';

/** The field errors a parse fails with, and its message. */
function refusal(schema: z.ZodType, input: unknown, source: InputSource): { fields: FieldError[]; message: string } {
  try {
    parseInput(schema, input, source);
  } catch (err) {
    expect(err).to.be.instanceOf(AppError);
    const e = err as AppError;
    expect(e.code).to.equal('VALIDATION_FAILED');
    return { fields: e.details?.['fields'] as FieldError[], message: e.message };
  }
  throw new Error('the input was accepted');
}
const booking = (body: unknown) => refusal(bookingSchemaFor(body), body, 'body');
const route = { itemType: 'route', itemId: 1, quantity: 1, contactName: 'A', contactPhone: '+86 138 0000 0000' };
// What the validator would say by itself; none of it may reach a client.
const VALIDATOR_WORDING = /Invalid (input|option|type|string|union|key|element)|expected .* received|Too (small|big)|Unrecognized key/i;

describe('validation messages: the path from its source, what is wrong, what is allowed', () => {
  it('writes paths from their source: body.items[1].checkIn, query.status, path.orderSn', () => {
    expect(fieldPath('body', ['items', 1, 'checkIn'])).to.equal('body.items[1].checkIn');
    expect(fieldPath('query', ['status'])).to.equal('query.status');
    expect(fieldPath('path.orderSn', [])).to.equal('path.orderSn');
    expect(fieldPath('body', ['a b', 'x.y'])).to.equal('body["a b"]["x.y"]');
  });

  it('says "body must be an object" for [], null or a string as the body, and "body is required" for none', () => {
    for (const body of [[], null, 'x', 5]) expect(booking(body).fields, JSON.stringify(body)).to.deep.equal([{ path: 'body', message: 'must be an object' }]);
    expect(booking(undefined).fields).to.deep.equal([{ path: 'body', message: 'is required' }]);
    expect(refusal(createRouteSchema, [], 'body').fields).to.deep.equal([{ path: 'body', message: 'must be an object' }]);
    expect(refusal(cancelBodySchema, null, 'body').fields).to.deep.equal([{ path: 'body', message: 'must be an object' }]);
  });

  it('says "is required" for a missing field, whatever type it wants', () => {
    const { contactName: _n, itemType: _t, ...rest } = route;
    expect(booking({ ...rest, itemType: 'route' }).fields).to.deep.equal([{ path: 'body.contactName', message: 'is required' }]);
    expect(booking(rest).fields).to.deep.equal([{ path: 'body.itemType', message: 'is required' }]);
    const { quantity: _q, ...line } = { itemType: 'hotel', itemId: 1, roomTypeId: 1, checkIn: '2027-05-01', checkOut: '2027-05-03', quantity: 1 };
    const pkg = booking({ items: [{ itemType: 'route', itemId: 1, quantity: 1 }, line], contactName: 'A', contactPhone: '+86 138 0000 0000' });
    expect(pkg.fields).to.deep.equal([{ path: 'body.items[1].quantity', message: 'is required' }]);
    expect(refusal(callbackSchema, {}, 'body').fields.map((f) => f.message)).to.deep.equal(Array(5).fill('is required'));
  });

  it('names every line of a package by its index, and what is allowed', () => {
    const bad = booking({ items: [{ itemType: 'route', itemId: 1, quantity: 1 }, { itemType: 'plane', itemId: 1, quantity: 1 }, null], contactName: 'A', contactPhone: '+86 138 0000 0000' });
    expect(bad.fields).to.deep.include({ path: 'body.items[1].itemType', message: 'must be one of route, hotel, scenic' });
    expect(bad.fields).to.deep.include({ path: 'body.items[2]', message: 'must be an object' });
    expect(bad.message).to.match(/^The request is invalid: body\.items\[1\]\.itemType must be one of route, hotel, scenic; body\.items\[2\] must be an object/);
  });

  it('tells the allowed values of a query parameter, and a parameter given twice', () => {
    expect(refusal(listOrdersQuery, { status: 'done' }, 'query').fields).to.deep.equal([{ path: 'query.status', message: 'must be one of pending, paid, cancelled, expired' }]);
    expect(refusal(listOrdersQuery, { limit: '500' }, 'query').fields).to.deep.equal([{ path: 'query.limit', message: 'must be at most 100' }]);
    expect(refusal(listOrdersQuery, { status: ['paid', 'pending'] }, 'query').fields).to.deep.equal([{ path: 'query.status', message: 'must be given once' }]);
  });

  it('names a path parameter as path.<name>', () => {
    expect(refusal(orderSnParam, 'nope', 'path.orderSn').fields).to.deep.equal([{ path: 'path.orderSn', message: 'must be an order number' }]);
  });

  it('names an unknown field by its own path, and keeps the schema\'s own sentences', () => {
    const r = refusal(createRouteSchema, { name: '', priceCents: 1.5, groupSize: -1, extra: true }, 'body');
    expect(r.fields).to.deep.include.members([
      { path: 'body.extra', message: 'is not a known field' },
      { path: 'body.name', message: 'must not be empty' },
      { path: 'body.priceCents', message: 'must be an integer number of cents' },
      { path: 'body.groupSize', message: 'must not be negative' },
    ]);
    expect(refusal(patchRouteSchema, {}, 'body').fields).to.deep.equal([{ path: 'body', message: 'must change at least one field' }]);
  });

  it('never lets the validator\'s own wording through, for schemas without messages of their own', () => {
    const bare = z.strictObject({ s: z.string(), n: z.number().int().min(1).max(5), e: z.enum(['x', 'y']), u: z.uuid(), l: z.array(z.string()).min(2), r: z.string().regex(/^a$/), b: z.boolean() });
    const inputs: unknown[] = [{}, { s: 1, n: 0.5, e: 'z', u: 'no', l: ['a'], r: 'b', b: 'yes', k: 1 }, { s: 's', n: 9, e: null, u: 1, l: 'x', r: 1, b: 1 }, [], null, 'text'];
    for (const input of inputs) {
      const { fields, message } = refusal(bare, input, 'body');
      for (const f of fields) expect(f.message, `${JSON.stringify(input)} ${f.path}`).to.not.match(VALIDATOR_WORDING);
      expect(message).to.not.match(VALIDATOR_WORDING);
    }
    const some = refusal(bare, { s: 1, n: 0.5, e: 'z', u: 'no', l: ['a'], r: 'b', b: 'yes' }, 'body').fields;
    expect(some).to.deep.include.members([
      { path: 'body.s', message: 'must be a string' },
      { path: 'body.n', message: 'must be a whole number' },
      { path: 'body.e', message: 'must be one of x, y' },
      { path: 'body.u', message: 'must be a UUID' },
      { path: 'body.l', message: 'must have at least 2 items' },
      { path: 'body.r', message: 'is not in the expected format' },
      { path: 'body.b', message: 'must be true or false' },
    ]);
  });
});
