import { createHash } from 'node:crypto';

/** A name-based (version 5, SHA-1) UUID: the same namespace and name always give the same ID. */
export function uuidV5(name: string, namespace = '6f1f1c1e-7a1b-4c56-9a7e-5f0d2f8c3b10'): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
