/** The token endpoint call (N/https, 10 units). */
import * as https from 'N/https';

export function httpsPost(url: string, body: string, headers: Record<string, string>): { status: number; body: string } {
  const res = https.post({ url, body, headers });
  return { status: res.code, body: res.body };
}
