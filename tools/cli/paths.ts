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

/** Kernel pseudo file systems (statfs f_type), where files are not files: never write keys there. */
const PSEUDO_FS: Readonly<Record<number, string>> = {
  0x9fa0: 'procfs',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x62656570: 'configfs',
  0xcafe4a11: 'bpf',
};
/** Folders of devices and kernel interfaces (Linux, BSD, macOS). */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

/** The deepest folder of `p` (or `p` itself) that exists. */
export function nearestExisting(p: string): string {
  let dir = path.resolve(p);
  while (!fs.existsSync(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}

/**
 * Why `p` is no place for files (a kernel or device folder such as /proc, /sys, /dev), or undefined.
 * Node's recursive mkdir loops forever on some of them (`mkdir -p /proc/x` spins at 100% CPU), so
 * this is asked before anything is created.
 */
export function systemFolderReason(p: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const real = realPathLoose(p);
  const root = SYSTEM_ROOTS.find((r) => isInside(real, r));
  if (root) return `${root} holds devices and kernel interfaces, not files`;
  try {
    const type = fs.statfsSync(nearestExisting(real)).type;
    const name = PSEUDO_FS[type];
    if (name) return `it is on a ${name} kernel file system, not a disk`;
  } catch {
    // statfs unsupported here: the path check above is the guard.
  }
  return undefined;
}

/**
 * Creates the missing folders of `dir` one level at a time (never `recursive: true`, which can spin
 * on special file systems), each with `mode`. Throws the first failure with its errno code.
 */
export function makeFolders(dir: string, mode: number): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing) fs.mkdirSync(d, { mode });
}
