import { expect } from 'chai';
import fc from 'fast-check';
import { findDuplicateKey } from '../../src/http/duplicate-keys.js';

describe('findDuplicateKey (a JSON text that says one key twice)', () => {
  it('finds a key repeated at the top, naming it', () => {
    expect(findDuplicateKey('{"itemId":1,"itemId":2}')).to.deep.equal({ path: [], key: 'itemId' });
    expect(findDuplicateKey(' { "a" : 1 , "b" : 2 , "a" : 3 } ')).to.deep.equal({ path: [], key: 'a' });
  });

  it('finds one at any depth, with the path of the object that repeats it', () => {
    expect(findDuplicateKey('{"items":[{"itemId":1},{"quantity":1,"quantity":2}]}')).to.deep.equal({ path: ['items', 1], key: 'quantity' });
    expect(findDuplicateKey('{"a":{"b":{"c":1,"c":1}}}')).to.deep.equal({ path: ['a', 'b'], key: 'c' });
    expect(findDuplicateKey('[[{}],[{"x":[1,{"y":1,"y":2}]}]]')).to.deep.equal({ path: [1, 0, 'x', 1], key: 'y' });
  });

  it('takes the same key in different objects, and values equal to keys, as fine', () => {
    expect(findDuplicateKey('{"items":[{"itemId":1},{"itemId":2}],"itemId":3}')).to.equal(undefined);
    expect(findDuplicateKey('{"a":"a","b":["a","a"],"c":{"a":"b"}}')).to.equal(undefined);
    expect(findDuplicateKey('{"a":{},"b":[],"c":{"a":[]}}')).to.equal(undefined);
    expect(findDuplicateKey('[1,"x",null,true,{}]')).to.equal(undefined);
    expect(findDuplicateKey('"just a string"')).to.equal(undefined);
  });

  it('is not fooled by quotes, backslashes, braces, commas and colons inside strings', () => {
    expect(findDuplicateKey(String.raw`{"a":"x\",\"a\":1","b":1}`)).to.equal(undefined);
    expect(findDuplicateKey(String.raw`{"a\"":1,"a":2}`)).to.equal(undefined);
    expect(findDuplicateKey(String.raw`{"a\\":1,"a":2}`)).to.equal(undefined);
    expect(findDuplicateKey(String.raw`{"a\\":1,"a\\":2}`)).to.deep.equal({ path: [], key: 'a\\' });
    expect(findDuplicateKey('{"s":"{\\"k\\":1,\\"k\\":2}","t":"}],:"}')).to.equal(undefined);
    expect(findDuplicateKey('{"s":"}","s":"{"}')).to.deep.equal({ path: [], key: 's' });
  });

  it('compares keys as decoded strings: an escape spelling the same key is the same key', () => {
    expect(findDuplicateKey(String.raw`{"itemId":1,"\u0069temId":2}`)).to.deep.equal({ path: [], key: 'itemId' });
    expect(findDuplicateKey(String.raw`{"\n":1,"\u000a":2}`)).to.deep.equal({ path: [], key: '\n' });
    expect(findDuplicateKey('{"日本":1,"日本":2}')).to.deep.equal({ path: [], key: '日本' });
  });

  it('finds nothing in any text JSON.stringify makes (it never repeats a key)', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => findDuplicateKey(JSON.stringify(value)) === undefined), { numRuns: 300 });
  });

  it('finds the key a generated object repeats, wherever it is put', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.nat(), (object, pick) => {
        const keys = Object.keys(object);
        const key = keys[pick % keys.length] as string;
        const text = JSON.stringify(object);
        // The same key once more, at the end of the same object.
        const repeated = `${text.slice(0, -1)},${JSON.stringify(key)}:0}`;
        const found = findDuplicateKey(JSON.stringify({ outer: [JSON.parse(text) as unknown] }).replace(text, () => repeated));
        return found !== undefined && found.key === key && JSON.stringify(found.path) === JSON.stringify(['outer', 0]);
      }),
      { numRuns: 200 },
    );
  });
});
