import fc from 'fast-check';
import { CanonicalJsonError, canonicalJson, stableHash } from '../../domain/ids/canonical-json';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('writes -0 as 0 and strings escaped', () => {
    expect(canonicalJson({ n: -0, s: 'a"b' })).toBe('{"n":0,"s":"a\\"b"}');
  });

  it.each([
    [{ x: Number.NaN }, /\$\.x is NaN/],
    [{ x: Number.POSITIVE_INFINITY }, /Infinity/],
    [[undefined], /\$\[0\] is undefined/],
    [{ when: new Date(0) }, /\$\.when is a Date object/],
    [{ big: 1n }, /bigint/],
  ])('refuses %p', (value, message) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('law: key order never changes the text or the hash', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        return canonicalJson(obj) === canonicalJson(reversed) && stableHash(obj) === stableHash(reversed);
      }),
    );
  });

  it('law: canonical JSON is JSON that reads back to the same data', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(JSON.parse(canonicalJson(v))) === canonicalJson(v)));
  });
});
