/**
 * `npm start`: the local NetSuite account on 127.0.0.1 (tools/local-account), running the project's
 * built SuiteScripts. `npm start -- --help` lists the options; docs/LOCAL.md explains them.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { DEFAULT_PORT, DEFAULT_STATE_DIR, LocalAccountError, LocalStateError, startLocalAccount, type LocalAccount } from './local-account';
import { describeRefresh, startScreen } from './local-account/screen';

interface StartOptions {
  port?: number;
  stateDir?: string;
  speed?: number;
  reset?: boolean;
  accountId?: string;
  newApiKey?: string | boolean;
  scheduler?: boolean;
  quiet?: boolean;
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value.trim()) || Number(value) > 65535) throw new InvalidArgumentError('use a whole number from 0 to 65535 (0 = any free port).');
  return Number(value);
}

function parseSpeed(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 10_000) throw new InvalidArgumentError('use a number above 0 and at most 10000 (1 = real time, 60 = one minute per second).');
  return n;
}

function parseAccountId(value: string): string {
  if (!/^[0-9][0-9A-Za-z]*(?:_[0-9A-Za-z]+)*$/.test(value)) throw new InvalidArgumentError('use a NetSuite account id such as 1234567 or 1234567_SB1.');
  return value;
}

function createStartProgram(): Command {
  return new Command('npm start --')
    .description("A local NetSuite account on 127.0.0.1 running this project's built SuiteScripts: the token refresher on its\n15-minute schedule, the token proxy and key admin Suitelets, the OAuth 2.0 token endpoint and a small REST/SuiteQL surface.")
    .option('--port <port>', `port on 127.0.0.1 (default: $PORT or ${DEFAULT_PORT}; 0 = any free port)`, parsePort)
    .option('--state-dir <dir>', `where the account is kept (default: ${DEFAULT_STATE_DIR})`)
    .option('--speed <n>', 'run the account clock n times faster than real time, e.g. 60 for a refresher run every 15 s', parseSpeed)
    .option('--reset', 'delete the local account and start over (new key, new integration, new API key)')
    .option('--account-id <id>', 'account id of a new account (default 1234567_SB1)', parseAccountId)
    .option('--new-api-key [name]', 'also create an API client of the default profile and print its key once (default name: the time)')
    .option('--no-scheduler', 'do not run the refresher on its schedule (only at start and on request)')
    .option('--quiet', 'do not print a line per request')
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  npm start                          start (creates the account on first start and prints its API key once)
  npm start -- --port 9000           another port (or PORT=9000 npm start)
  npm start -- --speed 60            a refresher run every 15 seconds, tokens expire within a minute
  npm start -- --new-api-key erp     another API client
  npm start -- --reset               start over

Documentation: docs/LOCAL.md`,
    );
}

async function main(argv: string[]): Promise<number> {
  const program = createStartProgram();
  let opts: StartOptions;
  try {
    program.parse(argv, { from: 'user' });
    opts = program.opts<StartOptions>();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  let port = opts.port;
  if (port === undefined && process.env['PORT'] !== undefined && process.env['PORT'] !== '') {
    try {
      port = parsePort(process.env['PORT']);
    } catch {
      process.stderr.write(`PORT=${process.env['PORT'].slice(0, 20)} is not a port: use a whole number from 0 to 65535.\n`);
      return 2;
    }
  }
  const interactive = process.stdin.isTTY === true;
  const quiet = opts.quiet === true;
  let local: LocalAccount;
  // Request lines start after the first screen (which already tells what happened at start).
  let ready = false;
  try {
    local = await startLocalAccount({
      ...(port !== undefined ? { port } : {}),
      ...(opts.stateDir !== undefined ? { stateDir: opts.stateDir } : {}),
      ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
      ...(opts.accountId !== undefined ? { accountId: opts.accountId } : {}),
      ...(opts.newApiKey !== undefined
        ? { newApiKeyName: typeof opts.newApiKey === 'string' ? opts.newApiKey : `client ${new Date().toISOString().slice(0, 16).replace('T', ' ')}` }
        : {}),
      reset: opts.reset === true,
      scheduler: opts.scheduler !== false,
      log: (line) => {
        if (line.startsWith('!')) process.stderr.write(`  ${line}\n`);
        else if (ready && !quiet) process.stdout.write(`  ${line}\n`);
      },
    });
  } catch (e) {
    if (e instanceof LocalAccountError || e instanceof LocalStateError) {
      process.stderr.write(`npm start: ${e.message}\n`);
      return e instanceof LocalAccountError && e.code === 'BAD_OPTION' ? 2 : 1;
    }
    if (e instanceof Error && /built SuiteScripts are missing/.test(e.message)) {
      process.stderr.write(`npm start: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(startScreen(local, { interactive, quiet }) + '\n');
  ready = true;

  return new Promise<number>((resolve) => {
    let stopping = false;
    let rl: readline.Interface | undefined;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      rl?.close();
      process.stdout.write(`\nStopping (${why})...\n`);
      local
        .stop()
        .then(() => {
          const rel = path.relative(process.cwd(), local.stateDir);
          const where = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? `${rel}/` : local.stateDir;
          process.stdout.write(`Stopped. The account is saved in ${where}; npm start picks it up again (npm start -- --reset starts over).\n`);
          resolve(0);
        })
        .catch((e: unknown) => {
          process.stderr.write(`npm start: could not save the state: ${(e as Error).message}\n`);
          resolve(1);
        });
    };
    process.once('SIGINT', () => stop('Ctrl-C'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    if (interactive) {
      rl = readline.createInterface({ input: process.stdin, terminal: false });
      rl.on('line', (line) => {
        const cmd = line.trim().toLowerCase();
        if (cmd === 'r') process.stdout.write(`  refresher: ${describeRefresh(local.runRefresher())}\n`);
        else if (cmd === 's') process.stdout.write(`${JSON.stringify(local.status(), null, 2)}\n`);
        else if (cmd === 'k') {
          const made = local.addApiClient({ name: `client ${new Date().toISOString().slice(0, 19).replace('T', ' ')}` });
          process.stdout.write(`  new API client "${made.name}" (profile Default); its key, shown this once:\n\n      export NS_API_KEY=${made.key}\n\n`);
        } else if (cmd === 'q') stop('q');
        else if (cmd !== '') process.stdout.write('  r = run the refresher now, s = status, k = new API key, q = stop\n');
      });
      rl.on('close', () => undefined);
    }
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Nothing may keep the process alive once the account has stopped (stdin in a terminal, a worker).
    setImmediate(() => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`npm start: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
