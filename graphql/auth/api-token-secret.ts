import { createHash, randomBytes } from 'node:crypto';

/** Tokens look like `kt_<48 base64url characters>` (288 random bits). */
const PREFIX = 'kt_';
const SHAPE = /^kt_[A-Za-z0-9_-]{48}$/;

export function newTokenSecret(): string {
  return `${PREFIX}${randomBytes(36).toString('base64url')}`;
}

export function newTokenId(): string {
  return `tok_${randomBytes(6).toString('hex')}`;
}

/**
 * What is stored: SHA-256 of the token. A token is 288 random bits, so a slow password hash adds
 * nothing; a lookup by hash never compares secrets byte by byte in JavaScript.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before any lookup (a bearer of the wrong shape is refused without a query). */
export function looksLikeToken(token: string): boolean {
  return SHAPE.test(token);
}
