/**
 * Start-up refused: another process holds the embedded store under DATA_DIR. Apart from the store so that `main`
 * can recognise it without loading the store.
 */
export class DataDirInUse extends Error {
  override readonly name = 'DataDirInUse';
  constructor(dataDir: string, file: string) {
    super(
      `DATA_DIR ${dataDir} is in use by another gateway process: its store ${file} is locked. Stop that process, or ` +
        'give this one a DATA_DIR of its own; gateway instances that share their state share MONGODB_URI instead.',
    );
  }
}
