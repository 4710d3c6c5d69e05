import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import express, { type Router } from 'express';

/** The project root (where package.json is), from source or from dist/. */
function projectRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`no package.json above ${__dirname}`);
}

/** A file of an installed package (from its package.json's folder). */
function packageFile(pkg: string, ...parts: string[]): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), ...parts);
}

/** A package's browser build, as its package.json's `exports.umd` names it (d3, Observable Plot). */
function umdBuild(pkg: string): string {
  type Manifest = { name?: string; exports?: { umd?: string } };
  const manifestIn = (dir: string): Manifest | null =>
    existsSync(join(dir, 'package.json'))
      ? (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest)
      : null;
  for (let dir = dirname(require.resolve(pkg)); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = manifestIn(dir);
    if (manifest?.name !== pkg) continue;
    if (!manifest.exports?.umd) throw new Error(`${pkg} names no UMD build`);
    return join(dir, manifest.exports.umd);
  }
  throw new Error(`no package.json of ${pkg}`);
}

export const ASSETS_DIR = join(projectRoot(), 'graphql', 'assets');

/**
 * The browser pages, all from this project's own files (no CDN): the dashboard at /dashboard,
 * GraphiQL at /graphiql, their scripts under /assets, and the browser builds of graphql-ws,
 * GraphiQL, React, d3 and Observable Plot (the packages' own browser builds) under /vendor.
 */
export function assetRoutes(): Router {
  const r = express.Router();
  const page = (file: string) => (_req: express.Request, res: express.Response) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; font-src 'self' data:; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    );
    res.sendFile(join(ASSETS_DIR, file));
  };
  r.get('/', (_req, res) => res.redirect('/dashboard'));
  r.get('/dashboard', page('dashboard.html'));
  r.get('/graphiql', page('graphiql.html'));
  r.use('/assets', express.static(ASSETS_DIR, { index: false, maxAge: '1m' }));
  const vendor = (route: string, file: string) => r.get(route, (_req, res) => res.sendFile(file));
  vendor('/vendor/graphql-ws.js', resolve(require.resolve('graphql-ws'), '..', '..', 'umd', 'graphql-ws.min.js'));
  vendor('/vendor/react.js', packageFile('react', 'umd', 'react.production.min.js'));
  vendor('/vendor/react-dom.js', packageFile('react-dom', 'umd', 'react-dom.production.min.js'));
  vendor('/vendor/graphiql.js', packageFile('graphiql', 'graphiql.min.js'));
  vendor('/vendor/graphiql.css', packageFile('graphiql', 'graphiql.min.css'));
  vendor('/vendor/d3.js', umdBuild('d3'));
  vendor('/vendor/plot.js', umdBuild('@observablehq/plot'));
  return r;
}
