import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eventually } from '../../support/eventually.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';

// GraphiQL at /graphiql in headless Chromium, with every request to another origin refused and recorded: the page
// must work offline, and credentials typed in its Headers tab must reach both transports.

const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium (`.ci/run` installs it), or why there is none. */
async function launchChromium(): Promise<Browser | string> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed`;
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-background-networking'],
    });
  } catch (error) {
    return `${CHROMIUM} failed to launch: ${String(error).split('\n')[0]}`;
  }
}

const browser = await launchChromium();
// One line, and each test counted as skipped: never a silent pass.
if (typeof browser === 'string') console.log(`SKIPPED: no Chromium (${browser})`);
const inChromium = { skip: typeof browser === 'string' };

const ORDERS = `{ orders(first: 5) { nodes { id status } } }`;

/** GraphiQL open in a fresh browser context, and what the page tried that it must not. */
interface OpenGraphiql {
  page: Page;
  context: BrowserContext;
  /** Requests and websockets to any origin but the gateway's, refused. */
  foreign: string[];
  /** What the page's Content-Security-Policy blocked. */
  violations: string[];
  /** Frames the page sent on its websockets. */
  sent: string[];
}

async function openGraphiql(chromiumBrowser: Browser, gw: TestGateway): Promise<OpenGraphiql> {
  const context = await chromiumBrowser.newContext();
  const page = await context.newPage();
  const opened: OpenGraphiql = { page, context, foreign: [], violations: [], sent: [] };
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === gw.origin) return route.continue();
    opened.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).host !== new URL(gw.origin).host) opened.foreign.push(socket.url());
    socket.on('framesent', (frame) => opened.sent.push(String(frame.payload)));
  });
  await page.exposeFunction('reportViolation', (violation: string) => opened.violations.push(violation));
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      window.reportViolation(event.effectiveDirective + ' ' + event.blockedURI));`,
  });
  await page.goto(`${gw.origin}/graphiql`);
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
  return opened;
}

const QUERY_EDITOR = '.graphiql-query-editor';
/** The Headers tab's editor (GraphiQL opens it first: `defaultEditorToolsVisibility`). */
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';

/** Replaces what a CodeMirror editor of GraphiQL holds, as a user pasting would. */
async function fill(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(`${editor} .CodeMirror`).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** What the test reads of the page's globals (the tests compile without the DOM's types). */
interface PageGlobals {
  localStorage: { getItem(key: string): string | null };
}

/**
 * Puts an operation in the query editor. GraphiQL parses it 100 ms after the last change (debounced), and tells a
 * subscription (for graphql-ws) from a query (for HTTP) by that parse: the run button waits until it is stored,
 * which GraphiQL does in the same step, as a user reading what they pasted would.
 */
async function fillOperation(page: Page, operation: string): Promise<void> {
  await fill(page, QUERY_EDITOR, operation);
  // A function, not a string: the page's policy refuses eval, as it should.
  await page.waitForFunction(
    (stored) => (globalThis as unknown as PageGlobals).localStorage.getItem('graphiql:query') === stored,
    operation,
  );
}

/** Runs what the query editor holds, and waits for the result pane to show `expected`. */
async function run(page: Page, expected: RegExp): Promise<string> {
  await page.locator('.graphiql-execute-button').click();
  const result = page.locator('.result-window', { hasText: expected });
  await result.waitFor({ timeout: 15_000 });
  return (await result.textContent()) ?? '';
}

describe('GraphiQL in Chromium, offline', () => {
  const chromiumBrowser = browser as Browser;
  let gw: TestGateway;
  before(async () => {
    if (inChromium.skip) return;
    // noon's own notifications held back: the only events are the mutations', which the pane then shows alone.
    gw = await startTestGateway({ env: { AUTH_API_KEYS }, noonOptions: { notificationDelayMs: 600_000 } });
  });
  after(async () => {
    if (inChromium.skip) return;
    await chromiumBrowser.close();
    await gw.close();
  });

  /** GraphiQL in a context of its own, closed after `use`; asserts it reached no other origin and broke no policy. */
  async function withGraphiql(use: (opened: OpenGraphiql) => Promise<void>): Promise<void> {
    const opened = await openGraphiql(chromiumBrowser, gw);
    try {
      await use(opened);
      assert.deepEqual(opened.foreign, [], 'nothing asked of another origin');
      assert.deepEqual(opened.violations, [], 'nothing blocked by the page’s own policy');
    } finally {
      await opened.context.close();
    }
  }

  test('runs the order list with the key typed in Headers, and shows the orders', inChromium, () =>
    withGraphiql(async ({ page }) => {
      await fillOperation(page, ORDERS);
      // Without credentials the gateway refuses, and the pane says so.
      await run(page, /UNAUTHENTICATED/);
      await fill(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${KEYS.viewer}` }));
      const shown = await run(page, /"nodes"/);
      const expected = dataOf(await gw.graphql(ORDERS, {}, bearer(KEYS.viewer))).orders.nodes as Array<{
        id: string;
        status: string;
      }>;
      assert.equal(expected.length, 5);
      for (const { id, status } of expected) {
        assert.ok(shown.includes(`"id": "${id}"`), `${id} in ${shown}`);
        assert.ok(shown.includes(`"status": "${status}"`), `${status} in ${shown}`);
      }
    }),
  );

  test('a subscription to orderEvents shows the event of a mutation made meanwhile', inChromium, () =>
    withGraphiql(async ({ page, sent }) => {
      await fill(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${KEYS.viewer}` }));
      await fillOperation(page, `subscription { orderEvents(marketplaces: [NOON]) { type orderId origin } }`);
      await page.locator('.graphiql-execute-button').click();
      // The subscription is live once the server has run its subscribe, which nothing shows: each round confirms a
      // new noon order until GraphiQL shows the event of the round's own order.
      const shown = await eventually(
        'GraphiQL to show the event of a confirmed order',
        async () => {
          const nr = gw.noon.control.placeFbpiOrder();
          const confirmed = await gw.graphql(
            `mutation ($id: ID!) { confirmOrder(id: $id) { id } }`,
            {
              id: `NOON:${nr}`,
            },
            bearer(KEYS.operator),
          );
          assert.equal(confirmed.errors, undefined, JSON.stringify(confirmed.errors));
          const result = page.locator('.result-window', { hasText: `"orderId": "NOON:${nr}"` });
          return result
            .waitFor({ timeout: 1000 })
            .then(async () => (await result.textContent()) ?? '')
            .catch(() => undefined);
        },
        15_000,
      );
      assert.match(shown, /"origin": "MUTATION"/);
      // Over graphql-ws on the gateway's own /graphql, the Headers tab's credential in connection_init.
      const init = sent.map((frame) => JSON.parse(frame)).find((message) => message.type === 'connection_init');
      assert.deepEqual(init?.payload, { Authorization: `Bearer ${KEYS.viewer}` });
    }),
  );
});
