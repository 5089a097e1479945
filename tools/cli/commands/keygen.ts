/**
 * `ns-oauth keygen`: a key pair and the self-signed certificate NetSuite's M2M setup accepts
 * (tools/keys: pure Node), written with owner-only permissions, never over an existing file and
 * never into an SDF project folder (a deploy would upload the key).
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ALGORITHM } from '../../../src/TypeScript/core/algorithms';
import { REFRESHER_PARAMS as P, SCRIPTS } from '../../../src/TypeScript/core/names';
import { generateSigningKey, KeyOptionsError, type NetSuiteAlgorithm, normalizeSigningKeyOptions, type RsaBits } from '../../keys';
import { CliError, EXIT, usageError } from '../exitCodes';
import { CERT_FILE, KEY_FILE, type KeygenTarget, STORE_FILE } from '../files';
import type { CliIo } from '../io';
import { enclosingGitTree, enclosingSdfProject, makeFolders, nearestExisting, shownPath, systemFolderReason } from '../paths';

export { CERT_FILE, KEY_FILE, STORE_FILE } from '../files';

export interface KeygenOptions {
  alg?: NetSuiteAlgorithm;
  bits?: number;
  days?: number;
  cn?: string;
  out?: string;
  json?: boolean;
  /** m2m (default): a key file for the refresher; certificate-store: a file for Setup > Company > Certificates. */
  for?: KeygenTarget;
}

/** KeyOptionsError speaks of the library's option names; the user typed flags. */
const FLAG_OF: Record<string, string> = { rsaBits: '--bits', days: '--days', commonName: '--cn', curve: '--alg', alg: '--alg' };

export async function keygenCommand(opts: KeygenOptions, io: CliIo): Promise<number> {
  const alg = opts.alg ?? DEFAULT_ALGORITHM;
  const store = opts.for === 'certificate-store';
  const keyOptions = { alg, ...(store && alg.startsWith('PS') ? { pssKey: true } : {}), ...(opts.bits !== undefined ? { rsaBits: opts.bits as RsaBits } : {}), ...(opts.days !== undefined ? { days: opts.days } : {}), ...(opts.cn !== undefined ? { commonName: opts.cn } : {}) };
  try {
    normalizeSigningKeyOptions(keyOptions);
  } catch (e) {
    if (!(e instanceof KeyOptionsError)) throw e;
    const msg = e.message.replace(/^(rsaBits|days|commonName|curve|alg)\b/, (m) => FLAG_OF[m] ?? m).replace(/\brsaBits\b/g, '--bits');
    throw usageError(msg + '.', opts.bits !== undefined && alg.startsWith('ES') ? `leave out --bits: ${alg} uses an EC key.` : undefined);
  }

  const outDir = path.resolve(io.cwd, opts.out ?? '.');
  const shownDir = shownPath(outDir, io.cwd) || '.';
  const sdf = enclosingSdfProject(outDir);
  if (sdf) {
    throw usageError(
      `refusing to write a private key into ${shownDir}: it is inside the SDF project ${shownPath(sdf, io.cwd)}, and "suitecloud project:deploy" would upload it to the File Cabinet.`,
      'choose a folder outside the project with --out, e.g. --out ~/netsuite-keys, then upload the key to a File Cabinet folder only administrators can see.',
    );
  }
  checkOutFolder(outDir, shownDir, io);
  const keyPath = path.join(outDir, store ? STORE_FILE : KEY_FILE);
  const certPath = path.join(outDir, CERT_FILE);
  for (const p of [keyPath, certPath]) {
    if (fs.existsSync(p) || isSymlink(p)) {
      throw usageError(
        `${shownPath(p, io.cwd)} already exists; ns-oauth never overwrites a key or certificate (the old pair may still be in use).`,
        'write the new pair to another folder with --out (e.g. --out keys-2026), and remove the old files only after the new certificate is mapped in NetSuite.',
      );
    }
  }
  const git = enclosingGitTree(outDir);
  if (git) io.stderr(`! ${shownDir} is inside the git working tree ${shownPath(git, io.cwd)}: never commit the private key (*.pem should be in .gitignore); a folder outside it is safer.\n`);

  const material = await generateSigningKey(keyOptions);
  try {
    makeFolders(outDir, 0o700);
  } catch (e) {
    throw usageError(`cannot create the folder ${shownDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, 'choose a folder you can write to with --out, e.g. --out ~/netsuite-keys.');
  }
  // The certificate store takes one PEM holding certificate and key (Oracle's own recipe: cat public.pem
  // private.pem > combined.pem). Unencrypted: NetSuite cannot read keys encrypted in CTR mode, and the
  // file is removed once imported.
  writeNew(keyPath, store ? material.certificatePem + material.privateKeyPem : material.privateKeyPem, io);
  try {
    writeNew(certPath, material.certificatePem, io);
  } catch (e) {
    fs.rmSync(keyPath, { force: true });
    throw e;
  }

  const fingerprint = new X509Certificate(material.certificatePem).fingerprint256;
  const days = Math.round((material.notAfter.getTime() - material.notBefore.getTime()) / 86_400_000);
  const keyText = material.keyType === 'RSA' ? `RSA ${material.rsaBits} bits` : `EC ${material.curve}`;
  const shownKey = shownPath(keyPath, io.cwd);
  const shownCert = shownPath(certPath, io.cwd);
  if (opts.json) {
    io.stdout(JSON.stringify({
      for: store ? 'certificate-store' : 'm2m',
      ...(store ? { certificateStoreFile: keyPath } : { privateKeyFile: keyPath }),
      ...(store && material.keyType === 'RSA' ? { keyAlgorithm: 'RSASSA-PSS' } : {}),
      certificateFile: certPath,
      algorithm: alg,
      keyType: material.keyType,
      ...(material.keyType === 'RSA' ? { rsaBits: material.rsaBits } : { curve: material.curve }),
      commonName: material.commonName,
      notBefore: material.notBefore.toISOString(),
      notAfter: material.notAfter.toISOString(),
      days,
      certificateSha256: fingerprint,
    }, null, 2) + '\n');
    return EXIT.OK;
  }
  const date = (d: Date): string => d.toISOString().slice(0, 10);
  if (store) {
    io.stdout(certificateStoreSteps({ alg, keyText, shownStore: shownKey, shownCert, fingerprint, days, material, date }));
    return EXIT.OK;
  }
  io.stdout(`Wrote a ${alg} key pair (${keyText}) and its self-signed certificate:
  private key   ${shownKey}   (PKCS#8, mode 600: secret, never in git or an SDF project)
  certificate   ${shownCert}   (CN=${material.commonName}, valid ${date(material.notBefore)} to ${date(material.notAfter)}, ${days} days)
  certificate SHA-256 fingerprint ${fingerprint}

Next steps:
  1. NetSuite: Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup > Create New: choose the
     entity, the role and the integration, and upload ${shownCert} (the certificate, never the key).
     Copy the Certificate ID it shows.
  2. File Cabinet: upload ${shownKey} to a folder only administrators can see, e.g.
     /SuiteScripts/OAuthKeys/${KEY_FILE}. (Or import the key and certificate under Setup > Company >
     Certificates and set ${P.signingCertificate} instead: then no script can read the key.)
  3. Refresher parameters (Customization > Scripting > Scripts > OAuth Token Refresher > Parameters):
       ${P.certificateId}     = the Certificate ID from step 1
       ${P.privateKeyFile}   = /SuiteScripts/OAuthKeys/${KEY_FILE}
       ${P.algorithm}          = ${alg}${alg === DEFAULT_ALGORITHM ? ' (the default; may stay empty)' : ' (required: the default is PS256)'}
  4. Check the whole setup from here:
       ns-oauth doctor --account-id <account id> --client-id <client id> --certificate-id <certificate id> \\
         --key ${shownKey} --cert ${shownCert} --alg ${alg} --live
  5. The certificate expires on ${date(material.notAfter)}: make and map a new pair before then.
`);
  return EXIT.OK;
}

/**
 * Next steps for certificate mode. Sources: Oracle, "Setting Up Digital Certificates for OAuth 2.0
 * with SuiteScript" (docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_0312092212.html:
 * RSASSA-PSS or ECDSA certificates, made with `openssl req -x509 -nodes -newkey rsa-pss|ec` and
 * uploaded as one PEM, certificate then key) and "Uploading Digital Certificates"
 * (section_1542656620.html: Setup > Company > Preferences > Certificates > Create New; PFX, PEM or
 * P12; script id prefixed custcertificate; Restrict to Scripts).
 */
function certificateStoreSteps(a: {
  alg: string; keyText: string; shownStore: string; shownCert: string; fingerprint: string; days: number;
  material: { commonName: string; notBefore: Date; notAfter: Date; keyType: string }; date: (d: Date) => string;
}): string {
  const kind = a.material.keyType === 'RSA' ? `RSASSA-PSS key (${a.keyText}), as N/crypto/certificate needs for ${a.alg}` : `${a.keyText} key`;
  return `Wrote an ${kind} and its self-signed certificate, for NetSuite's certificate store:
  ${a.shownStore}   certificate + private key in one PEM (mode 600: secret; delete it once imported)
  ${a.shownCert}   the certificate alone (CN=${a.material.commonName}, valid ${a.date(a.material.notBefore)} to ${a.date(a.material.notAfter)}, ${a.days} days)
  certificate SHA-256 fingerprint ${a.fingerprint}

Which file goes where:
  1. ${a.shownStore}  ->  Setup > Company > Preferences > Certificates > Create New:
       Name: e.g. OAuth M2M ${a.alg}; ID: e.g. _oauth_m2m (NetSuite makes it custcertificate_oauth_m2m);
       Files > Certificate File: ${a.shownStore}; Password: leave empty (the key in it is not encrypted);
       Audience > Restrict to Scripts: ${SCRIPTS.refresher.scriptId}.
  2. ${a.shownCert}  ->  Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup > Create New:
       choose the entity, the role and the integration, upload this file, copy the Certificate ID.
  3. Refresher parameters (the deployments of ${SCRIPTS.refresher.scriptId}):
       ${P.signingCertificate} = the certificate's ID from step 1 (custcertificate...)
       ${P.certificateId}     = the Certificate ID from step 2
       ${P.algorithm}          = ${a.alg}${a.alg === DEFAULT_ALGORITHM ? ' (the default; may stay empty)' : ' (required: the default is PS256)'}
       ${P.privateKeyFile}   = (empty: no script can read the key)
  4. Delete ${a.shownStore} once NetSuite has it (NetSuite never gives it back; if lost, make a new pair).
  5. The certificate expires on ${a.date(a.material.notAfter)}: make and map a new pair before then.
`;
}

/**
 * Refuses, before a key is made, an --out folder that cannot hold files: a kernel or device folder
 * (/proc, /sys, /dev: Node's recursive mkdir spins there forever), a file, or a place this user
 * cannot write to.
 */
function checkOutFolder(outDir: string, shownDir: string, io: CliIo): void {
  const special = systemFolderReason(outDir);
  if (special) {
    throw usageError(`refusing --out ${shownDir}: ${special}.`, 'choose an ordinary folder in your home directory, e.g. --out ~/netsuite-keys.');
  }
  const existing = nearestExisting(outDir);
  if (!fs.statSync(existing).isDirectory()) {
    throw usageError(
      existing === outDir ? `--out ${shownDir} exists and is not a folder.` : `cannot create ${shownDir}: ${shownPath(existing, io.cwd)} is a file, not a folder.`,
      'choose a folder with --out, e.g. --out ~/netsuite-keys.',
    );
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw usageError(`cannot write to ${shownPath(existing, io.cwd)}: permission denied.`, 'choose a folder you can write to with --out, e.g. --out ~/netsuite-keys.');
  }
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Creates `file` with mode 0600; fails if anything exists there (O_EXCL: no overwrite, no symlink). */
function writeNew(file: string, text: string, io: CliIo): void {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw usageError(`${shownPath(file, io.cwd)} already exists; ns-oauth never overwrites a key or certificate.`, 'use another --out folder.');
    throw new CliError(EXIT.USAGE, `cannot write ${shownPath(file, io.cwd)} (${code ?? (e as Error).message}).`, 'choose a folder you can write to with --out.');
  }
  try {
    fs.fchmodSync(fd, 0o600); // whatever the umask
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}
