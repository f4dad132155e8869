import { expect } from 'chai';
import { ORDER_SN_PATTERN, newOrderSn } from '../../src/orders/order-sn.js';

describe('order numbers', () => {
  it('are BD + UTC yyyyMMddHHmmss + 10 random characters', () => {
    const sn = newOrderSn(new Date('2027-05-01T02:03:04.567Z'));
    expect(sn).to.match(ORDER_SN_PATTERN);
    expect(sn.slice(0, 16)).to.equal('BD20270501020304');
    expect(sn.slice(16), "Crockford's base32: no I, L, O or U").to.match(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  });

  it('do not repeat within one process (200,000 in the same second)', () => {
    const at = new Date();
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i += 1) seen.add(newOrderSn(at));
    expect(seen.size).to.equal(200_000);
  });
});
