/**
 * Property-based tests of the pure core rules (API keys, IP allow-lists, scope, account ids and the
 * refresher configuration, base64url, throttle keys). The properties live in tools/fuzz/properties
 * so that `npm run fuzz` checks the very same ones with 100,000+ cases each.
 */
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { CORE_PROPERTIES } from '../../tools/fuzz/properties/core';
import { fcParams } from '../../tools/fuzz/settings';

describe('core rules (fast-check)', () => {
  it.each(CORE_PROPERTIES.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    fc.assert(p.property(), fcParams(p.kind));
  });
});
