/**
 * `ns-oauth keygen`: a key pair and the self-signed certificate NetSuite's M2M setup accepts
 * (tools/keys: pure Node), written with owner-only permissions, never over an existing file and
 * never into an SDF project folder (a deploy would upload the key).
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ALGORITHM } from '../../../src/TypeScript/core/algorithms';
import { REFRESHER_PARAMS as P } from '../../../src/TypeScript/core/names';
import { generateSigningKey, KeyOptionsError, type NetSuiteAlgorithm, normalizeSigningKeyOptions, type RsaBits } from '../../keys';
import { CliError, EXIT, usageError } from '../exitCodes';
import type { CliIo } from '../io';
import { enclosingGitTree, enclosingSdfProject, shownPath } from '../paths';

export const KEY_FILE = 'private_key.pem';
export const CERT_FILE = 'certificate.pem';

export interface KeygenOptions {
  alg?: NetSuiteAlgorithm;
  bits?: number;
  days?: number;
  cn?: string;
  out?: string;
  json?: boolean;
}

/** KeyOptionsError speaks of the library's option names; the user typed flags. */
const FLAG_OF: Record<string, string> = { rsaBits: '--bits', days: '--days', commonName: '--cn', curve: '--alg', alg: '--alg' };

export async function keygenCommand(opts: KeygenOptions, io: CliIo): Promise<number> {
  const alg = opts.alg ?? DEFAULT_ALGORITHM;
  const keyOptions = { alg, ...(opts.bits !== undefined ? { rsaBits: opts.bits as RsaBits } : {}), ...(opts.days !== undefined ? { days: opts.days } : {}), ...(opts.cn !== undefined ? { commonName: opts.cn } : {}) };
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
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw usageError(`--out ${shownDir} exists and is not a folder.`);
  const keyPath = path.join(outDir, KEY_FILE);
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
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  writeNew(keyPath, material.privateKeyPem, io);
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
      privateKeyFile: keyPath,
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
