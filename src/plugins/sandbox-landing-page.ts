import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

/** The box Apollo's page shows when Sandbox did not load from Apollo's CDN (offline, or the CDN blocked). */
const FALLBACK_BOX = '<div class="fallback">';

/**
 * Apollo Sandbox as the landing page of GET /graphql in a browser, pointing to GraphiQL when the gateway serves it.
 * Apollo's plugin takes no text of ours, so the link goes into its own fallback box, the one that says Sandbox
 * "cannot be loaded; it appears that you might be offline": offline, that sentence was a dead end. When Sandbox
 * loads it covers the box, and the start-up banner and the README name GraphiQL instead.
 */
export function sandboxLandingPage<Context extends object>(
  graphiqlPath: string | undefined,
): ApolloServerPlugin<Context> {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false });
  if (graphiqlPath === undefined) return sandbox;
  const link =
    `\n  <p>GraphiQL, served by this gateway itself, works without the internet: ` +
    `<a href=".${graphiqlPath}">open GraphiQL</a>.</p>`;
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (render === undefined) throw new Error("Apollo's landing page plugin renders no page");
      return {
        async renderLandingPage() {
          const { html } = await render();
          // Apollo renders the page anew for each request, with a nonce of its own.
          return { html: async () => withLink(typeof html === 'string' ? html : await html(), link) };
        },
      };
    },
  };
}

function withLink(html: string, link: string): string {
  const box = html.indexOf(FALLBACK_BOX);
  const end = box === -1 ? -1 : html.indexOf('</div>', box);
  // Apollo's page as it is, if a later version words its box otherwise (a test holds the link to this version).
  return end === -1 ? html : html.slice(0, end) + link + '\n' + html.slice(end);
}
