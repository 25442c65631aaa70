import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { ServiceAccountKey } from '../../../datasources/noon/identity-wire.js';
import { buildCatalog, type Catalog } from './catalog.js';

export interface Partner {
  keyId: string;
  projectCode: string;
  channelIdentifier: string;
  /** What whoami answers as `user_code`. */
  userCode: string;
  /** Countries the partner sells in; an ASN for any other is WRONG_COUNTRY. */
  countries: readonly string[];
  /** Verifies the login JWTs signed with the private key handed out in `serviceAccountKey`. */
  publicKey: KeyObject;
  serviceAccountKey: ServiceAccountKey;
  catalog: Catalog;
}

export const DEFAULT_PARTNER_KEY_ID = 'sandbox-key-1';

/** Two partners: the one the gateway uses, and a second one whose ASNs the first may not touch (FORBIDDEN). */
const SANDBOX_PARTNERS = [
  {
    keyId: DEFAULT_PARTNER_KEY_ID,
    projectCode: 'PRJ100001',
    channelIdentifier: 'gateway@p100001.idp.noon.partners',
    userCode: 'p100001-gateway',
    countries: ['AE', 'SA', 'EG'],
  },
  {
    keyId: 'sandbox-key-2',
    projectCode: 'PRJ100002',
    channelIdentifier: 'gateway@p100002.idp.noon.partners',
    userCode: 'p100002-gateway',
    countries: ['AE'],
  },
] as const;

/** Keys are generated at every start: nothing signed for one sandbox run is accepted by another. */
export function createPartners(catalogSize: number): ReadonlyMap<string, Partner> {
  return new Map(
    SANDBOX_PARTNERS.map((seed): [string, Partner] => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const serviceAccountKey: ServiceAccountKey = {
        key_id: seed.keyId,
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        channel_identifier: seed.channelIdentifier,
        project_code: seed.projectCode,
        type: 'apijwt',
      };
      const partner: Partner = {
        ...seed,
        publicKey,
        serviceAccountKey,
        catalog: buildCatalog(seed.projectCode, catalogSize),
      };
      return [seed.keyId, partner];
    }),
  );
}
