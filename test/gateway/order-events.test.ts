import { orderEventsScenarios } from '../support/order-events-scenarios.js';

orderEventsScenarios('orderEvents over graphql-ws');
