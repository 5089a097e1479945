/**
 * The N modules the runtime implements, by module id. Any other `N/...` id fails with
 * `SuiteScript runtime: module N/xyz is not implemented`.
 */
import type { Execution } from '../execution';
import { createCacheModule } from './cache';
import { createCertificateModule, createCryptoModule, createRandomModule } from './crypto';
import { createEmailModule } from './email';
import { createEncodeModule } from './encoding';
import { createErrorModule } from './error';
import { createFileModule } from './file';
import { createFormatModule } from './format';
import { createHttpModule } from './https';
import { createLogModule } from './log';
import { createRecordModule } from './record';
import { createRuntimeModule } from './runtime';
import { createSearchModule } from './search';
import { createMessageModule, createServerWidgetModule } from './serverWidget';
import { createTaskModule } from './task';
import { createRedirectModule, createUrlModule } from './url';

export const N_MODULES: Record<string, (ex: Execution) => object> = {
  'N/cache': createCacheModule,
  'N/crypto': createCryptoModule,
  'N/crypto/random': createRandomModule,
  'N/crypto/certificate': createCertificateModule,
  'N/email': createEmailModule,
  'N/encode': createEncodeModule,
  'N/error': createErrorModule,
  'N/file': createFileModule,
  'N/format': createFormatModule,
  'N/http': (ex) => createHttpModule(ex, 'http'),
  'N/https': (ex) => createHttpModule(ex, 'https'),
  'N/log': createLogModule,
  'N/record': createRecordModule,
  'N/redirect': createRedirectModule,
  'N/runtime': createRuntimeModule,
  'N/search': createSearchModule,
  'N/task': createTaskModule,
  'N/ui/message': createMessageModule,
  'N/ui/serverWidget': createServerWidgetModule,
  'N/url': createUrlModule,
};
