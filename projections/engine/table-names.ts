import { ProjectionDefinitionError } from './errors';

/** Suffix of a rebuild's shadow table: `positions` is rebuilt into `positions__rebuild`. */
export const SHADOW_SUFFIX = '__rebuild';

/** PostgreSQL truncates identifiers at 63 bytes; the shadow name must fit too. */
export const MAX_TABLE_NAME_LENGTH = 63 - SHADOW_SUFFIX.length;

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** Throws unless `name` is a plain lower-case identifier whose shadow name also fits. */
export function checkTableName(name: string): void {
  if (typeof name !== 'string' || !TABLE_NAME.test(name))
    throw new ProjectionDefinitionError(
      `table name ${JSON.stringify(name)} must be a lower-case identifier (a-z, 0-9, _), unqualified`,
    );
  if (name.length > MAX_TABLE_NAME_LENGTH)
    throw new ProjectionDefinitionError(
      `table name '${name}' is longer than ${MAX_TABLE_NAME_LENGTH} characters (its shadow '${name}${SHADOW_SUFFIX}' must fit in 63)`,
    );
  if (name.endsWith(SHADOW_SUFFIX))
    throw new ProjectionDefinitionError(`table name '${name}' must not end with '${SHADOW_SUFFIX}'`);
}

export function shadowTableName(name: string): string {
  return `${name}${SHADOW_SUFFIX}`;
}

/** Quotes a name already checked by checkTableName (it holds no quote). */
export function quoteIdent(name: string): string {
  return `"${name}"`;
}
