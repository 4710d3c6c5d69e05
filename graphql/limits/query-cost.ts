import {
  type DocumentNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  GraphQLList,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isIntrospectionType,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../../projections/queries';
import { refusedBeforeExecution } from '../errors';

/** A list without `first` is counted as this many items. */
const UNPAGED_LIST = 20;

/** Field occurrences (fragments counted where they are spread) past which a document is not costed but refused. */
const MAX_COSTED_NODES = 10_000;

/** `__schema`, `__type`, and every field of the introspection types: a read of the static schema. */
export function isIntrospectionField(field: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType): boolean {
  return field.name === '__schema' || field.name === '__type' || isIntrospectionType(parent);
}

function isListField(field: GraphQLField<unknown, unknown>): boolean {
  return getNullableType(field.type) instanceof GraphQLList;
}

/**
 * Cost of a data field: 1, plus its children times the items it may return (`first`, the default
 * page size for paged fields, or UNPAGED_LIST for other lists). A page's `items` is counted by the
 * page's field, not again. Introspection costs nothing here: it has its own count
 * (`introspection-cost.ts`), so a query that mixes both is costed for its data.
 */
export const dataCostEstimator: ComplexityEstimator = ({ field, args, childComplexity, type }) => {
  if (isIntrospectionField(field, type)) return 0;
  const pagedBy = field.args.some((a) => a.name === 'first');
  if (pagedBy) {
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + childComplexity * first;
  }
  const pageItems = field.name === 'items' && getNamedType(type).name.endsWith('Page');
  return 1 + childComplexity * (isListField(field) && !pageItems ? UNPAGED_LIST : 1);
};

/**
 * The cost of the operation that will run, by an estimator. Null when its variables do not coerce
 * (execution refuses them next, with BAD_USER_INPUT naming the variable); a document with too many
 * fields to cost is refused.
 */
export function operationCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  estimator: ComplexityEstimator,
): number | null {
  try {
    return getComplexity({
      schema,
      query,
      variables: variables ?? {},
      ...(operationName ? { operationName } : {}),
      estimators: [estimator],
      maxQueryNodes: MAX_COSTED_NODES,
    });
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    if (/maximum allowed number of nodes/.test(err.message))
      throw refusedBeforeExecution(`the query selects more than ${MAX_COSTED_NODES} fields`, { limit: 'cost' });
    return null;
  }
}
