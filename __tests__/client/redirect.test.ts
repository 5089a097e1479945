/**
 * Security finding 10.7: the client never follows a redirect, so the API key (X-API-Key) and the
 * bearer token never travel to another origin. A 3xx answer is an error that names the Location host.
 * Uses the global fetch (the default), because that is what would follow the redirect.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTokenClient, InvalidResponseError, NetSuiteRestError, ProxyError, RedirectRefusedError } from '../../clients/node';
import { json, newApiKey, PROXY_PATH, proxyQuery, serve, tokenBody, type Server } from './fakes';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function recorder(): Promise<Server> {
  const s = await serve((_req, res) => json(res, 200, tokenBody('eyJ.stolen.token')));
  servers.push(s);
  return s;
}

async function redirecting(status: number, to: string): Promise<Server> {
  const s = await serve((_req, res) => res.writeHead(status, { Location: to }).end());
  servers.push(s);
  return s;
}

describe('redirects are refused', () => {
  for (const [status, method] of [
    [302, 'GET'],
    [301, 'GET'],
    [307, 'POST'],
    [308, 'POST'],
  ] as const) {
    it(`HTTP ${status} from the proxy (${method}): an error naming the Location host; the other origin never sees the key`, async () => {
      const attacker = await recorder();
      const proxy = await redirecting(status, `${attacker.url}/collect?x=1`);
      const apiKey = newApiKey();
      const sleeps: number[] = [];
      const client = createTokenClient({ proxyUrl: `${proxy.url}${PROXY_PATH}${proxyQuery}`, apiKey, method, sleep: async (ms) => void sleeps.push(ms) });
      const e = await client.getToken().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RedirectRefusedError);
      expect(e).toBeInstanceOf(InvalidResponseError); // code stays invalid_response for existing switch statements
      expect(e).toBeInstanceOf(ProxyError);
      const err = e as RedirectRefusedError;
      expect(err.code).toBe('invalid_response');
      expect(err.httpStatus).toBe(status);
      expect(err.locationHost).toBe(`127.0.0.1:${attacker.port}`);
      expect(err.message).toContain(`127.0.0.1:${attacker.port}`);
      expect(err.message).not.toContain(apiKey);
      expect(err.message).not.toContain('/collect'); // only the host: a path or query could carry anything
      expect(attacker.seen).toHaveLength(0);
      expect(proxy.seen).toHaveLength(1); // not retried either
      expect(sleeps).toEqual([]);
    });
  }

  it('a relative Location names the proxy host itself, and is not followed', async () => {
    const proxy = await redirecting(302, '/elsewhere');
    const client = createTokenClient({ proxyUrl: `${proxy.url}${PROXY_PATH}${proxyQuery}`, apiKey: newApiKey() });
    const e = (await client.getToken().catch((x: unknown) => x)) as RedirectRefusedError;
    expect(e).toBeInstanceOf(RedirectRefusedError);
    expect(e.locationHost).toBe(`127.0.0.1:${proxy.port}`);
    expect(proxy.seen).toHaveLength(1);
  });

  it('a redirect from REST (SuiteQL) is refused too: the bearer token never reaches the other origin', async () => {
    const attacker = await recorder();
    const token = 'eyJhbGciOiJQUzI1NiJ9.e30.sig';
    const netsuite = await serve((req, res) => {
      if (req.url.startsWith(PROXY_PATH)) json(res, 200, tokenBody(token));
      else res.writeHead(307, { Location: `${attacker.url}/services/rest/query/v1/suiteql` }).end();
    });
    servers.push(netsuite);
    const client = createTokenClient({ proxyUrl: `${netsuite.url}${PROXY_PATH}${proxyQuery}`, apiKey: newApiKey(), restBaseUrl: `${netsuite.url}/services/rest` });
    const e = await client.suiteql('SELECT id FROM customer').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetSuiteRestError);
    expect(e).toMatchObject({ status: 307, errorCode: 'REDIRECT_REFUSED' });
    expect((e as Error).message).toContain(`127.0.0.1:${attacker.port}`);
    expect((e as Error).message).not.toContain(token);
    expect(attacker.seen).toHaveLength(0);
  });
});
