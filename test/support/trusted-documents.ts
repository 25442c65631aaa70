import { fileURLToPath } from 'node:url';

/** The typed client's persisted-documents manifest, as a gateway is given it in TRUSTED_DOCUMENTS_FILE. */
export const CLIENT_MANIFEST = fileURLToPath(
  new URL('../../../clients/typescript/generated/persisted-documents.json', import.meta.url),
);
