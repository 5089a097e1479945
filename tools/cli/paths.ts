/** Where things are: the project this CLI belongs to, and SDF project folders a key must stay out of. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (tools/cli -> ../..), whatever the working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** The shipped SDF project folder: everything under it can be uploaded by `suitecloud project:deploy`. */
export const PROJECT_SDF_DIR = path.join(PROJECT_ROOT, 'src');

/** The real path of `p`, resolving symlinks of the part that exists (the rest may not exist yet). */
export function realPathLoose(p: string): string {
  const abs = path.resolve(p);
  let existing = abs;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) return abs;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  try {
    return path.join(fs.realpathSync(existing), ...rest);
  } catch {
    return abs;
  }
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The SDF project folder containing `p` (a folder holding both manifest.xml and deploy.xml, or this
 * repository's src/), or undefined. Files there may be uploaded to NetSuite by a deploy.
 */
export function enclosingSdfProject(p: string): string | undefined {
  const real = realPathLoose(p);
  if (isInside(real, realPathLoose(PROJECT_SDF_DIR))) return realPathLoose(PROJECT_SDF_DIR);
  let dir = real;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'manifest.xml')) && fs.existsSync(path.join(dir, 'deploy.xml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The git working tree containing `p` (a folder with .git), or undefined. */
export function enclosingGitTree(p: string): string | undefined {
  let dir = realPathLoose(p);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A path as the user would like to read it: relative to cwd when under it, else absolute. */
export function shownPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
