import { type DocumentNode, Kind, visit } from 'graphql';
import { refusedBeforeExecution } from '../errors';

function longest(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (depth > 8 || value === null || typeof value !== 'object') return 0;
  let max = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) max = Math.max(max, longest(v, depth + 1));
  return max;
}

/**
 * No string in a request (a literal in the document, or anywhere in its variables) longer than
 * `max`: checked once per operation, before anything runs (a resolver-level check would cost a
 * middleware call on every field of every answer).
 */
export function checkStringLengths(
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  max: number,
): void {
  for (const [name, value] of Object.entries(variables ?? {}))
    if (longest(value) > max)
      throw refusedBeforeExecution(`variable $${name} holds a string longer than ${max} characters`, {
        argument: name,
      });
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.length > max) throw refusedBeforeExecution(`a string argument is longer than ${max} characters`);
    },
  });
}
