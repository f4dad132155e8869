import { createSecretKey } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT, UnsecuredJWT } from 'jose';
import { TokenRefusal, verifyHs256 } from '../../src/http/jwt.js';

const secret = 'a-test-secret-a-test-secret-0123456789';
const key = createSecretKey(Buffer.from(secret));
const other = createSecretKey(Buffer.from('another-secret-another-secret-0123456789'));
const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}, with_ = key) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(with_);
const refused = (token: string, now?: number) => {
  try {
    verifyHs256(token, key, now);
  } catch (err) {
    expect(err).to.be.instanceOf(TokenRefusal);
    return (err as Error).message;
  }
  throw new Error('expected the token to be refused');
};
const inAnHour = Math.floor(Date.now() / 1000) + 3600;

describe('HS256 token verification', () => {
  it('accepts a token jose signed with the key, and returns its claims', async () => {
    const token = await sign({ sub: 'alice', role: 'admin', exp: inAnHour }, { typ: 'JWT' });
    expect(verifyHs256(token, key)).to.include({ sub: 'alice', role: 'admin', exp: inAnHour });
  });

  it('refuses another key, a changed payload, a changed header, no signature, and junk', async () => {
    const token = await sign({ sub: 'alice', exp: inAnHour });
    const [h, p] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'alice', role: 'admin', exp: inAnHour })).toString('base64url');
    expect(refused(await sign({ sub: 'alice', exp: inAnHour }, {}, other))).to.equal('The token is not valid');
    expect(refused(`${h}.${forged}.${token.split('.')[2]}`)).to.equal('The token is not valid');
    expect(refused(`${h}.${p}.`)).to.equal('The token is not valid');
    expect(refused(`${h}.${p}`)).to.equal('The token is not valid');
    expect(refused('not.a.jwt')).to.equal('The token is not valid');
    expect(refused(`${Buffer.from('[1]').toString('base64url')}.${p}.${token.split('.')[2]}`)).to.equal('The token is not valid');
  });

  it('refuses every algorithm but HS256, a crit header and a foreign typ', async () => {
    expect(refused(new UnsecuredJWT({ sub: 'alice' }).setExpirationTime('1h').encode())).to.equal('The token is not valid');
    const hs512 = await new SignJWT({ sub: 'alice', exp: inAnHour }).setProtectedHeader({ alg: 'HS512' }).sign(createSecretKey(Buffer.from(secret.repeat(2))));
    expect(refused(hs512)).to.equal('The token is not valid');
    expect(refused(await sign({ sub: 'alice', exp: inAnHour }, { crit: ['b64'], b64: true }))).to.equal('The token is not valid');
    expect(refused(await sign({ sub: 'alice', exp: inAnHour }, { typ: 'at+jwt' }))).to.equal('The token is not valid');
  });

  it('requires exp in the future, and nbf (if any) not in the future', async () => {
    const now = 2_000_000_000;
    expect(refused(await sign({ sub: 'alice' }), now)).to.equal('The token is not valid');
    expect(refused(await sign({ sub: 'alice', exp: 'tomorrow' }), now)).to.equal('The token is not valid');
    expect(refused(await sign({ sub: 'alice', exp: now }), now)).to.equal('The token has expired');
    expect(refused(await sign({ sub: 'alice', exp: now + 60, nbf: now + 30 }), now)).to.equal('The token is not valid');
    expect(verifyHs256(await sign({ sub: 'alice', exp: now + 60, nbf: now }), key, now)).to.include({ sub: 'alice' });
  });
});
