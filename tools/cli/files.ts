/** File names `ns-oauth keygen` writes (kept apart so `--help` needs no crypto module). */
export const KEY_FILE = 'private_key.pem';
export const CERT_FILE = 'certificate.pem';
/** Certificate + unencrypted PKCS#8 key in one PEM, to import under Setup > Company > Certificates. */
export const STORE_FILE = 'certificate_store_import.pem';
/** What `keygen --for` accepts. */
export const KEYGEN_TARGETS = ['m2m', 'certificate-store'] as const;
export type KeygenTarget = (typeof KEYGEN_TARGETS)[number];
