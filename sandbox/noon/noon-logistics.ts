import { NoonError } from './errors.js';
import type { Partner } from './partners.js';

interface IssuedAwb {
  partnerKeyId: string;
  /** Upper case. */
  countryCode: string;
  /** The shipment (warehouse + integration_shipment_nr) carrying it; an AWB goes on one shipment only. */
  usedBy: string | null;
}

/**
 * Airway bills of noon's own logistics (GetNoonLogisticsAWBs): numbers issued to a partner for one country, each
 * good for one shipment of an order in that country. A cancelled shipment does not give its AWB back.
 */
export class NoonLogisticsAwbs {
  private readonly issued = new Map<string, IssuedAwb>();
  private count = 0;

  /** `qty` new AWB numbers, e.g. `NLAE0000000001`; 403 WRONG_COUNTRY for a country the partner does not sell in. */
  issue(partner: Partner, countryCode: string, qty: number): string[] {
    const country = countryCode.toUpperCase();
    if (!partner.countries.includes(country)) {
      throw new NoonError('WRONG_COUNTRY', `country_code ${countryCode} is not one of your countries`);
    }
    return Array.from({ length: qty }, () => {
      this.count += 1;
      const awbNr = `NL${country}${String(this.count).padStart(10, '0')}`;
      this.issued.set(awbNr, { partnerKeyId: partner.keyId, countryCode: country, usedBy: null });
      return awbNr;
    });
  }

  /** Why `awbNr` cannot go on `shipment` for an order in `country`; undefined when it can. */
  problem(partner: Partner, awbNr: string, country: string, shipment: string): string | undefined {
    const awb = this.issued.get(awbNr);
    if (awb === undefined || awb.partnerKeyId !== partner.keyId) {
      return `${awbNr} was not issued to you by GetNoonLogisticsAWBs`;
    }
    if (awb.countryCode !== country)
      return `${awbNr} was issued for ${awb.countryCode.toLowerCase()}, not ${country.toLowerCase()}`;
    if (awb.usedBy !== null && awb.usedBy !== shipment) return `${awbNr} is already used by another shipment`;
    return undefined;
  }

  use(awbNr: string, shipment: string): void {
    const awb = this.issued.get(awbNr);
    if (awb !== undefined) awb.usedBy = shipment;
  }
}
