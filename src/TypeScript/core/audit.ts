/** One audit line per proxy answer: client name, caller address, outcome — never a key or token. */
import type { AuditLine } from './proxyService';

function clean(s: string, max: number): string {
  // Control characters and quotes are replaced so a crafted client name or address cannot forge lines.
  return s.replace(/[\x00-\x1f\x7f"\\]/g, '?').slice(0, max);
}

export function auditDetails(line: AuditLine): string {
  const parts = [`outcome=${line.outcome}`, `client="${clean(line.client ?? '-', 100)}"`, `address=${clean(line.address || '-', 64)}`];
  if (line.keyFingerprint) parts.push(`key=${line.keyFingerprint}`);
  if (line.detail) parts.push(`detail="${clean(line.detail, 120)}"`);
  return parts.join(' ');
}
