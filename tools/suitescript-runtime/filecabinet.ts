/**
 * The account's File Cabinet: files added explicitly (stored in the account state) and host folders mounted at a
 * File Cabinet path (read from disk at execution time, so a rebuild is picked up). Folders are implicit.
 *
 * Mounted files are cached by their stat (modification and change time in ns, size, inode): a call that finds the
 * file unchanged costs one `stat` and hands back the SAME string as before, without re-reading or re-decoding it, so
 * the loader's compile cache can recognise it without hashing it again. A rebuild changes the stat and is picked up
 * by the next execution. The cache is bounded (entries and bytes, least recently used out first).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file as the File Cabinet holds it. */
export interface CabinetFile {
  id: number;
  /** Absolute File Cabinet path, e.g. `/SuiteScripts/OAuth/lib/core.js`. */
  path: string;
  contents: string;
  /** NetSuite file type (`file.Type` value), e.g. `JAVASCRIPT`, `PLAINTEXT`. */
  fileType: string;
  /** Size in bytes (UTF-8). */
  size: number;
  /** Internal id of the containing folder. */
  folder: number;
  /** Where it comes from. */
  source: 'stored' | 'mount';
}

/** Serialised File Cabinet. */
export interface FileCabinetState {
  mounts: { fcPath: string; hostDir: string }[];
  files: { id: number; path: string; contents: string; fileType: string }[];
  /** Internal ids given to mounted files and to folders, by path. */
  pathIds: Record<string, number>;
  nextId: number;
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  js: 'JAVASCRIPT',
  json: 'JSON',
  txt: 'PLAINTEXT',
  pem: 'PLAINTEXT',
  key: 'PLAINTEXT',
  p8: 'PLAINTEXT',
  crt: 'CERTIFICATE',
  cer: 'CERTIFICATE',
  html: 'HTMLDOC',
  htm: 'HTMLDOC',
  xml: 'XMLDOC',
  csv: 'CSV',
  css: 'STYLESHEET',
  svg: 'SVG',
  ftl: 'FREEMARKER',
  pdf: 'PDF',
  png: 'PNGIMAGE',
  jpg: 'JPGIMAGE',
  gif: 'GIFIMAGE',
  zip: 'ZIP',
};

/** Normalises a File Cabinet path: leading `/`, no `.`/`..` segments, no duplicate or trailing slashes. */
export function normalizeCabinetPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** Bounds of the mounted-file cache: the built tree is a handful of files; a mount of a big folder must not grow without end. */
export const MOUNT_CACHE_MAX_FILES = 256;
export const MOUNT_CACHE_MAX_BYTES = 32 * 1024 * 1024;

interface MountedEntry {
  /** `mtimeNs:ctimeNs:size:ino` of the host file when it was read. */
  stamp: string;
  contents: string;
  bytes: number;
}

/** Counters of the mounted-file cache (for the bench and tests). */
export interface MountCacheStats {
  enabled: boolean;
  /** Reads answered from the cache (one stat, no read). */
  hits: number;
  /** Reads that went to the disk (first read, or the file changed). */
  reads: number;
  files: number;
  bytes: number;
}

/** The File Cabinet. */
export class FileCabinet {
  private readonly mountCache = new Map<string, MountedEntry>();
  private mountCacheBytes = 0;
  private mountCacheEnabled = true;
  private mountHits = 0;
  private mountReads = 0;

  private readonly mounts: { fcPath: string; hostDir: string }[];
  private readonly stored = new Map<string, { id: number; contents: string; fileType: string }>();
  private readonly pathIds = new Map<string, number>();
  private readonly idPaths = new Map<number, string>();
  private nextId: number;

  constructor(state?: FileCabinetState, firstId = 4217) {
    this.mounts = state ? state.mounts.map((m) => ({ ...m })) : [];
    this.nextId = state?.nextId ?? firstId;
    for (const f of state?.files ?? []) {
      this.stored.set(f.path, { id: f.id, contents: f.contents, fileType: f.fileType });
      this.idPaths.set(f.id, f.path);
    }
    for (const [p, id] of Object.entries(state?.pathIds ?? {})) {
      this.pathIds.set(p, id);
      this.idPaths.set(id, p);
    }
  }

  /** Mounts host folder `hostDir` at File Cabinet path `fcPath` (later mounts win on overlap). */
  mount(fcPath: string, hostDir: string): void {
    const abs = path.resolve(hostDir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
      throw new Error(`SuiteScript runtime: cannot mount ${hostDir}: not a folder`);
    }
    const at = normalizeCabinetPath(fcPath);
    const i = this.mounts.findIndex((m) => m.fcPath === at);
    if (i >= 0) this.mounts.splice(i, 1);
    this.mounts.push({ fcPath: at, hostDir: abs });
  }

  /**
   * Turns the mounted-file cache on (the default) or off. Off reads every file from disk on every call, as the
   * runtime did before the cache: the bench uses it as the baseline of the cache's gain.
   */
  setMountCache(enabled: boolean): void {
    this.mountCacheEnabled = enabled;
    if (!enabled) this.clearMountCache();
  }

  /** Forgets every cached mounted file. */
  clearMountCache(): void {
    this.mountCache.clear();
    this.mountCacheBytes = 0;
  }

  mountCacheStats(): MountCacheStats {
    return { enabled: this.mountCacheEnabled, hits: this.mountHits, reads: this.mountReads, files: this.mountCache.size, bytes: this.mountCacheBytes };
  }

  /** Removes the mount at `fcPath`. */
  unmount(fcPath: string): void {
    const at = normalizeCabinetPath(fcPath);
    const i = this.mounts.findIndex((m) => m.fcPath === at);
    if (i >= 0) this.mounts.splice(i, 1);
  }

  /** Stores a file (replacing one at the same path, keeping its id). */
  add(filePath: string, contents: string, fileType?: string): { id: number } {
    const p = normalizeCabinetPath(filePath);
    if (p === '/') throw new Error('SuiteScript runtime: addFile needs a file path');
    const existing = this.stored.get(p);
    const id = existing?.id ?? this.pathIds.get(p) ?? this.allocate(p);
    this.stored.set(p, { id, contents, fileType: fileType ?? typeForPath(p) });
    this.idPaths.set(id, p);
    return { id };
  }

  /** Removes a stored file by path or internal id; returns whether one was removed. */
  remove(pathOrId: string | number): boolean {
    const p = this.pathOf(pathOrId);
    if (p === undefined) return false;
    if (!this.stored.has(p)) {
      if (this.readMounted(p) !== undefined) throw new Error(`SuiteScript runtime: ${p} comes from a mounted folder; delete it on disk`);
      return false;
    }
    this.stored.delete(p);
    return true;
  }

  /** Looks a file up by absolute path or internal id (numbers or numeric strings). */
  get(pathOrId: string | number): CabinetFile | undefined {
    const p = this.pathOf(pathOrId);
    if (p === undefined) return undefined;
    const s = this.stored.get(p);
    if (s) return this.describe(p, s.id, s.contents, s.fileType, 'stored');
    const mounted = this.readMountedEntry(p);
    if (mounted === undefined) return undefined;
    const id = this.pathIds.get(p) ?? this.allocate(p);
    return this.describe(p, id, mounted.contents, typeForPath(p), 'mount', mounted.bytes);
  }

  /** Serialises the File Cabinet. */
  toJSON(): FileCabinetState {
    return {
      mounts: this.mounts.map((m) => ({ ...m })),
      files: [...this.stored.entries()].map(([p, f]) => ({ id: f.id, path: p, contents: f.contents, fileType: f.fileType })),
      pathIds: Object.fromEntries(this.pathIds),
      nextId: this.nextId,
    };
  }

  private describe(p: string, id: number, contents: string, fileType: string, source: 'stored' | 'mount', size?: number): CabinetFile {
    const dir = p.slice(0, p.lastIndexOf('/')) || '/';
    return { id, path: p, contents, fileType, size: size ?? Buffer.byteLength(contents, 'utf8'), folder: this.folderId(dir), source };
  }

  private folderId(dir: string): number {
    const key = `${dir}/`;
    return this.pathIds.get(key) ?? this.allocate(key);
  }

  private pathOf(pathOrId: string | number): string | undefined {
    if (typeof pathOrId === 'number' || /^\d+$/.test(pathOrId)) {
      const p = this.idPaths.get(Number(pathOrId));
      return p !== undefined && !p.endsWith('/') ? p : undefined;
    }
    return normalizeCabinetPath(pathOrId);
  }

  private allocate(p: string): number {
    const id = this.nextId++;
    this.pathIds.set(p, id);
    this.idPaths.set(id, p);
    return id;
  }

  private readMounted(p: string): string | undefined {
    return this.readMountedEntry(p)?.contents;
  }

  private readMountedEntry(p: string): { contents: string; bytes: number } | undefined {
    for (let i = this.mounts.length - 1; i >= 0; i--) {
      const m = this.mounts[i];
      if (!m) continue;
      const prefix = m.fcPath === '/' ? '/' : `${m.fcPath}/`;
      if (!p.startsWith(prefix)) continue;
      const rel = p.slice(prefix.length);
      const host = path.join(m.hostDir, ...rel.split('/'));
      if (!host.startsWith(m.hostDir)) continue;
      let st: fs.BigIntStats | undefined;
      try {
        st = fs.statSync(host, { bigint: true });
      } catch {
        st = undefined; // not there: try the next mount
      }
      if (!st?.isFile()) continue;
      const entry = this.readHostFile(host, st);
      if (entry) return entry;
    }
    return undefined;
  }

  /** The host file's contents: from the cache when its stat is unchanged, else read (and cached). */
  private readHostFile(host: string, st: fs.BigIntStats): MountedEntry | undefined {
    const stamp = `${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}`;
    const cached = this.mountCacheEnabled ? this.mountCache.get(host) : undefined;
    if (cached && cached.stamp === stamp) {
      this.mountHits++;
      this.mountCache.delete(host);
      this.mountCache.set(host, cached); // most recently used last
      return cached;
    }
    let contents: string;
    try {
      contents = fs.readFileSync(host, 'utf8');
    } catch {
      return undefined; // removed between stat and read
    }
    this.mountReads++;
    const entry: MountedEntry = { stamp, contents, bytes: Buffer.byteLength(contents, 'utf8') };
    if (cached) this.dropCached(host, cached);
    if (this.mountCacheEnabled && entry.bytes <= MOUNT_CACHE_MAX_BYTES / 4) {
      this.mountCache.set(host, entry);
      this.mountCacheBytes += entry.bytes;
      for (const [k, v] of this.mountCache) {
        if (this.mountCache.size <= MOUNT_CACHE_MAX_FILES && this.mountCacheBytes <= MOUNT_CACHE_MAX_BYTES) break;
        this.dropCached(k, v);
      }
    }
    return entry;
  }

  private dropCached(host: string, entry: MountedEntry): void {
    if (this.mountCache.delete(host)) this.mountCacheBytes -= entry.bytes;
  }
}

function typeForPath(p: string): string {
  const ext = p.slice(p.lastIndexOf('.') + 1).toLowerCase();
  return TYPES_BY_EXTENSION[ext] ?? 'PLAINTEXT';
}
