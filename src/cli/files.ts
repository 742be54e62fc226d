/**
 * The file system, for the command line only: reading inputs with a bound, and writing outputs safely.
 *
 * Writing never follows a link planted by someone else: the temporary file has a random name and is created
 * exclusively (O_EXCL, O_NOFOLLOW), then renamed over the output. An output that is itself a symbolic link is
 * written through (the link stays, its target gets the text); a device or a pipe (`/dev/null`, `/dev/stdout`) is
 * written directly, never replaced.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Why a file operation failed, in words (no stack, no errno soup). */
export function fileProblem(e: unknown, action: string, file: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'no such file or directory'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a directory'
    : code === 'ENOTDIR' ? 'a part of the path is not a directory'
    : code === 'ELOOP' ? 'too many levels of symbolic links'
    : code === 'ENOSPC' ? 'no space left on the device'
    : code === 'EROFS' ? 'read-only file system'
    // (from making a directory: a file has its name; the temporary files' random names never meet it)
    : code === 'EEXIST' ? 'a file is there, where a directory must be'
    : code === 'EPIPE' ? 'its reader has stopped reading'
    : code === 'EBADF' ? 'it is not open'
    : code === 'ENAMETOOLONG' ? 'the name is too long'
    : (e as Error).message;
  return `apigw-cfn: cannot ${action} ${file}: ${reason}\n`;
}

/** Blocks this thread for `ms` milliseconds without spinning (the command line has nothing else to do meanwhile). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes all of `text` to an open descriptor (standard output or error). A descriptor that whoever shares it left
 * non-blocking refuses a write while its pipe is full (EAGAIN): wait a little for the reader, as reading stdin does.
 * Any other failure (EPIPE when the reader has gone, ENOSPC) is thrown.
 */
export function writeFully(fd: number, text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(fs.writeSync(fd, bytes));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      pause(5);
    }
  }
}

/** What reading gave: the bytes, or `truncated` when the input holds more than `maxBytes`. */
export interface ReadResult {
  readonly bytes: Buffer;
  /** True when the input is longer than `maxBytes`; `bytes` then holds its first `maxBytes + 1` bytes. */
  readonly truncated: boolean;
}

/**
 * Reads a file (or stdin for `-`) up to `maxBytes` (plus one byte, to know there is more). Never reads an endless
 * input to its end (`/dev/zero`, a pipe from `yes`), and never holds more than the bound in memory.
 */
export function readBounded(file: string, maxBytes: number): ReadResult {
  const fd = file === '-' ? 0 : fs.openSync(file, 'r');
  try {
    if (file !== '-' && fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, maxBytes + 1 - total), null);
      } catch (e) {
        // A non-blocking stdin (a terminal in some shells) has nothing yet: wait a little for it, without spinning.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          pause(20);
          continue;
        }
        if ((e as NodeJS.ErrnoException).code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total > maxBytes) return { bytes: Buffer.concat(chunks), truncated: true };
    }
    return { bytes: Buffer.concat(chunks), truncated: false };
  } finally {
    if (file !== '-') fs.closeSync(fd);
  }
}

/** The identity of an existing file (device and inode, through links), or undefined when there is none. */
function identity(file: string): string | undefined {
  try {
    const s = fs.statSync(file);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Whether two names reach one file: the same path spelt differently (`./spec.yaml`, `dir/../spec.yaml`), a
 * symbolic link to it, or a hard link. A name that does not exist yet is no other file.
 */
export function sameFile(a: string, b: string): boolean {
  const first = identity(a);
  return first !== undefined && first === identity(b);
}

/** `/dev/fd/N`, `/proc/self/fd/N` (or this process's ID for self): the name of an open descriptor, N. */
const DESCRIPTOR_PATH = /^\/(?:dev|proc\/(self|thread-self|[0-9]+))\/fd\/([0-9]+)$/;

/**
 * 1 or 2 when `name` names this process's standard output or error. Not the others: Node keeps descriptors of its
 * own from 3 up (its event loop's), and a write to one of those can crash the process.
 */
function standardStreamNamed(name: string): 1 | 2 | undefined {
  const match = DESCRIPTOR_PATH.exec(name);
  if (match === null || (match[1] !== undefined && /^[0-9]/.test(match[1]) && Number(match[1]) !== process.pid)) return undefined;
  return match[2] === '1' ? 1 : match[2] === '2' ? 2 : undefined;
}

/** Whether `file` names this process's standard output (`/dev/stdout`, `/dev/fd/1`, a link to one of them). */
export function namesStandardOutput(file: string): boolean {
  try {
    return linkTarget(file) === 1;
  } catch {
    return false;
  }
}

/**
 * The file that writing `file` should change: `file` itself, or, when it is a symbolic link, the file the link
 * points at (followed to the end, relative links resolved from the link's directory). A dangling link gives the path
 * it points at, which writing then creates. A name of standard output or error (`/dev/stdout` is a link to
 * `/proc/self/fd/1`) gives the descriptor: what it reaches was opened by whoever started us (a pipe, or a file the
 * shell opened with `>` or `>>`), and is written through it, never replaced nor reopened.
 */
function linkTarget(file: string): string | number {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    const fd = standardStreamNamed(current);
    if (fd !== undefined) return fd;
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return current;
    }
    if (!stat.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

/** O_NOFOLLOW where the platform has it (not on Windows, where a fresh random name is enough). */
const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * 16 random hex digits for a temporary file's name, from the kernel's random generator (/dev/urandom, which
 * `crypto.randomBytes` draws on too, through OpenSSL), read directly: loading node:crypto would cost every run about
 * 7 ms. The name stays as unpredictable as before, and the file is still created exclusively beside the target. Not
 * `fs.mkdtempSync` there: each write would make and remove a directory, and a crash would leave one beside the
 * output. Only a character device is trusted (a chroot may hold a plain file at that path); without one (Windows),
 * node:crypto.
 */
function randomHex(): string {
  const bytes = Buffer.alloc(8);
  let fd: number | undefined;
  try {
    fd = fs.openSync('/dev/urandom', fs.constants.O_RDONLY | NO_FOLLOW);
    if (fs.fstatSync(fd).isCharacterDevice() && fs.readSync(fd, bytes, 0, 8, null) === 8) return bytes.toString('hex');
  } catch {
    // No /dev/urandom here: node:crypto below.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return (require('node:crypto') as typeof import('node:crypto')).randomBytes(8).toString('hex');
}

/**
 * Writes `text` to `file` so that a failed write leaves an existing file untouched: into a temporary file beside
 * the target (random name, created exclusively, never through a link), then renamed over it. Missing parent
 * directories are created. A symbolic link is written through; a device or a pipe is written directly.
 */
export function writeAtomically(file: string, text: string): void {
  writeAllAtomically([{ file, text }]);
}

/**
 * Writes several files as writeAtomically does, all or none: every text goes to its temporary file (written and
 * synced) before any is renamed over its target, so a failure while writing (a full disk, a directory in a file's
 * place) leaves every target as it was, and no temporary file behind. A root template and its route stacks are
 * one build: a directory holding some of the new ones beside old ones would deploy a mix.
 */
export function writeAllAtomically(files: ReadonlyArray<{ readonly file: string; readonly text: string }>): void {
  const staged: Array<{ temporary: string; target: string }> = [];
  const direct: Array<{ file: string; target: string | number; text: string }> = [];
  // The file being written when something fails, for the message (`failedFile`); how many are in place.
  let current = '';
  let renamed = 0;
  try {
    for (const { file, text } of files) {
      current = file;
      // `out/` names a directory: written as a file, it would become `out`, not what was asked.
      if (file.endsWith('/') || (path.sep === '\\' && file.endsWith('\\'))) throw new Error('a file name cannot end with a slash, which names a directory');
      const target = linkTarget(file);
      if (typeof target === 'number') {
        direct.push({ file, target, text });
        continue;
      }
      const existing = fs.statSync(target, { throwIfNoEntry: false });
      if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      if (existing !== undefined && !existing.isFile()) {
        // `/dev/null`, a terminal, a named pipe: renaming over it would replace the device with a file.
        direct.push({ file, target, text });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomHex()}.tmp`);
      // O_EXCL: fails if anything (a file, a link) already has the name; the file's mode follows the umask.
      const fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NO_FOLLOW, 0o666);
      staged.push({ temporary, target });
      try {
        fs.writeFileSync(fd, text);
        // A file that is replaced keeps its permissions (a host template someone made read-only for the group...).
        if (existing !== undefined) fs.fchmodSync(fd, existing.mode & 0o7777);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    for (const { file, target, text } of direct) {
      current = file;
      if (typeof target === 'number') writeFully(target, text);
      else fs.writeFileSync(target, text);
    }
    for (; renamed < staged.length; renamed++) {
      current = staged[renamed].target;
      fs.renameSync(staged[renamed].temporary, current);
    }
  } catch (e) {
    for (const { temporary } of staged.slice(renamed)) fs.rmSync(temporary, { force: true });
    throw e instanceof Error ? Object.assign(e, { [FAILED_FILE]: current }) : e;
  }
}

const FAILED_FILE = Symbol('the file whose write failed');

/** The file writeAllAtomically was writing when it failed with `e`, if it was. */
export function failedFile(e: unknown): string | undefined {
  return e instanceof Error ? (e as Error & { [FAILED_FILE]?: string })[FAILED_FILE] : undefined;
}
