// A NetSuite-like OAuth 2.0 client-credentials token endpoint (see README.md).
export {
  createTokenEndpoint,
  accountHostLabel,
  tokenEndpointHost,
  tokenEndpointUrl,
  TOKEN_PATH,
  CLIENT_ASSERTION_TYPE,
  SCOPES,
  ASSERTION_ALGORITHMS,
  MAX_ASSERTION_LIFETIME_SECONDS,
  MAX_CERTIFICATE_VALIDITY_MS,
} from './token-endpoint';
export type {
  TokenEndpoint,
  TokenRequest,
  TokenResponse,
  CreateTokenEndpointOptions,
  IntegrationRegistration,
  CertificateMapping,
  RecordedRequest,
  AccessTokenVerification,
  Scope,
  AssertionAlgorithm,
} from './token-endpoint';
export { NetworkFault, isNetworkFault, assertFault, FAULT_KINDS } from './faults';
export type { Fault, OAuthErrorCode } from './faults';
export { ACCESS_TOKEN_ISSUER } from './access-token';
