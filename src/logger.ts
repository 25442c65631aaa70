/**
 * The logger every layer receives: Fastify's pino logger, or a child of it carrying a request id. Typed as
 * Fastify's interface so a request's `request.log` can be handed down as it is.
 */
export type { FastifyBaseLogger as Logger } from 'fastify';
