/**
 * Key-file signing, with jsrsasign (about 340 KB) loaded only when a profile signs with a key file:
 * skip runs and certificate mode never load it. SuiteScript 2.1 server scripts load a module on
 * demand with the AMD `require` handed to the module (its callback runs before require returns on
 * the server); jsrsasign's wrapper touches no N/* module while it loads, so loading it inside the
 * entry point is allowed (DESIGN.md 2a).
 */
import amdRequire from 'require';
import type * as Jsrsasign from 'jsrsasign-amd';
import type { AlgorithmRule } from '../../core/algorithms';
import type { AssertionSigner } from '../../core/assertion';
import { createJsrsasignSigner, loadKeyFile } from './jsrsasignSigner';

const JSRSASIGN = '/SuiteScripts/OAuth/lib/jsrsasign';
let lib: typeof Jsrsasign | null = null;

function jsrsasign(): typeof Jsrsasign {
  if (!lib) {
    amdRequire([JSRSASIGN], (loaded: typeof Jsrsasign) => {
      lib = loaded;
    });
    if (!lib) throw new Error(`${JSRSASIGN} did not load synchronously`);
  }
  return lib;
}

export function createKeyFileSigner(file: string, alg: AlgorithmRule): AssertionSigner {
  const pem = loadKeyFile(file);
  return createJsrsasignSigner(jsrsasign(), pem, alg, `key file ${file}`);
}
