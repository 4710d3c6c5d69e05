import type { Server } from 'node:http';
import { GraphQLError, type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
// graphql-ws's server for the ws package (not a React hook, whatever its name says).
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ApiDeps } from '../api-deps';
import { actorFromAuthorization } from '../auth/authenticate';
import type { RateLimiter } from '../auth/rate-limiter';
import { type ApiActor, type ApiContext, createLoaders } from '../context';
import { apiError, maskError } from '../errors';
import { depthLimitRule } from '../limits/depth-limit';
import { MAX_PARSE_TOKENS, type OperationLimits } from '../limits/operation-limits';
import { originAllowed } from './cors';

interface Extra extends Record<PropertyKey, unknown> {
  actor?: ApiActor | null;
}

/**
 * graphql-ws on the HTTP server's /graphql path. The socket authenticates once, in its connection
 * parameters (`{ authorization: "Bearer <token>" }`): no valid token, no connection (4403). Each
 * operation passes the same depth and cost limits as over HTTP; unknown errors are masked.
 */
export function attachWebSocket(o: {
  httpServer: Server;
  schema: GraphQLSchema;
  limits: OperationLimits;
  deps: ApiDeps;
  corsOrigins: readonly string[];
  mutationLimiter: RateLimiter;
}) {
  const wss = new WebSocketServer({
    server: o.httpServer,
    path: '/graphql',
    maxPayload: o.deps.limits.maxBodyBytes,
    verifyClient: ({ origin, req }: { origin: string; req: import('node:http').IncomingMessage }) =>
      originAllowed(origin || undefined, req, o.corsOrigins),
  });
  const rules = [...specifiedRules, depthLimitRule(o.deps.limits.maxDepth)];
  // Each open socket's token is checked again now and then: a revoked token loses its live feeds too.
  const live = new Map<WebSocket, unknown>();
  const recheck = setInterval(() => {
    for (const [socket, authorization] of live)
      void actorFromAuthorization(authorization, o.deps.tokens)
        .then((actor) => (actor ? undefined : Promise.reject(new Error('revoked'))))
        .catch(() => {
          live.delete(socket);
          socket.close(4401, 'Unauthorized: the token is no longer valid');
        });
  }, o.deps.limits.wsTokenRecheckMs);
  recheck.unref();
  const cleanup = serveGraphqlWs<Record<string, unknown> | undefined, Extra>(
    {
      schema: o.schema,
      onConnect: async (ctx) => {
        const p = ctx.connectionParams ?? {};
        try {
          const authorization = p.authorization ?? p.Authorization ?? p.token;
          const actor = await actorFromAuthorization(authorization, o.deps.tokens);
          if (!actor) return false;
          ctx.extra.actor = actor;
          live.set(ctx.extra.socket, authorization);
          ctx.extra.socket.once('close', () => live.delete(ctx.extra.socket));
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query, { maxTokens: MAX_PARSE_TOKENS });
        } catch (err) {
          return [apiError('BAD_USER_INPUT', `syntax error: ${(err as Error).message}`)] as readonly GraphQLError[];
        }
        const errors = validate(o.schema, document, rules);
        if (errors.length > 0) return errors;
        try {
          o.limits.check(document, payload.variables ?? undefined, payload.operationName);
        } catch (err) {
          // the refusal as it is, less its HTTP status (there is no HTTP response here); anything else masked
          const formatted = maskError(
            err instanceof GraphQLError ? err.toJSON() : { message: '' },
            err,
            (errorId, error) => o.deps.log.error({ errorId, err: error }, 'subscription refused'),
          );
          return [new GraphQLError(formatted.message, { extensions: formatted.extensions })];
        }
        const contextValue: ApiContext = {
          actor: ctx.extra.actor ?? null,
          deps: o.deps,
          mutationLimiter: o.mutationLimiter,
          loaders: createLoaders(o.deps),
        };
        return {
          schema: o.schema,
          document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return;
        return {
          ...result,
          errors: result.errors.map((e) =>
            maskError(e.toJSON(), e, (errorId, error) =>
              o.deps.log.error({ errorId, err: error }, 'subscription error'),
            ),
          ),
        };
      },
    },
    wss,
  );
  return {
    wss,
    async dispose() {
      clearInterval(recheck);
      await cleanup.dispose();
    },
  };
}
