import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FOLDER, SCRIPTS } from '../../src/TypeScript/core/names';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SHIPPED_SRC = path.join(REPO_ROOT, 'src');
export const SHIPPED_OBJECTS = path.join(SHIPPED_SRC, 'Objects');

const PLACEHOLDER = '/**\n * @NApiVersion 2.1\n */\ndefine([], function () { return {}; });\n';

/**
 * Copies the shipped SDF project (src/) into a fresh temp folder and, where the build has not run,
 * adds placeholder built entry files, so tests never depend on `npm run build`.
 * Returns the copied project folder (…/src).
 */
export function copyProject(): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sdf-'));
  const dest = path.join(tmp, 'src');
  fs.cpSync(SHIPPED_SRC, dest, { recursive: true });
  const folder = path.join(dest, 'FileCabinet', ...FOLDER.split('/').filter((s) => s !== ''));
  fs.mkdirSync(folder, { recursive: true });
  for (const s of Object.values(SCRIPTS)) {
    const file = path.join(folder, s.file);
    if (!fs.existsSync(file)) fs.writeFileSync(file, PLACEHOLDER);
  }
  return dest;
}

export function removeProject(projectDir: string): void {
  fs.rmSync(path.dirname(projectDir), { recursive: true, force: true });
}

export function objectFile(projectDir: string, scriptId: string): string {
  return path.join(projectDir, 'Objects', `${scriptId}.xml`);
}

/** Replaces `from` (which must occur) in a file. */
export function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`test setup: ${from} not found in ${file}`);
  fs.writeFileSync(file, text.replace(from, to));
}

/** 1-based line of the first occurrence of `needle` in a file. */
export function lineOf(file: string, needle: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`test setup: ${needle} not found in ${file}`);
  return i + 1;
}
