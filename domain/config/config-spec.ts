/**
 * A small declarative description of a configuration's shape, checked against plain JSON: the
 * domain takes no validation library. `SpecFor<T>` ties a spec to its TypeScript type, so a field
 * added to the type and not to the spec (or the other way round) fails the build.
 */

export interface IntSpec {
  readonly kind: 'int';
  readonly min?: number;
  readonly max?: number;
}
export interface NumberSpec {
  readonly kind: 'number';
  readonly min?: number;
  readonly max?: number;
  /** The minimum itself is not allowed. */
  readonly minExclusive?: boolean;
}
export interface BooleanSpec {
  readonly kind: 'boolean';
}
/** A string matching a pattern; `describe` says what is expected, for the message. */
export interface StringSpec {
  readonly kind: 'string';
  readonly pattern: RegExp;
  readonly describe: string;
}
export interface LiteralSpec {
  readonly kind: 'literal';
  readonly value: string;
}
export interface ArraySpec<U> {
  readonly kind: 'array';
  readonly of: SpecFor<U>;
  readonly minLength?: number;
  readonly maxLength?: number;
}
export interface ObjectSpec<T> {
  readonly kind: 'object';
  readonly fields: { readonly [K in keyof T]-?: SpecFor<T[K]> };
}
/** A value that is one of several shapes (`"ALL"` or a list of keys). */
export interface EitherSpec {
  readonly kind: 'either';
  readonly options: readonly AnySpec[];
  readonly describe: string;
}

export type SpecFor<T> =
  | EitherSpec
  | ([T] extends [boolean]
      ? BooleanSpec
      : [T] extends [number]
        ? IntSpec | NumberSpec
        : [T] extends [string]
          ? StringSpec | LiteralSpec
          : [T] extends [readonly (infer U)[]]
            ? ArraySpec<U>
            : [T] extends [object]
              ? ObjectSpec<T>
              : never);

/** Any spec, whatever type it describes (what the checker walks). */
export type AnySpec =
  | IntSpec
  | NumberSpec
  | BooleanSpec
  | StringSpec
  | LiteralSpec
  | {
      readonly kind: 'array';
      readonly of: AnySpec;
      readonly minLength?: number;
      readonly maxLength?: number;
    }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, AnySpec>> }
  | EitherSpec;

/** One thing wrong with a configuration: where (a JSON path) and why. */
export interface ConfigProblem {
  readonly path: string;
  readonly reason: string;
}

export function problemMessage(p: ConfigProblem): string {
  return `${p.path === '' ? '(the whole configuration)' : p.path}: ${p.reason}`;
}

/** Every way `value` departs from `spec` (types, ranges, required and unknown keys), with paths. */
export function specProblems(spec: AnySpec, value: unknown, path: string): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  check(spec, value, path, out);
  return out;
}

function check(spec: AnySpec, v: unknown, path: string, out: ConfigProblem[]): void {
  const fail = (reason: string) => {
    out.push({ path, reason });
  };
  switch (spec.kind) {
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(`must be a whole number, got ${show(v)}`);
      else checkRange(v, spec.min, spec.max, false, fail);
      return;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`must be a number, got ${show(v)}`);
      else checkRange(v, spec.min, spec.max, spec.minExclusive === true, fail);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') fail(`must be true or false, got ${show(v)}`);
      return;
    case 'string':
      if (typeof v !== 'string' || !spec.pattern.test(v)) fail(`must be ${spec.describe}, got ${show(v)}`);
      return;
    case 'literal':
      if (v !== spec.value) fail(`must be ${JSON.stringify(spec.value)}, got ${show(v)}`);
      return;
    case 'array':
      if (!Array.isArray(v)) fail(`must be a list, got ${show(v)}`);
      else checkArray(spec, v, path, out);
      return;
    case 'object':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`must be an object, got ${show(v)}`);
      else checkObject(spec.fields, v as Record<string, unknown>, path, out);
      return;
    case 'either':
      if (!spec.options.some((o) => specProblems(o, v, path).length === 0))
        fail(`must be ${spec.describe}, got ${show(v)}`);
      return;
    default: {
      const never: never = spec;
      throw new Error(`unknown spec ${JSON.stringify(never)}`);
    }
  }
}

function checkArray(
  spec: Extract<AnySpec, { kind: 'array' }>,
  v: readonly unknown[],
  path: string,
  out: ConfigProblem[],
): void {
  if (spec.minLength !== undefined && v.length < spec.minLength) {
    out.push({ path, reason: `must have at least ${spec.minLength} entries` });
  }
  if (spec.maxLength !== undefined && v.length > spec.maxLength) {
    out.push({ path, reason: `must have at most ${spec.maxLength} entries` });
  }
  for (let i = 0; i < v.length; i++) check(spec.of, v[i], `${path}[${i}]`, out);
}

function checkObject(
  fields: Readonly<Record<string, AnySpec>>,
  v: Record<string, unknown>,
  path: string,
  out: ConfigProblem[],
): void {
  for (const key of Object.keys(v)) {
    if (!Object.hasOwn(fields, key)) {
      out.push({ path: join(path, key), reason: `unknown key (known here: ${Object.keys(fields).join(', ')})` });
    }
  }
  for (const [key, field] of Object.entries(fields)) {
    const child = v[key];
    if (child === undefined) out.push({ path: join(path, key), reason: 'is required' });
    else check(field, child, join(path, key), out);
  }
}

function checkRange(
  v: number,
  min: number | undefined,
  max: number | undefined,
  minExclusive: boolean,
  fail: (reason: string) => void,
): void {
  if (min !== undefined && (minExclusive ? v <= min : v < min))
    fail(`must be ${minExclusive ? 'above' : 'at least'} ${min}, got ${v}`);
  if (max !== undefined && v > max) fail(`must be at most ${max}, got ${v}`);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
