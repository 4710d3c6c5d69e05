import {
  type DocumentNode,
  GraphQLError,
  GraphQLList,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../../projections/queries';
import { apiError } from '../errors';

/** A list without `first` is counted as this many items. */
const UNPAGED_LIST = 20;

/**
 * Cost of a field: 1, plus its children times the items it may return (`first`, the default
 * page size for paged fields, or UNPAGED_LIST for other lists). A page's `items` is counted by the
 * page's field, not again.
 */
const estimator: ComplexityEstimator = ({ field, args, childComplexity, type }) => {
  const pagedBy = field.args.some((a) => a.name === 'first');
  if (pagedBy) {
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + childComplexity * first;
  }
  const isList = getNullableType(field.type) instanceof GraphQLList;
  const pageItems = field.name === 'items' && getNamedType(type).name.endsWith('Page');
  return 1 + childComplexity * (isList && !pageItems ? UNPAGED_LIST : 1);
};

/** Throws BAD_USER_INPUT when the operation's estimated cost is above `max`. */
export function checkQueryCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  max: number,
): number {
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query,
      variables: variables ?? {},
      ...(operationName ? { operationName } : {}),
      estimators: [estimator],
    });
  } catch (err) {
    // Variables that do not coerce: execution refuses them next, with BAD_USER_INPUT naming the variable.
    if (err instanceof GraphQLError) return 0;
    throw err;
  }
  if (cost > max)
    throw apiError('BAD_USER_INPUT', `the query would cost ${cost}; at most ${max} is allowed (ask for fewer items)`, {
      limit: 'cost',
      cost,
    });
  return cost;
}
