/** Removes `=` padding and maps the standard alphabet to the URL-safe one, whatever the encoder gave. */
export function toBase64Url(base64: string): string {
  return base64.replace(/\s+/g, '').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}
