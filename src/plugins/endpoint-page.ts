import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * What a browser sees opening the GraphQL endpoint where no landing page is served (production): Apollo Server would
 * answer its CSRF refusal as JSON, a dead end for a person. It is sent to GraphiQL when that is on, and otherwise told
 * what the endpoint is and how to reach it.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphQL endpoint</title></head>
<body>
<h1>This is a GraphQL endpoint</h1>
<p>Send operations with <code>POST</code> and <code>Content-Type: application/json</code>, with your credentials in
<code>Authorization: Bearer …</code>; subscriptions go over graphql-ws on this same URL.</p>
<p>No explorer is served here: GraphiQL is off (<code>GRAPHIQL=on</code> turns it on, at <code>/graphiql</code>).</p>
</body>
</html>
`;

/** A person's browser asking for the endpoint itself: a GET that prefers HTML and carries no operation. */
function isBrowserVisit(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const query = request.query as Record<string, unknown> | undefined;
  if (query?.query !== undefined || query?.extensions !== undefined) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Answers a browser's visit (see above); leaves any other request alone. `graphiqlPath`: where GraphiQL is served,
 * when it is on.
 */
export async function answerBrowserVisit(
  request: FastifyRequest,
  reply: FastifyReply,
  graphiqlPath: string | undefined,
): Promise<void> {
  if (!isBrowserVisit(request)) return;
  if (graphiqlPath !== undefined) await reply.redirect(graphiqlPath, 302);
  else await reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(PAGE);
}
