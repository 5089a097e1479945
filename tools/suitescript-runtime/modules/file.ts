/**
 * N/file: `load({ id })` / `load(idOrPath)` (10 units) by internal id, absolute path (`/SuiteScripts/...`), path from
 * the File Cabinet root (`SuiteScripts/...`) or path relative to the running script (`./x`, `../x`). A missing file
 * throws `RCRD_DSNT_EXIST`. File: id, name, path (from the root, no leading slash), fileType, size, folder, encoding,
 * isText, url, getContents(). Creating, saving and deleting files are not implemented.
 */
import { sse } from '../errors';
import type { Execution } from '../execution';
import { normalizeCabinetPath } from '../filecabinet';
import { enumObject, missingArg, notImplemented, strict, stubs, wrongType } from '../strict';

const FILE_TYPES = [
  'APPCACHE', 'AUTOCAD', 'BMPIMAGE', 'CERTIFICATE', 'CONFIG', 'CSV', 'EXCEL', 'FLASH', 'FREEMARKER', 'GIFIMAGE', 'GZIP',
  'HTMLDOC', 'ICON', 'JAVASCRIPT', 'JPGIMAGE', 'JSON', 'MESSAGERFC', 'MP3', 'MPEGMOVIE', 'MSPROJECT', 'PDF', 'PJPGIMAGE',
  'PLAINTEXT', 'PNGIMAGE', 'POSTSCRIPT', 'POWERPOINT', 'QUICKTIME', 'RTF', 'SCSS', 'SMS', 'STYLESHEET', 'SVG', 'TAR',
  'TIFFIMAGE', 'VISIO', 'WEBAPPPAGE', 'WEBAPPSCRIPT', 'WORD', 'XMLDOC', 'XSD', 'ZIP',
];
const TEXT_TYPES = new Set(['CSV', 'FREEMARKER', 'HTMLDOC', 'JAVASCRIPT', 'JSON', 'MESSAGERFC', 'PLAINTEXT', 'SCSS', 'STYLESHEET', 'SVG', 'XMLDOC', 'XSD', 'CONFIG', 'CERTIFICATE']);

export function createFileModule(ex: Execution): object {
  const load = (...args: unknown[]) => {
    const arg = args[0];
    let id: unknown = arg;
    if (arg !== null && typeof arg === 'object') id = (arg as { id?: unknown }).id;
    if (id === undefined || id === null || id === '') throw missingArg('file.load: options.id');
    if (typeof id !== 'string' && typeof id !== 'number') throw wrongType('options.id', 'number or string');
    ex.gov.charge('N/file.load');
    let key: string | number = id;
    if (typeof id === 'string' && !/^\d+$/.test(id)) {
      if (id.startsWith('./') || id.startsWith('../')) {
        const dir = ex.script.def.scriptFile.slice(0, ex.script.def.scriptFile.lastIndexOf('/'));
        key = normalizeCabinetPath(`${dir}/${id}`);
      } else key = normalizeCabinetPath(id);
    }
    const f = ex.account.fileCabinet.get(key);
    if (!f) throw sse('RCRD_DSNT_EXIST', 'That record does not exist.');
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    return strict(ex, 'file.File', {
      get id() {
        return f.id;
      },
      get name() {
        return name;
      },
      get path() {
        return f.path.slice(1);
      },
      get fileType() {
        return f.fileType;
      },
      get size() {
        return f.size;
      },
      get folder() {
        return f.folder;
      },
      get encoding() {
        return 'UTF-8';
      },
      get isText() {
        return TEXT_TYPES.has(f.fileType);
      },
      get isOnline() {
        return false;
      },
      get isInactive() {
        return false;
      },
      get description() {
        return '';
      },
      get url() {
        return `/core/media/media.nl?id=${f.id}&c=${ex.account.accountId}`;
      },
      getContents(): string {
        return f.contents;
      },
      save: notImplemented(ex, 'file.File.save'),
      getReader: notImplemented(ex, 'file.File.getReader'),
      getSegments: notImplemented(ex, 'file.File.getSegments'),
      appendLine: notImplemented(ex, 'file.File.appendLine'),
      resetStream: notImplemented(ex, 'file.File.resetStream'),
    });
  };
  const mod: Record<string, unknown> = {
    load,
    Type: enumObject(Object.fromEntries(FILE_TYPES.map((t) => [t, t]))),
    Encoding: enumObject({
      UTF_8: 'UTF-8',
      WINDOWS_1252: 'windows-1252',
      ISO_8859_1: 'ISO-8859-1',
      GB18030: 'GB18030',
      SHIFT_JIS: 'SHIFT_JIS',
      MAC_ROMAN: 'MacRoman',
      GB2312: 'GB2312',
      BIG5: 'Big5',
    }),
    NameConflictResolution: enumObject({ FAIL: 'FAIL', OVERWRITE: 'OVERWRITE', RENAME_TO_UNIQUE: 'RENAME_TO_UNIQUE' }),
  };
  stubs(ex, 'N/file', mod, ['create', 'copy', 'delete']);
  return strict(ex, 'N/file', mod);
}
