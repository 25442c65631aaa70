import { after, test } from 'node:test';
import { sigkillScenario } from '../support/durability-scenario.js';
import { testMongo } from '../support/mongodb.js';
import { orderEventsScenarios } from '../support/order-events-scenarios.js';
import { webhookEventsScenarios } from '../support/webhook-events-scenarios.js';

// The gateway's store scenarios once more, configured as in production: MONGODB_URI names the store (FerretDB
// started for this file unless MONGODB_URI is set for the tests). Each scenario has a database of its own.
const mongo = await testMongo();

if (mongo === undefined) {
  console.log('SKIPPED: no MongoDB available');
  test(
    'the gateway on MongoDB',
    { skip: 'no MongoDB available: set MONGODB_URI, or run scripts/install-ferretdb.sh' },
    () => {},
  );
} else {
  after(() => mongo.release());
  const on = `on MongoDB (${mongo.description})`;
  webhookEventsScenarios(`webhook events for operators ${on}`, { MONGODB_URI: mongo.databaseUri('-webhooks') });
  orderEventsScenarios(`orderEvents over graphql-ws ${on}`, { MONGODB_URI: mongo.databaseUri('-events') });
  sigkillScenario(
    `a gateway killed with SIGKILL while webhooks arrive ${on}`,
    { MONGODB_URI: mongo.databaseUri('-sigkill') },
    60,
  );
}
