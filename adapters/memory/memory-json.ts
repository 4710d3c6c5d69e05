/**
 * A deep copy of a JSON value (a tree as JSON.parse builds it: plain objects, arrays, strings,
 * finite numbers, booleans, null). Several times faster than JSON.parse of the text, with the
 * same result: same keys in the same order, a `__proto__` key kept as an own property.
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const a = new Array(value.length);
    for (let i = 0; i < value.length; i++) a[i] = copyJson(value[i]);
    return a as T;
  }
  const src = value as Record<string, unknown>;
  const o: Record<string, unknown> = {};
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === '__proto__')
      Object.defineProperty(o, k, { value: copyJson(src[k]), enumerable: true, writable: true, configurable: true });
    else o[k] = copyJson(src[k]);
  }
  return o as T;
}
