import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Bounded reads of the files the CLI is given (a keypair, a set-health input): the file is
 * opened first and checked with fstat on the open descriptor (no window between a check and the
 * read), it must be a regular file (not a directory, a device such as /dev/zero, a FIFO or a
 * socket), and no more than `maxBytes` are read. Opening is non-blocking, so a FIFO without a
 * writer is refused instead of hanging.
 */

/** Why a file could not be read, in a few words (the caller's error class names the path). */
export class FileReadProblem {
  constructor(
    readonly reason: string,
    /** "ENOENT", "EACCES", "NOT_REGULAR", "TOO_BIG", ... */
    readonly kind: string,
  ) {}
}

/** Keypair files are 64 numbers in JSON: a few hundred bytes. */
export const KEYPAIR_MAX_BYTES = 4 * 1024;
/** set-health input (a file or stdin). */
export const INPUT_MAX_BYTES = 16 * 1024 * 1024;

function errnoReason(e: unknown): FileReadProblem {
  const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'ENXIO'
            ? 'not a regular file (a FIFO or socket with no writer)'
            : code === 'ELOOP'
              ? 'too many levels of symbolic links'
              : ((e as Error).message ?? String(e));
  return new FileReadProblem(reason, code);
}

function kindOf(st: { isDirectory(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function tooBig(maxBytes: number): FileReadProblem {
  return new FileReadProblem(`larger than ${maxBytes} bytes`, 'TOO_BIG');
}

const decoder = new TextDecoder('utf-8');

/** Reads up to `maxBytes` from an open descriptor; more is a TOO_BIG problem. */
function readBounded(fd: number, maxBytes: number): string {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const buf = new Uint8Array(Math.min(64 * 1024, maxBytes + 1 - total));
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little and try again.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break; // Windows: end of a pipe
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw tooBig(maxBytes);
    chunks.push(buf.subarray(0, n));
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return decoder.decode(all);
}

/** The text of a regular file of at most `maxBytes`; throws FileReadProblem otherwise. */
export function readRegularFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw errnoReason(e);
  }
  try {
    let st;
    try {
      st = fstatSync(fd);
    } catch (e) {
      throw errnoReason(e);
    }
    if (!st.isFile()) throw new FileReadProblem(`not a regular file (it is ${kindOf(st)})`, 'NOT_REGULAR');
    if (st.size > maxBytes) throw tooBig(maxBytes);
    try {
      return readBounded(fd, maxBytes);
    } catch (e) {
      if (e instanceof FileReadProblem) throw e;
      throw errnoReason(e);
    }
  } finally {
    closeSync(fd);
  }
}

/** All of stdin, at most `maxBytes`; throws FileReadProblem otherwise. */
export function readStdinBounded(maxBytes: number): string {
  try {
    return readBounded(0, maxBytes);
  } catch (e) {
    if (e instanceof FileReadProblem) throw e;
    throw errnoReason(e);
  }
}
