import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainRefusal } from '../domain/events/decider';
import { RebuildInProgressError, UnknownProjectionError } from '../projections';
import { QueryInputError } from '../projections/queries';

/** The error codes this API gives (besides graphql's and Apollo's own validation codes). */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

/** The HTTP part of an error (Apollo applies it to the response, then drops it from the error). */
interface HttpHead {
  readonly status: number;
  readonly headers?: Map<string, string>;
}

/**
 * The status a code sets when the error is raised (GraphQL-over-HTTP, as Apollo Server gives it):
 * authentication 401, rate limit 429; the others leave the response's status alone (an error
 * raised while the operation runs answers 200 with the error beside whatever data there is; a
 * request refused before it runs is given its 400 by `refusedBeforeExecution`).
 */
function httpOf(code: ApiErrorCode): HttpHead | undefined {
  switch (code) {
    case 'UNAUTHENTICATED':
      return { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) };
    case 'RATE_LIMITED':
      return { status: 429 };
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
    case 'CONFLICT':
    case 'NOT_FOUND':
    case 'INTERNAL_SERVER_ERROR':
      return undefined;
    default: {
      const never: never = code;
      throw new Error(`unknown error code ${String(never)}`);
    }
  }
}

function codedError(
  code: ApiErrorCode,
  message: string,
  extensions: Record<string, unknown>,
  http: HttpHead | undefined,
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, ...(http ? { http } : {}) } });
}

export function apiError(code: ApiErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return codedError(code, message, extensions, httpOf(code));
}

/** A request refused by a limit before anything runs: BAD_USER_INPUT in a 400, like a validation error. */
export function refusedBeforeExecution(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return codedError('BAD_USER_INPUT', message, extensions, { status: 400 });
}

/** Over a rate limit: RATE_LIMITED in a 429 whose Retry-After says when (whole seconds, at least 1). */
export function rateLimited(what: string, waitMs: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return codedError(
    'RATE_LIMITED',
    `too many ${what}; retry in ${seconds} s`,
    { retryAfterMs: waitMs },
    {
      status: 429,
      headers: new Map([['retry-after', String(seconds)]]),
    },
  );
}

/** Domain refusals as API errors: the domain's code stays in `extensions.reason`. */
const REFUSAL_CODES: Readonly<Record<string, ApiErrorCode>> = {
  FORBIDDEN: 'FORBIDDEN',
  CONFIRMATION_REQUIRED: 'BAD_USER_INPUT',
  INVALID_INPUT: 'BAD_USER_INPUT',
  NO_OP: 'CONFLICT',
  // The trader's LIVE switch (app/trader/live-switch.ts): the gate refused, or the book is not flat yet.
  LIVE_GATE: 'CONFLICT',
  BOOK_NOT_FLAT: 'CONFLICT',
};

/** Known failures thrown below the resolvers, as API errors; anything else is returned as is (and masked later). */
export function toApiError(err: unknown): unknown {
  if (err instanceof GraphQLError) return err;
  if (err instanceof DomainRefusal)
    return apiError(REFUSAL_CODES[err.code] ?? 'BAD_USER_INPUT', err.message, { reason: err.code });
  if (err instanceof QueryInputError) return apiError('BAD_USER_INPUT', err.message);
  if (err instanceof UnknownProjectionError) return apiError('BAD_USER_INPUT', err.message);
  if (err instanceof RebuildInProgressError) return apiError('CONFLICT', err.message);
  return err;
}

/** Codes whose messages are meant for the caller; every other error is masked. */
const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'CONFLICT',
  'NOT_FOUND',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo's formatError: known errors pass with their code; an unknown error (a bug, a database
 * failure) is logged with an ID and reaches the caller only as INTERNAL_SERVER_ERROR with that ID.
 * Known errors lose their stack trace too.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnknown: (errorId: string, error: unknown) => void,
): GraphQLFormattedError {
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  const known = String(formatted.extensions?.code ?? '');
  if (KNOWN_CODES.has(known)) {
    const { stacktrace: _st, http: _http, ...ext } = formatted.extensions ?? {};
    return { message: formatted.message, ...where, extensions: { ...ext, code: known } };
  }
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const mapped = toApiError(original);
  const code = mapped instanceof GraphQLError ? String(mapped.extensions?.code ?? '') : '';
  if (mapped instanceof GraphQLError && KNOWN_CODES.has(code)) {
    const { http: _http, ...ext } = mapped.extensions;
    return { message: mapped.message, ...where, extensions: { ...ext, code } };
  }
  const errorId = randomUUID().slice(0, 8);
  onUnknown(errorId, original);
  return {
    message: `Internal server error (id ${errorId})`,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}
