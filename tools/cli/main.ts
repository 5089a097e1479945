/**
 * `ns-oauth`: the administrator's command line for the NetSuite OAuth 2.0 token proxy.
 * Run through bin/ns-oauth.js (any working directory) or `npx tsx tools/cli/main.ts`.
 * Commands: keygen, apikey create|hash, doctor, token, validate. Exit codes: exitCodes.ts.
 * Each command's module is imported only when it runs, so `--help` loads no crypto or XML code
 * (start-up time: docs/CLI.md).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, describeError } from '../../src/TypeScript/core/errors';
import { parseAlgorithm } from '../../src/TypeScript/core/algorithms';
import { MAX_CERTIFICATE_DAYS, type NetSuiteAlgorithm } from '../keys/limits';
import { addConfigOptions, CONFIG_OPTIONS_HELP } from './commands/shared';
import { CliError, EXIT, EXIT_CODE_HELP } from './exitCodes';
import { CERT_FILE, KEY_FILE, KEYGEN_TARGETS, STORE_FILE } from './files';
import { type CliIo, processIo } from './io';
import { PROJECT_ROOT } from './paths';

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function parseInteger(what: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${what} must be a whole number.`);
    return Number(value);
  };
}

function parseAlgOption(value: string): NetSuiteAlgorithm {
  try {
    return parseAlgorithm(value, '--alg').name;
  } catch (e) {
    if (e instanceof ConfigError) throw new InvalidArgumentError(e.message.replace(/^--alg: /, ''));
    throw e;
  }
}

export function createProgram(io: CliIo, result: { code: number }): Command {
  const program = new Command('ns-oauth');
  program
    .description('Admin tools for the NetSuite OAuth 2.0 client-credentials token proxy: keys, API keys, configuration checks, tokens.')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(add --help for usage)')
    .helpCommand(false)
    .addHelpText('after', `\n${EXIT_CODE_HELP}\n\nDocumentation: docs/CLI.md`);
  const done = (code: number): void => {
    result.code = code;
  };

  program
    .command('keygen')
    .description('Make a key pair and the self-signed certificate NetSuite\'s OAuth 2.0 M2M setup accepts (pure Node, no openssl).')
    .addOption(new Option('--alg <alg>', 'signing algorithm: PS256/PS384/PS512 (RSA) or ES256/ES384/ES512 (EC)').default('PS256').argParser(parseAlgOption))
    .addOption(new Option('--bits <bits>', 'RSA key size for PS*: 3072 or 4096 (default 4096)').argParser(parseInteger('--bits')))
    .addOption(new Option('--days <days>', `certificate validity in days, at most ${MAX_CERTIFICATE_DAYS} (NetSuite's maximum)`).default(MAX_CERTIFICATE_DAYS).argParser(parseInteger('--days')))
    .option('--cn <name>', 'certificate subject common name', 'netsuite-oauth-m2m')
    .addOption(new Option('--for <target>', 'm2m: a key file the refresher reads from the File Cabinet; certificate-store: a file to import under Setup > Company > Certificates (RSASSA-PSS or EC key)').choices([...KEYGEN_TARGETS]).default('m2m'))
    .option('-o, --out <dir>', 'folder to write the files to (created 0700 if missing; never inside an SDF project)', '.')
    .option('--json', 'print a JSON summary instead of the next steps')
    .addHelpText('after', `
--for m2m (default) writes ${KEY_FILE} (PKCS#8, mode 0600) and ${CERT_FILE} (mode 0600) to --out.
--for certificate-store writes ${STORE_FILE} (certificate + key in one PEM, for Setup > Company >
Certificates; PS* get an RSASSA-PSS key, as N/crypto/certificate requires) and ${CERT_FILE}. It never overwrites
an existing file (there is no --force: a key still in use must not be lost) and refuses to write into
an SDF project folder such as this project's src/ (a deploy would upload the key).
The certificate goes to NetSuite's OAuth 2.0 Client Credentials (M2M) Setup; the key to a restricted
File Cabinet folder. The summary lists the parameters to set.

Examples:
  ns-oauth keygen --out ~/netsuite-keys                   PS256, RSA 4096, 730 days
  ns-oauth keygen --alg ES256 --days 365 --out ~/netsuite-keys/es256
  ns-oauth keygen --for certificate-store --out ~/netsuite-keys/store   key stays in NetSuite's certificate store`)
    .action(async (opts) => done(await (await import('./commands/keygen')).keygenCommand(opts, io)));

  const apikey = program
    .command('apikey')
    .description('API keys for the token proxy (nsk_ + 32 random bytes; only the SHA-256 is stored).')
    .helpCommand(false);
  apikey
    .command('create')
    .description('Make a new API key and the field values of its customrecord_oauth_api_client record. The key is printed once.')
    .option('--name <name>', 'client name, e.g. the external system (required)')
    .option('--allowed-ips <list>', 'IPv4/IPv6 addresses or CIDR ranges, comma-separated (empty = any address)')
    .option('--expires <date>', 'expiry: YYYY-MM-DD (00:00 UTC), an ISO date-time with zone, or days from now like 90d')
    .option('--json', 'print JSON: apiKey, keyHash, keyPrefix, fingerprint, record fields')
    .addHelpText('after', `
Examples:
  ns-oauth apikey create --name "Data warehouse" --allowed-ips "203.0.113.0/24, 2001:db8::1" --expires 2026-12-31
  ns-oauth apikey create --name reporting --expires 90d --json

The key admin page (customdeploy_oauth_key_admin) does the same inside NetSuite; use this command
when you create the record yourself (CSV import, SuiteQL tools) or to prepare a rotation.`)
    .action(async (opts) => done(await (await import('./commands/apikey')).apikeyCreateCommand(opts, io)));
  apikey
    .command('hash')
    .description('Print the lower-case hex SHA-256 of an API key read from standard input.')
    .option('--json', 'print JSON: keyHash, keyPrefix, fingerprint')
    .allowExcessArguments(true)
    .addHelpText('after', `
The key is read from standard input, never from the command line: command-line arguments are kept in
shell history and are visible to other users in process lists (ps). Pipe it in, or run the command
without input and paste the key (it is not echoed).

Examples:
  printf %s "$API_KEY" | ns-oauth apikey hash
  ns-oauth apikey hash < key.txt
  ns-oauth apikey hash              (then paste the key and press Enter)

Exit code 2 when the input is not an API key (nsk_ + at least 43 base64url characters).`)
    .action(async (opts, cmd: Command) => done(await (await import('./commands/apikey')).apikeyHashCommand(opts, cmd.args, io)));

  addConfigOptions(
    program
      .command('doctor')
      .description('Check a client-credentials configuration against NetSuite\'s rules, each check with a fix; --live also requests a token.'),
  )
    .option('--live', 'sign an assertion and request a token from NetSuite (prints the token\'s length and expiry, never the token)')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', `${CONFIG_OPTIONS_HELP}

Checks: account id and token URL; client and certificate ids; algorithm (never RS256); scope; the
key (readable, unencrypted, RSA 3072/4096 for PS*, the algorithm's curve for ES*, not in an SDF
project); the certificate (parses, matches the key, valid now, not expiring within 30 days, valid at
most 730 days). Exit 0 when nothing failed (warnings allowed), 1 on a failure, 3 when --live could not
reach NetSuite.

Examples:
  ns-oauth doctor --config netsuite.json
  ns-oauth doctor --account-id 1234567_SB1 --client-id <id> --certificate-id <id> \\
    --key ~/netsuite-keys/private_key.pem --cert ~/netsuite-keys/certificate.pem --live`)
    .action(async (opts) => done(await (await import('./commands/doctor')).doctorCommand(opts, io)));

  addConfigOptions(
    program
      .command('token')
      .description('Get a NetSuite access token directly (client credentials), for systems that can run a command instead of calling the proxy.'),
  )
    .option('--json', 'print {"access_token", "token_type", "expires_in", "expires_at"} (the default)')
    .option('--raw', 'print only the bare access token, e.g. for ACCESS_TOKEN=$(ns-oauth token --raw ...)')
    .addHelpText('after', `${CONFIG_OPTIONS_HELP}

Prints {"access_token", "token_type", "expires_in", "expires_at"} as JSON on standard output (and
nothing else), or only the token with --raw. The token is a
secret: keep it in a variable, not in files or logs. Exit 1 when NetSuite refuses, 2 when the
configuration is invalid (nothing is sent), 3 on network or temporary errors.

Examples:
  ns-oauth token --config netsuite.json
  ACCESS_TOKEN=$(ns-oauth token --config netsuite.json --raw)`)
    .action(async (opts) => done(await (await import('./commands/token')).tokenCommand(opts, io)));

  program
    .command('validate')
    .description('Run the offline SDF checks (XML, script ids, references, built files, deploy.xml, secrets in the tree).')
    .argument('[projectDir]', 'the SDF project folder (default: ./src if it is one, else this project\'s src)')
    .option('--json', 'print the findings as JSON')
    .addHelpText('after', `
Exit 0 when there is no error (warnings allowed), 1 when there are errors, 2 when the folder does not exist.

Examples:
  ns-oauth validate
  ns-oauth validate path/to/project/src --json`)
    .action(async (dir: string | undefined, opts) => done(await (await import('./commands/validate')).validateCommand(dir, opts, io)));

  return program;
}

/** Runs the command line; returns the exit code (never calls process.exit). */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const result = { code: EXIT.OK as number };
  const program = createProgram(io, result);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; every parse error (already printed by commander) is a usage error.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const command = argv.filter((a) => !a.startsWith('-')).slice(0, argv[0] === 'apikey' ? 2 : 1).join(' ');
    if (e instanceof CliError) {
      io.stderr(`ns-oauth ${command}: ${e.message}\n${e.fix ? `  fix: ${e.fix}\n` : ''}`);
      return e.exitCode;
    }
    io.stderr(`ns-oauth ${command}: unexpected error: ${describeError(e)}\n  This is a bug in ns-oauth; please report it with the command you ran (without secrets).\n`);
    return EXIT.INTERNAL;
  }
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
