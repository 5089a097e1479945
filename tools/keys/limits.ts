// NetSuite's limits for M2M keys, without any crypto import: the command line reads these to print
// its help, and must not load the certificate library for that.

/** Algorithms NetSuite accepts for client assertions (since 1 March 2025). */
export const NETSUITE_ALGORITHMS = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
export type NetSuiteAlgorithm = (typeof NETSUITE_ALGORITHMS)[number];
/** NetSuite's maximum certificate validity ("two years"), in days. */
export const MAX_CERTIFICATE_DAYS = 730;
export const DEFAULT_COMMON_NAME = 'netsuite-oauth-m2m';
