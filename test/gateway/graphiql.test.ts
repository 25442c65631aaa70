import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { AUTH_API_KEYS } from '../support/auth.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

// GraphiQL at /graphiql: one page and a fixed list of files, every one the gateway's own to serve (the browser tests
// in test/browser/ run it). Off in production unless GRAPHIQL=on.

/** The files the page must load, from the packages the gateway depends on. */
const PACKAGE_FILES = [
  { package: 'react', file: 'umd/react.production.min.js' },
  { package: 'react-dom', file: 'umd/react-dom.production.min.js' },
  { package: 'graphiql', file: 'graphiql.min.js' },
  { package: 'graphiql', file: 'graphiql.min.css' },
];

const require = createRequire(import.meta.url);
const packageFile = (name: string, file: string) =>
  readFileSync(join(dirname(require.resolve(`${name}/package.json`)), file));

/** Every URL the page names (src, href), as written. */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|action)\s*=\s*["']?([^"'\s>]+)/gi)].map((match) => match[1]!);
}

/**
 * A GET with the path and headers sent as written, and the body as it came: fetch would resolve `..` before sending
 * it, ask for gzip and decode it.
 */
function rawGet(
  origin: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    request({ host: hostname, port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

const landingPage = async (gw: TestGateway) => (await fetch(gw.url, { headers: { accept: 'text/html' } })).text();

describe('GRAPHIQL', () => {
  test('on by default outside production, off in it; GRAPHIQL says otherwise either way', () => {
    assert.equal(loadConfig({}).graphiql, true);
    assert.equal(loadConfig({ GRAPHIQL: 'off' }).graphiql, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', AUTH_API_KEYS }).graphiql, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', AUTH_API_KEYS, GRAPHIQL: 'on' }).graphiql, true);
  });
});

describe('/graphiql on a development gateway', () => {
  let gw: TestGateway;
  let html: string;
  let assetPaths: string[];
  before(async () => {
    gw = await startTestGateway();
    const page = await fetch(`${gw.origin}/graphiql`);
    assert.equal(page.status, 200);
    html = await page.text();
    assetPaths = urlsIn(html).map((url) => new URL(url, `${gw.origin}/graphiql`).pathname);
  });
  after(() => gw.close());

  test('the page is HTML, asked again each time, and allows nothing but its own origin', async () => {
    const page = await fetch(`${gw.origin}/graphiql`);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const policy = page.headers.get('content-security-policy') ?? '';
    assert.match(policy, /(^|; )default-src 'self'(;|$)/);
    // Nothing but 'self', 'none' and inline data (GraphiQL's fonts) anywhere in it.
    const directive = /^[a-z]+-[a-z-]+$/;
    for (const source of policy.split(/[;\s]+/).filter((word) => word !== '' && !directive.test(word))) {
      assert.ok(["'self'", "'none'", 'data:'].includes(source), `${source} in ${policy}`);
    }
    assert.match(policy, /frame-ancestors 'self'/);
  });

  test('every URL in the page is on the gateway, and no script is inline', () => {
    const urls = urlsIn(html);
    assert.ok(urls.length >= 6, html);
    for (const url of urls) {
      assert.doesNotMatch(url, /^[a-z][a-z0-9+.-]*:|^\/\//i, `${url} is relative, with no scheme or host`);
      assert.equal(new URL(url, `${gw.origin}/graphiql`).origin, gw.origin);
    }
    assert.equal(html.match(/<script\b/g)?.length, html.match(/<script\b[^>]*\bsrc=/g)?.length, 'scripts have a src');
    assert.doesNotMatch(html, /\bstyle=|<style\b/, 'no inline style either');
  });

  test('each asset it names answers 200 with its type, kept for good, the bytes of its package’s file', async () => {
    assert.equal(assetPaths.length, 6, assetPaths.join(', '));
    for (const path of assetPaths) {
      assert.match(path, /^\/graphiql\/assets\/[\w.-]+\.[0-9a-f]{16}\.(js|css)$/);
      const response = await fetch(`${gw.origin}${path}`);
      assert.equal(response.status, 200, path);
      const type = path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8';
      assert.equal(response.headers.get('content-type'), type, path);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      await response.arrayBuffer();
    }
    for (const { package: name, file } of PACKAGE_FILES) {
      // The file's name, with its hash before the extension.
      const named = new RegExp(
        `^/graphiql/assets/${file
          .split('/')
          .at(-1)!
          .replace(/\.(\w+)$/, '\\.[0-9a-f]{16}\\.$1')}$`,
      );
      const path = assetPaths.find((candidate) => named.test(candidate));
      assert.ok(path, `${name}/${file} is on the page`);
      const body = Buffer.from(await (await fetch(`${gw.origin}${path}`)).arrayBuffer());
      assert.ok(body.equals(packageFile(name, file)), `${path} is ${name}/${file}`);
    }
  });

  test('each asset is compressed for a client that takes it, as its Accept-Encoding prefers, and as it is otherwise', async () => {
    const script = assetPaths.find((path) => /\/graphiql\.min\.[0-9a-f]{16}\.js$/.test(path))!;
    const original = packageFile('graphiql', 'graphiql.min.js');
    const decode = { br: brotliDecompressSync, gzip: gunzipSync, identity: (body: Buffer) => body };
    for (const [acceptEncoding, expected] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      // As Chrome asks: equal qualities, its order decides.
      ['gzip, deflate, br, zstd', 'gzip'],
      ['br;q=1, gzip;q=0.8', 'br'],
      ['br;q=0, gzip', 'gzip'],
      ['deflate, zstd', 'identity'],
      ['identity', 'identity'],
      // Every encoding refused, the body as it is too: that is still what it gets.
      ['*;q=0', 'identity'],
      [undefined, 'identity'],
    ] as const) {
      const response = await rawGet(
        gw.origin,
        script,
        acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
      );
      assert.equal(response.status, 200, acceptEncoding);
      assert.equal(
        response.headers['content-encoding'],
        expected === 'identity' ? undefined : expected,
        acceptEncoding,
      );
      assert.equal(response.headers.vary, 'accept-encoding', acceptEncoding);
      assert.equal(Number(response.headers['content-length']), response.body.length, acceptEncoding);
      assert.ok(decode[expected](response.body).equals(original), `${acceptEncoding}: the package's file`);
      if (expected !== 'identity') {
        assert.ok(response.body.length < original.length / 4, `${expected}: ${response.body.length} bytes`);
      }
    }
  });

  test('anything else under /graphiql is 404: an old hash, another file of a package, a path out', async () => {
    const [first] = assetPaths;
    const stale = first!.replace(/\.[0-9a-f]{16}\./, '.0000000000000000.');
    for (const path of [
      stale,
      '/graphiql/assets/graphiql.min.js',
      '/graphiql/assets/graphiql.min.js.map',
      '/graphiql/assets/package.json',
      '/graphiql/assets/',
      '/graphiql/assets/../../package.json',
      '/graphiql/assets/..%2f..%2fpackage.json',
      '/graphiql/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/graphiql/assets/..%5c..%5cpackage.json',
      `${first}/..`,
      '/graphiql/../package.json',
      '/graphiql/',
    ]) {
      const response = await rawGet(gw.origin, path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(response.body.toString(), /marketplace-gateway|"dependencies"/, path);
    }
  });

  test('Apollo Sandbox’s landing page links to GraphiQL in the box it shows when it cannot load', async () => {
    const page = await landingPage(gw);
    assert.match(page, /<div class="fallback">[\s\S]*<a href="\.\/graphiql">open GraphiQL<\/a>[\s\S]*?<\/div>/);
    assert.equal(new URL('./graphiql', gw.url).href, `${gw.origin}/graphiql`);
  });
});

describe('a development gateway with GRAPHIQL=off', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { GRAPHIQL: 'off' } });
  });
  after(() => gw.close());

  test('serves no /graphiql, and its landing page names none', async () => {
    assert.equal((await fetch(`${gw.origin}/graphiql`)).status, 404);
    const page = await landingPage(gw);
    assert.match(page, /embeddable-sandbox/);
    assert.doesNotMatch(page, /graphiql/i);
  });
});

describe('a production gateway with GRAPHIQL=on', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { NODE_ENV: 'production', AUTH_API_KEYS, GRAPHIQL: 'on' } });
  });
  after(() => gw.close());

  test('a browser opening /graphql is sent to GraphiQL', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html' }, redirect: 'manual' });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/graphiql');
  });

  test('serves the page and its assets (without introspection, GraphiQL runs queries with no completion)', async () => {
    const page = await fetch(`${gw.origin}/graphiql`);
    assert.equal(page.status, 200);
    for (const url of urlsIn(await page.text())) {
      const asset = await fetch(new URL(url, `${gw.origin}/graphiql`));
      assert.equal(asset.status, 200, url);
      await asset.arrayBuffer();
    }
  });
});
