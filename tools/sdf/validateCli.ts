/**
 * Command-line runner of the offline SDF checks:
 *   npx tsx tools/sdf/validateCli.ts [projectDir]      (projectDir defaults to src)
 * Prints every finding and exits 1 when there is an error, 0 otherwise.
 */
import { validateProject, type Finding } from './validate';

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function formatFinding(finding: Finding): string {
  return `${finding.severity}: ${finding.message}`;
}

/** Runs the checks on argv[0] (default `src`); returns the exit code. */
export function runValidateCli(argv: readonly string[], output: CliOutput = defaultOutput): number {
  const projectDir = argv[0] ?? 'src';
  const findings = validateProject(projectDir);
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  for (const f of errors) output.err(formatFinding(f));
  for (const f of warnings) output.err(formatFinding(f));
  if (errors.length === 0) {
    output.out(`SDF project ${projectDir}: no errors${warnings.length ? `, ${warnings.length} warning(s)` : ''}.`);
    return 0;
  }
  output.err(`SDF project ${projectDir}: ${errors.length} error(s), ${warnings.length} warning(s).`);
  return 1;
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  process.exitCode = runValidateCli(process.argv.slice(2));
}
