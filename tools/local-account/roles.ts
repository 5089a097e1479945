/**
 * The roles of the local account and what their access tokens may do at REST.
 *
 * In NetSuite each M2M certificate mapping (Setup > Integration > Manage Authentication > OAuth 2.0
 * Client Credentials (M2M) Setup) ties a certificate id to one entity and one role; the access token
 * carries them (`sub` = "role;entity"), and REST answers with that role's permissions. That is what
 * token profiles are for: each external system gets a token of a role with only the permissions it
 * needs. The local account ships two profiles whose roles differ in one permission, Lists > Customers:
 *
 * - the default profile (the refresher's parameters) maps to "Customer Sync", which may read customers;
 * - the profile "Reporting (no customers)" maps to "Reporting", which may not: its SuiteQL on
 *   `customer` gets NetSuite's answer for a table the role cannot see (rest.ts).
 *
 * Role 3 is NetSuite's Administrator (the fake token endpoint's default mapping).
 */

export interface LocalRole {
  id: string;
  name: string;
  /** Lists > Customers (View or more): SuiteQL on `customer` and the customer record. */
  customers: boolean;
}

export const ROLES = {
  administrator: { id: '3', name: 'Administrator', customers: true },
  customerSync: { id: '1001', name: 'Customer Sync', customers: true },
  reporting: { id: '1002', name: 'Reporting', customers: false },
} as const satisfies Record<string, LocalRole>;

/** The entity (employee) both local mappings stand for: -5, the account's first administrator, as the fake endpoint's default. */
export const LOCAL_ENTITY = '-5';

/** The role of an access token's `sub`; an unknown role may do nothing. */
export function roleOf(id: string): LocalRole {
  return Object.values(ROLES).find((r) => r.id === id) ?? { id, name: `role ${id}`, customers: false };
}
