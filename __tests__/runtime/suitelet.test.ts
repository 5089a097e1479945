import { describe, expect, it } from '@jest/globals';
import { ADMIN, LIST, logged, setup, suitelet, suiteletScript } from './helpers';

function one(body: string, deps: Record<string, string> = {}, audience: 'public' | 'admins' = 'public') {
  const { account } = setup({ 'p.js': suitelet({ log: 'N/log', ...deps }, body) }, [suiteletScript('p', 'p.js', audience)]);
  return account;
}

describe('Suitelet requests', () => {
  it('gives the script header names lower-cased and Title-Cased, query parameters, body, method and client address', () => {
    const account = one(`
      log.debug('req', {
        lower: request.headers['x-api-key'], title: request.headers['X-Api-Key'], underscore: request.headers['x_custom'] === undefined && request.headers['X_custom'] === undefined,
        params: request.parameters, method: request.method, body: request.body, ip: request.clientIpAddress, hasUrl: request.url.indexOf('/app/site/hosting/scriptlet.nl?') > 0
      });
      response.write('ok');`);
    const r = account.runSuitelet({
      deploymentId: 'customdeploy_p',
      method: 'post',
      headers: { 'X-API-KEY': 'nsk_abc', X_Custom: 'dropped', 'Content-Type': 'application/json' },
      parameters: { foo: 'bar' },
      body: '{"a":1}',
      clientIpAddress: '198.51.100.7',
    });
    expect(r.status).toBe(200);
    const req = logged(r.logs, 'req') as Record<string, unknown>;
    expect(req).toMatchObject({ lower: 'nsk_abc', title: 'nsk_abc', underscore: true, method: 'POST', body: '{"a":1}', ip: '198.51.100.7', hasUrl: true });
    expect(req['params']).toMatchObject({ foo: 'bar', deploy: '1', compid: '1234567_SB1' });
  });

  it('puts the fields of a form POST into request.parameters', () => {
    const account = one(`response.write(JSON.stringify(request.parameters));`);
    const r = account.runSuitelet({
      deploymentId: 'customdeploy_p',
      method: 'POST',
      path: '?q=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'custpage_name=My+Client&q=2',
    });
    expect(JSON.parse(r.body)).toMatchObject({ custpage_name: 'My Client', q: '1' });
  });

  it('answers 200 whatever the script writes; it cannot set the status', () => {
    const account = one(`
      response.setHeader({ name: 'Content-Type', value: 'application/json' });
      response.setHeader({ name: 'Cache-Control', value: 'no-store' });
      response.addHeader({ name: 'X-Trace', value: 'a' });
      response.addHeader({ name: 'X-Trace', value: 'b' });
      response.setHeader({ name: 'Content-Length', value: '999' });
      response.write({ output: JSON.stringify({ error: 'unauthorized' }) });`);
    const r = account.runSuitelet({ deploymentId: 'customdeploy_p' });
    expect(r.status).toBe(200);
    expect(r.headers).toEqual({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Trace': ['a', 'b'] });
    expect(JSON.parse(r.body)).toEqual({ error: 'unauthorized' });
  });

  it('defaults to text/html', () => {
    const r = one(`response.write('<p>hi</p>');`).runSuitelet({ deploymentId: 'customdeploy_p' });
    expect(r.headers['Content-Type']).toBe('text/html; charset=UTF-8');
  });

  it('throws SSS_INVALID_HEADER for WWW-Authenticate, Retry-After and Date in any case', () => {
    const account = one(`
      var out = ['WWW-Authenticate', 'retry-after', 'DATE', 'Location'].map(function (name) {
        try { response.setHeader({ name: name, value: 'x' }); return 'set'; } catch (e) { return e.name; }
      });
      try { response.addHeader({ name: 'www-authenticate', value: 'Bearer' }); out.push('added'); } catch (e) { out.push(e.name); }
      response.write(JSON.stringify(out));`);
    const r = account.runSuitelet({ deploymentId: 'customdeploy_p' });
    expect(JSON.parse(r.body)).toEqual(['SSS_INVALID_HEADER', 'SSS_INVALID_HEADER', 'SSS_INVALID_HEADER', 'SSS_INVALID_HEADER', 'SSS_INVALID_HEADER']);
    expect(r.headers['WWW-Authenticate']).toBeUndefined();
  });

  it('answers an uncaught error with NetSuite HTML error page, status 500, and an ERROR log; earlier output is lost', () => {
    const account = one(`response.write('partial'); throw error.create({ name: 'MY_FAILURE', message: 'it broke' });`, { error: 'N/error' });
    const r = account.runSuitelet({ deploymentId: 'customdeploy_p' });
    expect(r.status).toBe(500);
    expect(r.headers['Content-Type']).toBe('text/html; charset=UTF-8');
    expect(r.body).toContain('An unexpected SuiteScript error has occurred');
    expect(r.body).toContain('MY_FAILURE');
    expect(r.body).not.toContain('partial');
    expect(r.error).toMatchObject({ name: 'MY_FAILURE', message: 'it broke' });
    expect(r.logs).toEqual([expect.objectContaining({ level: 'ERROR', title: 'MY_FAILURE', deploymentId: 'customdeploy_p' })]);
    expect(JSON.parse(r.logs[0]?.details ?? '')).toMatchObject({ type: 'error.SuiteScriptError', name: 'MY_FAILURE', message: 'it broke' });
  });

  it('runs "available without login" deployments as the online user (-4, role -31)', () => {
    const account = one(`var u = runtime.getCurrentUser(); response.write(JSON.stringify([u.id, u.role, u.roleId, runtime.executionContext]));`, { runtime: 'N/runtime' });
    expect(JSON.parse(account.runSuitelet({ deploymentId: 'customdeploy_p' }).body)).toEqual([-4, -31, 'online_form_user', 'SUITELET']);
  });

  it('refuses callers outside the audience before the script runs, and asks anonymous callers to log in', () => {
    const account = one(`log.audit('ran', 'yes'); response.write('secret page');`, {}, 'admins');
    const anonymous = account.runSuitelet({ deploymentId: 'customdeploy_p' });
    expect(anonymous).toMatchObject({ status: 302, refused: 'LOGIN_REQUIRED', logs: [] });
    const clerk = account.runSuitelet({ deploymentId: 'customdeploy_p', user: { id: 9, roleId: 'customrole_clerk', role: 1001 } });
    expect(clerk.refused).toBe('INSUFFICIENT_PERMISSION');
    expect(clerk.body).toContain('You do not have privileges to view this page.');
    expect(clerk.body).not.toContain('secret page');
    expect(clerk.logs).toEqual([]);
    const admin = account.runSuitelet({ deploymentId: 'customdeploy_p', user: ADMIN });
    expect(admin).toMatchObject({ status: 200, body: 'secret page' });
  });

  it('redirects with N/redirect and response.sendRedirect', () => {
    const account = one(`
      if (request.parameters.via === 'module') redirect.toSuitelet({ scriptId: 'customscript_p', deploymentId: 'customdeploy_p', parameters: { done: 'T' } });
      else response.sendRedirect({ type: 'SUITELET', identifier: 'customscript_p', id: 'customdeploy_p', parameters: { done: 'T' } });`, { redirect: 'N/redirect' });
    const a = account.runSuitelet({ deploymentId: 'customdeploy_p', parameters: { via: 'module' } });
    expect(a.status).toBe(302);
    expect(a.headers['Location']).toMatch(/^\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=1&done=T$/);
    const b = account.runSuitelet({ deploymentId: 'customdeploy_p' });
    expect(b.redirect?.kind).toBe('SUITELET');
    expect(b.headers['Location']).toBe(a.headers['Location']);
  });
});

describe('serverWidget pages', () => {
  it('renders a form to readable HTML and keeps a JSON model of what the administrator sees', () => {
    const account = one(
      `
      var form = ui.createForm({ title: 'API clients' });
      form.addPageInitMessage({ type: message.Type.CONFIRMATION, title: 'Key created', message: 'Copy it now: <shown once>' });
      form.addFieldGroup({ id: 'grp_new', label: 'New client' });
      var name = form.addField({ id: 'custpage_name', type: ui.FieldType.TEXT, label: 'Name', container: 'grp_new' });
      name.isMandatory = true;
      name.setHelpText({ help: 'Who calls the proxy' });
      form.addField({ id: 'custpage_status', type: ui.FieldType.SELECT, label: 'Status', source: '${LIST}' });
      var key = form.addField({ id: 'custpage_key', type: ui.FieldType.TEXT, label: 'Key' });
      key.defaultValue = 'nsk_123';
      key.updateDisplayType({ displayType: ui.FieldDisplayType.INLINE });
      form.addField({ id: 'custpage_html', type: ui.FieldType.INLINEHTML, label: 'x' }).defaultValue = '<em>raw</em>';
      var sub = form.addSublist({ id: 'custpage_clients', type: ui.SublistType.LIST, label: 'Clients' });
      sub.addField({ id: 'custpage_c_name', type: ui.FieldType.TEXT, label: 'Client' });
      sub.addField({ id: 'custpage_c_last', type: ui.FieldType.TEXT, label: 'Last used' });
      sub.setSublistValue({ id: 'custpage_c_name', line: 0, value: 'ERP <sync>' });
      sub.setSublistValue({ id: 'custpage_c_last', line: 0, value: '1/15/2026 10:30 am' });
      form.addSubmitButton({ label: 'Create client' });
      form.addButton({ id: 'custpage_revoke', label: 'Revoke', functionName: 'revoke' });
      form.clientScriptModulePath = './client.js';
      response.writePage(form);`,
      { ui: 'N/ui/serverWidget', message: 'N/ui/message' },
      'admins',
    );
    const r = account.runSuitelet({ deploymentId: 'customdeploy_p', user: ADMIN });
    expect(r.error).toBeUndefined();
    expect(r.page).toMatchObject({
      title: 'API clients',
      messages: [{ type: 'CONFIRMATION', title: 'Key created', message: 'Copy it now: <shown once>' }],
      fieldGroups: [{ id: 'grp_new', label: 'New client' }],
      buttons: [
        { label: 'Create client', kind: 'submit' },
        { id: 'custpage_revoke', label: 'Revoke', kind: 'button', functionName: 'revoke' },
      ],
      sublists: [{ id: 'custpage_clients', type: 'LIST', lines: [{ custpage_c_name: 'ERP <sync>', custpage_c_last: '1/15/2026 10:30 am' }] }],
      clientScriptModulePath: './client.js',
    });
    expect(r.page?.fields.find((f) => f.id === 'custpage_name')).toMatchObject({ mandatory: true, help: 'Who calls the proxy', container: 'grp_new' });
    expect(r.page?.fields.find((f) => f.id === 'custpage_key')).toMatchObject({ value: 'nsk_123', displayType: 'INLINE' });
    expect(r.page?.fields.find((f) => f.id === 'custpage_status')?.options?.map((o) => o.text)).toEqual(['Active', 'Error', 'Expired']);
    expect(r.body).toContain('<title>API clients</title>');
    // As in NetSuite, message texts and sublist cells are HTML: the script escapes what it puts there.
    expect(r.body).toContain('Copy it now: <shown once>');
    expect(r.body).toContain('<legend>New client</legend>');
    expect(r.body).toContain('<span class="value" id="custpage_key">nsk_123</span>');
    expect(r.body).toContain('<em>raw</em>');
    expect(r.body).toContain('<td>ERP <sync></td>');
    expect(r.body).toContain('<button type="submit" name="submitter" value="Create client">Create client</button>');
  });
});
