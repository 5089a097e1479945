/** Pure rules of the key admin page (core/adminPage.ts, core/html.ts). */
import { describe, expect, it } from '@jest/globals';
import { describeHealth, parseRoute, validateProfileInput } from '../../src/TypeScript/core/adminPage';
import { escapeHtml, link } from '../../src/TypeScript/core/html';

const GOOD = { name: 'Warehouse', clientId: 'abc', certificateId: 'def', keyFile: '/SuiteScripts/k.pem', signingCertificate: '', algorithm: '', scope: '' };

describe('admin page routes', () => {
  it('accepts known views with numeric ids and falls back to home for anything else', () => {
    expect(parseRoute({ view: 'client', id: '12' })).toEqual({ view: 'client', id: '12' });
    expect(parseRoute({ view: 'confirm', do: 'rotate', id: '3' })).toEqual({ view: 'confirm', id: '3', action: 'rotate' });
    expect(parseRoute({ view: 'confirm', do: 'refresh', id: 'default' })).toEqual({ view: 'confirm', id: 'default', action: 'refresh' });
    expect(parseRoute({ view: 'confirm', do: 'rotate', id: 'default' })).toEqual({ view: 'home', id: '' });
    expect(parseRoute({ view: 'client', id: '1 OR 1=1' })).toEqual({ view: 'home', id: '' });
    expect(parseRoute({ view: 'confirm', do: 'drop_table', id: '1' })).toEqual({ view: 'home', id: '' });
    expect(parseRoute({ view: '<script>' })).toEqual({ view: 'home', id: '' });
  });
});

describe('profile validation', () => {
  it('passes a complete profile', () => {
    expect(validateProfileInput(GOOD)).toEqual([]);
  });

  it('lists every problem at once, in the refresher\'s words, naming the page\'s labels', () => {
    const problems = validateProfileInput({ ...GOOD, name: ' ', clientId: '', certificateId: 'has space', keyFile: '', algorithm: 'RS256', scope: 'all' });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/^Name: required/m);
    expect(problems.join('\n')).toMatch(/^Client ID: required/m);
    expect(problems.join('\n')).toMatch(/^Certificate ID: must be/m);
    expect(problems.join('\n')).toMatch(/^Algorithm: .*RS256/m);
    expect(problems.join('\n')).toMatch(/^Private key file: required unless Signing certificate is set/m);
    expect(problems.join('\n')).toMatch(/^Scope: "all" is not a NetSuite scope/m);
  });

  it('refuses both a key file and a signing certificate, and the reserved name Default', () => {
    expect(validateProfileInput({ ...GOOD, signingCertificate: 'custcertificate_x' })).toEqual(['Signing certificate: set either Private key file or Signing certificate, not both.']);
    expect(validateProfileInput({ ...GOOD, name: 'default' })[0]).toMatch(/"Default" is the profile of the refresher's parameters/);
  });
});

describe('health line', () => {
  const now = Date.UTC(2026, 0, 15, 10, 0);
  it('says what an administrator must know first', () => {
    expect(describeHealth({ exists: true, status: 'Active', expiresMs: now + 42 * 60000, lastError: '' }, now, true)).toEqual({ level: 'ok', text: 'Active (42 min left)' });
    expect(describeHealth({ exists: true, status: 'Active', expiresMs: now - 1, lastError: '' }, now, true).level).toBe('error');
    expect(describeHealth({ exists: true, status: 'Active', expiresMs: null, lastError: '' }, now, true).level).toBe('error'); // unreadable expiry fails closed
    expect(describeHealth({ exists: true, status: 'Error', expiresMs: now + 60000, lastError: 'x' }, now, true).text).toMatch(/still served/);
    expect(describeHealth({ exists: false, status: '', expiresMs: null, lastError: '' }, now, true).text).toMatch(/No token yet/);
    expect(describeHealth({ exists: true, status: 'Active', expiresMs: now + 60000, lastError: '' }, now, false).text).toMatch(/Profile inactive/);
  });
});

describe('html', () => {
  it('escapes text and attributes', () => {
    expect(escapeHtml('<img src=x onerror="a">&\'')).toBe('&lt;img src&#61;x onerror&#61;&quot;a&quot;&gt;&amp;&#39;');
    expect(link('?a=1&b="x"', '<b>')).toBe('<a href="?a&#61;1&amp;b&#61;&quot;x&quot;">&lt;b&gt;</a>');
  });
});
