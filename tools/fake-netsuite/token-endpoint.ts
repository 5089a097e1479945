// A NetSuite-like OAuth 2.0 client-credentials (M2M) token endpoint for tests and local runs.
//
// It validates client assertions the way NetSuite documents it (DESIGN.md section 2; "POST Request
// to the Token Endpoint", "The Request Token Structure", "Certificate Conditions" in NetSuite's help)
// and verifies signatures with jose, independently of jsrsasign that the product signs with.
// Where NetSuite documents nothing (which error code for which problem, clock skew), it is strict;
// see README.md next to this file. Error answers carry only `{"error": code}`, as NetSuite's do; the
// reason goes to `requests[].outcome`, the stand-in for NetSuite's Login Audit Trail.
import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { signAccessToken, verifyAccessTokenWith, type AccessTokenCheck } from './access-token';
import { assertFault, faultResponse, NetworkFault, type Fault, type OAuthErrorCode } from './faults';
import { verifyAssertionAsync, verifyAssertionSync, type VerifyAssertionInput, type VerifyAssertionResult } from './verifier';

export const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const SCOPES = ['restlets', 'rest_webservices', 'suite_analytics'] as const;
export type Scope = (typeof SCOPES)[number];
export const ASSERTION_ALGORITHMS = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];
/** `exp - iat` must be strictly less than this (NetSuite: "less than 60 minutes"). */
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
/** NetSuite shortens longer certificate validity to two years. */
export const MAX_CERTIFICATE_VALIDITY_MS = 730 * 86_400_000;
const ACCOUNT_ID = /^[0-9][0-9A-Za-z_]*$/;

export interface TokenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
export interface TokenResponse {
  code: number;
  headers: Record<string, string>;
  body: string;
}

/** Host name label of an account: lower case, `_` -> `-` (`1234567_SB1` -> `1234567-sb1`). */
export function accountHostLabel(accountId: string): string {
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) {
    throw new TypeError(`accountId must start with a digit and contain only letters, digits and "_" (e.g. 1234567 or 1234567_SB1); got ${JSON.stringify(accountId)}`);
  }
  return accountId.toLowerCase().replace(/_/g, '-');
}

export function tokenEndpointHost(accountId: string): string {
  return `${accountHostLabel(accountId)}.suitetalk.api.netsuite.com`;
}

export function tokenEndpointUrl(accountId: string): string {
  return `https://${tokenEndpointHost(accountId)}${TOKEN_PATH}`;
}

export interface CertificateMapping {
  /** The Certificate ID NetSuite shows after the upload: the assertion's `kid`. Unique per endpoint. */
  certificateId: string;
  /** The uploaded X.509 certificate (PEM). */
  certificatePem: string;
  /** Optional further restriction of the integration's scopes (NetSuite has none per mapping). */
  scopes?: Scope[];
  revoked?: boolean;
  /** Mapped entity and role internal ids, carried in the access token's `sub` ("role;entity"). */
  entity?: string;
  role?: string;
}

export interface IntegrationRegistration {
  /** The integration record's client id: the assertion's `iss`. */
  clientId: string;
  /** Scopes ticked on the integration record (default: all three). */
  scopes?: Scope[];
  /** The integration record's application id (default: a random UUID). */
  applicationId?: string;
  certificates: CertificateMapping[];
}

export interface CreateTokenEndpointOptions {
  accountId: string;
  /** Clock in ms since the epoch (default Date.now); tests move it. */
  now?: () => number;
  /** Access token lifetime, whole seconds (default 3600, NetSuite's). Also the `expires_in` answered. */
  tokenLifetimeSeconds?: number;
  /** How far in the future `iat`/`nbf` may be, seconds (default 60). `exp` gets no tolerance. */
  clockSkewSeconds?: number;
}

export interface RecordedRequest {
  /** Endpoint clock (ms) when the request arrived. */
  at: number;
  method: string;
  url: string;
  /** The raw request body as received (the only place an assertion is kept). */
  body: string;
  /** HTTP status answered, or 0 when a network fault answered nothing. */
  status: number;
  /** OAuth error code answered, if any. */
  error?: string;
  /** "issued", "fault:<kind>" or "<error>: <reason>" (never contains the assertion or a token). */
  outcome: string;
}

export type AccessTokenVerification =
  | { ok: true; clientId: string; scopes: string[]; expiresAt: number; issuedAt: number; entity: string; role: string; jti: string }
  | { ok: false; reason: string };

export interface TokenEndpoint {
  readonly accountId: string;
  /** https://<host>/services/rest/auth/oauth2/v1/token */
  readonly url: string;
  /** <account label>.suitetalk.api.netsuite.com */
  readonly host: string;
  /** The "OAuth 2.0 Client Credentials (M2M) Setup" mapping of an integration and its certificates. */
  registerIntegration(integration: IntegrationRegistration): void;
  /** Maps one more certificate to a registered integration (e.g. a key rotation). */
  addCertificate(clientId: string, certificate: CertificateMapping): void;
  /** Like the Revoke button: the certificate id stops working at once. */
  revokeCertificate(certificateId: string): void;
  /**
   * Sets the entity and/or role a mapped certificate stands for; tokens issued afterwards carry them
   * in `sub` (earlier tokens keep theirs). Lets a harness that registered a mapping with the default
   * role (3, Administrator) give it a narrower one, e.g. the local stand-in's own integration role.
   */
  setMapping(certificateId: string, mapping: { role?: string; entity?: string }): void;
  /** Synchronous handler for an in-memory N/https router. Throws NetworkFault for a `network` fault. */
  handle(req: TokenRequest): TokenResponse;
  /** Same logic without blocking (for an HTTP server). Rejects with NetworkFault for a `network` fault. */
  handleAsync(req: TokenRequest): Promise<TokenResponse>;
  /** The next `times` requests (default 1, or 'always' until clearFaults) get `fault`; queued in call order. */
  injectFault(fault: Fault, times?: number | 'always'): void;
  clearFaults(): void;
  /** Every request seen, oldest first (a live read-only view). */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Offline check of an access token issued by this endpoint; expiresAt/issuedAt in ms. */
  verifyAccessToken(token: string): AccessTokenVerification;
}

interface StoredCertificate {
  certificateId: string;
  certificatePem: string;
  clientId: string;
  scopes?: readonly Scope[];
  revoked: boolean;
  entity: string;
  role: string;
  keyType: 'rsa' | 'ec';
  rsaBits?: number;
  curve?: 'P-256' | 'P-384' | 'P-521';
  notBefore: number;
  notAfter: number;
}

interface StoredIntegration {
  clientId: string;
  applicationId: string;
  scopes: readonly Scope[];
  certificateIds: Set<string>;
}

type Rejection = { code: number; error: OAuthErrorCode; reason: string; extraHeaders?: Record<string, string> };
type Pending = { at: number; alg: AssertionAlgorithm; token: string; cert: StoredCertificate; integration: StoredIntegration };

const JSON_HEADERS = { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const NODE_CURVES: Record<string, 'P-256' | 'P-384' | 'P-521'> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const CURVE_OF_ALG: Record<'ES256' | 'ES384' | 'ES512', 'P-256' | 'P-384' | 'P-521'> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

function isScope(value: unknown): value is Scope {
  return (SCOPES as readonly unknown[]).includes(value);
}

function checkScopeList(scopes: unknown, what: string): Scope[] {
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every(isScope)) {
    throw new TypeError(`${what} must be a non-empty array of ${SCOPES.join(', ')}`);
  }
  return [...new Set(scopes)];
}

function nonEmpty(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${what} must be a non-empty string`);
  return value;
}

function parseCertificate(m: CertificateMapping, clientId: string): StoredCertificate {
  const certificateId = nonEmpty(m?.certificateId, 'certificateId');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(nonEmpty(m.certificatePem, `certificatePem of ${certificateId}`));
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw new TypeError(`certificatePem of ${certificateId} is not an X.509 certificate (PEM)`);
  }
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  let keyType: 'rsa' | 'ec';
  let rsaBits: number | undefined;
  let curve: StoredCertificate['curve'];
  if (key.asymmetricKeyType === 'rsa') {
    keyType = 'rsa';
    rsaBits = details.modulusLength;
  } else if (key.asymmetricKeyType === 'ec') {
    keyType = 'ec';
    curve = NODE_CURVES[details.namedCurve ?? ''];
    if (!curve) throw new TypeError(`certificate ${certificateId}: EC curve ${details.namedCurve ?? '?'} is not P-256, P-384 or P-521`);
  } else {
    // e.g. an id-RSASSA-PSS key (openssl -newkey rsa-pss): NetSuite takes it, but WebCrypto (jose)
    // and jsrsasign cannot import it; use an ordinary RSA key (tools/keys) with PS256/384/512.
    throw new TypeError(`certificate ${certificateId}: ${key.asymmetricKeyType ?? 'unknown'} keys are not supported by the fake endpoint; use an RSA (rsaEncryption) or EC key`);
  }
  const notBefore = Date.parse(x509.validFrom);
  const notAfter = Math.min(Date.parse(x509.validTo), notBefore + MAX_CERTIFICATE_VALIDITY_MS);
  return {
    certificateId,
    certificatePem: m.certificatePem,
    clientId,
    ...(m.scopes !== undefined ? { scopes: checkScopeList(m.scopes, `scopes of certificate ${certificateId}`) } : {}),
    revoked: m.revoked === true,
    entity: m.entity ?? '-5',
    role: m.role ?? '3',
    keyType,
    ...(rsaBits !== undefined ? { rsaBits } : {}),
    ...(curve !== undefined ? { curve } : {}),
    notBefore,
    notAfter,
  };
}

/** Strict application/x-www-form-urlencoded parsing: bad escapes and repeated fields are errors. */
function parseForm(body: string): Map<string, string> | string {
  const fields = new Map<string, string>();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return 'malformed percent-encoding in the form body';
    }
    if (fields.has(name)) return `parameter ${JSON.stringify(name)} is repeated`;
    fields.set(name, value);
  }
  return fields;
}

function headerValues(headers: Record<string, string>, name: string): string[] {
  const wanted = name.toLowerCase();
  return Object.keys(headers ?? {})
    .filter((key) => key.toLowerCase() === wanted)
    .map((key) => String(headers[key]));
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** NetSuite documents a comma-separated string; its own examples send a JSON array. Both are accepted. */
function parseScopeClaim(scope: unknown): string[] | undefined {
  if (typeof scope === 'string') return scope.split(',').map((s) => s.trim());
  if (Array.isArray(scope) && scope.every((s) => typeof s === 'string')) return scope as string[];
  return undefined;
}

export function createTokenEndpoint(opts: CreateTokenEndpointOptions): TokenEndpoint {
  const accountId = opts?.accountId;
  const host = tokenEndpointHost(accountId);
  const url = `https://${host}${TOKEN_PATH}`;
  const now = opts.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('now must be a function returning ms since the epoch');
  const lifetime = opts.tokenLifetimeSeconds ?? 3600;
  if (!Number.isInteger(lifetime) || lifetime < 1) throw new TypeError('tokenLifetimeSeconds must be a positive whole number');
  const skew = opts.clockSkewSeconds ?? 60;
  if (!Number.isFinite(skew) || skew < 0 || skew > 600) throw new TypeError('clockSkewSeconds must be from 0 to 600');
  const kid = `fake-ns.${host}.${randomBytes(6).toString('hex')}`;

  const integrations = new Map<string, StoredIntegration>();
  const certificates = new Map<string, StoredCertificate>();
  const faults: { fault: Fault; remaining: number }[] = [];
  const requests: RecordedRequest[] = [];

  function storeCertificate(integration: StoredIntegration, mapping: CertificateMapping): void {
    const cert = parseCertificate(mapping, integration.clientId);
    if (certificates.has(cert.certificateId)) throw new TypeError(`certificate id ${cert.certificateId} is already mapped`);
    certificates.set(cert.certificateId, cert);
    integration.certificateIds.add(cert.certificateId);
  }

  function takeFault(): Fault | undefined {
    const head = faults[0];
    if (!head) return undefined;
    if (head.remaining !== Infinity) {
      head.remaining -= 1;
      if (head.remaining <= 0) faults.shift();
    }
    return head.fault;
  }

  function respond(at: number, req: TokenRequest, res: TokenResponse, outcome: string, error?: string): TokenResponse {
    requests.push({ at, method: String(req?.method), url: String(req?.url), body: typeof req?.body === 'string' ? req.body : '', status: res.code, ...(error ? { error } : {}), outcome });
    return res;
  }

  function reject(at: number, req: TokenRequest, r: Rejection): TokenResponse {
    return respond(at, req, { code: r.code, headers: { ...JSON_HEADERS, ...r.extraHeaders }, body: JSON.stringify({ error: r.error }) }, `${r.error}: ${r.reason}`, r.error);
  }

  const invalidRequest = (reason: string, code = 400, extraHeaders?: Record<string, string>): Rejection => ({ code, error: 'invalid_request', reason, ...(extraHeaders ? { extraHeaders } : {}) });
  const invalidClient = (reason: string): Rejection => ({ code: 401, error: 'invalid_client', reason });
  const invalidGrant = (reason: string): Rejection => ({ code: 400, error: 'invalid_grant', reason });
  const invalidScope = (reason: string): Rejection => ({ code: 400, error: 'invalid_scope', reason });

  /** Everything up to the signature check; returns a rejection or what the verifier needs. */
  function precheck(req: TokenRequest, at: number): Rejection | Pending {
    if (!req || typeof req !== 'object') return invalidRequest('no request');
    if (String(req.method).toUpperCase() !== 'POST') return invalidRequest(`method ${String(req.method)} is not allowed (POST only)`, 405, { Allow: 'POST' });
    if (typeof req.url !== 'string') return invalidRequest('no URL');
    if (req.url.startsWith('/')) {
      // A path only (an HTTP server passing its request line): the host is the server's business.
      if (req.url.split('?')[0] !== TOKEN_PATH) return { code: 404, error: 'invalid_request', reason: `no such path ${req.url.split('?')[0]}` };
      if (req.url.includes('?')) return invalidRequest('the token endpoint takes no query string');
    } else {
      let parsed: URL;
      try {
        parsed = new URL(req.url);
      } catch {
        return invalidRequest('the URL is not valid');
      }
      if (parsed.protocol !== 'https:' || parsed.hostname !== host || parsed.port !== '' || parsed.pathname !== TOKEN_PATH) {
        return { code: 404, error: 'invalid_request', reason: `${parsed.origin}${parsed.pathname} is not ${url}` };
      }
      if (parsed.search !== '') return invalidRequest('the token endpoint takes no query string');
    }
    const contentTypes = headerValues(req.headers, 'content-type');
    if (contentTypes.length !== 1) return invalidRequest(contentTypes.length ? 'Content-Type is sent more than once' : 'no Content-Type header');
    const mediaType = (contentTypes[0] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/x-www-form-urlencoded') return invalidRequest(`Content-Type ${mediaType || '(empty)'} is not application/x-www-form-urlencoded`);
    if (typeof req.body !== 'string') return invalidRequest('no body');
    const form = parseForm(req.body);
    if (typeof form === 'string') return invalidRequest(form);

    const grantType = form.get('grant_type');
    if (grantType === undefined || grantType === '') return invalidRequest('grant_type is missing');
    if (grantType !== 'client_credentials') return { code: 400, error: 'unsupported_grant_type', reason: `grant_type ${JSON.stringify(grantType)} is not client_credentials` };
    const assertionType = form.get('client_assertion_type');
    if (assertionType !== CLIENT_ASSERTION_TYPE) {
      return invalidRequest(assertionType === undefined ? 'client_assertion_type is missing' : `client_assertion_type ${JSON.stringify(assertionType)} is not ${CLIENT_ASSERTION_TYPE}`);
    }
    const token = form.get('client_assertion');
    if (token === undefined || token === '') return invalidRequest('client_assertion is missing');
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      return invalidRequest('client_assertion is not a compact JWT (three unpadded base64url segments)');
    }
    const [h = '', p = ''] = token.split('.');
    const header = decodeSegment(h);
    const payload = decodeSegment(p);
    if (!header || !payload) return invalidRequest('client_assertion header or payload is not a base64url JSON object');

    if (header['typ'] !== 'JWT') return invalidGrant(`JWT header typ ${JSON.stringify(header['typ'])} is not "JWT"`);
    const alg = header['alg'];
    if (!(ASSERTION_ALGORITHMS as readonly unknown[]).includes(alg)) {
      return invalidGrant(`JWT alg ${JSON.stringify(alg)} is not accepted (only ${ASSERTION_ALGORITHMS.join(', ')})`);
    }
    const certificateId = header['kid'];
    if (typeof certificateId !== 'string' || certificateId === '') return invalidClient('JWT header has no kid (certificate id)');
    const iss = payload['iss'];
    if (typeof iss !== 'string' || iss === '') return invalidClient('JWT payload has no iss (client id)');
    const formClientId = form.get('client_id');
    if (formClientId !== undefined && formClientId !== iss) return invalidClient('client_id parameter differs from the assertion iss');
    const integration = integrations.get(iss);
    if (!integration) return invalidClient(`iss ${JSON.stringify(iss)} is not the client id of a registered integration`);
    const cert = certificates.get(certificateId);
    if (!cert || cert.clientId !== iss) return invalidClient(`kid ${JSON.stringify(certificateId)} is not a certificate mapped to client ${iss}`);
    if (cert.revoked) return invalidClient(`certificate ${certificateId} is revoked`);
    if (at < cert.notBefore) return invalidClient(`certificate ${certificateId} is not valid before ${new Date(cert.notBefore).toISOString()}`);
    if (at > cert.notAfter) return invalidClient(`certificate ${certificateId} expired at ${new Date(cert.notAfter).toISOString()}`);
    const algorithm = alg as AssertionAlgorithm;
    if (algorithm.startsWith('PS')) {
      if (cert.keyType !== 'rsa') return invalidGrant(`${algorithm} needs an RSA certificate; ${certificateId} has an EC key`);
      if (cert.rsaBits !== 3072 && cert.rsaBits !== 4096) return invalidGrant(`certificate ${certificateId} has an RSA-${cert.rsaBits ?? '?'} key; NetSuite requires 3072 or 4096 bits`);
    } else {
      const curve = CURVE_OF_ALG[algorithm as 'ES256' | 'ES384' | 'ES512'];
      if (cert.keyType !== 'ec') return invalidGrant(`${algorithm} needs an EC ${curve} certificate; ${certificateId} has an RSA key`);
      if (cert.curve !== curve) return invalidGrant(`${algorithm} needs curve ${curve}; certificate ${certificateId} is ${cert.curve ?? '?'}`);
    }
    return { at, alg: algorithm, token, cert, integration };
  }

  function verifierInput(p: Pending): VerifyAssertionInput {
    return { token: p.token, certificatePem: p.cert.certificatePem, alg: p.alg, nowMs: p.at, clockToleranceSeconds: skew };
  }

  /** Claim rules on the verified payload, then the token. */
  function finish(req: TokenRequest, p: Pending, verified: VerifyAssertionResult): TokenResponse {
    if (!verified.ok) {
      if (verified.reason === 'signature') return reject(p.at, req, invalidClient(`${verified.detail} ${p.cert.certificateId}`));
      if (verified.reason === 'malformed') return reject(p.at, req, invalidRequest(`client_assertion: ${verified.detail}`));
      return reject(p.at, req, invalidGrant(verified.detail));
    }
    const claims = verified.payload;
    const aud = claims['aud'];
    const audOk = aud === url || (Array.isArray(aud) && aud.includes(url));
    if (!audOk) return reject(p.at, req, invalidGrant(`aud ${JSON.stringify(aud)} is not ${url}`));
    const { iat, exp, nbf } = claims;
    const nowSeconds = p.at / 1000;
    if (!isNumericDate(iat)) return reject(p.at, req, invalidGrant('iat is missing or not a number of seconds'));
    if (!isNumericDate(exp)) return reject(p.at, req, invalidGrant('exp is missing or not a number of seconds'));
    if (exp <= nowSeconds) return reject(p.at, req, invalidGrant(`assertion expired (exp ${exp})`));
    if (iat > nowSeconds + skew) return reject(p.at, req, invalidGrant(`iat ${iat} is in the future`));
    if (nbf !== undefined && (!isNumericDate(nbf) || nbf > nowSeconds + skew)) return reject(p.at, req, invalidGrant('nbf is not a past number of seconds'));
    if (exp <= iat) return reject(p.at, req, invalidGrant('exp is not after iat'));
    if (exp - iat >= MAX_ASSERTION_LIFETIME_SECONDS) {
      return reject(p.at, req, invalidGrant(`exp - iat is ${exp - iat} s; it must be less than ${MAX_ASSERTION_LIFETIME_SECONDS}`));
    }
    const requested = parseScopeClaim(claims['scope']);
    if (!requested || requested.length === 0 || requested.some((s) => s === '')) {
      return reject(p.at, req, invalidScope('scope is missing, empty or not a string/array of strings'));
    }
    const unknown = requested.filter((s) => !isScope(s));
    if (unknown.length) return reject(p.at, req, invalidScope(`unknown scope ${JSON.stringify(unknown)} (only ${SCOPES.join(', ')})`));
    const allowed = p.integration.scopes.filter((s) => !p.cert.scopes || p.cert.scopes.includes(s));
    const notAllowed = requested.filter((s) => !allowed.includes(s as Scope));
    if (notAllowed.length) return reject(p.at, req, invalidScope(`scope ${JSON.stringify(notAllowed)} not enabled for client ${p.integration.clientId}`));
    const scopes = SCOPES.filter((s) => requested.includes(s));

    const issuedAtSeconds = Math.floor(nowSeconds);
    const accessToken = signAccessToken(kid, {
      clientId: p.integration.clientId, applicationId: p.integration.applicationId, accountId,
      entity: p.cert.entity, role: p.cert.role, scopes, issuedAtSeconds, expiresAtSeconds: issuedAtSeconds + lifetime,
    });
    const body = JSON.stringify({ access_token: accessToken, expires_in: String(lifetime), token_type: 'bearer' });
    return respond(p.at, req, { code: 200, headers: { ...JSON_HEADERS }, body }, `issued: client ${p.integration.clientId}, certificate ${p.cert.certificateId}, ${p.alg}, scope ${scopes.join(',')}`);
  }

  /** Applies an answering fault (recorded); undefined for `slow`, which only delays. */
  function answerFault(fault: Fault, at: number, req: TokenRequest): TokenResponse | 'network' | undefined {
    if (fault.kind === 'slow') return undefined;
    if (fault.kind === 'network') {
      requests.push({ at, method: String(req?.method), url: String(req?.url), body: typeof req?.body === 'string' ? req.body : '', status: 0, outcome: 'fault:network' });
      return 'network';
    }
    const res = faultResponse(fault);
    return respond(at, req, res, `fault:${fault.kind}${fault.kind === 'status' ? ` ${fault.code} ${fault.error}` : ''}`, fault.kind === 'status' ? fault.error : undefined);
  }

  const sleeper = new Int32Array(new SharedArrayBuffer(4));

  const endpoint: TokenEndpoint = {
    accountId,
    url,
    host,
    registerIntegration(i) {
      const clientId = nonEmpty(i?.clientId, 'clientId');
      if (integrations.has(clientId)) throw new TypeError(`client id ${clientId} is already registered`);
      if (!Array.isArray(i.certificates)) throw new TypeError('certificates must be an array');
      const integration: StoredIntegration = {
        clientId,
        applicationId: i.applicationId ?? randomUUID().toUpperCase(),
        scopes: i.scopes === undefined ? [...SCOPES] : checkScopeList(i.scopes, 'scopes'),
        certificateIds: new Set(),
      };
      // Validate every certificate before storing any: a failed registration changes nothing.
      const parsed = i.certificates.map((m) => parseCertificate(m, clientId));
      const ids = parsed.map((c) => c.certificateId);
      const clash = ids.find((id, index) => certificates.has(id) || ids.indexOf(id) !== index);
      if (clash) throw new TypeError(`certificate id ${clash} is already mapped`);
      integrations.set(clientId, integration);
      for (const cert of parsed) {
        certificates.set(cert.certificateId, cert);
        integration.certificateIds.add(cert.certificateId);
      }
    },
    addCertificate(clientId, certificate) {
      const integration = integrations.get(clientId);
      if (!integration) throw new TypeError(`client id ${clientId} is not registered`);
      storeCertificate(integration, certificate);
    },
    revokeCertificate(certificateId) {
      const cert = certificates.get(certificateId);
      if (!cert) throw new TypeError(`certificate id ${certificateId} is not mapped`);
      cert.revoked = true;
    },
    setMapping(certificateId, mapping) {
      const cert = certificates.get(certificateId);
      if (!cert) throw new TypeError(`certificate id ${certificateId} is not mapped`);
      // Internal ids: digits, or negative ones such as -5 (the account's first administrator).
      for (const [what, v] of Object.entries(mapping ?? {})) {
        if (v !== undefined && !/^-?[0-9]{1,10}$/.test(v)) throw new TypeError(`${what} must be an internal id such as 3 or -5; got ${JSON.stringify(v)}`);
      }
      if (mapping.role !== undefined) cert.role = mapping.role;
      if (mapping.entity !== undefined) cert.entity = mapping.entity;
    },
    handle(req) {
      const fault = takeFault();
      if (fault) {
        if (fault.kind === 'slow') Atomics.wait(sleeper, 0, 0, fault.ms);
        const answered = answerFault(fault, now(), req);
        if (answered === 'network') throw new NetworkFault();
        if (answered) return answered;
      }
      const at = now();
      const pending = precheck(req, at);
      if (!('token' in pending)) return reject(at, req, pending);
      return finish(req, pending, verifyAssertionSync(verifierInput(pending)));
    },
    async handleAsync(req) {
      const fault = takeFault();
      if (fault) {
        if (fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
        const answered = answerFault(fault, now(), req);
        if (answered === 'network') throw new NetworkFault();
        if (answered) return answered;
      }
      const at = now();
      const pending = precheck(req, at);
      if (!('token' in pending)) return reject(at, req, pending);
      return finish(req, pending, await verifyAssertionAsync(verifierInput(pending)));
    },
    injectFault(fault, times = 1) {
      assertFault(fault);
      if (times !== 'always' && (!Number.isInteger(times) || times < 1)) throw new TypeError("times must be a positive whole number or 'always'");
      faults.push({ fault: { ...fault }, remaining: times === 'always' ? Infinity : times });
    },
    clearFaults() {
      faults.length = 0;
    },
    get requests() {
      return requests;
    },
    clearRequests() {
      requests.length = 0;
    },
    verifyAccessToken(token) {
      const check: AccessTokenCheck = verifyAccessTokenWith(kid, accountId, token, now());
      return check;
    },
  };
  return endpoint;
}
