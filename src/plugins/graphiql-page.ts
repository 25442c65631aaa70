import { ownAsset, packageAsset, type GraphiqlAsset } from './graphiql-assets.js';

/** The GraphiQL page and every file it loads, all of them the gateway's to serve. */
export interface GraphiqlPage {
  html: string;
  assets: GraphiqlAsset[];
}

/** What the editor holds on a first visit (GraphiQL keeps the user's own in the browser's storage after that). */
const WELCOME_QUERY = `# GraphiQL, served by the gateway itself:
# it needs nothing from the internet.
#
# Credentials: in Headers below, write
#   { "Authorization": "Bearer <key or JWT>" }
# Queries and mutations send them as a header,
# subscriptions in graphql-ws's connection_init.
# Then re-fetch the schema (Shift-Ctrl-R).

{
  orders(first: 5) {
    nodes {
      id
      status
    }
  }
}
`;

/**
 * Starts GraphiQL against the gateway that served the page: queries and mutations over HTTP POST (JSON, which
 * Apollo Server's CSRF guard accepts), subscriptions over graphql-ws on the same path. GraphiQL's fetcher sends the
 * Headers tab's headers with each HTTP request, and opens a graphql-ws client for each subscription with those
 * headers as its `connection_init` payload, where the gateway reads `authorization` in any case.
 * The endpoint comes relative to the page (`data-endpoint`), so a proxy that serves the gateway under a path prefix
 * serves a working page. A file and not inline: the page's Content-Security-Policy runs scripts of its own origin only.
 */
const PAGE_SCRIPT = `'use strict';
(function () {
  var root = document.getElementById('graphiql');
  var endpoint = new URL(root.dataset.endpoint, window.location.href);
  var socket = new URL(endpoint.href);
  socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  var fetcher = GraphiQL.createFetcher({ url: endpoint.href, subscriptionUrl: socket.href });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(WELCOME_QUERY)},
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const PAGE_STYLE = `html, body, #graphiql { height: 100%; margin: 0; }
`;

/**
 * The page at `/graphiql`, its assets read from the gateway's own dependencies (graphiql's UMD bundle, which carries
 * its fonts and graphql-ws's client inside, and the React it expects as `window.React` and `window.ReactDOM`).
 * Every URL in it is relative: it loads nothing from another origin.
 */
export function graphiqlPage(graphqlPath: string): GraphiqlPage {
  const style = packageAsset('graphiql', 'graphiql.min.css');
  const pageStyle = ownAsset('graphiql-page.css', PAGE_STYLE);
  // In this order: GraphiQL's bundle reads React and ReactDOM from window when it loads, and the page script all three.
  const scripts = [
    packageAsset('react', 'umd/react.production.min.js'),
    packageAsset('react-dom', 'umd/react-dom.production.min.js'),
    packageAsset('graphiql', 'graphiql.min.js'),
    ownAsset('graphiql-page.js', PAGE_SCRIPT),
  ];
  // Relative to /graphiql, `graphiql/assets/…` and `./graphql` resolve on the gateway (or under a proxy's prefix).
  const assetUrl = (asset: GraphiqlAsset) => `graphiql/assets/${asset.name}`;
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>GraphiQL · marketplace gateway</title>
    <link rel="stylesheet" href="${assetUrl(style)}" />
    <link rel="stylesheet" href="${assetUrl(pageStyle)}" />
${scripts.map((script) => `    <script defer src="${assetUrl(script)}"></script>`).join('\n')}
  </head>
  <body>
    <div id="graphiql" data-endpoint=".${graphqlPath}">Loading GraphiQL…</div>
    <noscript>GraphiQL needs JavaScript.</noscript>
  </body>
</html>
`;
  return { html, assets: [style, pageStyle, ...scripts] };
}
