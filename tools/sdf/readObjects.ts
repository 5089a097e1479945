/**
 * Reads the SDF object XML under `src/Objects` into the shapes of ./model.ts. The in-memory
 * NetSuite runtime defines its lists, records, scripts and deployments from this, so what the
 * tests run against is what gets deployed.
 *
 * Custom lists, custom record types, scheduled scripts, Suitelets and user event scripts become SdfObjects; custom
 * roles can be read with readSdfRoles. Other object types are skipped here (the validator still
 * checks them). A malformed file or a value the model cannot express is an error naming the file
 * and line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  CustomFieldDef,
  CustomListDef,
  CustomRecordDef,
  ScriptDef,
  ScriptDeploymentDef,
  ScriptParameterDef,
  SdfFieldType,
  SdfObject,
} from './model';
import { child, childText, listItems, parseXml, type XmlElement } from './xml';

/** A custom role (not part of model.ts): the run-as role of the proxy Suitelet. */
export interface RoleDef {
  kind: 'role';
  scriptId: string; // customrole_...
  name: string;
  /** permkey as written without [scriptid=...], e.g. customrecord_oauth_token or ADMI_SS_SCHEDULING. */
  permissions: { key: string; level: string }[];
  file?: string;
}

const FIELD_TYPES: readonly SdfFieldType[] = [
  'TEXT',
  'TEXTAREA',
  'CLOBTEXT',
  'DATETIMETZ',
  'DATE',
  'SELECT',
  'CHECKBOX',
  'INTEGER',
  'EMAIL',
  'PASSWORD',
];

export class SdfReadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'SdfReadError';
  }
}

/** All *.xml files under a folder (SDF allows sub-folders under Objects), sorted for a stable order. */
export function listXmlFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.xml')) out.push(full);
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return out.sort();
}

/** `[scriptid=customlist_x]` -> `customlist_x`; any other value is returned trimmed. */
export function stripScriptIdRef(value: string): string {
  const m = /^\[scriptid=([^\]]+)\]$/.exec(value.trim());
  return m ? (m[1] as string) : value.trim();
}

/** `[/SuiteScripts/OAuth/x.js]` -> `/SuiteScripts/OAuth/x.js`. */
export function stripFileRef(value: string): string {
  const m = /^\[([^\]]+)\]$/.exec(value.trim());
  return m ? (m[1] as string) : value.trim();
}

/** ISO-8601 repeat of SDF (`PT15M`, `PT1H`, `PT12H`) in minutes; undefined when empty or not a duration. */
export function repeatToMinutes(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(value.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

const isTrue = (v: string | undefined): boolean => v === 'T';

function requireScriptId(el: XmlElement, file: string): string {
  const id = el.attrs['scriptid'];
  if (!id) throw new SdfReadError(file, el.line, `<${el.name}> has no scriptid attribute`);
  return id;
}

function fieldType(el: XmlElement, file: string, owner: string): SdfFieldType {
  const raw = childText(el, 'fieldtype');
  const line = child(el, 'fieldtype')?.line ?? el.line;
  if (!raw) throw new SdfReadError(file, line, `${owner} has no <fieldtype>`);
  if (!(FIELD_TYPES as readonly string[]).includes(raw)) {
    throw new SdfReadError(file, line, `${owner} has field type ${raw}, which the SDF model does not support (${FIELD_TYPES.join(', ')})`);
  }
  return raw as SdfFieldType;
}

function readList(root: XmlElement, file: string): CustomListDef {
  return {
    kind: 'customlist',
    scriptId: requireScriptId(root, file),
    values: listItems(root, 'customvalues', 'customvalue').map((v) => {
      const value: CustomListDef['values'][number] = { scriptId: requireScriptId(v, file), name: childText(v, 'value') ?? '' };
      if (isTrue(childText(v, 'isinactive'))) value.inactive = true;
      return value;
    }),
    file,
  };
}

function readRecord(root: XmlElement, file: string): CustomRecordDef {
  const fields = listItems(root, 'customrecordcustomfields', 'customrecordcustomfield').map((f): CustomFieldDef => {
    const scriptId = requireScriptId(f, file);
    const def: CustomFieldDef = {
      scriptId,
      label: childText(f, 'label') ?? '',
      type: fieldType(f, file, `field ${scriptId}`),
      mandatory: isTrue(childText(f, 'ismandatory')),
    };
    const select = childText(f, 'selectrecordtype');
    if (select) def.selectRecordType = stripScriptIdRef(select);
    return def;
  });
  return {
    kind: 'customrecordtype',
    scriptId: requireScriptId(root, file),
    name: childText(root, 'recordname') ?? '',
    // SDF's default when <accesstype> is absent.
    accessType: childText(root, 'accesstype') || 'CUSTRECORDENTRYPERM',
    fields,
    file,
  };
}

function readParameters(root: XmlElement, file: string): ScriptParameterDef[] {
  return listItems(root, 'scriptcustomfields', 'scriptcustomfield').map((p) => {
    const scriptId = requireScriptId(p, file);
    const def: ScriptParameterDef = {
      scriptId,
      label: childText(p, 'label') ?? '',
      type: fieldType(p, file, `parameter ${scriptId}`),
      mandatory: isTrue(childText(p, 'ismandatory')),
    };
    const dflt = childText(p, 'defaultvalue');
    if (dflt) def.defaultValue = dflt;
    const setting = childText(p, 'setting');
    if (setting) def.setting = setting.toUpperCase();
    return def;
  });
}

function readDeployment(d: XmlElement, kind: ScriptDef['kind'], file: string): ScriptDeploymentDef {
  const dep: ScriptDeploymentDef = {
    scriptId: requireScriptId(d, file),
    status: childText(d, 'status') || 'TESTING',
  };
  const title = childText(d, 'title');
  if (title) dep.title = title;
  const logLevel = childText(d, 'loglevel');
  if (logLevel) dep.logLevel = logLevel;
  if (kind === 'suitelet') {
    dep.availableWithoutLogin = isTrue(childText(d, 'isonline'));
    dep.allRoles = isTrue(childText(d, 'allroles'));
    const audience = childText(d, 'audslctrole');
    dep.audienceRoles = audience ? audience.split('|').map(stripScriptIdRef).filter((r) => r !== '') : [];
    const runAs = childText(d, 'runasrole');
    if (runAs) dep.runAsRole = stripScriptIdRef(runAs);
  } else if (kind === 'usereventscript') {
    // SDF usereventscript deployment: <recordtype>[scriptid=customrecord_x]</recordtype> (or a standard type such as
    // SALESORDER), optional <eventtype> and <executioncontext> (pipe-separated), <runasrole>; see Oracle's
    // "User Event Scripts as XML Definitions" and packages/agent-skills/netsuite-sdf-safe-guide (oracle/netsuite-suitecloud-sdk).
    const recordType = childText(d, 'recordtype');
    if (recordType) dep.recordType = stripScriptIdRef(recordType);
    const eventType = childText(d, 'eventtype');
    if (eventType) dep.eventType = eventType.toUpperCase();
    const contexts = childText(d, 'executioncontext');
    if (contexts) dep.executionContexts = contexts.split('|').map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
    const runAs = childText(d, 'runasrole');
    if (runAs) dep.runAsRole = stripScriptIdRef(runAs);
  } else {
    const recurrence = child(d, 'recurrence');
    const event = recurrence?.children[0];
    const minutes = repeatToMinutes(childText(event, 'repeat'));
    if (minutes !== undefined) dep.repeatMinutes = minutes;
  }
  return dep;
}

function readScript(root: XmlElement, kind: ScriptDef['kind'], file: string): ScriptDef {
  const scriptId = requireScriptId(root, file);
  const scriptFile = childText(root, 'scriptfile');
  if (!scriptFile) throw new SdfReadError(file, root.line, `script ${scriptId} has no <scriptfile>`);
  return {
    kind,
    scriptId,
    name: childText(root, 'name') ?? '',
    scriptFile: stripFileRef(scriptFile),
    parameters: readParameters(root, file),
    deployments: listItems(root, 'scriptdeployments', 'scriptdeployment').map((d) => readDeployment(d, kind, file)),
    file,
  };
}

/** One parsed object file as an SdfObject; undefined for object types the model does not describe. */
export function toSdfObject(root: XmlElement, file: string): SdfObject | undefined {
  switch (root.name) {
    case 'customlist':
      return readList(root, file);
    case 'customrecordtype':
      return readRecord(root, file);
    case 'scheduledscript':
      return readScript(root, 'scheduledscript', file);
    case 'suitelet':
      return readScript(root, 'suitelet', file);
    case 'usereventscript':
      return readScript(root, 'usereventscript', file);
    default:
      return undefined;
  }
}

export function toRoleDef(root: XmlElement, file: string): RoleDef | undefined {
  if (root.name !== 'role') return undefined;
  return {
    kind: 'role',
    scriptId: requireScriptId(root, file),
    name: childText(root, 'name') ?? '',
    permissions: listItems(root, 'permissions', 'permission').map((p) => ({
      key: stripScriptIdRef(childText(p, 'permkey') ?? ''),
      level: childText(p, 'permlevel') ?? '',
    })),
    file,
  };
}

function parseFile(file: string): XmlElement {
  const parsed = parseXml(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new SdfReadError(file, parsed.line, `malformed XML: ${parsed.message}`);
  return parsed.root;
}

/** Reads every object file under `objectsDir` (e.g. src/Objects) into model objects. */
export function readSdfObjects(objectsDir: string): SdfObject[] {
  if (!fs.existsSync(objectsDir)) throw new Error(`${objectsDir}: no such folder (expected the SDF Objects folder, e.g. src/Objects)`);
  const out: SdfObject[] = [];
  for (const file of listXmlFiles(objectsDir)) {
    const obj = toSdfObject(parseFile(file), file);
    if (obj) out.push(obj);
  }
  return out;
}

/** Reads the custom roles (role objects) under `objectsDir`. */
export function readSdfRoles(objectsDir: string): RoleDef[] {
  const out: RoleDef[] = [];
  for (const file of listXmlFiles(objectsDir)) {
    const role = toRoleDef(parseFile(file), file);
    if (role) out.push(role);
  }
  return out;
}
