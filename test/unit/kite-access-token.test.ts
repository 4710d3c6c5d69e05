import { openToken, parseTokenKey, sealToken, TokenKeyError } from '../../adapters/kite/access-token-cipher';
import { accessTokenExpiry } from '../../domain/calendar/access-token-expiry';

describe('accessTokenExpiry: the first 06:00 IST after issue', () => {
  it.each([
    ['2026-12-07T03:30:00.000Z', '2026-12-08T00:30:00.000Z'], // 09:00 IST -> next morning 06:00 IST
    ['2026-12-07T00:29:00.000Z', '2026-12-07T00:30:00.000Z'], // 05:59 IST -> a minute later
    ['2026-12-07T00:30:00.000Z', '2026-12-08T00:30:00.000Z'], // 06:00 IST sharp -> the next day
    ['2026-12-06T20:00:00.000Z', '2026-12-07T00:30:00.000Z'], // 01:30 IST (UTC still the day before)
  ])('issued %s lapses %s', (issued, expiry) => {
    expect(accessTokenExpiry(issued)).toBe(expiry);
  });
});

describe('the access-token cipher', () => {
  const key = parseTokenKey('11'.repeat(32));

  it('seals and opens, with a fresh nonce each time', () => {
    const a = sealToken(key, 'tok-123', 'api_key_1');
    const b = sealToken(key, 'tok-123', 'api_key_1');
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.toString('utf8')).not.toContain('tok-123');
    expect(openToken(key, a, 'api_key_1')).toBe('tok-123');
  });

  it('refuses another key, another API key, or a tampered value', () => {
    const s = sealToken(key, 'tok-123', 'api_key_1');
    expect(() => openToken(parseTokenKey('22'.repeat(32)), s, 'api_key_1')).toThrow(TokenKeyError);
    expect(() => openToken(key, s, 'api_key_2')).toThrow(TokenKeyError);
    const bad = Buffer.from(s.ciphertext);
    bad[0] = (bad[0] ?? 0) ^ 1;
    expect(() => openToken(key, { ...s, ciphertext: bad }, 'api_key_1')).toThrow(TokenKeyError);
  });

  it('takes a key as 64 hex digits or base64 of 32 bytes, and refuses anything else without echoing it', () => {
    expect(parseTokenKey(Buffer.alloc(32, 7).toString('base64')).length).toBe(32);
    expect(() => parseTokenKey(undefined)).toThrow('KITE_TOKEN_KEY is not set');
    expect(() => parseTokenKey('short-secret')).toThrow(TokenKeyError);
    try {
      parseTokenKey('short-secret');
    } catch (e) {
      expect(String(e)).not.toContain('short-secret');
    }
  });
});
