import { join } from 'node:path';
import type { Config } from '../config.js';
import type { CallbackStore } from './callback-store.js';
import { DataDirInUse } from './data-dir-in-use.js';
import { EmbeddedStore, lockedByAnotherProcess } from './embedded.js';
import { openMongoStore } from './mongo/open.js';

/**
 * The callback store the configuration asks for: MongoDB when MONGODB_URI is set, else the embedded file, which one
 * process at a time may hold (DataDirInUse when another does).
 */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<CallbackStore> {
  if (config.mongodbUri !== undefined) return openMongoStore(config.mongodbUri);
  const file = join(config.dataDir, 'gateway.sqlite');
  try {
    return new EmbeddedStore(file);
  } catch (error) {
    if (lockedByAnotherProcess(error)) throw new DataDirInUse(config.dataDir, file);
    throw error;
  }
}
