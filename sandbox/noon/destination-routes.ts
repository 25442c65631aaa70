import type { FastifyPluginAsync } from 'fastify';
import type {
  CreateHttpsDestinationResponse,
  Destination,
  EmptyResponse,
  ListDestinationsResponse,
  ListEventTypesResponse,
} from './wire.js';
import { createDestinationBody, updateDestinationBody } from './destination-schemas.js';
import { destinationView, EVENT_TYPES, type DestinationBook } from './destinations.js';
import type { SessionGuard } from './session-guard.js';
import { parseInput } from './validation.js';

interface DestinationRoute {
  Params: { destination_code: string };
}

/**
 * The destination API of Event Notifications, mounted under `/v1`: where the partner's project has noon post its
 * events. Every route acts for the project of the session cookie.
 */
export function destinationRoutes(destinations: DestinationBook, guard: SessionGuard): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', guard.onRequest);

    app.post('/destination/https-destination/create', async (request): Promise<CreateHttpsDestinationResponse> => {
      const body = parseInput(createDestinationBody, request.body, 'body');
      return { destination_code: destinations.create(guard.partnerOf(request), body).code };
    });

    app.post<DestinationRoute>(
      '/destination/https-destination/:destination_code/update',
      async (request): Promise<EmptyResponse> => {
        const body = parseInput(updateDestinationBody, request.body, 'body');
        destinations.update(guard.partnerOf(request), request.params.destination_code, body);
        return {};
      },
    );

    app.get<DestinationRoute>('/destination/:destination_code/get', async (request): Promise<Destination> => {
      return destinationView(destinations.get(guard.partnerOf(request), request.params.destination_code));
    });

    app.get('/destination/list', async (request): Promise<ListDestinationsResponse> => {
      return { destinations: destinations.list(guard.partnerOf(request)).map(destinationView) };
    });

    app.get('/event-type/list', async (): Promise<ListEventTypesResponse> => ({ event_types: [...EVENT_TYPES] }));
  };
}
