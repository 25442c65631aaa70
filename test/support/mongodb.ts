import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { createConnection } from 'mongoose';
import { freePort } from './free-port.js';

/** A MongoDB-protocol server for one test file, with a database of its own. */
export interface TestMongo {
  uri: string;
  /** Fresh for each run, so runs against a shared server never see each other's records. */
  dbName: string;
  /** Where the server comes from, for test names. */
  description: string;
  /**
   * A URI naming a database of this run (`dbName` followed by `suffix`), as MONGODB_URI would for a gateway;
   * dropped at release like `dbName`. A suffix gives each gateway scenario a store of its own.
   */
  databaseUri(suffix?: string): string;
  /** Drops the databases and stops whatever was started for them. */
  release(): Promise<void>;
}

/** `uri` naming the database `dbName` instead of the one it names, if any; its options kept. */
export function withDatabase(uri: string, dbName: string): string {
  const [base = '', options] = uri.split('?', 2);
  const hosts = /^mongodb(?:\+srv)?:\/\/[^/]+/.exec(base);
  if (hosts === null) throw new Error(`not a MongoDB URI: ${uri}`);
  return `${hosts[0]}/${dbName}${options === undefined ? '' : `?${options}`}`;
}

/** The databases of one run: `dbName` and those `databaseUri` handed out. */
function databases(uri: string, dbName: string) {
  const names = new Set([dbName]);
  return {
    databaseUri(suffix = ''): string {
      names.add(`${dbName}${suffix}`);
      return withDatabase(uri, `${dbName}${suffix}`);
    },
    async dropAll(): Promise<void> {
      for (const name of names) await dropDatabase(uri, name);
    },
  };
}

/** Where `scripts/install-ferretdb.sh` puts FerretDB (this file runs from dist/test/support/). */
const INSTALLED_FERRETDB = fileURLToPath(new URL('../../../.tools/ferretdb/ferretdb', import.meta.url));

/** The PostgreSQL FerretDB stores in when it answers: TEST_POSTGRES_URL, else the build machines' own on loopback. */
const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** How long FerretDB may take to accept a connection (about a second on the build machines). */
const FERRETDB_READY_MS = 20_000;

const execFileAsync = promisify(execFile);

async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const connection = await createConnection(uri, { dbName }).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** One SQL statement through psql against PostgreSQL's `postgres` database; false when it fails or psql is missing. */
async function psql(sql: string): Promise<boolean> {
  try {
    await execFileAsync('psql', [`${TEST_POSTGRES_URL}/postgres`, '-Atqc', sql], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** Waits until `child` has exited, sending SIGTERM and, after 5 s, SIGKILL. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Waits until a client can run a command on `uri`, trying again every 100 ms until the deadline; fails at once when
 * the process exits, with what it printed.
 */
async function connectable(uri: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + FERRETDB_READY_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `FerretDB exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${output()}`,
      );
    }
    try {
      const connection = await createConnection(uri, { serverSelectionTimeoutMS: 500 }).asPromise();
      try {
        await connection.db!.admin().command({ ping: 1 });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`FerretDB accepted no connection within ${FERRETDB_READY_MS} ms:\n${output()}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * FerretDB on a free loopback port: in a PostgreSQL database made for this run when PostgreSQL answers (dropped at
 * release), else in SQLite files in a temporary folder. Everything it made goes at release.
 */
async function startFerretDb(binary: string, dbName: string): Promise<TestMongo> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-ferretdb-'));
  const pgDatabase = `gateway_test_${randomUUID().replaceAll('-', '')}`;
  const postgres = await psql(`CREATE DATABASE "${pgDatabase}"`);
  const backend = postgres
    ? ['--handler=postgresql', `--postgresql-url=${TEST_POSTGRES_URL}/${pgDatabase}`]
    : ['--handler=sqlite', `--sqlite-url=file:${dir}/`];
  let child: ChildProcess | undefined;
  const cleanUp = async () => {
    if (child !== undefined) await stop(child);
    if (postgres) await psql(`DROP DATABASE IF EXISTS "${pgDatabase}" WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    child = spawn(
      binary,
      [
        ...backend,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        `--state-dir=${dir}`,
        '--log-level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const uri = `mongodb://127.0.0.1:${port}/`;
    await connectable(uri, child, () => output);
    return {
      uri,
      dbName,
      description: `FerretDB, ${postgres ? 'PostgreSQL' : 'SQLite'} backend`,
      // Dropping the PostgreSQL database, or removing the SQLite folder, takes every database of the run.
      databaseUri: (suffix = '') => withDatabase(uri, `${dbName}${suffix}`),
      release: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/**
 * The server MONGODB_URI names; or else FerretDB (FERRETDB_BIN, or the one `scripts/install-ferretdb.sh` installed)
 * started for this test file; or undefined when there is neither, and the caller prints its SKIPPED line. A FerretDB
 * that is there but does not start fails the test file: that is a broken setup, not a missing one.
 */
export async function testMongo(): Promise<TestMongo | undefined> {
  const dbName = `gateway-test-${randomUUID()}`;
  const configured = process.env.MONGODB_URI;
  if (configured !== undefined && configured !== '') {
    const { databaseUri, dropAll } = databases(configured, dbName);
    return { uri: configured, dbName, description: 'MONGODB_URI', databaseUri, release: dropAll };
  }
  const binary = process.env.FERRETDB_BIN ?? INSTALLED_FERRETDB;
  if (!(await executable(binary))) return undefined;
  return startFerretDb(binary, dbName);
}

/**
 * Defines a file's gateway scenarios on a MongoDB-protocol server of its own (testMongo), released after them; when
 * none can be had, one SKIPPED line and one skipped test named `title` instead. `on` names the server for titles.
 */
export async function onTestMongo(title: string, define: (mongo: TestMongo, on: string) => void): Promise<void> {
  const mongo = await testMongo();
  if (mongo === undefined) {
    console.log('SKIPPED: no MongoDB available');
    test(title, { skip: 'no MongoDB available: set MONGODB_URI, or run scripts/install-ferretdb.sh' }, () => {});
    return;
  }
  after(() => mongo.release());
  define(mongo, `on MongoDB (${mongo.description})`);
}
