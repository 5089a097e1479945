import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CLIENT_RECORD, SCRIPTS, STATUS_LIST, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import { validateProject, type Finding } from '../../tools/sdf/validate';
import { runValidateCli } from '../../tools/sdf/validateCli';
import { copyProject, edit, lineOf, objectFile, removeProject } from './helpers';

const errors = (findings: Finding[]): string[] => findings.filter((f) => f.severity === 'error').map((f) => f.message);
const warnings = (findings: Finding[]): string[] => findings.filter((f) => f.severity === 'warning').map((f) => f.message);

let project = '';
beforeEach(() => {
  project = copyProject();
});
afterEach(() => {
  removeProject(project);
});

const obj = (scriptId: string): string => objectFile(project, scriptId);
const builtFile = (name: string): string => path.join(project, 'FileCabinet', 'SuiteScripts', 'OAuth', name);

describe('the shipped project', () => {
  it('validates without errors or warnings (with the built files in place)', () => {
    const findings = validateProject(project);
    expect(errors(findings)).toEqual([]);
    expect(warnings(findings)).toEqual([]);
  });

  it('passes the command-line runner with exit code 0', () => {
    const out: string[] = [];
    const code = runValidateCli([project], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('no errors');
  });
});

describe('a broken copy of the project', () => {
  it('reports malformed XML with file and line', () => {
    const file = obj(STATUS_LIST.scriptId);
    const line = lineOf(file, '</customvalues>');
    edit(file, '</customvalues>', '</customvalue>');
    expect(errors(validateProject(project))).toContainEqual(
      expect.stringMatching(new RegExp(`^src/Objects/customlist_oauth_token_status\\.xml:${line}: malformed XML .*'customvalues'`)),
    );
  });

  it('reports malformed manifest.xml and deploy.xml', () => {
    fs.writeFileSync(path.join(project, 'manifest.xml'), '<manifest projecttype="ACCOUNTCUSTOMIZATION">\n<projectname>x</projectname>\n');
    fs.writeFileSync(path.join(project, 'deploy.xml'), '<deploy>\n  <files><path>~/FileCabinet/SuiteScripts/OAuth/*</path></file>\n</deploy>\n');
    const found = errors(validateProject(project));
    expect(found).toContainEqual(expect.stringMatching(/^src\/manifest\.xml:\d+: malformed XML/));
    expect(found).toContainEqual(expect.stringMatching(/^src\/deploy\.xml:2: malformed XML/));
  });

  it('reports a wrong script id prefix, for objects and for nested deployments', () => {
    fs.writeFileSync(path.join(project, 'Objects', 'customlst_colors.xml'), '<customlist scriptid="customlst_colors">\n  <name>Colors</name>\n</customlist>\n');
    const proxy = obj(SCRIPTS.proxy.scriptId);
    const line = lineOf(proxy, 'scriptid="customdeploy_oauth_token_proxy"');
    edit(proxy, 'scriptid="customdeploy_oauth_token_proxy"', 'scriptid="deploy_oauth_token_proxy"');
    const found = errors(validateProject(project));
    expect(found).toContain('src/Objects/customlst_colors.xml:1: script id customlst_colors of a customlist must start with customlist_');
    expect(found).toContain(`src/Objects/customscript_oauth_token_proxy.xml:${line}: script deployment deploy_oauth_token_proxy must start with customdeploy_`);
    // ...and the fixed deployment name is then missing.
    expect(found).toContainEqual(expect.stringContaining('has no deployment customdeploy_oauth_token_proxy, a fixed name of DESIGN.md'));
  });

  it('reports an unknown object type and a file name that does not match the script id', () => {
    fs.writeFileSync(path.join(project, 'Objects', 'customthing_x.xml'), '<customthing scriptid="customthing_x"></customthing>\n');
    fs.renameSync(obj(STATUS_LIST.scriptId), path.join(project, 'Objects', 'status_list.xml'));
    const found = errors(validateProject(project));
    expect(found).toContain('src/Objects/customthing_x.xml:1: <customthing> is not a known SDF object type');
    expect(found).toContain('src/Objects/status_list.xml:1: the file name must match the script id: rename it to customlist_oauth_token_status.xml');
  });

  it('reports a duplicate script id, naming both places', () => {
    const client = obj(CLIENT_RECORD.type);
    const line = lineOf(client, `scriptid="${CLIENT_RECORD.fields.allowedIps}"`);
    edit(client, `scriptid="${CLIENT_RECORD.fields.allowedIps}"`, `scriptid="${TOKEN_RECORD.fields.token}"`);
    const tokenLine = lineOf(obj(TOKEN_RECORD.type), `scriptid="${TOKEN_RECORD.fields.token}"`);
    const a = `src/Objects/customrecord_oauth_api_client.xml:${line}`;
    const b = `src/Objects/customrecord_oauth_token.xml:${tokenLine}`;
    const dup = (here: string, there: string): string =>
      `${here}: script id custrecord_oauth_token (record field) is used more than once: also at ${there} (record field); script ids must be unique`;
    const found = errors(validateProject(project));
    expect(found.filter((m) => m === dup(a, b) || m === dup(b, a))).toHaveLength(1);
  });

  it('reports a dangling [scriptid=...] reference in plain words', () => {
    const token = obj(TOKEN_RECORD.type);
    const line = lineOf(token, '[scriptid=customlist_oauth_token_status]');
    edit(token, '[scriptid=customlist_oauth_token_status]', '[scriptid=customlist_oauth_status]');
    const found = errors(validateProject(project));
    expect(found).toContain(
      `src/Objects/customrecord_oauth_token.xml:${line}: field custrecord_oauth_status selects [scriptid=customlist_oauth_status], which is not an object in this project`,
    );
    expect(found).toContain(
      'src/Objects/customrecord_oauth_token.xml: field custrecord_oauth_status of customrecord_oauth_token selects customlist_oauth_status; DESIGN.md says customlist_oauth_token_status',
    );
  });

  it('reports a run-as role that is not in the project, and a plain role that is not standard', () => {
    fs.rmSync(obj('customrole_oauth_token_proxy'));
    const admin = obj(SCRIPTS.keyAdmin.scriptId);
    edit(admin, '<audslctrole>ADMINISTRATOR</audslctrole>', '<audslctrole>ADMINISTRATOR|SUPERUSER</audslctrole>');
    const found = errors(validateProject(project));
    expect(found).toContain(
      `src/Objects/customscript_oauth_token_proxy.xml:${lineOf(obj(SCRIPTS.proxy.scriptId), '<runasrole>')}: deployment customdeploy_oauth_token_proxy runs as [scriptid=customrole_oauth_token_proxy], which is not an object in this project`,
    );
    expect(found).toContainEqual(expect.stringContaining('names SUPERUSER, which is neither a standard NetSuite role'));
  });

  it('reports a missing built script file and says to run the build', () => {
    fs.rmSync(builtFile(SCRIPTS.keyAdmin.file));
    const line = lineOf(obj(SCRIPTS.keyAdmin.scriptId), '<scriptfile>');
    expect(errors(validateProject(project))).toContain(
      `src/Objects/customscript_oauth_key_admin.xml:${line}: script file /SuiteScripts/OAuth/oauth_key_admin.js does not exist under src/FileCabinet (check the name, or run npm run build first)`,
    );
  });

  it('says "run npm run build first" when the whole built folder is missing', () => {
    fs.rmSync(path.join(project, 'FileCabinet', 'SuiteScripts', 'OAuth'), { recursive: true });
    const found = errors(validateProject(project));
    expect(found).toContainEqual(
      expect.stringMatching(/customscript_oauth_token_refresher\.xml:\d+: script file \/SuiteScripts\/OAuth\/oauth_token_refresher\.js does not exist .*the built folder src\/FileCabinet\/SuiteScripts\/OAuth is missing: run npm run build first/),
    );
    expect(found).toContainEqual(expect.stringMatching(/^src\/deploy\.xml:\d+: path ~\/FileCabinet\/SuiteScripts\/OAuth\/\* does not exist \(run npm run build first\)/));
  });

  it('reports a PEM private key under FileCabinet without printing it', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyFile = builtFile('lib/config.txt');
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, `# left over\n${pem}`);
    const findings = validateProject(project);
    expect(errors(findings)).toContain(
      'src/FileCabinet/SuiteScripts/OAuth/lib/config.txt:2: contains a PEM private key (BEGIN PRIVATE KEY); remove it from the project: keys are uploaded to the File Cabinet by hand and never deployed or committed',
    );
    const body = pem.split('\n')[1] as string;
    for (const f of findings) expect(f.message).not.toContain(body);
  });

  it('finds keys embedded in JSON and encrypted keys, and refuses key files in the deployment', () => {
    const json = JSON.stringify({ key: `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n-----END ENCRYPTED PRIVATE KEY-----\n` });
    fs.writeFileSync(path.join(project, 'settings.json'), json);
    fs.writeFileSync(builtFile('m2m.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const found = errors(validateProject(project));
    expect(found).toContainEqual(expect.stringMatching(/^src\/settings\.json:1: contains a PEM private key \(BEGIN ENCRYPTED PRIVATE KEY\)/));
    expect(found).toContainEqual(expect.stringMatching(/^src\/deploy\.xml:\d+: path ~\/FileCabinet\/SuiteScripts\/OAuth\/\* would upload src\/FileCabinet\/SuiteScripts\/OAuth\/m2m\.pem, which looks like a key file/));
  });

  it('does not mistake code that merely names a PEM header for a key', () => {
    fs.writeFileSync(builtFile('lib/pem_helper.js'), "define([], function () { return { isKey: function (s) { return s.indexOf('-----BEGIN PRIVATE KEY-----') === 0; } }; });\n");
    expect(errors(validateProject(project))).toEqual([]);
  });

  it('reports an API key in the tree without printing it', () => {
    const apiKey = `nsk_${randomBytes(32).toString('base64url')}`;
    fs.writeFileSync(path.join(project, 'TypeScript', 'fixture.ts'), `export const KEY = '${apiKey}';\n`);
    const findings = validateProject(project);
    expect(errors(findings)).toContain(
      'src/TypeScript/fixture.ts:1: contains an API key (nsk_...); remove it: API keys are shown once to their owner and only their SHA-256 hash is stored',
    );
    for (const f of findings) expect(f.message).not.toContain(apiKey);
  });

  it('reports a deploy.xml that misses an object', () => {
    edit(path.join(project, 'deploy.xml'), '~/Objects/*', '~/Objects/customlist_oauth_token_status.xml');
    const found = errors(validateProject(project));
    expect(found).toContainEqual(
      expect.stringMatching(/^src\/deploy\.xml:\d+: does not deploy src\/Objects\/customrecord_oauth_token\.xml \(customrecord_oauth_token\): no <objects><path> covers it/),
    );
    // Every object but the one still listed.
    expect(found.filter((m) => m.includes('does not deploy src/Objects/'))).toHaveLength(fs.readdirSync(path.join(project, 'Objects')).length - 1);
  });

  it('reports a deploy.xml path that does not exist and script files it does not deploy', () => {
    edit(path.join(project, 'deploy.xml'), '~/FileCabinet/SuiteScripts/OAuth/*', '~/FileCabinet/SuiteScripts/OAuthTypo/*');
    const found = errors(validateProject(project));
    expect(found).toContainEqual(expect.stringMatching(/^src\/deploy\.xml:\d+: path ~\/FileCabinet\/SuiteScripts\/OAuthTypo\/\* does not exist/));
    expect(found).toContainEqual(
      expect.stringMatching(/^src\/deploy\.xml:\d+: does not deploy src\/FileCabinet\/SuiteScripts\/OAuth\/oauth_token_proxy\.js, the script file used at src\/Objects\/customscript_oauth_token_proxy\.xml:\d+/),
    );
  });

  it('reports a missing fixed field, naming record and field', () => {
    const token = obj(TOKEN_RECORD.type);
    const text = fs.readFileSync(token, 'utf8');
    const start = text.indexOf('<customrecordcustomfield scriptid="custrecord_oauth_last_error">');
    const end = text.indexOf('</customrecordcustomfield>', start) + '</customrecordcustomfield>'.length;
    fs.writeFileSync(token, text.slice(0, start) + text.slice(end));
    expect(errors(validateProject(project))).toContain(
      'src/Objects/customrecord_oauth_token.xml: record customrecord_oauth_token has no field custrecord_oauth_last_error (DESIGN.md: TEXTAREA)',
    );
  });

  it('reports missing fixed objects, list values, wrong parameter defaults and a wrong schedule', () => {
    fs.rmSync(obj(SCRIPTS.keyAdmin.scriptId));
    edit(obj(STATUS_LIST.scriptId), 'scriptid="val_expired"', 'scriptid="val_stale"');
    const refresher = obj(SCRIPTS.refresher.scriptId);
    edit(refresher, '<defaultvalue>PS256</defaultvalue>', '<defaultvalue>RS256</defaultvalue>');
    edit(refresher, '<repeat>PT15M</repeat>', '<repeat>PT1H</repeat>');
    const found = errors(validateProject(project));
    expect(found).toContain(
      'src/Objects/customscript_oauth_key_admin.xml: the Suitelet customscript_oauth_key_admin is missing (a fixed name of DESIGN.md); create src/Objects/customscript_oauth_key_admin.xml',
    );
    expect(found).toContain('src/Objects/customlist_oauth_token_status.xml: list customlist_oauth_token_status has no value val_expired (Expired), a fixed name of DESIGN.md');
    expect(found).toContain('src/Objects/customscript_oauth_token_refresher.xml: parameter custscript_oauth_algorithm defaults to RS256; it must default to PS256');
    expect(found).toContain(
      'src/Objects/customscript_oauth_token_refresher.xml: deployment customdeploy_oauth_token_refresher repeats every 60 minutes; DESIGN.md says every 15 minutes (<repeat>PT15M</repeat>)',
    );
  });

  it('reports an unrestricted record and a key admin open to everyone', () => {
    edit(obj(CLIENT_RECORD.type), '<accesstype>USEPERMISSIONLIST</accesstype>', '<accesstype>NONENEEDED</accesstype>');
    const admin = obj(SCRIPTS.keyAdmin.scriptId);
    edit(admin, '<isonline>F</isonline>', '<isonline>T</isonline>');
    edit(admin, '<allroles>F</allroles>', '<allroles>T</allroles>');
    const found = errors(validateProject(project));
    expect(found).toContainEqual(expect.stringContaining('record customrecord_oauth_api_client has accesstype NONENEEDED: every role could read it'));
    expect(found).toContain('src/Objects/customscript_oauth_key_admin.xml: deployment customdeploy_oauth_key_admin must require login (<isonline>F</isonline>)');
    expect(found).toContainEqual(expect.stringContaining('deployment customdeploy_oauth_key_admin must have only the Administrator role in its audience'));
  });

  it('reports a manifest that lacks a needed feature', () => {
    edit(path.join(project, 'manifest.xml'), '<feature required="true">CUSTOMRECORDS</feature>', '');
    expect(errors(validateProject(project))).toContain(
      'src/manifest.xml:1: the feature CUSTOMRECORDS must be listed under <dependencies><features> (the project has custom record types)',
    );
  });

  it('warns when the record permission list and the run-as role disagree', () => {
    edit(obj(TOKEN_RECORD.type), '<permittedlevel>VIEW</permittedlevel>', '<permittedlevel>FULL</permittedlevel>');
    expect(warnings(validateProject(project))).toContainEqual(
      expect.stringContaining('record customrecord_oauth_token gives role customrole_oauth_token_proxy FULL, but the role says VIEW; make both the same'),
    );
  });

  it('makes the command-line runner exit 1 and print the errors', () => {
    fs.rmSync(builtFile(SCRIPTS.proxy.file));
    const lines: string[] = [];
    const code = runValidateCli([project], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(1);
    expect(lines).toContainEqual(expect.stringMatching(/^error: src\/Objects\/customscript_oauth_token_proxy\.xml:\d+: script file \/SuiteScripts\/OAuth\/oauth_token_proxy\.js does not exist/));
  });
});

describe('a missing project folder', () => {
  it('is one clear error', () => {
    expect(validateProject(path.join(project, 'nope'))).toEqual([
      {
        file: path.join(project, 'nope').split(path.sep).join('/'),
        severity: 'error',
        message: `${path.join(project, 'nope').split(path.sep).join('/')}: no such folder: expected the SDF project folder (src) with manifest.xml, deploy.xml and Objects`,
      },
    ]);
  });
});

/**
 * DESIGN.md 2a rules visible in files. Each test breaks one thing in a copy of the project (or adds a
 * small hand-written AMD file next to the built ones) and expects `file:line: [rule] ...`.
 */
describe('DESIGN.md 2a rules', () => {
  const lib = (name: string, source: string): string => {
    const file = builtFile(`lib/${name}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source);
    return `src/FileCabinet/SuiteScripts/OAuth/lib/${name}`;
  };
  const ruleErrors = (rule: string): string[] => errors(validateProject(project)).filter((m) => m.includes(`[${rule}]`));

  describe('n-module-in-define: no N/* module while a define() callback runs (from the syntax tree)', () => {
    it('flags an enum read, a call, a destructuring and an alias at module scope, with their lines', () => {
      const shown = lib('loadtime.js', [
        "define(['N/encode', 'N/crypto/random', 'N/ui/serverWidget', 'N/log'], function (encode, random, ui, log) {", // 1
        '  const UTF8 = encode.Encoding.UTF_8;', // 2
        '  const seed = random.generateBytes({ size: 16 });', // 3
        '  const { FieldType } = ui;', // 4
        '  const l = log;', // 5
        "  l.debug('x');", // 6
        '  return { UTF8, seed, FieldType };',
        '});',
      ].join('\n'));
      const found = ruleErrors('n-module-in-define');
      expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${shown}:2: \\[n-module-in-define\\] N/encode is used while define\\(\\) runs \\(encode\\.Encoding\\).*SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE`)));
      expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${shown}:3: \\[n-module-in-define\\] N/crypto/random is used while define\\(\\) runs \\(random\\.generateBytes\\)`)));
      expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${shown}:4: \\[n-module-in-define\\] N/ui/serverWidget is destructured`)));
      expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${shown}:6: \\[n-module-in-define\\] N/log is used`)));
    });

    it('flags code that runs at load without being at the top: IIFEs, class static blocks and fields, local functions called at load', () => {
      const shown = lib('hidden.js', [
        "define(['N/runtime', 'N/format'], function (runtime, format) {", // 1
        '  var user = (function () { return runtime.getCurrentUser(); })();', // 2
        '  class Settings {', // 3
        '    static type = format.Type.DATE;', // 4
        '    static { this.script = runtime.getCurrentScript(); }', // 5
        '    later = runtime.accountId;', // 6: instance field, runs on `new` only
        '  }', // 7
        '  function init(f) { return f.Type.DATETIME; }', // 8
        '  var kind = init(format);', // 9
        '  return { user: user, Settings: Settings, kind: kind };',
        '});',
      ].join('\n'));
      const lines = ruleErrors('n-module-in-define').filter((m) => m.startsWith(shown)).map((m) => Number(/:(\d+):/.exec(m)?.[1]));
      expect(lines.sort((a, b) => a - b)).toEqual([2, 4, 5, 8]);
      expect(ruleErrors('n-module-in-define')).toContainEqual(expect.stringContaining(`${shown}:8: [n-module-in-define] N/format is used while define() runs (f.Type) (reached while define() runs through the call at line 9)`));
    });

    it("catches jsrsasign's old seeding: a call through an object at load reaching a function that uses N/crypto/random", () => {
      const shown = lib('seeded.js', [
        "define(['N/crypto/random'], function (nsRandom) {", // 1
        '  function fill(target) {', // 2
        '    var bytes = nsRandom.generateBytes({ size: target.length });', // 3
        '    for (var i = 0; i < target.length; i++) target[i] = bytes[i];', // 4
        '  }', // 5
        '  var window = { crypto: { getRandomValues: fill } };', // 6
        '  var pool = [];', // 7
        '  if (typeof window !== "undefined") { var crypto = window.crypto || window.msCrypto; var ua = new Uint8Array(32); crypto.getRandomValues(ua); pool = ua; }', // 8
        '  return { pool: pool };',
        '});',
      ].join('\n'));
      expect(ruleErrors('n-module-in-define')).toContainEqual(
        expect.stringMatching(new RegExp(`^${shown}:3: \\[n-module-in-define\\] N/crypto/random is used while define\\(\\) runs \\(nsRandom\\.generateBytes\\) \\(reached while define\\(\\) runs through the call at line 8\\)`)),
      );
    });

    it('follows a load-time flag: a guard that defers N/* until loading is over passes, the same code without it fails', () => {
      const source = (guard: string): string => [
        "define(['N/crypto/random'], function (nsRandom) {",
        '  var loading = true;',
        `  function fill(target) { return ${guard}nsRandom.generateBytes({ size: target.length }); }`,
        '  var window = { crypto: { getRandomValues: fill } };',
        '  var pool = window.crypto.getRandomValues(new Uint8Array(32));',
        '  loading = false;',
        '  return { pool: pool, fill: fill };',
        '});',
      ].join('\n');
      lib('guarded.js', source('loading ? target : '));
      const unguarded = lib('unguarded.js', source(''));
      const found = ruleErrors('n-module-in-define');
      expect(found.filter((m) => m.includes('guarded.js') && !m.includes('unguarded.js'))).toEqual([]);
      expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${unguarded}:3: \\[n-module-in-define\\].*through the call at line 5`)));
    });

    it('checks modules that require() loads later: their define() callback runs then, with the same rule', () => {
      lib('entrylike.js', "define(['require'], function (require) { return { execute: function () { require(['./late'], function (late) { late.go(); }); } }; });\n");
      const shown = lib('late.js', "define(['N/https'], function (https) {\n  var base = https.Method.POST;\n  return { go: function () { return base; } };\n});\n");
      expect(ruleErrors('n-module-in-define')).toContainEqual(expect.stringMatching(new RegExp(`^${shown}:2: \\[n-module-in-define\\] N/https is used while define\\(\\) runs`)));
      expect(ruleErrors('n-module-in-define').filter((m) => m.includes('entrylike.js'))).toEqual([]);
    });

    it('leaves alone what only runs later: entry points, callbacks, functions never called at load, shadowing parameters', () => {
      lib('fine.js', [
        "define(['N/record', 'N/log', 'N/cache'], function (record, log, cache) {",
        '  function helper() { return record.Type.CUSTOM_RECORD; }',
        '  var onLater = function () { log.audit({ title: "x", details: "y" }); };',
        '  [1, 2].forEach(function (record) { return record.x; });', // a parameter named like the module
        '  class Lazy { field = cache.Scope.PRIVATE; method() { return record.load; } }',
        '  var lazyTree = { run: function () { return helper(); } };',
        '  return { execute: function () { helper(); onLater(); return new Lazy(); }, lazyTree: lazyTree };',
        '});',
      ].join('\n'));
      expect(ruleErrors('n-module-in-define').filter((m) => m.includes('fine.js'))).toEqual([]);
    });

    it('reports a script that is not valid JavaScript, with its line', () => {
      const shown = lib('broken.js', "define(['N/log'], function (log) {\n  return { x: ;\n});\n");
      expect(ruleErrors('unparsable-script')).toContainEqual(expect.stringMatching(new RegExp(`^${shown}:2: \\[unparsable-script\\]`)));
    });
  });

  it('mandatory-script-parameter: <ismandatory>T</ismandatory> on a script parameter (SDF cannot deploy it)', () => {
    const refresher = obj(SCRIPTS.refresher.scriptId);
    const text = fs.readFileSync(refresher, 'utf8');
    const at = text.indexOf('<ismandatory>', text.indexOf('scriptid="custscript_oauth_client_id"'));
    const line = text.slice(0, at).split('\n').length;
    fs.writeFileSync(refresher, `${text.slice(0, at)}<ismandatory>T</ismandatory>${text.slice(text.indexOf('</ismandatory>', at) + '</ismandatory>'.length)}`);
    expect(ruleErrors('mandatory-script-parameter')).toEqual([
      `src/Objects/customscript_oauth_token_refresher.xml:${line}: [mandatory-script-parameter] script parameter custscript_oauth_client_id is mandatory (<ismandatory>T</ismandatory>): suitecloud project:deploy fails because SDF has no value to give it; make it <ismandatory>F</ismandatory> and check the value when the script runs`,
    ]);
  });

  it('on-demand-deployment-status: customdeploy_oauth_token_refresher_now must exist and be NOTSCHEDULED; the scheduled one SCHEDULED', () => {
    const refresher = obj(SCRIPTS.refresher.scriptId);
    const original = fs.readFileSync(refresher, 'utf8');
    expect(original).toContain('customdeploy_oauth_token_refresher_now');
    edit(refresher, '<status>NOTSCHEDULED</status>', '<status>SCHEDULED</status>');
    expect(ruleErrors('on-demand-deployment-status')).toEqual([
      'src/Objects/customscript_oauth_token_refresher.xml: [on-demand-deployment-status] deployment customdeploy_oauth_token_refresher_now has status SCHEDULED; it must be NOTSCHEDULED: task.submit() runs a Scheduled deployment only at its scheduled times, not now',
    ]);
    fs.writeFileSync(refresher, original.replace('<status>SCHEDULED</status>', '<status>NOTSCHEDULED</status>'));
    expect(ruleErrors('scheduled-deployment-status')).toEqual([
      'src/Objects/customscript_oauth_token_refresher.xml: [scheduled-deployment-status] deployment customdeploy_oauth_token_refresher has status NOTSCHEDULED; it must be SCHEDULED to refresh every 15 minutes',
    ]);
    fs.writeFileSync(refresher, original.replace('scriptid="customdeploy_oauth_token_refresher_now"', 'scriptid="customdeploy_oauth_token_refresher_x"'));
    expect(ruleErrors('on-demand-deployment-status')).toEqual([expect.stringContaining('has no deployment customdeploy_oauth_token_refresher_now (status NOTSCHEDULED)')]);
  });

  it('parameter-per-deployment: with two refresher deployments, a parameter that is not a company preference is named', () => {
    const refresher = obj(SCRIPTS.refresher.scriptId);
    const text = fs.readFileSync(refresher, 'utf8')
      .replace(/<setting>[^<]*<\/setting>\s*/g, '')
      .replace(/(<scriptcustomfield scriptid="custscript_oauth_[a-z_]+">)/g, '$1\n      <setting>COMPANY</setting>');
    fs.writeFileSync(refresher, text);
    const perDeployment = (): string[] => warnings(validateProject(project)).filter((m) => m.includes('[parameter-per-deployment]'));
    expect(perDeployment()).toEqual([]);
    edit(refresher, '<scriptcustomfield scriptid="custscript_oauth_scope">\n      <setting>COMPANY</setting>', '<scriptcustomfield scriptid="custscript_oauth_scope">');
    expect(perDeployment()).toEqual([expect.stringMatching(/\[parameter-per-deployment\] customscript_oauth_token_refresher has 2 deployments, and custscript_oauth_scope is a parameter of one deployment each: .*<setting>COMPANY<\/setting>/)]);
  });

  it('public-cache-scope: N/cache Scope.PUBLIC or scope "PUBLIC" anywhere in a built file', () => {
    const shown = lib('cachey.js', [
      "define(['N/cache'], function (cache) {",
      '  return {',
      "    a: function () { return cache.getCache({ name: 'x', scope: cache.Scope.PUBLIC }); },",
      "    b: function () { return cache.getCache({ name: 'y', scope: 'PUBLIC' }); },",
      "    c: function () { return cache.getCache({ name: 'z', scope: cache.Scope.PROTECTED }); },",
      '  };',
      '});',
    ].join('\n'));
    const found = ruleErrors('public-cache-scope').filter((m) => m.startsWith(shown));
    expect(found.map((m) => Number(/:(\d+):/.exec(m)?.[1]))).toEqual([3, 4]);
    expect(found[0]).toContain('every script in the account, installed SuiteApps included');
  });

  it('blocked-response-header: setHeader of a header a Suitelet may not set (SSS_INVALID_HEADER), any letter case', () => {
    const shown = lib('headers.js', [
      "define([], function () {",
      '  return { onRequest: function (ctx) {',
      "    ctx.response.setHeader({ name: 'WWW-Authenticate', value: 'ApiKey' });",
      "    ctx.response.setHeader('retry-after', '30');",
      "    ctx.response.setHeader({ name: 'Cache-Control', value: 'no-store' });",
      "    ctx.response.addHeader({ name: 'Content-Length', value: '3' });",
      '  } };',
      '});',
    ].join('\n'));
    const found = ruleErrors('blocked-response-header').filter((m) => m.startsWith(shown));
    expect(found).toEqual([
      `${shown}:3: [blocked-response-header] setHeader('WWW-Authenticate'): a Suitelet may not set WWW-Authenticate; NetSuite throws SSS_INVALID_HEADER (put the information in the JSON body instead)`,
      `${shown}:4: [blocked-response-header] setHeader('retry-after'): a Suitelet may not set retry-after; NetSuite throws SSS_INVALID_HEADER (put the information in the JSON body instead)`,
    ]);
    expect(warnings(validateProject(project))).toContain(`${shown}:6: [ignored-request-header] addHeader('Content-Length'): NetSuite ignores Content-Length set by a script`);
  });

  it('scheduled-deployment-submitted: a task for a deployment whose status is SCHEDULED (it would not run now)', () => {
    const shown = lib('submit.js', [
      "define(['N/task'], function (task) {",
      '  return { go: function () {',
      "    task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: 'customscript_oauth_token_refresher', deploymentId: 'customdeploy_oauth_token_refresher' }).submit();",
      "    task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: 'customscript_oauth_token_refresher', deploymentId: 'customdeploy_oauth_token_refresher_now' }).submit();",
      '  } };',
      '});',
    ].join('\n'));
    expect(ruleErrors('scheduled-deployment-submitted').filter((m) => m.startsWith(shown))).toEqual([
      `${shown}:3: [scheduled-deployment-submitted] prepares task.submit() of customdeploy_oauth_token_refresher, whose status is SCHEDULED: NetSuite runs it only at its scheduled times, not now; submit a NOTSCHEDULED deployment`,
    ]);
  });

  it('literal-list-internal-id: a custom-list field compared with, set to or submitted as a literal number', () => {
    const shown = lib('listids.js', [
      "define(['N/record'], function (record) {",
      '  return { go: function (rec) {',
      "    if (rec.getValue({ fieldId: 'custrecord_oauth_status' }) === 3) return 1;",
      "    rec.setValue({ fieldId: 'custrecord_oauth_status', value: '2' });",
      "    record.submitFields({ type: 'customrecord_oauth_token', id: 1, values: { custrecord_oauth_status: 1, custrecord_oauth_token: 'x' } });",
      "    if (rec.getValue('custrecord_oauth_token') === '5') return 2;", // not a list field
      '  } };',
      '});',
    ].join('\n'));
    const found = ruleErrors('literal-list-internal-id').filter((m) => m.startsWith(shown));
    expect(found.map((m) => Number(/:(\d+):/.exec(m)?.[1]))).toEqual([3, 4, 5]);
    expect(found[0]).toContain('compares the list field custrecord_oauth_status with the literal internal id 3: custom-list internal ids differ per account');
  });
});
