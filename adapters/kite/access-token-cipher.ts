import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An access token as kept at rest: AES-256-GCM, a fresh nonce each time, the tag checked on reading. */
export interface SealedToken {
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

export class TokenKeyError extends Error {}

/**
 * The key that seals Kite access tokens at rest, from the environment (`KITE_TOKEN_KEY`): 32
 * random bytes written as 64 hex digits or as base64 (`openssl rand -hex 32`). Anything else is
 * refused with a message that says how to make one; the key itself is never echoed.
 */
export function parseTokenKey(text: string | undefined): Buffer {
  if (text === undefined || text.trim() === '')
    throw new TokenKeyError('KITE_TOKEN_KEY is not set: make one with `openssl rand -hex 32`');
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(t) && key.toString('base64') !== t))
    throw new TokenKeyError('KITE_TOKEN_KEY must be 32 bytes as 64 hex digits or base64 (`openssl rand -hex 32`)');
  return key;
}

/** Seals `token`; `context` (e.g. the API key) is bound to it, so a sealed token cannot be moved to another key's row. */
export function sealToken(key: Buffer, token: string, context: string): SealedToken {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** The token back; a wrong key, a wrong context or a tampered value is an error, never garbage. */
export function openToken(key: Buffer, sealed: SealedToken, context: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenKeyError(
      'the stored access token cannot be opened with this KITE_TOKEN_KEY (another key, or tampered)',
    );
  }
}
