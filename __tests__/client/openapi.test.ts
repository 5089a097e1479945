/**
 * docs/openapi.json validates cleanly with the two common validators: @apidevtools/swagger-parser
 * (validate: schema + references) and Redocly CLI (lint with its recommended rules: no error and no
 * warning). Each check is also run on a copy with a known defect, so it is shown to be able to fail.
 */
import { describe, expect, it } from '@jest/globals';
import { execFile as execFileCb } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SwaggerParser = require('@apidevtools/swagger-parser') as { validate(api: string | object): Promise<unknown> };

const execFile = promisify(execFileCb);
const ROOT = path.resolve(__dirname, '../..');
const DOC = path.join(ROOT, 'docs', 'openapi.json');
const REDOCLY = path.join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk a parsed JSON document
type Json = any;

interface LintResult {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string; location?: { pointer?: string }[] }[];
}

/** `redocly lint --format=json` (its recommended rules; no telemetry, no update check: the CI is offline). */
async function redoclyLint(file: string): Promise<LintResult> {
  const run = await execFile(process.execPath, [REDOCLY, 'lint', file, '--format=json'], {
    cwd: ROOT,
    timeout: 60_000,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' })); // exit code 1 on errors: the JSON still tells
  return JSON.parse(run.stdout) as LintResult;
}

function defectiveCopy(change: (doc: Json) => void): { file: string; done: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
  const doc = JSON.parse(readFileSync(DOC, 'utf8')) as Json;
  change(doc);
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return { file, done: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('docs/openapi.json', () => {
  it('passes @apidevtools/swagger-parser validate', async () => {
    await expect(SwaggerParser.validate(DOC)).resolves.toBeDefined();
  });

  it('has no Redocly lint error or warning', async () => {
    const result = await redoclyLint(DOC);
    expect(result.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? ''}`)).toEqual([]);
    expect(result.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  }, 90_000);

  it('the checks can fail: a defective copy is refused by each', async () => {
    const badSchema = defectiveCopy((d) => {
      d['components']['schemas']['ProxyAnswer']['oneOf'][0]['$ref'] = '#/components/schemas/TokenAnswer'; // no such schema
    });
    const noErrorResponses = defectiveCopy((d) => {
      for (const op of Object.values<Json>(d['paths']['/app/site/hosting/scriptlet.nl'])) {
        if (op?.['responses']) delete op['responses']['4XX'];
      }
    });
    try {
      await expect(SwaggerParser.validate(badSchema.file)).rejects.toThrow(/TokenAnswer/);
      const lint = await redoclyLint(noErrorResponses.file);
      expect(lint.totals.warnings).toBeGreaterThan(0);
      expect(lint.problems.map((p) => p.ruleId)).toContain('operation-4xx-response');
    } finally {
      badSchema.done();
      noErrorResponses.done();
    }
  }, 90_000);

  it('stays true to the contract: X-API-Key, every answer of the proxy is HTTP 200, the others are marked as not the proxy\'s', () => {
    const doc = JSON.parse(readFileSync(DOC, 'utf8')) as Json;
    expect(doc['components']['securitySchemes']['ApiKey']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    for (const op of ['get', 'post', 'put']) {
      const responses = doc['paths']['/app/site/hosting/scriptlet.nl'][op]['responses'] as Json;
      expect(Object.keys(responses).sort()).toEqual(['200', '3XX', '4XX', '5XX']);
      for (const code of ['3XX', '4XX', '5XX']) {
        const ref = String(responses[code]['$ref']).split('/').pop() as string;
        expect(doc['components']['responses'][ref]['description']).toMatch(/^Never the proxy's own answer/);
      }
    }
  });
});
