// Test helpers for the ns-oauth command line: in-process runs (fast), real child-process runs of
// bin/ns-oauth.js (exit codes, streams), key files, and a local HTTP server around the fake NetSuite
// token endpoint (tools/fake-netsuite).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTokenEndpoint, isNetworkFault, TOKEN_PATH, type TokenEndpoint } from '../../tools/fake-netsuite';
import type { SigningKeyMaterial } from '../../tools/keys';
import type { CliIo } from '../../tools/cli/io';
import { runCli } from '../../tools/cli/main';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'ns-oauth.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string;
  cwd?: string;
  now?: () => number;
}

/** Runs the CLI in this process with captured streams. */
export async function run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => opts.stdin ?? '',
    stdinIsTty: false,
    cwd: opts.cwd ?? process.cwd(),
    now: opts.now ?? (() => Date.now()),
    fetch: (...args) => fetch(...args),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Runs bin/ns-oauth.js as a child process (asynchronously: a server in this process can answer it). */
export function runBin(argv: string[], opts: { input?: string; cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: opts.cwd ?? os.tmpdir(), stdio: ['pipe', 'pipe', 'pipe'], ...(opts.env ? { env: opts.env } : {}) });
    // A command that hangs is killed (exit code -1 then), so a test fails instead of leaving it spinning.
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('exit', () => clearTimeout(timer));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

const tmpDirs: string[] = [];
export function tmpDir(prefix = 'ns-oauth-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}
export function removeTmpDirs(): void {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Writes a key (0600) and certificate next to each other; returns their paths. */
export function writeKeyPair(dir: string, name: string, m: Pick<SigningKeyMaterial, 'privateKeyPem' | 'certificatePem'>): { key: string; cert: string } {
  const key = path.join(dir, `${name}.key.pem`);
  const cert = path.join(dir, `${name}.cert.pem`);
  fs.writeFileSync(key, m.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(cert, m.certificatePem, { mode: 0o644 });
  return { key, cert };
}

export const ACCOUNT = '1234567_SB1';
export const CLIENT_ID = 'c1a5e0f0b2d34c9e8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d';

export interface FakeNetSuite {
  endpoint: TokenEndpoint;
  /** Loopback URL of the token endpoint (for --token-url). */
  url: string;
  /** Every access token the server answered, to check no output contains one. */
  issued: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (port 0) in front of createTokenEndpoint(...).handleAsync. */
export async function startFakeNetSuite(opts: { now?: () => number } = {}): Promise<FakeNetSuite> {
  const endpoint = createTokenEndpoint({ accountId: ACCOUNT, ...(opts.now ? { now: opts.now } : {}) });
  const issued: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      // The endpoint checks the absolute NetSuite URL; the loopback server stands in for that host.
      endpoint
        .handleAsync({ method: req.method ?? 'GET', url: endpoint.url, headers, body: Buffer.concat(chunks).toString('utf8') })
        .then((r) => {
          if (r.code === 200) {
            try {
              const token = (JSON.parse(r.body) as { access_token?: unknown }).access_token;
              if (typeof token === 'string') issued.push(token);
            } catch {
              /* fault bodies are not JSON */
            }
          }
          res.writeHead(r.code, r.headers);
          res.end(r.body);
        })
        .catch((e: unknown) => {
          if (isNetworkFault(e)) req.socket.destroy();
          else {
            res.writeHead(500);
            res.end(String(e));
          }
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint,
    url: `http://127.0.0.1:${port}${TOKEN_PATH}`,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens (a server was started there and closed). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${TOKEN_PATH}`;
}
