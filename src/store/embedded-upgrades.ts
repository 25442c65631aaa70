import type Database from 'better-sqlite3';

/** Whether `table` has `column` (the file may have been written by an earlier version of the gateway). */
function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.pragma(`table_info(${table})`) as Array<{ name: string }>).some((info) => info.name === column);
}

/**
 * Brings a file written by an earlier version of the gateway up to this one: `CREATE TABLE IF NOT EXISTS` leaves an
 * existing table as it was, so a column added since is added here. Each step looks at the table itself, so it runs
 * once per file, and a file this version created skips it. Indexes over such columns are made after this.
 */
export function upgradeEmbeddedFile(db: Database.Database): void {
  if (!hasColumn(db, 'webhook_events', 'next_attempt_at')) {
    db.transaction(() => {
      db.exec('ALTER TABLE webhook_events ADD COLUMN next_attempt_at INTEGER');
      // What the earlier version still owed is due at once, as it was there; it then backs off like any other.
      db.exec(`UPDATE webhook_events SET next_attempt_at = received_at WHERE status IN ('RECEIVED', 'FAILED')`);
    })();
  }
  // A webhook event's content key: null (none) for the events stored before content keys existed.
  if (!hasColumn(db, 'webhook_events', 'content_key'))
    db.exec('ALTER TABLE webhook_events ADD COLUMN content_key TEXT');
  // An order's version (OrderState): null for the events stored before versions existed.
  if (!hasColumn(db, 'order_events', 'version')) db.exec('ALTER TABLE order_events ADD COLUMN version INTEGER');
}
