import { expect } from 'chai';
import { AppError } from '../../src/errors.js';
import { signatureHeader, verifySignature } from '../../src/payments/signature.js';

const secret = 's'.repeat(40);
const body = Buffer.from('{"a":1}');
const code = (fn: () => void) => {
  try {
    fn();
    return 'OK';
  } catch (err) {
    return (err as AppError).code;
  }
};

describe('payment signature', () => {
  const now = 1_800_000_000;
  it('accepts a fresh signature over the exact bytes', () => {
    expect(code(() => verifySignature(secret, signatureHeader(secret, body, now), body, now))).to.equal('OK');
  });
  it('refuses another body, another secret, a malformed header, or no header', () => {
    expect(code(() => verifySignature(secret, signatureHeader(secret, body, now), Buffer.from('{"a":2}'), now))).to.equal('BAD_SIGNATURE');
    expect(code(() => verifySignature(secret, signatureHeader('x'.repeat(40), body, now), body, now))).to.equal('BAD_SIGNATURE');
    expect(code(() => verifySignature(secret, 't=abc,v1=zz', body, now))).to.equal('BAD_SIGNATURE');
    expect(code(() => verifySignature(secret, '', body, now))).to.equal('BAD_SIGNATURE');
  });
  it('refuses a timestamp more than 300 s away, either side', () => {
    expect(code(() => verifySignature(secret, signatureHeader(secret, body, now - 301), body, now))).to.equal('STALE_SIGNATURE');
    expect(code(() => verifySignature(secret, signatureHeader(secret, body, now + 301), body, now))).to.equal('STALE_SIGNATURE');
    expect(code(() => verifySignature(secret, signatureHeader(secret, body, now - 299), body, now))).to.equal('OK');
  });
});
