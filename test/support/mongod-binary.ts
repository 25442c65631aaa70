// Run as a child process by ./mongodb.ts: finds a mongod binary (MONGOMS_SYSTEM_BINARY, one cached in the download
// directory, or one downloaded there) and prints its path. In a process of its own so that a download that cannot
// finish is ended by killing the process, leaving no socket or timer in the test's.
import { MongoBinary } from 'mongodb-memory-server-core';

const downloadDir = process.argv[2];
if (downloadDir === undefined) throw new Error('usage: mongod-binary <download directory>');
const binary = await MongoBinary.getPath({ downloadDir });
// Exits once the path is out: whatever the download left open must not hold the process until the deadline.
process.stdout.write(binary, () => process.exit(0));
