/**
 * adapters/values.ts: date text from N/search and lookupFields is read only through N/format.parse,
 * and an expiry that cannot be read counts as passed (fail closed, DESIGN.md 2a). N/format.parse
 * returns text it cannot parse unchanged (Oracle: format.parse), which is what the mock does here.
 */
import { describe, expect, it, jest } from '@jest/globals';

jest.mock('N/format', () => ({
  Type: { DATE: 'date', DATETIME: 'datetime', DATETIMETZ: 'datetimetz' },
  parse: ({ value }: { value: string }) => (value === '11/30/2026 2:00 pm' ? new Date(Date.UTC(2026, 10, 30, 22, 0)) : value),
}), { virtual: true });

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { expiryMs, dateFromText, UNREADABLE } = require('../../src/TypeScript/adapters/values') as typeof import('../../src/TypeScript/adapters/values');

describe('reading NetSuite date values', () => {
  it('reads text in the user format through N/format', () => {
    expect(expiryMs('11/30/2026 2:00 pm')).toBe(Date.UTC(2026, 10, 30, 22, 0));
  });
  it('treats an expiry it cannot read as already passed, never as "no expiry"', () => {
    for (const text of ['30.11.2026 14:00', '5.1.2026', 'tomorrow-ish']) {
      expect(dateFromText(text)).toBe(UNREADABLE);
      expect(expiryMs(text)).toBe(0);
    }
  });
  it('keeps "no expiry" for an empty value and takes Date objects as they are', () => {
    expect(expiryMs('')).toBeNull();
    expect(expiryMs(null)).toBeNull();
    expect(expiryMs(new Date(Date.UTC(2027, 0, 1)))).toBe(Date.UTC(2027, 0, 1));
  });
});
