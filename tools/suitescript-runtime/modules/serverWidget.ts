/**
 * N/ui/serverWidget and N/ui/message — enough for an admin page: forms with fields, field groups, tabs, buttons,
 * sublists and page messages. `response.writePage(form)` renders simple, readable HTML and keeps a JSON
 * {@link PageModel} so tests can assert what an administrator sees. Client scripts are recorded, never run.
 */
import type { Execution } from '../execution';
import { formatDate, formatDateTime, type PrefsLike } from '../dates';
import { sse } from '../errors';
import { isDate, keyEnum, missingArg, notImplemented, opts, reqString, strict, stubs, wrongType } from '../strict';

// ------------------------------------------------------------------------------------------------------------ model

/** Message types as the page model shows them. */
export type PageMessageType = 'CONFIRMATION' | 'INFORMATION' | 'WARNING' | 'ERROR';

export interface PageMessage {
  type: PageMessageType;
  title: string;
  message: string;
}

export interface PageSelectOption {
  value: string;
  text: string;
  isSelected: boolean;
}

export interface PageField {
  id: string;
  label: string;
  type: string;
  /** The field's `defaultValue` as set by the script (Dates as ISO strings). */
  value: string | number | string[] | null;
  displayType: string;
  mandatory: boolean;
  help?: string;
  container?: string;
  options?: PageSelectOption[];
  maxLength?: number;
  layoutType?: string;
  breakType?: string;
}

export interface PageButton {
  id: string;
  label: string;
  kind: 'submit' | 'button' | 'reset';
  functionName?: string;
  disabled: boolean;
  hidden: boolean;
}

export interface PageSublist {
  id: string;
  label: string;
  type: string;
  tab?: string;
  fields: PageField[];
  /** Lines by field id (only values set with setSublistValue). */
  lines: Record<string, string>[];
  buttons: PageButton[];
}

/** What an administrator sees on a page written with `response.writePage`. */
export interface PageModel {
  kind: 'form';
  title: string;
  messages: PageMessage[];
  tabs: { id: string; label: string; parent?: string }[];
  fieldGroups: { id: string; label: string; tab?: string }[];
  fields: PageField[];
  buttons: PageButton[];
  sublists: PageSublist[];
  clientScriptModulePath?: string;
  clientScriptFileId?: number;
}

/** Internal state behind a Form proxy. */
interface FormState {
  model: PageModel;
  fields: Map<string, { model: PageField; api: object }>;
  sublists: Map<string, { model: PageSublist; fields: Map<string, PageField>; api: object }>;
  buttons: Map<string, { model: PageButton; api: object }>;
}

/** Forms created in an execution, by their proxy (read by `response.writePage`). */
export const FORMS = new WeakMap<object, FormState>();
/** Messages created with N/ui/message, by their proxy. */
const MESSAGES = new WeakMap<object, PageMessage>();

const FIELD_TYPES = [
  'CHECKBOX', 'CURRENCY', 'DATE', 'DATETIME', 'DATETIMETZ', 'EMAIL', 'FILE', 'FLOAT', 'HELP', 'IMAGE', 'INLINEHTML',
  'INTEGER', 'LABEL', 'LONGTEXT', 'MULTISELECT', 'PASSWORD', 'PERCENT', 'PHONE', 'RADIO', 'RICHTEXT', 'SELECT', 'TEXTAREA',
  'TEXT', 'TIMEOFDAY', 'URL',
] as const;
const DISPLAY_TYPES = ['NORMAL', 'HIDDEN', 'READONLY', 'DISABLED', 'ENTRY', 'INLINE', 'NODISPLAY'] as const;
const SUBLIST_TYPES = ['EDITOR', 'INLINEEDITOR', 'LIST', 'STATICLIST'] as const;
/** N/ui/message Type values are numbers in NetSuite. */
const MESSAGE_TYPES: Record<number, PageMessageType> = { 0: 'CONFIRMATION', 1: 'INFORMATION', 2: 'WARNING', 3: 'ERROR' };

function messageFrom(o: Record<string, unknown>): PageMessage {
  const t = o['type'];
  const type = typeof t === 'number' ? MESSAGE_TYPES[t] : typeof t === 'string' && Object.values(MESSAGE_TYPES).includes(t as PageMessageType) ? (t as PageMessageType) : undefined;
  if (type === undefined) throw wrongType('options.type', 'message.Type');
  const title = o['title'];
  const message = o['message'];
  return { type, title: typeof title === 'string' ? title : '', message: typeof message === 'string' ? message : '' };
}

// ------------------------------------------------------------------------------------------------------- modules

export function createMessageModule(ex: Execution): object {
  return strict(ex, 'N/ui/message', {
    create(options?: unknown) {
      const model = messageFrom(opts(options, 'message.create'));
      const api = strict(ex, 'message.Message', {
        show: notImplemented(ex, 'message.Message.show (client-side only; use Form.addPageInitMessage)'),
        hide: notImplemented(ex, 'message.Message.hide (client-side only)'),
      });
      MESSAGES.set(api, model);
      return api;
    },
    Type: Object.freeze({ CONFIRMATION: 0, INFORMATION: 1, WARNING: 2, ERROR: 3 }),
  });
}

export function createServerWidgetModule(ex: Execution): object {
  const mod: Record<string, unknown> = {
    createForm(options?: unknown) {
      const o = opts(options, 'serverWidget.createForm');
      const title = reqString(o, 'title', 'serverWidget.createForm');
      return createForm(ex, title);
    },
    FieldType: keyEnum(FIELD_TYPES),
    FieldDisplayType: keyEnum(DISPLAY_TYPES),
    SublistType: keyEnum(SUBLIST_TYPES),
    SublistDisplayType: keyEnum(['NORMAL', 'HIDDEN'] as const),
    FieldLayoutType: keyEnum(['NORMAL', 'OUTSIDE', 'OUTSIDEBELOW', 'OUTSIDEABOVE', 'STARTROW', 'MIDROW', 'ENDROW'] as const),
    FieldBreakType: keyEnum(['NONE', 'STARTCOL', 'STARTROW'] as const),
    FormPageLinkType: keyEnum(['BREADCRUMB', 'CROSSLINK'] as const),
    LayoutJustification: keyEnum(['CENTER', 'LEFT', 'RIGHT'] as const),
    ListStyle: Object.freeze({ GRID: 'grid', REPORT: 'report', PLAIN: 'plain', NORMAL: 'normal' }),
  };
  stubs(ex, 'N/ui/serverWidget', mod, ['createList', 'createAssistant']);
  return strict(ex, 'N/ui/serverWidget', mod);
}

function createForm(ex: Execution, title: string): object {
  const state: FormState = {
    model: { kind: 'form', title, messages: [], tabs: [], fieldGroups: [], fields: [], buttons: [], sublists: [] },
    fields: new Map(),
    sublists: new Map(),
    buttons: new Map(),
  };
  const model = state.model;

  const fieldApi = (field: PageField, label: string) => {
    const api = strict(ex, label, {
      get id() {
        return field.id;
      },
      get type() {
        return field.type;
      },
      get label() {
        return field.label;
      },
      set label(v: string) {
        field.label = String(v);
      },
      get defaultValue() {
        return field.value as unknown;
      },
      set defaultValue(v: unknown) {
        field.value = fieldValue(ex, v);
      },
      get isMandatory() {
        return field.mandatory;
      },
      set isMandatory(v: boolean) {
        field.mandatory = v === true;
      },
      get maxLength() {
        return field.maxLength ?? 0;
      },
      set maxLength(v: number) {
        field.maxLength = Number(v);
      },
      linkText: '',
      alias: '',
      padding: 0,
      richTextHeight: 0,
      richTextWidth: 0,
      updateDisplayType(o?: unknown) {
        const dt = opts(o, 'Field.updateDisplayType')['displayType'];
        if (typeof dt !== 'string' || !(DISPLAY_TYPES as readonly string[]).includes(dt)) throw wrongType('options.displayType', 'serverWidget.FieldDisplayType');
        field.displayType = dt;
        return api;
      },
      updateDisplaySize(o?: unknown) {
        opts(o, 'Field.updateDisplaySize');
        return api;
      },
      updateLayoutType(o?: unknown) {
        const lt = opts(o, 'Field.updateLayoutType')['layoutType'];
        if (typeof lt === 'string') field.layoutType = lt;
        return api;
      },
      updateBreakType(o?: unknown) {
        const bt = opts(o, 'Field.updateBreakType')['breakType'];
        if (typeof bt === 'string') field.breakType = bt;
        return api;
      },
      setHelpText(o?: unknown) {
        const help = opts(o, 'Field.setHelpText')['help'];
        if (typeof help !== 'string') throw missingArg('Field.setHelpText: options.help');
        field.help = help;
        return api;
      },
      addSelectOption(o?: unknown) {
        if (field.type !== 'SELECT' && field.type !== 'MULTISELECT' && field.type !== 'RADIO') {
          throw sse('SSS_METHOD_IS_ONLY_ALLOWED_FOR_SELECT_FIELD', 'This method is only allowed for select fields.');
        }
        const so = opts(o, 'Field.addSelectOption');
        const value = so['value'];
        const text = so['text'];
        if (value === undefined || value === null) throw missingArg('Field.addSelectOption: options.value');
        if (text === undefined || text === null) throw missingArg('Field.addSelectOption: options.text');
        field.options = field.options ?? [];
        if (field.options.some((x) => x.value === String(value))) throw sse('SELECT_OPTION_ALREADY_PRESENT', `Select option ${String(value)} is already present.`);
        field.options.push({ value: String(value), text: String(text), isSelected: so['isSelected'] === true });
      },
      getSelectOptions() {
        return ex.realm.toRealm((field.options ?? []).map((x) => ({ value: x.value, text: x.text })));
      },
    });
    return api;
  };

  const newField = (o: Record<string, unknown>, method: string, container: string | undefined): PageField => {
    const id = reqString(o, 'id', method).trim();
    const label = o['label'];
    if (label === undefined || label === null) throw missingArg(`${method}: options.label`);
    const type = reqString(o, 'type', method).toUpperCase();
    if (!(FIELD_TYPES as readonly string[]).includes(type)) throw wrongType('options.type', 'serverWidget.FieldType');
    const field: PageField = { id, label: String(label), type, value: null, displayType: 'NORMAL', mandatory: false };
    if (container !== undefined) field.container = container;
    const source = o['source'];
    if (typeof source === 'string' && source !== '' && type === 'SELECT') field.options = sourceOptions(ex, source);
    return field;
  };

  const buttonApi = (b: PageButton) =>
    strict(ex, 'serverWidget.Button', {
      get label() {
        return b.label;
      },
      set label(v: string) {
        b.label = String(v);
      },
      get isDisabled() {
        return b.disabled;
      },
      set isDisabled(v: boolean) {
        b.disabled = v === true;
      },
      get isHidden() {
        return b.hidden;
      },
      set isHidden(v: boolean) {
        b.hidden = v === true;
      },
    });

  const addButton = (list: PageButton[], registry: Map<string, { model: PageButton; api: object }> | undefined, b: PageButton) => {
    list.push(b);
    const api = buttonApi(b);
    registry?.set(b.id, { model: b, api });
    return api;
  };

  const form = {
    get title() {
      return model.title;
    },
    set title(v: string) {
      model.title = String(v);
    },
    get clientScriptModulePath() {
      return model.clientScriptModulePath ?? '';
    },
    set clientScriptModulePath(v: string) {
      model.clientScriptModulePath = String(v);
    },
    get clientScriptFileId() {
      return model.clientScriptFileId ?? 0;
    },
    set clientScriptFileId(v: number) {
      model.clientScriptFileId = Number(v);
    },
    addField(options?: unknown) {
      const o = opts(options, 'Form.addField');
      const container = typeof o['container'] === 'string' && o['container'] !== '' ? o['container'] : undefined;
      if (container !== undefined && !model.fieldGroups.some((g) => g.id === container) && !model.tabs.some((t) => t.id === container)) {
        throw sse('SSS_INVALID_FIELD_CONTAINER', `The container ${container} does not exist on this form (add the field group or tab first).`);
      }
      const field = newField(o, 'Form.addField', container);
      model.fields.push(field);
      const api = fieldApi(field, 'serverWidget.Field');
      state.fields.set(field.id, { model: field, api });
      return api;
    },
    addFieldGroup(options?: unknown) {
      const o = opts(options, 'Form.addFieldGroup');
      const group: { id: string; label: string; tab?: string } = {
        id: reqString(o, 'id', 'Form.addFieldGroup'),
        label: reqString(o, 'label', 'Form.addFieldGroup'),
      };
      if (typeof o['tab'] === 'string') group.tab = o['tab'];
      model.fieldGroups.push(group);
      return strict(ex, 'serverWidget.FieldGroup', { label: group.label, isBorderHidden: false, isCollapsible: false, isCollapsed: false, isSingleColumn: false });
    },
    addTab(options?: unknown) {
      const o = opts(options, 'Form.addTab');
      const tab = { id: reqString(o, 'id', 'Form.addTab'), label: reqString(o, 'label', 'Form.addTab') };
      model.tabs.push(tab);
      return strict(ex, 'serverWidget.Tab', { label: tab.label, helpText: '' });
    },
    addSubtab(options?: unknown) {
      const o = opts(options, 'Form.addSubtab');
      const tab: { id: string; label: string; parent?: string } = { id: reqString(o, 'id', 'Form.addSubtab'), label: reqString(o, 'label', 'Form.addSubtab') };
      if (typeof o['tab'] === 'string') tab.parent = o['tab'];
      model.tabs.push(tab);
      return strict(ex, 'serverWidget.Tab', { label: tab.label, helpText: '' });
    },
    addSubmitButton(options?: unknown) {
      const o = options === undefined || options === null ? {} : opts(options, 'Form.addSubmitButton');
      const label = typeof o['label'] === 'string' ? o['label'] : 'Submit';
      return addButton(model.buttons, state.buttons, { id: 'submitter', label, kind: 'submit', disabled: false, hidden: false });
    },
    addResetButton(options?: unknown) {
      const o = options === undefined || options === null ? {} : opts(options, 'Form.addResetButton');
      const label = typeof o['label'] === 'string' ? o['label'] : 'Reset';
      return addButton(model.buttons, state.buttons, { id: 'resetter', label, kind: 'reset', disabled: false, hidden: false });
    },
    addButton(options?: unknown) {
      const o = opts(options, 'Form.addButton');
      const b: PageButton = { id: reqString(o, 'id', 'Form.addButton'), label: reqString(o, 'label', 'Form.addButton'), kind: 'button', disabled: false, hidden: false };
      if (typeof o['functionName'] === 'string') b.functionName = o['functionName'];
      return addButton(model.buttons, state.buttons, b);
    },
    removeButton(options?: unknown) {
      const id = reqString(opts(options, 'Form.removeButton'), 'id', 'Form.removeButton');
      model.buttons = model.buttons.filter((b) => b.id !== id);
      state.buttons.delete(id);
    },
    addPageInitMessage(options?: unknown) {
      const o = opts(options, 'Form.addPageInitMessage');
      const m = o['message'];
      if (m !== null && typeof m === 'object') {
        const known = MESSAGES.get(m);
        if (!known) throw wrongType('options.message', 'message.Message');
        model.messages.push({ ...known });
      } else {
        model.messages.push(messageFrom(o));
      }
    },
    addSublist(options?: unknown) {
      const o = opts(options, 'Form.addSublist');
      const id = reqString(o, 'id', 'Form.addSublist');
      const label = reqString(o, 'label', 'Form.addSublist');
      const type = reqString(o, 'type', 'Form.addSublist').toUpperCase();
      if (!(SUBLIST_TYPES as readonly string[]).includes(type)) throw wrongType('options.type', 'serverWidget.SublistType');
      const sub: PageSublist = { id, label, type, fields: [], lines: [], buttons: [] };
      if (typeof o['tab'] === 'string') sub.tab = o['tab'];
      model.sublists.push(sub);
      const subFields = new Map<string, PageField>();
      const api = strict(ex, 'serverWidget.Sublist', {
        get label() {
          return sub.label;
        },
        set label(v: string) {
          sub.label = String(v);
        },
        get lineCount() {
          return sub.lines.length;
        },
        displayType: 'NORMAL',
        helpText: '',
        name: id,
        addField(fo?: unknown) {
          const field = newField(opts(fo, 'Sublist.addField'), 'Sublist.addField', undefined);
          sub.fields.push(field);
          subFields.set(field.id, field);
          return fieldApi(field, 'serverWidget.Field');
        },
        getField(go?: unknown) {
          const fid = reqString(opts(go, 'Sublist.getField'), 'id', 'Sublist.getField');
          const f = subFields.get(fid);
          return f ? fieldApi(f, 'serverWidget.Field') : null;
        },
        setSublistValue(so?: unknown) {
          const s = opts(so, 'Sublist.setSublistValue');
          const fid = reqString(s, 'id', 'Sublist.setSublistValue');
          const line = s['line'];
          if (line === undefined || line === null) throw missingArg('Sublist.setSublistValue: options.line');
          if (typeof line !== 'number' || !Number.isInteger(line) || line < 0) throw wrongType('options.line', 'non-negative integer');
          if (!subFields.has(fid)) throw sse('SSS_INVALID_SUBLIST_FIELD', `The sublist ${id} has no field ${fid}.`);
          const value = s['value'];
          if (value !== null && value !== undefined && typeof value !== 'string') throw wrongType('options.value', 'string');
          while (sub.lines.length <= line) sub.lines.push({});
          const row = sub.lines[line] as Record<string, string>;
          if (value === null || value === undefined) delete row[fid];
          else row[fid] = value;
        },
        getSublistValue(go?: unknown) {
          const g = opts(go, 'Sublist.getSublistValue');
          const fid = reqString(g, 'id', 'Sublist.getSublistValue');
          const line = g['line'];
          if (typeof line !== 'number') throw wrongType('options.line', 'number');
          return sub.lines[line]?.[fid] ?? null;
        },
        addButton(bo?: unknown) {
          const b = opts(bo, 'Sublist.addButton');
          const button: PageButton = { id: reqString(b, 'id', 'Sublist.addButton'), label: reqString(b, 'label', 'Sublist.addButton'), kind: 'button', disabled: false, hidden: false };
          if (typeof b['functionName'] === 'string') button.functionName = b['functionName'];
          return addButton(sub.buttons, undefined, button);
        },
        addMarkAllButtons() {
          addButton(sub.buttons, undefined, { id: `${id}_markall`, label: 'Mark All', kind: 'button', disabled: false, hidden: false });
          return addButton(sub.buttons, undefined, { id: `${id}_unmarkall`, label: 'Unmark All', kind: 'button', disabled: false, hidden: false });
        },
        addRefreshButton() {
          return addButton(sub.buttons, undefined, { id: `${id}_refresh`, label: 'Refresh', kind: 'button', disabled: false, hidden: false });
        },
        updateTotallingFieldId() {
          return api;
        },
        updateUniqueFieldId() {
          return api;
        },
        insertField: notImplemented(ex, 'serverWidget.Sublist.insertField'),
      });
      state.sublists.set(id, { model: sub, fields: subFields, api });
      return api;
    },
    getField(options?: unknown) {
      const id = reqString(opts(options, 'Form.getField'), 'id', 'Form.getField');
      return state.fields.get(id)?.api ?? null;
    },
    getSublist(options?: unknown) {
      const id = reqString(opts(options, 'Form.getSublist'), 'id', 'Form.getSublist');
      return state.sublists.get(id)?.api ?? null;
    },
    getButton(options?: unknown) {
      const id = reqString(opts(options, 'Form.getButton'), 'id', 'Form.getButton');
      return state.buttons.get(id)?.api ?? null;
    },
    getTabs() {
      return ex.realm.toRealm(model.tabs.filter((t) => t.parent === undefined).map((t) => t.id));
    },
    updateDefaultValues(values?: unknown) {
      if (values === null || typeof values !== 'object') throw wrongType('values', 'object');
      for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
        const f = state.fields.get(k);
        if (f) f.model.value = fieldValue(ex, v);
      }
    },
  };
  stubs(ex, 'serverWidget.Form', form as unknown as Record<string, unknown>, [
    'addCredentialField', 'addSecretKeyField', 'addPageLink', 'getSubtab', 'getTab', 'insertField', 'insertSublist',
    'insertSubtab', 'insertTab',
  ]);
  const proxy = strict(ex, 'serverWidget.Form', form);
  FORMS.set(proxy, state);
  return proxy;
}

function fieldValue(ex: Execution, v: unknown): string | number | string[] | null {
  if (v === undefined || v === null) return null;
  if (isDate(v)) return new Date(v.getTime()).toISOString();
  if (Array.isArray(v)) return v.map((x) => String(x));
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'string') return v;
  throw ex.fault(`serverWidget.Field.defaultValue: unsupported value ${Object.prototype.toString.call(v)}`);
}

function sourceOptions(ex: Execution, source: string): PageSelectOption[] {
  const data = ex.account.data;
  const list = data.listValues(source);
  if (list) return list.filter((v) => !v.inactive).map((v) => ({ value: String(v.id), text: v.name, isSelected: false }));
  if (data.fields(source)) return data.all(source).map((r) => ({ value: String(r.id), text: String(r.values['name'] ?? ''), isSelected: false }));
  throw ex.fault(`serverWidget select source ${source} is not implemented (custom lists and custom record types only)`);
}

// ------------------------------------------------------------------------------------------------------ rendering

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function displayValue(f: PageField, prefs: PrefsLike): string {
  if (f.value === null) return '';
  if (Array.isArray(f.value)) return f.value.join(', ');
  if (typeof f.value === 'number') return String(f.value);
  if ((f.type === 'DATETIMETZ' || f.type === 'DATETIME' || f.type === 'DATE') && /^\d{4}-\d\d-\d\dT/.test(f.value)) {
    const ms = Date.parse(f.value);
    return f.type === 'DATE' ? formatDate(ms, prefs) : formatDateTime(ms, prefs, f.type === 'DATETIMETZ');
  }
  return f.value;
}

function renderField(f: PageField, prefs: PrefsLike): string {
  if (f.displayType === 'NODISPLAY') return '';
  const id = escapeHtml(f.id);
  const value = displayValue(f, prefs);
  if (f.displayType === 'HIDDEN') return `<input type="hidden" name="${id}" id="${id}" value="${escapeHtml(value)}">\n`;
  if (f.type === 'INLINEHTML') return `<div class="inlinehtml" id="${id}">${value}</div>\n`;
  if (f.type === 'LABEL') return `<div class="field label" id="${id}">${escapeHtml(f.label)}</div>\n`;
  const mandatory = f.mandatory ? ' <span class="mandatory" title="required">*</span>' : '';
  const label = `<label for="${id}">${escapeHtml(f.label)}${mandatory}</label>`;
  const help = f.help ? ` <small class="help">${escapeHtml(f.help)}</small>` : '';
  const readOnly = f.displayType === 'INLINE' || f.displayType === 'READONLY';
  const disabled = f.displayType === 'DISABLED' ? ' disabled' : '';
  const required = f.mandatory ? ' required' : '';
  let control: string;
  if (readOnly) {
    const shown = f.type === 'SELECT' ? (f.options?.find((o) => o.value === value)?.text ?? value) : f.type === 'CHECKBOX' ? (value === 'T' ? 'Yes' : 'No') : value;
    control = `<span class="value" id="${id}">${escapeHtml(shown)}</span>`;
  } else if (f.type === 'TEXTAREA' || f.type === 'LONGTEXT' || f.type === 'RICHTEXT') {
    control = `<textarea name="${id}" id="${id}"${disabled}${required}>${escapeHtml(value)}</textarea>`;
  } else if (f.type === 'CHECKBOX') {
    control = `<input type="checkbox" name="${id}" id="${id}" value="T"${value === 'T' ? ' checked' : ''}${disabled}>`;
  } else if (f.type === 'SELECT' || f.type === 'MULTISELECT') {
    const optionsHtml = (f.options ?? [])
      .map((o) => `<option value="${escapeHtml(o.value)}"${o.value === value || (value === '' && o.isSelected) ? ' selected' : ''}>${escapeHtml(o.text)}</option>`)
      .join('');
    control = `<select name="${id}" id="${id}"${f.type === 'MULTISELECT' ? ' multiple' : ''}${disabled}${required}>${optionsHtml}</select>`;
  } else {
    const inputType = f.type === 'EMAIL' ? 'email' : f.type === 'PASSWORD' ? 'password' : f.type === 'INTEGER' ? 'number' : f.type === 'URL' ? 'url' : 'text';
    const max = f.maxLength ? ` maxlength="${f.maxLength}"` : '';
    control = `<input type="${inputType}" name="${id}" id="${id}" value="${escapeHtml(value)}"${max}${disabled}${required}>`;
  }
  return `<div class="field" data-type="${escapeHtml(f.type)}">${label} ${control}${help}</div>\n`;
}

/**
 * NetSuite's look, close enough that a screenshot tells an administrator what the page will look like: the dark
 * header bar, the page title with the buttons under it (and again at the bottom), page messages as coloured alert
 * boxes, field groups as titled sections with upper-case labels above their values, and sublists as subtabs below
 * the fields (the first one shown; a click on a tab shows another).
 */
const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:13px/1.4 "Open Sans",Helvetica,Arial,sans-serif;color:#262626;background:#fff}
.ns-header{background:#23374e;color:#fff;height:44px;display:flex;align-items:center;padding:0 16px;gap:16px}
.ns-logo{font-weight:700;font-size:17px;letter-spacing:.3px}
.ns-logo span{color:#9fc2e7;font-weight:400}
.ns-role{margin-left:auto;font-size:12px;color:#d6e1ee}
.ns-menu{background:#35506f;height:30px;display:flex;align-items:center;padding:0 16px;gap:22px;color:#e7eef6;font-size:12px}
.ns-body{padding:10px 22px 40px}
h1.ns-title{font-size:22px;font-weight:600;color:#4d5f79;margin:14px 0 10px}
.ns-buttons{display:flex;gap:6px;margin:6px 0 12px}
.ns-buttons button{font:600 13px "Open Sans",Helvetica,Arial,sans-serif;padding:4px 14px;border-radius:3px;border:1px solid #b2b2b2;background:linear-gradient(#fafafa,#e5e5e5);color:#333;cursor:pointer}
.ns-buttons button[type=submit]{background:linear-gradient(#5d9ad4,#2f6fb3);border-color:#2a5f99;color:#fff}
.message{border:1px solid;border-radius:3px;padding:9px 12px 9px 40px;margin:0 0 10px;position:relative}
.message::before{position:absolute;left:12px;top:8px;font-weight:700;font-size:15px}
.message strong{display:block;margin-bottom:2px}
.message-confirmation{background:#e4f3df;border-color:#7dbb6a}.message-confirmation::before{content:"\\2714";color:#4a8f36}
.message-information{background:#e5eff9;border-color:#7ea7d4}.message-information::before{content:"i";color:#2f6fb3}
.message-warning{background:#fdf4d7;border-color:#e4c25b}.message-warning::before{content:"!";color:#b8860b}
.message-error{background:#fbe3e1;border-color:#d9776f}.message-error::before{content:"\\2716";color:#c0392b}
fieldset{border:0;margin:0 0 14px;padding:0}
fieldset legend{display:block;width:100%;font-size:14px;font-weight:600;color:#4d5f79;border-bottom:1px solid #cbd5e1;padding:4px 0;margin-bottom:8px}
.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:8px 28px}
.field{display:flex;flex-direction:column;gap:2px}
.field label{font-size:11px;text-transform:uppercase;color:#6f6f6f;letter-spacing:.2px}
.field .mandatory{color:#d9534f}
.field input[type=text],.field input[type=number],.field input[type=email],.field input[type=password],.field input[type=url],.field select,.field textarea{font:13px "Open Sans",Helvetica,Arial,sans-serif;border:1px solid #b9b9b9;border-radius:2px;padding:3px 5px;max-width:360px;background:#fff}
.field textarea{min-height:54px}
.field .value{font-size:13px;color:#262626;min-height:18px;word-break:break-all}
.field small.help{color:#8a8a8a;font-size:11px;max-width:360px}
.inlinehtml{margin:0 0 10px}
.subtabs{margin-top:18px}
.subtab-strip{display:flex;gap:2px;border-bottom:3px solid #d5e0ec}
.subtab-strip button{font:600 12px "Open Sans",Helvetica,Arial,sans-serif;border:0;background:#e8eef5;color:#4d5f79;padding:6px 14px;border-radius:4px 4px 0 0;cursor:pointer}
.subtab-strip button[aria-selected=true]{background:#d5e0ec;color:#23374e}
.subtab-pane{border:1px solid #d5e0ec;border-top:0;padding:8px}
.subtab-pane[hidden]{display:none}
table.sublist{border-collapse:collapse;width:100%}
table.sublist caption{text-align:left;font-weight:600;color:#4d5f79;padding:2px 0 6px}
table.sublist th{background:#e5e5e5;font-size:11px;text-transform:uppercase;color:#555;text-align:left;padding:5px 8px;border-bottom:1px solid #ccc;font-weight:600}
table.sublist td{padding:5px 8px;border-bottom:1px solid #ececec;vertical-align:top}
table.sublist tr:nth-child(even) td{background:#f7f9fb}
a{color:#255ba1;text-decoration:none}a:hover{text-decoration:underline}
`;

const SUBTAB_SCRIPT =
  'document.querySelectorAll(".subtab-strip button").forEach(function(b){b.addEventListener("click",function(){' +
  'document.querySelectorAll(".subtab-strip button").forEach(function(x){x.setAttribute("aria-selected",String(x===b));});' +
  'document.querySelectorAll(".subtab-pane").forEach(function(p){p.hidden=p.id!==b.getAttribute("aria-controls");});});});';

function renderButtons(page: PageModel, where: 'top' | 'bottom'): string {
  const buttons = page.buttons.filter((b) => !b.hidden);
  if (buttons.length === 0) return '';
  const out = [`<div class="ns-buttons ns-buttons-${where}">`];
  for (const b of buttons) {
    const dis = b.disabled ? ' disabled' : '';
    if (b.kind === 'submit') out.push(`<button type="submit" name="submitter" value="${escapeHtml(b.label)}"${dis}>${escapeHtml(b.label)}</button>`);
    else if (b.kind === 'reset') out.push(`<button type="reset"${dis}>${escapeHtml(b.label)}</button>`);
    else out.push(`<button type="button" id="${escapeHtml(b.id)}"${dis}>${escapeHtml(b.label)}</button>`);
  }
  out.push('</div>\n');
  return out.join('');
}

/**
 * Renders a page model to HTML in NetSuite's layout. As in NetSuite, page message titles and texts, sublist cell
 * values and INLINEHTML fields go into the page as HTML, unescaped (a script must escape what it puts there; a
 * security review of this project found names and notices inserted as HTML, issue 10 item 5); labels, titles and
 * other field values are text.
 */
export function renderPage(page: PageModel, prefs: PrefsLike): string {
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title><style>${PAGE_CSS}</style></head>\n<body>\n`);
  parts.push('<div class="ns-header"><div class="ns-logo">NetSuite <span>(local stand-in)</span></div><div class="ns-role">Administrator</div></div>\n');
  parts.push('<div class="ns-menu"><span>Activities</span><span>Transactions</span><span>Lists</span><span>Reports</span><span>Customization</span><span>Setup</span></div>\n');
  parts.push('<div class="ns-body">\n<form method="POST">\n');
  parts.push(`<h1 class="ns-title">${escapeHtml(page.title)}</h1>\n`);
  parts.push(renderButtons(page, 'top'));
  for (const m of page.messages) {
    parts.push(`<div class="message message-${m.type.toLowerCase()}" role="${m.type === 'ERROR' ? 'alert' : 'status'}"><strong>${m.title}</strong> ${m.message}</div>\n`);
  }
  const loose = page.fields.filter((f) => f.container === undefined);
  for (const f of loose) parts.push(renderField(f, prefs));
  const containers = [...page.fieldGroups.map((g) => ({ id: g.id, label: g.label })), ...page.tabs.map((t) => ({ id: t.id, label: t.label }))];
  for (const c of containers) {
    const inside = page.fields.filter((f) => f.container === c.id);
    if (inside.length === 0) continue;
    parts.push(`<fieldset id="${escapeHtml(c.id)}"><legend>${escapeHtml(c.label)}</legend>\n<div class="fields">\n`);
    for (const f of inside) parts.push(renderField(f, prefs));
    parts.push('</div></fieldset>\n');
  }
  if (page.sublists.length > 0) {
    parts.push('<div class="subtabs">\n<div class="subtab-strip" role="tablist">');
    page.sublists.forEach((s, i) => {
      parts.push(`<button type="button" role="tab" id="${escapeHtml(s.id)}_tab" aria-controls="${escapeHtml(s.id)}_pane" aria-selected="${i === 0}">${escapeHtml(s.label)}</button>`);
    });
    parts.push('</div>\n');
    page.sublists.forEach((s, i) => {
      const cols = s.fields.filter((f) => f.displayType !== 'HIDDEN' && f.displayType !== 'NODISPLAY');
      parts.push(`<div class="subtab-pane" role="tabpanel" id="${escapeHtml(s.id)}_pane"${i === 0 ? '' : ' hidden'}>\n`);
      parts.push(`<table class="sublist" id="${escapeHtml(s.id)}" aria-labelledby="${escapeHtml(s.id)}_tab">\n<thead><tr>`);
      for (const f of cols) parts.push(`<th>${escapeHtml(f.label)}</th>`);
      parts.push('</tr></thead>\n<tbody>\n');
      for (const line of s.lines) {
        parts.push('<tr>');
        for (const f of cols) parts.push(`<td>${line[f.id] ?? ''}</td>`);
        parts.push('</tr>\n');
      }
      parts.push('</tbody>\n</table>\n');
      for (const b of s.buttons.filter((x) => !x.hidden)) parts.push(`<button type="button" id="${escapeHtml(b.id)}">${escapeHtml(b.label)}</button>\n`);
      parts.push('</div>\n');
    });
    parts.push(`</div>\n<script>${SUBTAB_SCRIPT}</script>\n`);
  }
  parts.push(renderButtons(page, 'bottom'));
  parts.push('</form>\n</div>\n</body>\n</html>\n');
  return parts.join('');
}

/** A deep copy of a form's page model (what `writePage` keeps). */
export function snapshotPage(form: object): PageModel | undefined {
  const state = FORMS.get(form);
  return state ? (JSON.parse(JSON.stringify(state.model)) as PageModel) : undefined;
}
