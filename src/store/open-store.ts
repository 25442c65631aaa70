import { join } from 'node:path';
import type { Config } from '../config.js';
import type { CallbackStore } from './callback-store.js';
import { EmbeddedStore } from './embedded.js';
import { openMongoStore } from './mongo/open.js';

/** The callback store the configuration asks for: MongoDB when MONGODB_URI is set, else the embedded file. */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<CallbackStore> {
  if (config.mongodbUri !== undefined) return openMongoStore(config.mongodbUri);
  return new EmbeddedStore(join(config.dataDir, 'gateway.sqlite'));
}
