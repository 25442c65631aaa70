import type { FastifyPluginAsync } from 'fastify';
import { acceptedEncoding, EncodedBody } from './asset-encodings.js';
import { graphiqlPage } from './graphiql-page.js';

export interface GraphiqlPluginOptions {
  /** Where the page sends queries (HTTP) and opens subscriptions (graphql-ws). */
  graphqlPath: string;
}

/** GraphiQL's page; its files are under `${GRAPHIQL_PATH}/assets/`. */
export const GRAPHIQL_PATH = '/graphiql';

/**
 * What the page may load and reach: its own origin only (its assets, and /graphql over HTTP and websockets, which
 * 'self' covers in CSP 3). `data:` for fonts and images: GraphiQL's stylesheet carries its fonts and a few images
 * inline, which come from no origin at all. No frame of another site may hold it: a page that runs mutations with a
 * key typed into it is no page to click through unseen.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** An asset's name changes with its content, so a browser keeps it for good. */
const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * GraphiQL at `/graphiql`, served entirely by the gateway from its npm dependencies, so it works with no internet
 * (Apollo Sandbox, the landing page of /graphql, loads from Apollo's CDN). The files are read once, here; a request
 * names one of that fixed list or gets a 404, so no request path ever reaches the file system.
 */
export const graphiqlPlugin: FastifyPluginAsync<GraphiqlPluginOptions> = async (app, options) => {
  const page = graphiqlPage(options.graphqlPath);
  const assets = new Map(
    page.assets.map(({ body, ...asset }) => [asset.name, { ...asset, content: new EncodedBody(body) }]),
  );

  app.get(GRAPHIQL_PATH, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      // Asked again each time: a gateway of another version names other assets.
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(page.html),
  );

  app.get<{ Params: { file: string } }>(`${GRAPHIQL_PATH}/assets/:file`, async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (asset === undefined) return reply.callNotFound();
    reply
      .type(asset.type)
      .header('cache-control', ASSET_CACHE_CONTROL)
      .header('x-content-type-options', 'nosniff')
      // A cache between may keep one answer per encoding.
      .header('vary', 'accept-encoding');
    // Compressed for a browser that takes it: GraphiQL's script alone is 3.5 MB as it is, 630 KB in brotli.
    const encoding = acceptedEncoding(request.headers['accept-encoding']);
    if (encoding === undefined) return reply.send(asset.content.asIs);
    return reply.header('content-encoding', encoding).send(await asset.content.in(encoding));
  });
};
