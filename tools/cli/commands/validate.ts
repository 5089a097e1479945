/** `ns-oauth validate [projectDir]`: the offline SDF checks of tools/sdf. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateProject } from '../../sdf/validate';
import { runValidateCli } from '../../sdf/validateCli';
import { EXIT, usageError } from '../exitCodes';
import type { CliIo } from '../io';
import { PROJECT_SDF_DIR, shownPath } from '../paths';

export interface ValidateOptions {
  json?: boolean;
}

/** `src` under the working directory when it is an SDF project there, else this project's own src. */
export function defaultProjectDir(cwd: string): string {
  const local = path.join(cwd, 'src');
  return fs.existsSync(path.join(local, 'manifest.xml')) ? local : PROJECT_SDF_DIR;
}

export async function validateCommand(projectDir: string | undefined, opts: ValidateOptions, io: CliIo): Promise<number> {
  const dir = projectDir !== undefined ? path.resolve(io.cwd, projectDir) : defaultProjectDir(io.cwd);
  const shown = shownPath(dir, io.cwd);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw usageError(`${shown} is not a folder.`, 'pass the SDF project folder (the one with manifest.xml, deploy.xml and Objects), e.g. ns-oauth validate src');
  }
  if (opts.json) {
    const findings = validateProject(dir);
    const errors = findings.filter((f) => f.severity === 'error').length;
    io.stdout(JSON.stringify({ projectDir: dir, ok: errors === 0, errors, warnings: findings.length - errors, findings }, null, 2) + '\n');
    return errors === 0 ? EXIT.OK : EXIT.FAILED;
  }
  const code = runValidateCli([dir], { out: (line) => io.stdout(line + '\n'), err: (line) => io.stderr(line + '\n') });
  return code === 0 ? EXIT.OK : EXIT.FAILED;
}
