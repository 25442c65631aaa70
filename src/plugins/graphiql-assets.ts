import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';

/** A file the GraphiQL page loads, served by the gateway under `/graphiql/assets/<name>`. */
export interface GraphiqlAsset {
  /** The file's name with its content's hash in it, so a browser may keep it for good: a new file is a new name. */
  name: string;
  /** Its Content-Type. */
  type: string;
  body: Buffer;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const require = createRequire(import.meta.url);

/**
 * A file of one of the gateway's npm dependencies, read once. React and ReactDOM export no path to their UMD builds
 * (`exports` in their package.json), so the file is found beside the package.json each of them does export.
 */
export function packageAsset(packageName: string, file: string): GraphiqlAsset {
  const directory = dirname(require.resolve(`${packageName}/package.json`));
  return namedAsset(file.split('/').at(-1)!, readFileSync(join(directory, file)));
}

/** A file of the gateway's own (the page's script and style), written in its source. */
export function ownAsset(name: string, text: string): GraphiqlAsset {
  return namedAsset(name, Buffer.from(text));
}

function namedAsset(fileName: string, body: Buffer): GraphiqlAsset {
  const extension = extname(fileName);
  const type = TYPES[extension];
  if (type === undefined) throw new Error(`no Content-Type for ${fileName}`);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { name: `${fileName.slice(0, -extension.length)}.${hash}${extension}`, type, body };
}
