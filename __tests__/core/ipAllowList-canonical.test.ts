import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BlockList } from 'node:net';
import { isAllowed, nonCanonicalCidrs, parseAllowList } from '../../src/TypeScript/core/ipAllowList';

describe('nonCanonicalCidrs: ranges written with host bits set', () => {
  it('reports 10.9.9.9/8 as really allowing all of 10.0.0.0/8', () => {
    expect(nonCanonicalCidrs('10.9.9.9/8')).toEqual([{ entry: '10.9.9.9/8', canonical: '10.0.0.0/8', size: '16,777,216' }]);
  });

  it('leaves canonical ranges, single addresses and invalid entries alone', () => {
    expect(nonCanonicalCidrs('10.0.0.0/8, 192.0.2.1, 192.0.2.1/32, 2001:db8::/32, ::1, not-an-ip, 0.0.0.0/0')).toEqual([]);
    expect(nonCanonicalCidrs('')).toEqual([]);
    expect(nonCanonicalCidrs(null)).toEqual([]);
  });

  it('finds every offending entry, in order, whatever the separators', () => {
    const found = nonCanonicalCidrs('203.0.113.7/24\n198.51.100.0/24; 192.168.1.1/16 , 1.2.3.4/0');
    expect(found.map((f) => [f.entry, f.canonical])).toEqual([
      ['203.0.113.7/24', '203.0.113.0/24'],
      ['192.168.1.1/16', '192.168.0.0/16'],
      ['1.2.3.4/0', '0.0.0.0/0'],
    ]);
    expect(found[2]?.size).toBe('4,294,967,296');
  });

  it('writes IPv6 ranges in RFC 5952 form (lower case, longest zero run as ::)', () => {
    expect(nonCanonicalCidrs('2001:DB8:0:0:1:0:0:1/64')).toEqual([{ entry: '2001:DB8:0:0:1:0:0:1/64', canonical: '2001:db8::/64', size: '2^64' }]);
    expect(nonCanonicalCidrs('2001:db8:0:0:1:0:0:1/96')[0]?.canonical).toBe('2001:db8:0:0:1::/96');
    expect(nonCanonicalCidrs('fe80::1/10')[0]?.canonical).toBe('fe80::/10');
    expect(nonCanonicalCidrs('2001:db8::ff/120')[0]).toMatchObject({ canonical: '2001:db8::/120', size: '256' });
  });

  it('the canonical range allows exactly the addresses the entry allows (checked against net.BlockList)', () => {
    const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
    fc.assert(
      fc.property(v4, fc.integer({ min: 0, max: 31 }), fc.array(v4, { minLength: 1, maxLength: 20 }), (addr, prefix, probes) => {
        const entry = `${addr}/${prefix}`;
        const [found] = nonCanonicalCidrs(entry);
        const canonical = found?.canonical ?? entry;
        const [net, bits] = canonical.split('/') as [string, string];
        const reference = new BlockList();
        reference.addSubnet(net, Number(bits), 'ipv4');
        // Canonical means the network address itself is the written address.
        expect(found === undefined).toBe(canonical === entry);
        for (const p of [...probes, net]) {
          expect(isAllowed(parseAllowList(entry), p)).toBe(reference.check(p, 'ipv4'));
          expect(isAllowed(parseAllowList(canonical), p)).toBe(reference.check(p, 'ipv4'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('IPv6 canonical text is what a WHATWG URL parser prints for the network address', () => {
    const group = fc.nat(0xffff).map((n) => n.toString(16));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 127 }), (groups, prefix) => {
        const found = nonCanonicalCidrs(`${groups.join(':')}/${prefix}`)[0];
        if (!found) return;
        const [net] = found.canonical.split('/') as [string];
        expect(new URL(`http://[${net}]/`).hostname).toBe(`[${net}]`);
      }),
      { numRuns: 300 },
    );
  });
});
