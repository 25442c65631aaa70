import Fastify from 'fastify';
import type { Logger } from '../../src/logger.js';

/** A real logger that writes nothing (TEST_LOG_LEVEL=debug to see it), for datasources used without a gateway. */
export const testLogger: Logger = Fastify({ logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' } }).log;
