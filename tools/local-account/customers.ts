/**
 * The local account's sample data: a fixed set of customers, the only records its REST surface
 * serves (SuiteQL on `customer`, and `record/v1/customer/{id}`). Fixed, so tests and demos can rely
 * on ids, names and order.
 */

export interface SampleCustomer {
  id: number;
  entityid: string;
  companyname: string;
  email: string;
  /** Missing for a few customers, as in real data (SuiteQL then leaves the column out of the row). */
  phone: string | null;
  isinactive: boolean;
  /** UTC, ISO 8601. */
  datecreated: string;
  lastmodifieddate: string;
}

const NAMES: [string, string, string | null][] = [
  ['Acme Corporation', 'acme.example.com', '+1 415 555 0100'],
  ['Globex Inc.', 'globex.example.com', '+1 212 555 0101'],
  ['Initech LLC', 'initech.example.com', '+1 512 555 0102'],
  ['Umbrella Health', 'umbrella.example.com', null],
  ['Stark Industrial Supply', 'stark.example.com', '+1 310 555 0104'],
  ['Wayne Logistics', 'wayne.example.com', '+1 609 555 0105'],
  ['Wonka Confections', 'wonka.example.com', '+44 20 7946 0106'],
  ['Soylent Foods', 'soylent.example.com', '+1 503 555 0107'],
  ['Hooli Cloud', 'hooli.example.com', '+1 650 555 0108'],
  ['Vandelay Industries', 'vandelay.example.com', '+1 718 555 0109'],
  ['Cyberdyne Systems', 'cyberdyne.example.com', null],
  ['Tyrell Biotech', 'tyrell.example.com', '+1 213 555 0111'],
  ['Oscorp Materials', 'oscorp.example.com', '+1 646 555 0112'],
  ['Pied Piper Data', 'piedpiper.example.com', '+1 408 555 0113'],
  ['Dunder Mifflin Paper', 'dundermifflin.example.com', '+1 570 555 0114'],
  ['Gringotts Finance', 'gringotts.example.com', '+44 20 7946 0115'],
  ['Monarch Solutions', 'monarch.example.com', '+1 305 555 0116'],
  ['Nakatomi Trading', 'nakatomi.example.com', '+81 3 5555 0117'],
  ['Massive Dynamic', 'massive.example.com', '+1 617 555 0118'],
  ['Aperture Labs', 'aperture.example.com', null],
  ['Black Mesa Research', 'blackmesa.example.com', '+1 505 555 0120'],
  ['Blue Sun Retail', 'bluesun.example.com', '+1 702 555 0121'],
  ['Prestige Worldwide', 'prestige.example.com', '+1 858 555 0122'],
  ['Sterling Cooper Ads', 'sterlingcooper.example.com', '+1 212 555 0123'],
  ['Los Pollos Hermanos', 'lospollos.example.com', '+1 505 555 0124'],
];

/** 25 customers, ids 101..125, created through 2025 (the last two are inactive). */
export const SAMPLE_CUSTOMERS: readonly SampleCustomer[] = NAMES.map(([companyname, domain, phone], i) => {
  const created = Date.UTC(2025, i % 12, 1 + ((i * 7) % 27), 9 + (i % 8), (i * 13) % 60);
  const modified = created + (3 + i) * 86_400_000 + i * 600_000;
  return {
    id: 101 + i,
    entityid: `CUST${String(101 + i).padStart(5, '0')}`,
    companyname,
    email: `billing@${domain}`,
    phone,
    isinactive: i >= NAMES.length - 2,
    datecreated: new Date(created).toISOString().replace('.000Z', 'Z'),
    lastmodifieddate: new Date(modified).toISOString().replace('.000Z', 'Z'),
  };
});

/** SuiteQL column names of `customer` in the local account, in `SELECT *` order. */
export const CUSTOMER_COLUMNS = ['id', 'entityid', 'companyname', 'email', 'phone', 'isinactive', 'datecreated', 'lastmodifieddate'] as const;
export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

/** The value SuiteQL compares and sorts by: numbers for `id`, text otherwise (null when empty). */
export function columnValue(c: SampleCustomer, column: CustomerColumn): number | string | null {
  switch (column) {
    case 'id':
      return c.id;
    case 'isinactive':
      return c.isinactive ? 'T' : 'F';
    default:
      return c[column];
  }
}

/**
 * The value as SuiteQL over REST answers it: every value a string, dates in the user's date format
 * (the US default `M/D/YYYY`), booleans `T`/`F`; null when the field is empty.
 */
export function suiteqlValue(c: SampleCustomer, column: CustomerColumn): string | null {
  if (column === 'datecreated' || column === 'lastmodifieddate') {
    const d = new Date(c[column]);
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
  }
  const v = columnValue(c, column);
  return v === null ? null : String(v);
}

/** The customer as REST's record service answers it (camelCase field ids, typed values). */
export function customerRecord(c: SampleCustomer, selfHref: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    links: [{ rel: 'self', href: selfHref }],
    id: String(c.id),
    entityId: c.entityid,
    companyName: c.companyname,
    email: c.email,
    isInactive: c.isinactive,
    isPerson: false,
    dateCreated: c.datecreated,
    lastModifiedDate: c.lastmodifieddate,
  };
  if (c.phone !== null) out['phone'] = c.phone;
  return out;
}
