/** The proxy's optional parameters; a bad value falls back to the default with a logged reason. */
import { DEFAULT_PROXY_SETTINGS, type ProxySettings } from './proxyService';
import { PROXY_PARAMS } from './names';

export function parseProxySettings(read: (id: string) => unknown, warn: (message: string) => void): ProxySettings {
  const settings = { ...DEFAULT_PROXY_SETTINGS };
  const minutes = intParam(read(PROXY_PARAMS.minValidity), 1, 55, PROXY_PARAMS.minValidity, warn);
  if (minutes !== null) settings.minValiditySeconds = minutes * 60;
  const failures = intParam(read(PROXY_PARAMS.maxFailures), 1, 1000, PROXY_PARAMS.maxFailures, warn);
  if (failures !== null) settings.maxFailures = failures;
  return settings;
}

function intParam(v: unknown, min: number, max: number, name: string, warn: (m: string) => void): number | null {
  const t = v == null ? '' : String(v).trim();
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) {
    warn(`${name}: "${t.slice(0, 20)}" is not a whole number from ${min} to ${max}; using the default.`);
    return null;
  }
  return n;
}
