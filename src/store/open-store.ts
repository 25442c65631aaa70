import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CallbackStore } from './callback-store.js';
import { DataDirInUse } from './data-dir-in-use.js';
import { EmbeddedStore, lockedByAnotherProcess } from './embedded.js';
import { openMongoStore } from './mongo/open.js';

/** Where the callback store lives, as the configuration resolves it (docs/store.md). */
export type StoreLocation =
  | {
      kind: 'mongodb';
      /** MONGODB_URI: the database the gateway uses, or it does not start. */
      uri: string;
    }
  | {
      kind: 'embedded';
      /** The SQLite file: `$DATA_DIR/gateway.sqlite`, or `$DATA_DIR/sandbox.sqlite` while simulators run. */
      file: string;
      /**
       * Emptied at every start. The sandbox's store is: its simulators start from their sample data every time, so
       * a store that remembered the last run would show a world they no longer have.
       */
      fresh: boolean;
    };

/**
 * The callback store at `location`: MongoDB, or the embedded file (made anew first when it is `fresh`), which one
 * process at a time may hold (DataDirInUse when another does; a fresh start empties no file another process holds).
 */
export async function openStore(location: StoreLocation): Promise<CallbackStore> {
  if (location.kind === 'mongodb') return openMongoStore(location.uri);
  if (location.fresh) {
    await embeddedStoreAt(location.file).close();
    // SQLite in WAL mode keeps two files beside the database; a fresh start removes all three.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${location.file}${suffix}`, { force: true });
  }
  return embeddedStoreAt(location.file);
}

function embeddedStoreAt(file: string): EmbeddedStore {
  try {
    return new EmbeddedStore(file);
  } catch (error) {
    if (lockedByAnotherProcess(error)) throw new DataDirInUse(dirname(file), file);
    throw error;
  }
}
