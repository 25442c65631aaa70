import { sigkillScenario } from '../support/durability-scenario.js';

sigkillScenario('a gateway killed with SIGKILL while webhooks arrive');
