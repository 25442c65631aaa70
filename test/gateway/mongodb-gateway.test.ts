import { onTestMongo } from '../support/mongodb.js';
import { orderEventsScenarios } from '../support/order-events-scenarios.js';
import { webhookEventsScenarios } from '../support/webhook-events-scenarios.js';

// The gateway's store scenarios once more, configured as in production: MONGODB_URI names the store (FerretDB
// started for this file unless MONGODB_URI is set for the tests). Each scenario has a database of its own. The
// SIGKILL scenarios are in mongodb-durability.test.ts, so each file keeps within the runner's time per file.
await onTestMongo('the gateway on MongoDB', (mongo, on) => {
  webhookEventsScenarios(`webhook events for operators ${on}`, { MONGODB_URI: mongo.databaseUri('-webhooks') });
  orderEventsScenarios(`orderEvents over graphql-ws ${on}`, { MONGODB_URI: mongo.databaseUri('-events') });
});
