import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { ServiceAccountKey } from './wire.js';
import { buildCatalog, type Catalog } from './catalog.js';

export interface Partner {
  keyId: string;
  projectCode: string;
  channelIdentifier: string;
  /** What whoami answers as `user_code`. */
  userCode: string;
  /** Countries the partner sells in (upper case); an ASN, sandbox order or AWB for any other is WRONG_COUNTRY. */
  countries: readonly string[];
  /** The partner's one FBPI warehouse: its orders, stock and shipments live there. */
  fbpiWarehouseCode: string;
  /** The store code (`STR…`) orders carry as merchant_code. */
  merchantCode: string;
  /** Verifies the login JWTs signed with the private key handed out in `serviceAccountKey`. */
  publicKey: KeyObject;
  serviceAccountKey: ServiceAccountKey;
  catalog: Catalog;
}

export const DEFAULT_PARTNER_KEY_ID = 'sandbox-key-1';

/** The default partner's FBPI warehouse: the value of the gateway's NOON_FBPI_WAREHOUSE_CODE against the sandbox. */
export const SANDBOX_FBPI_WAREHOUSE_CODE = 'W00100001A';

/** Two partners: the one the gateway uses, and a second one whose ASNs, orders and warehouse the first may not touch (FORBIDDEN). */
const SANDBOX_PARTNERS = [
  {
    keyId: DEFAULT_PARTNER_KEY_ID,
    projectCode: 'PRJ100001',
    channelIdentifier: 'gateway@p100001.idp.noon.partners',
    userCode: 'p100001-gateway',
    countries: ['AE', 'SA', 'EG'],
    fbpiWarehouseCode: SANDBOX_FBPI_WAREHOUSE_CODE,
    merchantCode: 'STR100001',
  },
  {
    keyId: 'sandbox-key-2',
    projectCode: 'PRJ100002',
    channelIdentifier: 'gateway@p100002.idp.noon.partners',
    userCode: 'p100002-gateway',
    countries: ['AE'],
    fbpiWarehouseCode: 'W00100002A',
    merchantCode: 'STR100002',
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
