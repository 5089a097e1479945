/**
 * N/runtime: the current script (id, deploymentId, logLevel, getParameter, getRemainingUsage), the current user, and
 * account facts (accountId, envType, executionContext). No governance.
 */
import type { Execution } from '../execution';
import { keyEnum, missingArg, notImplemented, strict, stubs, wrongType } from '../strict';

export const CONTEXT_TYPES = {
  ACTION: 'ACTION',
  ADVANCEDREVREC: 'ADVANCEDREVREC',
  BUNDLE_INSTALLATION: 'BUNDLEINSTALLATION',
  CLIENT: 'CLIENT',
  CSV_IMPORT: 'CSVIMPORT',
  CUSTOMGLLINES: 'CUSTOMGLLINES',
  CUSTOM_MASSUPDATE: 'CUSTOMMASSUPDATE',
  DEBUGGER: 'DEBUGGER',
  EMAIL_CAPTURE: 'EMAILCAPTURE',
  MAP_REDUCE: 'MAPREDUCE',
  NONE: 'NONE',
  PAYMENTGATEWAY: 'PAYMENTGATEWAY',
  PAYMENTPOSTBACK: 'PAYMENTPOSTBACK',
  PLATFORMEXTENSION: 'PLATFORMEXTENSION',
  PORTLET: 'PORTLET',
  PROMOTIONS: 'PROMOTIONS',
  RESTLET: 'RESTLET',
  REST_WEBSERVICES: 'RESTWEBSERVICES',
  SCHEDULED: 'SCHEDULED',
  SDF_INSTALLATION: 'SDFINSTALLATION',
  SHIPPING_PARTNERS: 'SHIPPINGPARTNERS',
  SUITELET: 'SUITELET',
  TAX_CALCULATION: 'TAXCALCULATION',
  USEREVENT: 'USEREVENT',
  USER_INTERFACE: 'USERINTERFACE',
  WEBAPPLICATION: 'WEBAPPLICATION',
  WEBSERVICES: 'WEBSERVICES',
  WEBSTORE: 'WEBSTORE',
  WORKFLOW: 'WORKFLOW',
} as const;

export function createRuntimeModule(ex: Execution): object {
  const account = ex.account;

  const script = strict(ex, 'runtime.Script', {
    get id() {
      return ex.scriptId;
    },
    get deploymentId() {
      return ex.deploymentId;
    },
    get logLevel() {
      return ex.logLevel;
    },
    get percentComplete() {
      return 0;
    },
    get bundleIds() {
      return ex.realm.toRealm([] as string[]);
    },
    getParameter(options?: unknown): unknown {
      if (options === undefined || options === null) throw missingArg('options.name');
      const name = typeof options === 'object' ? (options as { name?: unknown }).name : undefined;
      if (name === undefined || name === null || name === '') throw missingArg('options.name');
      if (typeof name !== 'string') throw wrongType('options.name', 'string');
      return account.parameterValue(ex, name);
    },
    getRemainingUsage(): number {
      return ex.gov.remaining;
    },
  });

  const user = strict(ex, 'runtime.User', {
    get id() {
      return ex.user.id;
    },
    get name() {
      return ex.user.name;
    },
    get email() {
      return ex.user.email;
    },
    get role() {
      return ex.user.role;
    },
    get roleId() {
      return ex.user.roleId;
    },
    get roleCenter() {
      return ex.user.roleCenter;
    },
    get contact() {
      return 0;
    },
    get department() {
      return 0;
    },
    get location() {
      return 0;
    },
    get subsidiary() {
      return 1;
    },
    getPermission: notImplemented(ex, 'runtime.User.getPermission'),
    getPreference: notImplemented(ex, 'runtime.User.getPreference'),
  });

  const mod: Record<string, unknown> = {
    get accountId() {
      return account.accountId;
    },
    get envType() {
      return account.envType;
    },
    get executionContext() {
      // A user event script sees what triggered it (USERINTERFACE, CSVIMPORT, SCHEDULED, SUITELET...).
      if (ex.kind === 'UserEventScript') return ex.triggerContext ?? CONTEXT_TYPES.USER_INTERFACE;
      return ex.kind === 'Suitelet' ? CONTEXT_TYPES.SUITELET : CONTEXT_TYPES.SCHEDULED;
    },
    get version() {
      return '2.1';
    },
    get country() {
      return 'US';
    },
    get processorCount() {
      return 2;
    },
    get queueCount() {
      return 1;
    },
    ContextType: Object.freeze({ ...CONTEXT_TYPES }),
    EnvType: keyEnum(['SANDBOX', 'PRODUCTION', 'BETA', 'INTERNAL'] as const),
    Permission: Object.freeze({ FULL: 4, EDIT: 3, CREATE: 2, VIEW: 1, NONE: 0 }),
    getCurrentScript: () => script,
    getCurrentUser: () => user,
  };
  stubs(ex, 'N/runtime', mod, ['getCurrentSession', 'isFeatureInEffect']);
  return strict(ex, 'N/runtime', mod);
}
