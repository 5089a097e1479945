/**
 * Property-based tests of the BUILT proxy Suitelet: hostile requests of every shape get a documented
 * JSON refusal and never the token; the valid key gets the token exactly when the contract says so.
 * The properties live in tools/fuzz/properties/proxy.ts (`npm run fuzz` runs them with more cases).
 */
import { beforeAll, describe, it } from '@jest/globals';
import fc from 'fast-check';
import { createProxyFixture, proxyProperties, type ProxyFixture } from '../../tools/fuzz/properties/proxy';
import { fcParams } from '../../tools/fuzz/settings';

let fixture: ProxyFixture | undefined;

beforeAll(async () => {
  fixture = await createProxyFixture();
});

describe('built proxy (fast-check)', () => {
  it.each(proxyProperties(() => fixture!).map((p) => [p.name, p] as const))('%s', (_name, p) => {
    fc.assert(p.property(), fcParams(p.kind));
  });
});
