import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MongoMemoryServer } from 'mongodb-memory-server-core';
import { createConnection } from 'mongoose';

/** A MongoDB server for one test file, with a database of its own. */
export interface TestMongo {
  uri: string;
  /** Fresh for each run, so runs against a shared server never see each other's records. */
  dbName: string;
  /** Where the server comes from, for test names. */
  description: string;
  /** Drops the database and stops whatever was started for it. */
  release(): Promise<void>;
}

/**
 * How long finding a mongod binary may take when no persistent download directory is configured: long enough to
 * find one already there, too short for a download, which a machine without internet could otherwise wait out
 * for a minute per try. With MONGOMS_DOWNLOAD_DIR set, a download is expected once and waited for.
 */
const FIND_BINARY_MS = 5_000;
const DOWNLOAD_BINARY_MS = 10 * 60_000;

const execFileAsync = promisify(execFile);

async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const connection = await createConnection(uri, { dbName }).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}

/**
 * The path of a mongod binary, or undefined when none can be had: found or downloaded by mongodb-memory-server
 * in a child process that is killed at the deadline. One download try only (its default retries back off for
 * seconds on a machine that cannot resolve the download host).
 */
async function mongodBinary(downloadDir: string): Promise<string | undefined> {
  const persistent = process.env.MONGOMS_DOWNLOAD_DIR !== undefined;
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      [fileURLToPath(new URL('./mongod-binary.js', import.meta.url)), downloadDir],
      {
        timeout: persistent ? DOWNLOAD_BINARY_MS : FIND_BINARY_MS,
        env: { ...process.env, MONGOMS_MAX_RETRIES: process.env.MONGOMS_MAX_RETRIES ?? '1' },
      },
    );
    return stdout.length > 0 ? stdout : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The server MONGODB_URI names; or else one mongodb-memory-server starts, when it can have a binary; or undefined.
 * Everything mongodb-memory-server writes (a downloaded binary unless MONGOMS_DOWNLOAD_DIR keeps one, the
 * server's files) goes to one temporary directory that is removed, whether the server started or not.
 */
export async function testMongo(): Promise<TestMongo | undefined> {
  const dbName = `gateway-test-${randomUUID()}`;
  const configured = process.env.MONGODB_URI;
  if (configured !== undefined && configured !== '') {
    return { uri: configured, dbName, description: 'MONGODB_URI', release: () => dropDatabase(configured, dbName) };
  }

  const dir = await mkdtemp(join(tmpdir(), 'gateway-mongod-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  try {
    const binary = await mongodBinary(join(dir, 'binaries'));
    if (binary === undefined) {
      await removeDir();
      return undefined;
    }
    const dbPath = join(dir, 'db');
    await mkdir(dbPath);
    const server = await MongoMemoryServer.create({
      binary: { systemBinary: binary },
      instance: { dbPath, ip: '127.0.0.1' },
    });
    return {
      uri: server.getUri(),
      dbName,
      description: 'mongodb-memory-server',
      async release() {
        await server.stop({ doCleanup: true, force: true });
        await removeDir();
      },
    };
  } catch {
    await removeDir();
    return undefined;
  }
}
