/**
 * The shape of the SDF objects this project ships, as read from `src/Objects/*.xml`.
 * Shared by the offline validator (tools/sdf) and the SuiteScript runtime (tools/suitescript-runtime),
 * which defines its in-memory records, lists, scripts and deployments from these, so that tests run
 * against the very objects that get deployed.
 */

export type SdfFieldType =
  | 'TEXT'
  | 'TEXTAREA'
  | 'CLOBTEXT'
  | 'DATETIMETZ'
  | 'DATE'
  | 'SELECT'
  | 'CHECKBOX'
  | 'INTEGER'
  | 'EMAIL'
  | 'PASSWORD';

export interface CustomListDef {
  kind: 'customlist';
  scriptId: string; // customlist_...
  values: { scriptId: string; name: string; inactive?: boolean }[];
  file?: string; // where it was read from
}

export interface CustomFieldDef {
  scriptId: string; // custrecord_...
  label: string;
  type: SdfFieldType;
  /** For SELECT fields: the custom list or record type script id it points at (without [scriptid=...]). */
  selectRecordType?: string;
  mandatory?: boolean;
}

export interface CustomRecordDef {
  kind: 'customrecordtype';
  scriptId: string; // customrecord_...
  name: string;
  /** Access restricted: not accessible to all roles ("accesstype" of SDF). */
  accessType: string;
  fields: CustomFieldDef[];
  file?: string;
}

export interface ScriptParameterDef {
  scriptId: string; // custscript_...
  label: string;
  type: SdfFieldType;
  mandatory: boolean;
  defaultValue?: string;
  /**
   * Preference type (`<setting>` of the SDF scriptcustomfield): `COMPANY` = one value for the whole account, set under
   * Setup > Company > General Preferences > Custom Preferences and read by every deployment; `USER` = per user (Home >
   * Set Preferences). Absent = a "deployment" parameter, valued per deployment. Oracle: "Setting Script Parameter
   * Preferences", https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/chapter_N2999849.html
   */
  setting?: string;
}

export interface ScriptDeploymentDef {
  scriptId: string; // customdeploy_...
  status: string; // e.g. SCHEDULED, RELEASED, NOTSCHEDULED
  title?: string;
  /** Suitelet: "available without login". */
  availableWithoutLogin?: boolean;
  /** Run-as role (Suitelets), e.g. a custom role script id or ADMINISTRATOR. */
  runAsRole?: string;
  /** Roles in the audience (Suitelets), e.g. ['ADMINISTRATOR'] or ['ALLROLES' ...]. */
  audienceRoles?: string[];
  allRoles?: boolean;
  /** Scheduled: repeat interval in minutes, when the recurrence repeats within a day. */
  repeatMinutes?: number;
  logLevel?: string;
  /** User event deployments: the record type it is deployed to (`<recordtype>`, `[scriptid=...]` stripped). */
  recordType?: string;
  /** User event deployments: `<eventtype>` (runs only for that event type when set, e.g. EDIT). */
  eventType?: string;
  /** User event deployments: `<executioncontext>` values (pipe-separated in SDF); undefined = all contexts. */
  executionContexts?: string[];
}

export interface ScriptDef {
  kind: 'scheduledscript' | 'suitelet' | 'usereventscript';
  scriptId: string; // customscript_...
  name: string;
  /** File Cabinet path of the entry file, e.g. /SuiteScripts/OAuth/oauth_token_refresher.js */
  scriptFile: string;
  parameters: ScriptParameterDef[];
  deployments: ScriptDeploymentDef[];
  file?: string;
}

export type SdfObject = CustomListDef | CustomRecordDef | ScriptDef;
