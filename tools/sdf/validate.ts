/**
 * Offline checks of the SDF project (the `src` folder) that `suitecloud project:validate` cannot do
 * without an account, or does too late: well-formed XML, object types and script id prefixes, unique
 * script ids, `[scriptid=...]` references, script files, deploy.xml coverage, secrets in the tree,
 * and the fixed names of DESIGN.md.
 *
 * Every finding names the file (and line when there is one) in its message, e.g.
 *   src/Objects/customrecord_oauth_token.xml:14: field custrecord_oauth_status selects
 *   [scriptid=customlist_oauth_status], which is not an object in this project
 * Secrets are never echoed: a finding says what kind of secret is where, not its value.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_RECORD, FOLDER, PROXY_PARAMS, REFRESHER_PARAMS, SCRIPTS, STATUS_LIST, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import type { ScriptDef, SdfFieldType, SdfObject } from './model';
import { checkBuiltScript } from './builtScriptRules';
import { listXmlFiles, SdfReadError, stripFileRef, toSdfObject } from './readObjects';
import { child, childText, listItems, parseXml, type XmlElement } from './xml';

export interface Finding {
  file: string;
  line?: number;
  severity: 'error' | 'warning';
  message: string;
  /** The DESIGN.md 2a rule broken, when there is one (also in the message as `[rule]`). */
  rule?: string;
}

/** Root element -> allowed script id prefixes (SDF Custom Object File Structure). */
export const OBJECT_TYPE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  addressForm: ['custform_', 'custaddressform_'],
  advancedpdftemplate: ['custtmpl_'],
  bankstatementparserplugin: ['customscript_'],
  bundleinstallationscript: ['customscript_'],
  center: ['custcenter_'],
  centercategory: ['custcentercategory_'],
  centerlink: ['custcenterlink_'],
  centertab: ['custcentertab_'],
  clientscript: ['customscript_'],
  cmscontenttype: ['custcontenttype_'],
  crmcustomfield: ['custevent_'],
  customglplugin: ['customscript_'],
  customlist: ['customlist_'],
  customrecordactionscript: ['customscript_'],
  customrecordtype: ['customrecord_'],
  customsegment: ['cseg_'],
  customtransactiontype: ['customtransaction_', 'customsale_', 'custompurchase_'],
  dataset: ['custdataset_'],
  datasetbuilderplugin: ['customscript_'],
  emailcaptureplugin: ['customscript_'],
  emailtemplate: ['custemailtmpl_'],
  entitycustomfield: ['custentity_'],
  entryForm: ['custform_'],
  ficonnectivityplugin: ['customscript_'],
  financiallayout: ['customlayout_'],
  fiparserplugin: ['customscript_'],
  integration: ['custinteg_'],
  itemcustomfield: ['custitem_'],
  itemnumbercustomfield: ['custitemnumber_'],
  itemoptioncustomfield: ['custcol_'],
  kpiscorecard: ['custkpiscorecard_'],
  mapreducescript: ['customscript_'],
  massupdatescript: ['customscript_'],
  othercustomfield: ['custrecord_'],
  pluginimplementation: ['customscript_'],
  plugintype: ['customscript_'],
  portlet: ['customscript_'],
  promotionsplugin: ['customscript_'],
  publisheddashboard: ['custpubdashboard_'],
  reportdefinition: ['customreport_'],
  restlet: ['customscript_'],
  role: ['customrole_'],
  savedcsvimport: ['custimport_'],
  savedsearch: ['customsearch_'],
  scheduledscript: ['customscript_'],
  sdfinstallationscript: ['customscript_'],
  secret: ['custsecret_'],
  spa: ['custspa_'],
  sspapplication: ['webapp_'],
  sublist: ['custsublist_'],
  subtab: ['custtab_'],
  suitelet: ['customscript_'],
  transactionForm: ['custform_'],
  transactionbodycustomfield: ['custbody_'],
  transactioncolumncustomfield: ['custcol_'],
  translationcollection: ['custcollection_'],
  usereventscript: ['customscript_'],
  workbook: ['custworkbook_'],
  workbookbuilderplugin: ['customscript_'],
  workflow: ['customworkflow_'],
  workflowactionscript: ['customscript_'],
};

/** Nested elements with a script id and their prefix; `warn` marks a convention, not an SDF rule. */
const NESTED_PREFIXES: Readonly<Record<string, { prefix: string; what: string; warn?: boolean }>> = {
  customrecordcustomfield: { prefix: 'custrecord_', what: 'record field' },
  scriptcustomfield: { prefix: 'custscript_', what: 'script parameter' },
  scriptdeployment: { prefix: 'customdeploy_', what: 'script deployment' },
  customvalue: { prefix: 'val_', what: 'list value', warn: true },
};

/**
 * `[scriptid=...]` targets that exist in every account and may be referenced without being in the
 * project. SDF references standard objects by plain ids (ADMINISTRATOR, -4 ...), so this is empty
 * unless the project comes to depend on an object installed by other means.
 */
export const KNOWN_STANDARD_SCRIPTIDS: ReadonlySet<string> = new Set<string>();

/** Standard roles SDF accepts by plain id (generic_role). */
export const STANDARD_ROLES: ReadonlySet<string> = new Set([
  'ACCOUNTANT', 'ACCOUNTANT__REVIEWER', 'ADMINISTRATOR', 'ADVANCED_PARTNER_CENTER', 'AP_CLERK', 'AR_CLERK',
  'BOOKKEEPER', 'BUYER', 'CEO', 'CEO_HANDS_OFF', 'CHIEF_PEOPLE_OFFICER_CPO', 'CONSULTANT', 'CUSTOMER_CENTER',
  'DATA_WAREHOUSE_INTEGRATOR', 'DEVELOPER', 'EMPLOYEE_CENTER', 'ENGINEER', 'ENGINEERING_MANAGER', 'FULL_ACCESS',
  'HUMAN_RESOURCES_ADMINISTRATOR', 'HUMAN_RESOURCES_GENERALIST', 'INTRANET_MANAGER', 'ISSUE_ADMINISTRATOR',
  'MARKETING_ADMINISTRATOR', 'MARKETING_ASSISTANT', 'MARKETING_MANAGER', 'NETSUITE_SUPPORT_CENTER',
  'NETSUITE_SUPPORT_CENTER__BASIC', 'ONLINE_FORM_USER', 'PARTNER_CENTER', 'PAYROLL_MANAGER', 'PAYROLL_SETUP',
  'PM_MANAGER', 'PRODUCT_MANAGER', 'QA_ENGINEER', 'QA_MANAGER', 'RESOURCE_MANAGER', 'REVENUE_ACCOUNTANT',
  'REVENUE_MANAGER', 'SALES_ADMINISTRATOR', 'SALES_MANAGER', 'SALES_PERSON', 'SALES_VICE_PRESIDENT', 'SHOPPER',
  'STORE_MANAGER', 'SUITEAPPRELEASEMANAGER', 'SUPPORT_ADMINISTRATOR', 'SUPPORT_MANAGER', 'SUPPORT_PERSON',
  'SYSTEM_ADMINISTRATOR', 'TAX_ENGINE', 'VENDOR_CENTER', 'WAREHOUSE_MANAGER',
]);

/** Elements whose values are roles (plain standard ids or [scriptid=customrole_...]). */
const ROLE_ELEMENTS = new Set(['runasrole', 'audslctrole', 'permittedrole', 'role']);

const SCRIPT_TYPES = new Set(Object.keys(OBJECT_TYPE_PREFIXES).filter((t) => (OBJECT_TYPE_PREFIXES[t] ?? []).includes('customscript_')));

/** File names that hold keys or keystores, whatever their content. */
const KEY_FILE = /\.(pem|key|p8|p12|pfx|jks|keystore)$/i;
const KEY_FILE_BINARY = /\.(p8|p12|pfx|jks|keystore)$/i;
/** A PEM private key: the BEGIN line at the start of a line, or followed by a (possibly escaped) line of key data. */
const PEM_PRIVATE_KEY =
  /(?:^|\n)[ \t]*-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----|-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----(?:\r?\n|(?:\\r)?\\n)[A-Za-z0-9+/=]{16}/g;
/** An API key of this product: nsk_ followed by at least 32 random bytes in base64url (43+ characters). */
const API_KEY = /(?<![A-Za-z0-9_-])nsk_[A-Za-z0-9_-]{43,}/g;
const MAX_SCAN_BYTES = 20 * 1024 * 1024;

interface ObjectFile {
  abs: string;
  shown: string;
  root: XmlElement;
  scriptId: string;
}

interface IdEntry {
  shown: string;
  line: number;
  what: string;
  /** The list a value belongs to: NetSuite scopes list values per list. */
  inList?: string;
}

class Findings {
  readonly all: Finding[] = [];
  error(file: string, line: number | undefined, problem: string, rule?: string): void {
    this.add('error', file, line, problem, rule);
  }
  warn(file: string, line: number | undefined, problem: string, rule?: string): void {
    this.add('warning', file, line, problem, rule);
  }
  private add(severity: Finding['severity'], file: string, line: number | undefined, problem: string, rule?: string): void {
    const where = line === undefined ? file : `${file}:${line}`;
    const finding: Finding = { file, severity, message: `${where}: ${rule ? `[${rule}] ` : ''}${problem}` };
    if (line !== undefined) finding.line = line;
    if (rule) finding.rule = rule;
    this.all.push(finding);
  }
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function walkFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkFiles(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Validates the SDF project folder (the one holding manifest.xml, deploy.xml, Objects and FileCabinet). */
export function validateProject(projectDir: string): Finding[] {
  const f = new Findings();
  const root = path.resolve(projectDir);
  const base = path.basename(root);
  const shown = (abs: string): string => toPosix(path.join(base, path.relative(root, abs)));

  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    f.error(toPosix(projectDir), undefined, 'no such folder: expected the SDF project folder (src) with manifest.xml, deploy.xml and Objects');
    return f.all;
  }

  const objectsDir = path.join(root, 'Objects');
  const fileCabinet = path.join(root, 'FileCabinet');

  // 1. Well-formed XML; each object's type, script id prefix and file name.
  const parse = (abs: string): XmlElement | undefined => {
    const parsed = parseXml(fs.readFileSync(abs, 'utf8'));
    if (!parsed.ok) {
      f.error(shown(abs), parsed.line, `malformed XML (line ${parsed.line}, column ${parsed.column}): ${parsed.message}`);
      return undefined;
    }
    return parsed.root;
  };

  const objects: ObjectFile[] = [];
  if (!fs.existsSync(objectsDir)) {
    f.error(shown(objectsDir), undefined, 'the Objects folder is missing: the SDF objects (records, lists, scripts) belong there');
  } else {
    for (const abs of walkFiles(objectsDir)) {
      if (!abs.toLowerCase().endsWith('.xml')) {
        f.warn(shown(abs), undefined, 'is not an .xml file; only SDF object XML belongs in Objects');
      }
    }
    for (const abs of listXmlFiles(objectsDir)) {
      const el = parse(abs);
      if (!el) continue;
      const scriptId = el.attrs['scriptid'];
      const prefixes = OBJECT_TYPE_PREFIXES[el.name];
      if (!prefixes) {
        f.error(shown(abs), el.line, `<${el.name}> is not a known SDF object type`);
      }
      if (!scriptId) {
        f.error(shown(abs), el.line, `<${el.name}> has no scriptid attribute`);
        continue;
      }
      checkIdSyntax(f, shown(abs), el.line, scriptId);
      if (prefixes && !prefixes.some((p) => scriptId.startsWith(p))) {
        f.error(shown(abs), el.line, `script id ${scriptId} of a ${el.name} must start with ${prefixes.join(' or ')}`);
      }
      const expected = `${scriptId}.xml`;
      if (path.basename(abs) !== expected) {
        f.error(shown(abs), el.line, `the file name must match the script id: rename it to ${expected}`);
      }
      objects.push({ abs, shown: shown(abs), root: el, scriptId });
    }
  }

  // 2. Script ids, nested ones included, are unique across the project.
  const ids = new Map<string, IdEntry[]>();
  const addId = (id: string, entry: IdEntry): void => {
    const list = ids.get(id) ?? [];
    list.push(entry);
    ids.set(id, list);
  };
  const typeOf = new Map<string, string>();
  for (const obj of objects) {
    addId(obj.scriptId, { shown: obj.shown, line: obj.root.line, what: obj.root.name });
    typeOf.set(obj.scriptId, obj.root.name);
    const visit = (el: XmlElement, owner: string): void => {
      for (const c of el.children) {
        const id = c.attrs['scriptid'];
        if (id !== undefined) {
          const rule = NESTED_PREFIXES[c.name];
          checkIdSyntax(f, obj.shown, c.line, id);
          if (rule && !id.startsWith(rule.prefix)) {
            const problem = `${rule.what} ${id} should start with ${rule.prefix}`;
            if (rule.warn) f.warn(obj.shown, c.line, `${problem} (convention)`);
            else f.error(obj.shown, c.line, problem.replace('should', 'must'));
          }
          const entry: IdEntry = { shown: obj.shown, line: c.line, what: rule?.what ?? c.name };
          if (c.name === 'customvalue' || c.name === 'instance') entry.inList = owner;
          addId(id, entry);
          typeOf.set(`${owner}.${id}`, c.name);
          if (!typeOf.has(id)) typeOf.set(id, c.name);
          visit(c, id);
        } else {
          visit(c, owner);
        }
      }
    };
    visit(obj.root, obj.scriptId);
  }
  for (const [id, entries] of ids) {
    if (entries.length < 2) continue;
    const [first, ...rest] = entries as [IdEntry, ...IdEntry[]];
    for (const dup of rest) {
      const bothListValues = dup.inList !== undefined && first.inList !== undefined;
      const problem = `script id ${id} (${dup.what}) is used more than once: also at ${first.shown}:${first.line} (${first.what})`;
      if (bothListValues && dup.inList !== first.inList) f.warn(dup.shown, dup.line, `${problem}; list values of different lists may share ids, but keep them distinct`);
      else f.error(dup.shown, dup.line, `${problem}; script ids must be unique`);
    }
  }

  // 3. [scriptid=...] references resolve; plain role ids are standard roles.
  for (const obj of objects) checkReferences(f, obj, typeOf);

  // 4. Script files exist under FileCabinet (after the build).
  const referencedFiles = new Map<string, { shown: string; line: number }>();
  for (const obj of objects) {
    const visit = (el: XmlElement): void => {
      const isScriptFile = el.name === 'scriptfile';
      const m = /^\[(\/SuiteScripts\/[^\]]*)\]$/.exec(el.text);
      if (isScriptFile || m) {
        const ref = stripFileRef(el.text);
        if (!ref.startsWith('/')) {
          f.error(obj.shown, el.line, `<${el.name}> ${el.text} is not a File Cabinet path in [/SuiteScripts/...] form`);
        } else {
          if (isScriptFile && !ref.endsWith('.js')) f.error(obj.shown, el.line, `script file ${ref} must be a .js file`);
          const abs = path.join(fileCabinet, ...ref.split('/').filter((s) => s !== ''));
          referencedFiles.set(abs, { shown: obj.shown, line: el.line });
          if (!fs.existsSync(abs)) {
            const folder = path.dirname(abs);
            const hint = fs.existsSync(folder)
              ? `check the name, or run npm run build first`
              : `the built folder ${shown(folder)} is missing: run npm run build first`;
            f.error(obj.shown, el.line, `script file ${ref} does not exist under ${shown(fileCabinet)} (${hint})`);
          }
        }
      }
      for (const c of el.children) visit(c);
    };
    visit(obj.root);
  }

  // 5. manifest.xml
  const manifestPath = path.join(root, 'manifest.xml');
  if (!fs.existsSync(manifestPath)) {
    f.error(shown(manifestPath), undefined, 'manifest.xml is missing: SDF needs it to deploy the project');
  } else {
    const manifest = parse(manifestPath);
    if (manifest) checkManifest(f, shown(manifestPath), manifest, objects);
  }

  // 6. deploy.xml covers every object and script file; every path exists; nothing key-like is deployed.
  const deployPath = path.join(root, 'deploy.xml');
  if (!fs.existsSync(deployPath)) {
    f.error(shown(deployPath), undefined, 'deploy.xml is missing: SDF needs it to know what to deploy');
  } else {
    const deploy = parse(deployPath);
    if (deploy) checkDeploy(f, root, shown, shown(deployPath), deploy, objects, referencedFiles);
  }

  // 7. No private key or API key anywhere under the project folder.
  for (const abs of walkFiles(root)) scanForSecrets(f, shown(abs), abs);

  // 8. The fixed names of DESIGN.md.
  const model: SdfObject[] = [];
  for (const obj of objects) {
    try {
      const o = toSdfObject(obj.root, obj.shown);
      if (o) model.push(o);
    } catch (e) {
      if (e instanceof SdfReadError) f.error(obj.shown, e.line, e.message.slice(`${e.file}:${e.line}: `.length));
      else throw e;
    }
  }
  checkFixedNames(f, model, shown(objectsDir));
  checkRolePermissions(f, objects);

  // 9. DESIGN.md 2a rules visible in the files: mandatory parameters, parameters two deployments must
  //    share, and the built scripts' syntax trees (N/* while define() runs, cache scope, headers, ...).
  for (const obj of objects) checkMandatoryParameters(f, obj);
  checkSharedParameters(f, model);
  if (fs.existsSync(fileCabinet)) checkBuiltScripts(f, fileCabinet, shown, model);

  return f.all;
}

/**
 * `<ismandatory>T</ismandatory>` on a script parameter: `suitecloud project:deploy` fails, because SDF
 * has no value to give it (DESIGN.md 2a). Keep parameters optional in the XML and check them at run time.
 */
function checkMandatoryParameters(f: Findings, obj: ObjectFile): void {
  for (const p of listItems(obj.root, 'scriptcustomfields', 'scriptcustomfield')) {
    const flag = child(p, 'ismandatory');
    if (flag && flag.text.trim().toUpperCase() === 'T') {
      f.error(
        obj.shown,
        flag.line,
        `script parameter ${p.attrs['scriptid'] ?? '?'} is mandatory (<ismandatory>T</ismandatory>): suitecloud project:deploy fails because SDF has no value to give it; make it <ismandatory>F</ismandatory> and check the value when the script runs`,
        'mandatory-script-parameter',
      );
    }
  }
}

/**
 * A parameter's value belongs to one deployment unless it is a company preference
 * (`<setting>COMPANY</setting>`, Oracle: "Setting Script Parameter Preferences",
 * docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/chapter_N2999849.html). The refresher's
 * on-demand deployment must see the configuration the scheduled one has (DESIGN.md section 3).
 */
function checkSharedParameters(f: Findings, model: SdfObject[]): void {
  const refresher = model.find((o): o is ScriptDef => o.kind === 'scheduledscript' && o.scriptId === SCRIPTS.refresher.scriptId);
  if (!refresher || refresher.deployments.length < 2) return;
  const perDeployment = refresher.parameters.filter((p) => (p.setting ?? '') !== 'COMPANY').map((p) => p.scriptId);
  if (perDeployment.length === 0) return;
  f.warn(
    refresher.file ?? SCRIPTS.refresher.scriptId,
    undefined,
    `${refresher.scriptId} has ${refresher.deployments.length} deployments, and ${perDeployment.join(', ')} ${perDeployment.length === 1 ? 'is a parameter' : 'are parameters'} of one deployment each: ${refresher.deployments.map((d) => d.scriptId).join(' and ')} would each need its own values; make them company preferences (<setting>COMPANY</setting>) so every deployment reads one value`,
    'parameter-per-deployment',
  );
}

function checkBuiltScripts(f: Findings, fileCabinet: string, shown: (abs: string) => string, model: SdfObject[]): void {
  const deploymentStatus = new Map<string, string>();
  const listFields = new Set<string>();
  for (const o of model) {
    if (o.kind === 'customrecordtype') {
      for (const field of o.fields) if (field.type === 'SELECT' && field.selectRecordType?.startsWith('customlist')) listFields.add(field.scriptId);
    } else if (o.kind !== 'customlist') {
      for (const d of o.deployments) deploymentStatus.set(d.scriptId, d.status);
    }
  }
  for (const abs of walkFiles(fileCabinet)) {
    if (!abs.endsWith('.js')) continue;
    if (fs.statSync(abs).size > MAX_SCAN_BYTES) {
      f.warn(shown(abs), undefined, `is larger than ${MAX_SCAN_BYTES / 1024 / 1024} MB and was not checked`);
      continue;
    }
    for (const b of checkBuiltScript(fs.readFileSync(abs, 'utf8'), { deploymentStatus, listFields })) {
      if (b.severity === 'error') f.error(shown(abs), b.line, b.message, b.rule);
      else f.warn(shown(abs), b.line, b.message, b.rule);
    }
  }
}

function checkIdSyntax(f: Findings, file: string, line: number, id: string): void {
  if (!/^[a-z0-9_]+$/.test(id)) f.error(file, line, `script id ${id} may only contain lower-case letters, digits and underscores`);
  if (id.length > 40) f.error(file, line, `script id ${id} is ${id.length} characters long; SDF allows at most 40`);
}

function describeReference(el: XmlElement, owner: string, rootId: string, ref: string): string {
  switch (el.name) {
    case 'selectrecordtype':
      return `field ${owner} selects ${ref}, which is not an object in this project`;
    case 'runasrole':
      return `deployment ${owner} runs as ${ref}, which is not an object in this project`;
    case 'audslctrole':
      return `deployment ${owner} has ${ref} in its audience, which is not an object in this project`;
    case 'permittedrole':
      return `the permission list of ${rootId} grants access to ${ref}, which is not an object in this project`;
    case 'permkey':
      return `role ${rootId} has a permission for ${ref}, which is not an object in this project`;
    default:
      return `<${el.name}> of ${owner} refers to ${ref}, which is not an object in this project`;
  }
}

function checkReferences(f: Findings, obj: ObjectFile, typeOf: Map<string, string>): void {
  const visit = (el: XmlElement, owner: string): void => {
    const here = el.attrs['scriptid'] ?? owner;
    if (el.text !== '') {
      const refs = [...el.text.matchAll(/\[scriptid=([^\]]*)\]/g)];
      for (const m of refs) {
        const target = (m[1] ?? '').trim();
        const ref = m[0];
        const known = typeOf.has(target) || KNOWN_STANDARD_SCRIPTIDS.has(target);
        if (!known) {
          f.error(obj.shown, el.line, describeReference(el, here, obj.scriptId, ref));
          continue;
        }
        const type = typeOf.get(target);
        if (ROLE_ELEMENTS.has(el.name) && type !== undefined && type !== 'role') {
          f.error(obj.shown, el.line, `<${el.name}> of ${here} refers to ${ref}, which is a ${type}, not a role`);
        }
        if (el.name === 'selectrecordtype' && type !== undefined && type !== 'customlist' && type !== 'customrecordtype') {
          f.error(obj.shown, el.line, `field ${here} selects ${ref}, which is a ${type}, not a custom list or record type`);
        }
      }
      if (ROLE_ELEMENTS.has(el.name)) {
        for (const value of el.text.split('|').map((v) => v.trim())) {
          if (value === '' || value.startsWith('[scriptid=')) continue;
          if (!STANDARD_ROLES.has(value)) {
            f.error(obj.shown, el.line, `<${el.name}> of ${here} names ${value}, which is neither a standard NetSuite role nor [scriptid=customrole_...] of a role in this project`);
          }
        }
      }
      if (el.name === 'permkey' && !el.text.startsWith('[scriptid=') && !/^(?:(?:ADMI|LIST|REGT|REPO|TRAN|GRAP|EDIT)_[A-Z0-9_]+|NONE_NEEDED)$/.test(el.text)) {
        f.warn(obj.shown, el.line, `permission ${el.text} of role ${obj.scriptId} does not look like a NetSuite permission id (ADMI_..., LIST_..., REPO_..., TRAN_...)`);
      }
    }
    for (const c of el.children) visit(c, here);
  };
  visit(obj.root, obj.scriptId);
}

function checkManifest(f: Findings, file: string, manifest: XmlElement, objects: ObjectFile[]): void {
  if (manifest.name !== 'manifest') {
    f.error(file, manifest.line, `the root element must be <manifest>, not <${manifest.name}>`);
    return;
  }
  const type = manifest.attrs['projecttype'];
  if (type !== 'ACCOUNTCUSTOMIZATION' && type !== 'SUITEAPP') {
    f.error(file, manifest.line, `projecttype must be ACCOUNTCUSTOMIZATION (or SUITEAPP), not ${type ?? 'missing'}`);
  }
  if (type === 'ACCOUNTCUSTOMIZATION' && !childText(manifest, 'projectname')) {
    f.error(file, manifest.line, 'an account customization project needs a <projectname>');
  }
  if (!childText(manifest, 'frameworkversion')) f.error(file, manifest.line, '<frameworkversion> is missing (use 1.0)');
  const features = new Map(
    listItems(child(manifest, 'dependencies'), 'features', 'feature').map((e) => [e.text, e.attrs['required'] !== 'false'] as const),
  );
  const need = (feature: string, why: string): void => {
    if (!features.has(feature)) f.error(file, manifest.line, `the feature ${feature} must be listed under <dependencies><features> (${why})`);
    else if (features.get(feature) !== true) f.warn(file, manifest.line, `the feature ${feature} should be required="true" (${why})`);
  };
  if (objects.some((o) => o.root.name === 'customrecordtype')) need('CUSTOMRECORDS', 'the project has custom record types');
  if (objects.some((o) => SCRIPT_TYPES.has(o.root.name))) need('SERVERSIDESCRIPTING', 'the project has scripts');
}

interface DeployPath {
  section: string;
  raw: string;
  line: number;
  abs: string;
  wildcard: boolean;
}

function covers(p: DeployPath, abs: string): boolean {
  if (p.wildcard) return abs.startsWith(p.abs + path.sep);
  return abs === p.abs || abs.startsWith(p.abs + path.sep);
}

function checkDeploy(
  f: Findings,
  root: string,
  shown: (abs: string) => string,
  file: string,
  deploy: XmlElement,
  objects: ObjectFile[],
  referencedFiles: Map<string, { shown: string; line: number }>,
): void {
  if (deploy.name !== 'deploy') {
    f.error(file, deploy.line, `the root element must be <deploy>, not <${deploy.name}>`);
    return;
  }
  const paths: DeployPath[] = [];
  for (const section of deploy.children) {
    if (!['files', 'objects', 'configuration', 'translationimports'].includes(section.name)) {
      f.error(file, section.line, `<${section.name}> is not a deploy.xml section (files, objects, configuration, translationimports)`);
      continue;
    }
    for (const p of section.children) {
      if (p.name !== 'path') {
        f.error(file, p.line, `<${p.name}> in <${section.name}> must be <path>`);
        continue;
      }
      const raw = p.text;
      if (!raw.startsWith('~/')) {
        f.error(file, p.line, `path ${raw} must start with ~/ (the project folder)`);
        continue;
      }
      const wildcard = raw.endsWith('/*');
      const rel = raw.slice(2, wildcard ? -2 : undefined);
      const abs = path.join(root, ...rel.split('/').filter((s) => s !== ''));
      paths.push({ section: section.name, raw, line: p.line, abs, wildcard });
      const exists = fs.existsSync(abs) && (!wildcard || fs.statSync(abs).isDirectory());
      if (!exists) {
        const build = section.name === 'files' && rel.startsWith('FileCabinet/SuiteScripts/') ? ' (run npm run build first)' : '';
        f.error(file, p.line, `path ${raw} does not exist${build}`);
      }
      if (section.name === 'files' && !(rel === 'FileCabinet' || rel.startsWith('FileCabinet/'))) {
        f.error(file, p.line, `files path ${raw} must be under ~/FileCabinet`);
      }
      if (section.name === 'objects' && !(rel === 'Objects' || rel.startsWith('Objects/'))) {
        f.error(file, p.line, `objects path ${raw} must be under ~/Objects`);
      }
    }
  }
  const objectPaths = paths.filter((p) => p.section === 'objects');
  for (const obj of objects) {
    if (!objectPaths.some((p) => covers(p, obj.abs))) {
      f.error(file, deploy.line, `does not deploy ${obj.shown} (${obj.scriptId}): no <objects><path> covers it (use ~/Objects/*)`);
    }
  }
  const filePaths = paths.filter((p) => p.section === 'files');
  for (const [abs, where] of referencedFiles) {
    if (!filePaths.some((p) => covers(p, abs))) {
      f.error(file, deploy.line, `does not deploy ${shown(abs)}, the script file used at ${where.shown}:${where.line}: no <files><path> covers it`);
    }
  }
  for (const p of filePaths) {
    if (!fs.existsSync(p.abs)) continue;
    const deployed = fs.statSync(p.abs).isDirectory() ? walkFiles(p.abs) : [p.abs];
    for (const abs of deployed) {
      if (KEY_FILE.test(abs)) {
        f.error(file, p.line, `path ${p.raw} would upload ${shown(abs)}, which looks like a key file; keys must never be in the project or the deployment`);
      }
    }
  }
}

function scanForSecrets(f: Findings, file: string, abs: string): void {
  const size = fs.statSync(abs).size;
  if (KEY_FILE_BINARY.test(abs)) {
    f.error(file, undefined, 'looks like a private key or keystore file; remove it from the project (upload keys to the File Cabinet by hand, outside this project)');
    return;
  }
  if (size > MAX_SCAN_BYTES) {
    f.warn(file, undefined, `is larger than ${MAX_SCAN_BYTES / 1024 / 1024} MB and was not scanned for secrets`);
    return;
  }
  const text = fs.readFileSync(abs).toString('latin1');
  for (const m of text.matchAll(PEM_PRIVATE_KEY)) {
    const kind = m[1] ?? m[2] ?? 'PRIVATE KEY';
    const at = (m.index ?? 0) + m[0].indexOf('-----BEGIN');
    f.error(file, lineAt(text, at), `contains a PEM private key (BEGIN ${kind}); remove it from the project: keys are uploaded to the File Cabinet by hand and never deployed or committed`);
  }
  for (const m of text.matchAll(API_KEY)) {
    f.error(file, lineAt(text, m.index ?? 0), 'contains an API key (nsk_...); remove it: API keys are shown once to their owner and only their SHA-256 hash is stored');
  }
}

const SCRIPT_KIND: Record<string, ScriptDef['kind']> = { ScheduledScript: 'scheduledscript', Suitelet: 'suitelet' };

function checkFixedNames(f: Findings, model: SdfObject[], objectsShown: string): void {
  const find = <K extends SdfObject['kind']>(kind: K, id: string): Extract<SdfObject, { kind: K }> | undefined =>
    model.find((o): o is Extract<SdfObject, { kind: K }> => o.kind === kind && o.scriptId === id);
  const where = (o: { file?: string }): string => o.file ?? objectsShown;
  const missing = (what: string, id: string): void =>
    f.error(`${objectsShown}/${id}.xml`, undefined, `${what} ${id} is missing (a fixed name of DESIGN.md); create ${objectsShown}/${id}.xml`);

  // The status list and its values.
  const list = find('customlist', STATUS_LIST.scriptId);
  if (!list) missing('the custom list', STATUS_LIST.scriptId);
  else {
    for (const v of Object.values(STATUS_LIST.values)) {
      const got = list.values.find((x) => x.scriptId === v.scriptId);
      if (!got) f.error(where(list), undefined, `list ${list.scriptId} has no value ${v.scriptId} (${v.name}), a fixed name of DESIGN.md`);
      else if (got.name !== v.name) f.error(where(list), undefined, `list value ${v.scriptId} of ${list.scriptId} is "${got.name}", DESIGN.md says "${v.name}"`);
    }
  }

  // The two records and their fields.
  const recordSpecs: { id: string; fields: Record<string, { type: SdfFieldType; select?: string }> }[] = [
    {
      id: TOKEN_RECORD.type,
      fields: {
        [TOKEN_RECORD.fields.token]: { type: 'CLOBTEXT' },
        [TOKEN_RECORD.fields.expires]: { type: 'DATETIMETZ' },
        [TOKEN_RECORD.fields.updated]: { type: 'DATETIMETZ' },
        [TOKEN_RECORD.fields.status]: { type: 'SELECT', select: STATUS_LIST.scriptId },
        [TOKEN_RECORD.fields.lastError]: { type: 'TEXTAREA' },
      },
    },
    {
      id: CLIENT_RECORD.type,
      fields: {
        [CLIENT_RECORD.fields.keyHash]: { type: 'TEXT' },
        [CLIENT_RECORD.fields.allowedIps]: { type: 'TEXTAREA' },
        [CLIENT_RECORD.fields.expires]: { type: 'DATETIMETZ' },
        [CLIENT_RECORD.fields.lastUsed]: { type: 'DATETIMETZ' },
      },
    },
  ];
  for (const spec of recordSpecs) {
    const rec = find('customrecordtype', spec.id);
    if (!rec) {
      missing('the custom record type', spec.id);
      continue;
    }
    if (rec.accessType === 'NONENEEDED') {
      f.error(where(rec), undefined, `record ${rec.scriptId} has accesstype NONENEEDED: every role could read it; use USEPERMISSIONLIST (or CUSTRECORDENTRYPERM)`);
    }
    for (const [fieldId, want] of Object.entries(spec.fields)) {
      const field = rec.fields.find((x) => x.scriptId === fieldId);
      if (!field) {
        const sel = want.select ? ` of ${want.select}` : '';
        f.error(where(rec), undefined, `record ${rec.scriptId} has no field ${fieldId} (DESIGN.md: ${want.type}${sel})`);
        continue;
      }
      if (field.type !== want.type) f.error(where(rec), undefined, `field ${fieldId} of ${rec.scriptId} is ${field.type}; DESIGN.md says ${want.type}`);
      if (want.select && field.selectRecordType !== want.select) {
        f.error(where(rec), undefined, `field ${fieldId} of ${rec.scriptId} selects ${field.selectRecordType ?? 'nothing'}; DESIGN.md says ${want.select}`);
      }
    }
  }

  // The three scripts, their files and deployments.
  const scripts = new Map<string, ScriptDef>();
  for (const spec of [SCRIPTS.refresher, SCRIPTS.proxy, SCRIPTS.keyAdmin]) {
    const kind = SCRIPT_KIND[spec.type] as ScriptDef['kind'];
    const script = model.find((o): o is ScriptDef => (o.kind === 'scheduledscript' || o.kind === 'suitelet') && o.scriptId === spec.scriptId);
    if (!script) {
      missing(`the ${kind === 'suitelet' ? 'Suitelet' : 'scheduled script'}`, spec.scriptId);
      continue;
    }
    scripts.set(spec.scriptId, script);
    if (script.kind !== kind) f.error(where(script), undefined, `${spec.scriptId} is a ${script.kind}; DESIGN.md says ${kind}`);
    const file = `${FOLDER}/${spec.file}`;
    if (script.scriptFile !== file) f.error(where(script), undefined, `${spec.scriptId} runs ${script.scriptFile}; DESIGN.md says [${file}]`);
    if (!script.deployments.some((d) => d.scriptId === spec.deploymentId)) {
      f.error(where(script), undefined, `${spec.scriptId} has no deployment ${spec.deploymentId}, a fixed name of DESIGN.md`);
    }
  }
  const deployment = (scriptId: string, deploymentId: string) => scripts.get(scriptId)?.deployments.find((d) => d.scriptId === deploymentId);
  const refresher = scripts.get(SCRIPTS.refresher.scriptId);
  const refresherDep = deployment(SCRIPTS.refresher.scriptId, SCRIPTS.refresher.deploymentId);
  if (refresher) {
    // task.submit() runs a NOTSCHEDULED deployment now; a SCHEDULED one only at its times (DESIGN.md 2a).
    const onDemand = deployment(SCRIPTS.refresher.scriptId, SCRIPTS.refresher.onDemandDeploymentId);
    if (!onDemand) {
      f.error(where(refresher), undefined, `${SCRIPTS.refresher.scriptId} has no deployment ${SCRIPTS.refresher.onDemandDeploymentId} (status NOTSCHEDULED), a fixed name of DESIGN.md: without it a refresh on demand cannot run now`, 'on-demand-deployment-status');
    } else if (onDemand.status !== 'NOTSCHEDULED') {
      f.error(where(refresher), undefined, `deployment ${onDemand.scriptId} has status ${onDemand.status}; it must be NOTSCHEDULED: task.submit() runs a Scheduled deployment only at its scheduled times, not now`, 'on-demand-deployment-status');
    }
  }
  if (refresher && refresherDep) {
    if (refresherDep.status !== 'SCHEDULED') f.error(where(refresher), undefined, `deployment ${refresherDep.scriptId} has status ${refresherDep.status}; it must be SCHEDULED to refresh every 15 minutes`, 'scheduled-deployment-status');
    if (refresherDep.repeatMinutes !== 15) {
      f.error(where(refresher), undefined, `deployment ${refresherDep.scriptId} repeats every ${refresherDep.repeatMinutes ?? 'never'} minutes; DESIGN.md says every 15 minutes (<repeat>PT15M</repeat>)`);
    }
  }
  const proxy = scripts.get(SCRIPTS.proxy.scriptId);
  const proxyDep = deployment(SCRIPTS.proxy.scriptId, SCRIPTS.proxy.deploymentId);
  if (proxy && proxyDep) {
    if (proxyDep.availableWithoutLogin !== true) f.error(where(proxy), undefined, `deployment ${proxyDep.scriptId} must be available without login (<isonline>T</isonline>)`);
    if (proxyDep.status !== 'RELEASED') f.error(where(proxy), undefined, `deployment ${proxyDep.scriptId} has status ${proxyDep.status}; the external URL works only when RELEASED`);
    if (!proxyDep.runAsRole || proxyDep.runAsRole === 'ADMINISTRATOR') {
      f.warn(where(proxy), undefined, `deployment ${proxyDep.scriptId} should run as a least-privilege role, not ${proxyDep.runAsRole ?? 'the caller'}`);
    }
  }
  const admin = scripts.get(SCRIPTS.keyAdmin.scriptId);
  const adminDep = deployment(SCRIPTS.keyAdmin.scriptId, SCRIPTS.keyAdmin.deploymentId);
  if (admin && adminDep) {
    if (adminDep.availableWithoutLogin !== false) f.error(where(admin), undefined, `deployment ${adminDep.scriptId} must require login (<isonline>F</isonline>)`);
    const audience = adminDep.audienceRoles ?? [];
    if (adminDep.allRoles || audience.length !== 1 || audience[0] !== 'ADMINISTRATOR') {
      f.error(where(admin), undefined, `deployment ${adminDep.scriptId} must have only the Administrator role in its audience (<audslctrole>ADMINISTRATOR</audslctrole>, <allroles>F</allroles>)`);
    }
  }

  // Script parameters.
  // None is mandatory in the XML (checkMandatoryParameters): the scripts check them at run time.
  const paramSpecs: { script: string; id: string; type: SdfFieldType; mandatory: boolean; dflt?: string; optional?: boolean }[] = [
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.accountId, type: 'TEXT', mandatory: true },
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.clientId, type: 'TEXT', mandatory: true },
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.certificateId, type: 'TEXT', mandatory: true },
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.privateKeyFile, type: 'TEXT', mandatory: false },
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.signingCertificate, type: 'TEXT', mandatory: false },
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.algorithm, type: 'TEXT', mandatory: false, dflt: 'PS256' },
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.scope, type: 'TEXT', mandatory: false, dflt: 'rest_webservices' },
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.refreshMargin, type: 'INTEGER', mandatory: false, dflt: '20' },
    { script: SCRIPTS.refresher.scriptId, id: REFRESHER_PARAMS.alertEmail, type: 'TEXT', mandatory: false },
    { script: SCRIPTS.proxy.scriptId, id: PROXY_PARAMS.minValidity, type: 'INTEGER', mandatory: false, dflt: '5', optional: true },
    { script: SCRIPTS.proxy.scriptId, id: PROXY_PARAMS.maxFailures, type: 'INTEGER', mandatory: false, dflt: '10', optional: true },
  ];
  for (const spec of paramSpecs) {
    const script = scripts.get(spec.script);
    if (!script) continue;
    const param = script.parameters.find((p) => p.scriptId === spec.id);
    if (!param) {
      const problem = `script ${spec.script} has no parameter ${spec.id} (${spec.type}${spec.dflt ? `, default ${spec.dflt}` : ''})`;
      if (spec.optional) f.warn(where(script), undefined, problem);
      else f.error(where(script), undefined, `${problem}, a fixed name of DESIGN.md`);
      continue;
    }
    if (param.type !== spec.type) f.error(where(script), undefined, `parameter ${spec.id} is ${param.type}; it must be ${spec.type}`);
    if (spec.dflt !== undefined && param.defaultValue !== spec.dflt) {
      f.error(where(script), undefined, `parameter ${spec.id} defaults to ${param.defaultValue ?? 'nothing'}; it must default to ${spec.dflt}`);
    }
  }
}

/**
 * For USEPERMISSIONLIST records, the record's <permissions> and each custom role's <permissions>
 * describe the same grant; when they disagree, whichever object is deployed last wins.
 */
function checkRolePermissions(f: Findings, objects: ObjectFile[]): void {
  const byId = new Map(objects.map((o) => [o.scriptId, o] as const));
  for (const role of objects.filter((o) => o.root.name === 'role')) {
    for (const p of listItems(role.root, 'permissions', 'permission')) {
      const key = childText(p, 'permkey') ?? '';
      const m = /^\[scriptid=([^\]]+)\]$/.exec(key);
      const rec = m ? byId.get(m[1] as string) : undefined;
      if (!rec || rec.root.name !== 'customrecordtype') continue;
      const access = childText(rec.root, 'accesstype') || 'CUSTRECORDENTRYPERM';
      if (access !== 'USEPERMISSIONLIST') {
        f.warn(role.shown, p.line, `role ${role.scriptId} has a permission for ${rec.scriptId}, which only takes effect when that record's accesstype is USEPERMISSIONLIST (it is ${access})`);
        continue;
      }
      const level = childText(p, 'permlevel');
      const grant = listItems(rec.root, 'permissions', 'permission').find((g) => childText(g, 'permittedrole') === `[scriptid=${role.scriptId}]`);
      if (!grant) {
        f.warn(rec.shown, rec.root.line, `record ${rec.scriptId} does not list role ${role.scriptId} under <permissions>, but the role has ${level} on it; list it with the same level`);
      } else if (childText(grant, 'permittedlevel') !== level) {
        f.warn(rec.shown, grant.line, `record ${rec.scriptId} gives role ${role.scriptId} ${childText(grant, 'permittedlevel')}, but the role says ${level}; make both the same`);
      }
    }
  }
}
