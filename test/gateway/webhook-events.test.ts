import { webhookEventsScenarios } from '../support/webhook-events-scenarios.js';

webhookEventsScenarios('webhook events for operators');
