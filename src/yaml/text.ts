/**
 * Bytes to text: specs and host templates are UTF-8. Anything else is refused with its name and its place (UTF-16
 * from a Windows editor, Latin-1 bytes, a file past the size bound), never decoded into something else silently:
 * a decoder that replaces a bad byte with U+FFFD would change a value without a word.
 */
import { Either, left, right } from 'fp-ts/Either';
import { BuildError, buildError } from '../errors';
import { INPUT_LIMITS, thousands } from './limits';

/** `line 3, column 12` (both from 1) of a position in a text. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** ` (at "the line, trimmed and cut")`, to show which line a message means; empty for a blank line. */
export function showLine(line: string): string {
  const trimmed = line.trim();
  if (trimmed === '') return '';
  return ` (at ${JSON.stringify(trimmed.length > 60 ? `${trimmed.slice(0, 57)}...` : trimmed)})`;
}

const MIB = 1024 * 1024;

/** For an input past the size bound: where its longest line is, when one line alone is most of it. */
function longestLine(bytes: Uint8Array): string {
  let longest = { line: 0, start: 0, length: 0 };
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (i - start > longest.length) longest = { line, start, length: i - start };
      line++;
      start = i + 1;
    }
  }
  if (longest.length < MIB) return '';
  const head = new TextDecoder('utf-8').decode(bytes.subarray(longest.start, longest.start + 200));
  return `; line ${thousands(longest.line)} alone holds ${thousands(longest.length)} bytes or more${showLine(head)}`;
}

/** The encoding a byte-order mark or the zero bytes of the first character give away, if not UTF-8. */
function otherEncoding(b: Uint8Array): string | undefined {
  if (b.length >= 4 && b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32 (big-endian)';
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return 'UTF-32 (little-endian)';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 (big-endian)';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'UTF-16 (little-endian)';
  // No mark: YAML and JSON start with an ASCII character, so its zero bytes tell UTF-16 and UTF-32 apart.
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] !== 0) return 'UTF-32 (big-endian)';
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] === 0 && b[3] === 0) return 'UTF-32 (little-endian)';
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0) return 'UTF-16 (big-endian)';
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0) return 'UTF-16 (little-endian)';
  return undefined;
}

/** The index of the first byte that does not start a valid UTF-8 sequence (the text is known to be invalid). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const x = b[i];
    const need = x < 0x80 ? 0 : x >= 0xc2 && x <= 0xdf ? 1 : x >= 0xe0 && x <= 0xef ? 2 : x >= 0xf0 && x <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    // Second-byte ranges exclude overlong forms, surrogates (ED A0..BF) and code points past U+10FFFF (F4 90..).
    const low = x === 0xe0 ? 0xa0 : x === 0xf0 ? 0x90 : 0x80;
    const high = x === 0xed ? 0x9f : x === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const y = b[i + k];
      if (y === undefined || y < (k === 1 ? low : 0x80) || y > (k === 1 ? high : 0xbf)) return i;
    }
    i += need + 1;
  }
  return b.length;
}

/**
 * The text of an input file: UTF-8, with or without a byte-order mark (dropped). `truncated` says the reader
 * stopped at the size bound (INPUT_LIMITS.bytes) with more to come.
 */
export function decodeText(bytes: Uint8Array, source: string, truncated = false): Either<BuildError, string> {
  if (truncated) {
    return left(
      buildError(
        '',
        `${source}: larger than ${INPUT_LIMITS.bytes / MIB} MiB (${thousands(INPUT_LIMITS.bytes)} bytes), the most apigw-cfn reads; a spec or template CloudFormation can deploy is far smaller${longestLine(bytes)}`,
      ),
    );
  }
  const encoding = otherEncoding(bytes);
  if (encoding !== undefined) {
    return left(buildError('', `${source}: the text is ${encoding}; apigw-cfn reads UTF-8: convert it first (iconv -f ${encoding.replace(/ .*/, '')} -t UTF-8)`));
  }
  try {
    return right(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const { line, column } = lineAndColumn(before, before.length);
    const lineStart = before.lastIndexOf('\n') + 1;
    const byte = bytes[at].toString(16).toUpperCase().padStart(2, '0');
    return left(
      buildError(
        '',
        `${source}: invalid UTF-8 at line ${line}, column ${column} (byte 0x${byte})${showLine(before.slice(lineStart))}; save the file as UTF-8 (was it written as Latin-1 or Windows-1252?)`,
      ),
    );
  }
}
