import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { ApiDeps } from '../api-deps';
import { actorFromAuthorization } from '../auth/authenticate';
import { RateLimiter } from '../auth/rate-limiter';
import { buildApiSchema } from '../build-schema';
import { type ApiContext, createLoaders } from '../context';
import { apiError, maskError } from '../errors';
import { checkHealth } from '../health-check';
import { depthLimitRule } from '../limits/depth-limit';
import { introspectionRootKeys } from '../limits/introspection-cost';
import { MAX_PARSE_TOKENS, operationLimits } from '../limits/operation-limits';
import { assetRoutes } from './assets';
import { corsMiddleware } from './cors';
import { attachWebSocket } from './ws-server';

export interface ApiServerOptions {
  readonly deps: ApiDeps;
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Origins allowed besides the server's own (`*` for any). */
  readonly corsOrigins: readonly string[];
  /** Served at /metrics for Prometheus when given. */
  readonly metrics?: MetricsEndpoint;
  /** The composition's own routes on the same server (e.g. the Kite login callback and postbacks). */
  readonly routes?: (app: Express) => void;
}

/** A Prometheus text exposition (the composition root builds it; the API only serves it). */
export interface MetricsEndpoint {
  readonly contentType: string;
  render(): Promise<string>;
}

export interface ApiServer {
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  readonly httpServer: Server;
  close(): Promise<void>;
}

/**
 * The API: Apollo Server 5 on express 5 at /graphql (POST, and GET for queries), graphql-ws on the
 * same port and path, GraphiQL at /graphiql and the dashboard at /dashboard, /healthz and /readyz,
 * and /metrics (Prometheus) when the composition gives one.
 */
export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const { deps } = o;
  const schema = await buildApiSchema(deps.pubSub);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const mutationLimiter = new RateLimiter(deps.limits.mutationsPerMinute, deps.limits.mutationBurst);
  const limits = operationLimits(schema, deps.limits);
  const ws = attachWebSocket({ httpServer, schema, limits, deps, corsOrigins: o.corsOrigins, mutationLimiter });
  const apollo = new ApolloServer<ApiContext>({
    schema,
    introspection: true,
    // The process owns its shutdown (npm run paper closes the API, then the store, on SIGINT/SIGTERM).
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: MAX_PARSE_TOKENS },
    validationRules: [depthLimitRule(deps.limits.maxDepth)],
    formatError: (formatted, error) =>
      maskError(formatted, error, (errorId, err) => deps.log.error({ errorId, err }, 'unexpected API error')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of a live book, no usage reports: and no per-field instrumentation for them.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      { serverWillStart: async () => ({ drainServer: () => ws.dispose() }) },
      {
        requestDidStart: async () => ({
          didResolveOperation: async ({ request, document, contextValue }) => {
            // The schema is for callers with a token, like everything else (the WebSocket has one by then).
            if (!contextValue.actor && introspectionRootKeys(document, request.operationName) > 0)
              throw apiError('UNAUTHENTICATED', 'introspection needs an API token (Authorization: Bearer <token>)');
            limits.check(document, request.variables, request.operationName);
          },
        }),
      },
    ],
  });
  await apollo.start();
  // Liveness: the process serves. Readiness (for load balancers and orchestrators): 503 until
  // ready, with the reasons; the details are in the `health` query.
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, namespace: deps.namespace });
  });
  const metrics = o.metrics;
  if (metrics)
    app.get('/metrics', async (_req, res) => {
      try {
        const text = await metrics.render();
        res.set('content-type', metrics.contentType).send(text);
      } catch (err) {
        deps.log.error({ err }, 'metrics');
        res.status(500).type('text/plain').send('metrics unavailable\n');
      }
    });
  app.get('/readyz', async (_req, res) => {
    const h = await checkHealth(deps, { projections: false });
    res.status(h.ready ? 200 : 503).json({ ready: h.ready, reasons: h.reasons });
  });
  o.routes?.(app);
  app.use(assetRoutes());
  app.use(
    '/graphql',
    corsMiddleware(o.corsOrigins),
    express.json({ limit: deps.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        actor: await actorFromAuthorization(req.headers.authorization, deps.tokens),
        deps,
        mutationLimiter,
        loaders: createLoaders(deps),
      }),
    }),
  );
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    const message =
      err.type === 'entity.too.large'
        ? `request body larger than ${deps.limits.maxBodyBytes} bytes`
        : status < 500
          ? `bad request: ${err.message}`
          : 'internal server error';
    if (status >= 500) deps.log.error({ err }, 'HTTP error');
    res
      .status(status)
      .json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(o.port, host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    httpServer,
    async close() {
      await apollo.stop();
    },
  };
}
