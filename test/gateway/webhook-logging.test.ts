import assert from 'node:assert/strict';
import { WEBHOOK_EVENT_ID } from '../../src/domain/stored-ids.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { eventually } from '../../support/eventually.js';
import { confirmResponse, postFruugoCallback } from '../../support/fruugo-callbacks.js';
import { postGraphql } from '../../support/gateway.js';
import { GatewayProcess, simulatedMarketplacesEnv } from '../../support/gateway-process.js';

/** The gateway's JSON log lines carrying `reqId`. */
function linesOf(gateway: GatewayProcess, reqId: string): Array<{ msg: string; level: number }> {
  return gateway.output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"reqId":"${reqId}"`))
    .map((line) => JSON.parse(line) as { msg: string; level: number });
}

describe('the log at info, as production runs it', () => {
  let noon: NoonSandbox;
  let fruugo: FruugoSandbox;
  let dataDir: string;
  let gateway: GatewayProcess;
  let origin: string;
  before(async () => {
    [noon, fruugo] = await Promise.all([startNoonSandbox(), startFruugoSandbox({ orderCount: 1 })]);
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-webhook-log-'));
    gateway = new GatewayProcess(simulatedMarketplacesEnv(dataDir, noon, fruugo, { LOG_LEVEL: 'info' }));
    origin = await gateway.ready();
  });
  after(async () => {
    await gateway.stop();
    await Promise.all([noon.close(), fruugo.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a webhook is one line, the intake’s, and its application none; a GraphQL request is one line, when it is answered', async () => {
    const response = await postFruugoCallback(origin, confirmResponse('logged-1', 'logged-order', 'refused'));
    assert.equal(response.status, 200);
    // The receipt names the event as the API does; the log names the store's UUID.
    const id = WEBHOOK_EVENT_ID.stored(((await response.json()) as { id: string }).id);
    const reqId = response.headers.get('x-request-id')!;
    await eventually('the webhook applied', async () => {
      const answer = await postGraphql<any>(`${origin}/graphql`, `{ webhookEvents(first: 5) { nodes { id status } } }`);
      const event = answer.data?.webhookEvents.nodes.find(
        (node: { id: string }) => node.id === WEBHOOK_EVENT_ID.show(id),
      );
      return event?.status === 'PROCESSED' ? true : undefined;
    });
    assert.deepEqual(
      linesOf(gateway, reqId).map((line) => line.msg),
      ['webhook received'],
    );
    assert.ok(
      !gateway.output.includes(`"webhookEvent":"${id}","source":"fruugo","type":"ConfirmResponseList","attempt"`),
    );

    const graphql = await postGraphql<any>(`${origin}/graphql`, `{ __typename }`);
    const graphqlReqId = graphql.headers.get('x-request-id')!;
    await gateway.printed(new RegExp(`"reqId":"${graphqlReqId}".*"msg":"request completed"`));
    assert.deepEqual(
      linesOf(gateway, graphqlReqId).map((line) => line.msg),
      ['request completed'],
    );
  });
});
