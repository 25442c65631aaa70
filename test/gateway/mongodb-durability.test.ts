import { sigkillScenario } from '../support/durability-scenario.js';
import { onTestMongo } from '../support/mongodb.js';

// durability.test.ts's SIGKILL scenarios with MONGODB_URI (FerretDB started for this file unless it is set).
await onTestMongo('a gateway killed with SIGKILL on MongoDB', (mongo, on) => {
  sigkillScenario(
    `a gateway killed with SIGKILL while webhooks arrive ${on}`,
    { MONGODB_URI: mongo.databaseUri('-sigkill') },
    60,
  );
});
