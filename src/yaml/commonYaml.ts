/**
 * The YAML that specs and templates are written in, read line by line without js-yaml: block mappings and lists,
 * plain and quoted one-line scalars, one-line flow lists and mappings, comments and CloudFormation's short-form
 * tags. It gives exactly what parseYaml's js-yaml path gives, or nothing: anything else (block scalars `|` and `>`,
 * anchors and aliases, multi-line scalars, document markers, tabs, a duplicate key, a number YAML would change, an
 * error of any kind) makes it answer undefined, and js-yaml reads the whole text, with its messages and positions.
 *
 * Why: js-yaml reads character by character through general machinery, and a command-line run executes it cold; at
 * 1,000 routes it was a fifth of the run. This reader lets native string methods find the structure. The property
 * tests in test/commonYaml.test.ts hold it to js-yaml over generated documents and every YAML file in the project.
 */
import { INPUT_LIMITS } from './limits';
import { TEXT_KEEPING_TYPES, ResolvedScalar, mayResolve } from './scalars';
import { IntrinsicName } from '../value';
import { INTRINSIC_OF_TAG, Kind, longForm } from './shortForms';

/** Thrown inside the reader when the text is outside what it reads; caught at the top. */
const UNCOMMON: unique symbol = Symbol('uncommon YAML');

function uncommon(): never {
  throw UNCOMMON;
}

/**
 * Characters that send a document to js-yaml: tabs, control characters, C1 controls, surrogates, byte-order marks
 * and non-characters, the Unicode line separators, and a carriage return not before a line feed.
 */
const UNUSUAL_CHARACTER = /[\x00-\x08\x09\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]|\r(?!\n)/;

/**
 * INPUT_LIMITS, which js-yaml's reader enforces with a message: a document past them goes to js-yaml, so this reader
 * never accepts what that one refuses. Values are counted as the guard counts them (each key, scalar, list and
 * mapping), or more (a block under a key counts twice): never fewer, so the bound can be the guard's own, and a
 * large document within it is read once. Depth keeps a margin, since nothing near it is common YAML.
 */
const MAX_DEPTH = INPUT_LIMITS.depth - 10;
const MAX_VALUES = INPUT_LIMITS.values;

/** The value of a document in common YAML, or undefined when js-yaml must read it. */
export function readCommonYaml(text: string): { value: unknown } | undefined {
  if (UNUSUAL_CHARACTER.test(text)) return undefined;
  try {
    return { value: new CommonReader(text.includes('\r') ? text.split(/\r?\n/) : text.split('\n')).document() };
  } catch (e) {
    if (e === UNCOMMON) return undefined;
    throw e;
  }
}

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const SINGLE = 0x27;
const DOUBLE = 0x22;

/**
 * First characters that make a node anything but a plain scalar, or that this reader leaves to js-yaml: the
 * indicators of YAML (`-`, `?` and `:` are handled where they may start a plain scalar).
 */
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of ' #&*!|>\'"%@`[]{},?:-') NOT_PLAIN_START[c.charCodeAt(0)] = 1;

/** JSON's escapes, which mean the same in a YAML double-quoted scalar; any other escape goes to js-yaml. */
const NON_JSON_ESCAPE = /\\(?!["\\/bfnrt]|u[0-9A-Fa-f]{4})/;

class CommonReader {
  /** The line being read. */
  private i = 0;
  private values = 0;

  constructor(private readonly lines: readonly string[]) {}

  document(): unknown {
    const indent = this.nextContent();
    if (indent < 0) uncommon();
    const value = this.block(indent, 1);
    if (this.nextContent() >= 0) uncommon();
    return value;
  }

  private count(): void {
    if (++this.values > MAX_VALUES) uncommon();
  }

  /**
   * Moves to the next line with content (past blank lines and comments) and returns its indentation, or -1 at the
   * end. A document marker or a directive goes to js-yaml.
   */
  private nextContent(): number {
    const { lines } = this;
    for (; this.i < lines.length; this.i++) {
      const line = lines[this.i];
      let n = 0;
      while (line.charCodeAt(n) === SPACE) n++;
      if (n === line.length || line.charCodeAt(n) === HASH) continue;
      if (n === 0 && (line.startsWith('---') || line.startsWith('...') || line.charCodeAt(0) === 0x25)) uncommon();
      return n;
    }
    return -1;
  }

  /** A block list or mapping whose first line (the current one) is indented by `indent`. */
  private block(indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) uncommon();
    return isEntry(this.lines[this.i], indent) ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  /** A block list whose `-` are at column `indent`, from the current line. */
  private sequence(indent: number, depth: number): unknown[] {
    const list: unknown[] = [];
    this.count();
    for (;;) {
      const line = this.lines[this.i];
      let p = indent + 1;
      while (line.charCodeAt(p) === SPACE) p++;
      if (p === line.length || line.charCodeAt(p) === HASH) {
        this.i++;
        const value = this.emptyOrBlock(indent, false, depth + 1);
        // An empty entry: js-yaml may take the entries after it into the list it is in, whatever their column.
        if (value === null) uncommon();
        list.push(value);
      } else if (isEntry(line, p)) {
        // A list that starts on the entry's line: `- - a`, its entries at column p.
        list.push(this.sequence(p, depth + 1));
      } else if (keyAt(line, p) !== undefined) {
        // A mapping that starts on the entry's line: `- name: x`, its keys at column p.
        list.push(this.mapping(p, depth + 1));
      } else {
        this.count();
        list.push(this.inline(line, p, indent, depth + 1));
      }
      const next = this.nextContent();
      if (next < indent || (next === indent && !isEntry(this.lines[this.i], indent))) return list;
      // Deeper than the entries: a scalar that goes on over lines, or an error.
      if (next > indent) uncommon();
    }
  }

  /** A block mapping whose keys are at column `indent`, from the current line. */
  private mapping(indent: number, depth: number): Record<string, unknown> {
    const mapping: Record<string, unknown> = {};
    this.count();
    for (;;) {
      const line = this.lines[this.i];
      const key = keyAt(line, indent);
      if (key === undefined || key.text === '__proto__' || Object.prototype.hasOwnProperty.call(mapping, key.text)) uncommon();
      this.count();
      let p = key.end;
      while (line.charCodeAt(p) === SPACE) p++;
      if (p === line.length || line.charCodeAt(p) === HASH) {
        this.i++;
        mapping[key.text] = this.emptyOrBlock(indent, true, depth + 1);
      } else {
        this.count();
        mapping[key.text] = this.inline(line, p, indent, depth + 1);
      }
      const next = this.nextContent();
      if (next < indent) return mapping;
      if (next > indent || isEntry(this.lines[this.i], indent)) uncommon();
    }
  }

  /**
   * The value of a key or entry with nothing after it on its line: the block below it (deeper, or a list at the
   * key's own column under a key), or null. The current line is the one after it.
   */
  private emptyOrBlock(indent: number, underKey: boolean, depth: number): unknown {
    const next = this.nextContent();
    this.count();
    if (next > indent) return this.block(next, depth);
    if (underKey && next === indent && isEntry(this.lines[this.i], indent)) return this.sequence(indent, depth);
    return null;
  }

  /**
   * A value that starts at `p` on `line` (the current line), in a mapping or list at column `indent`; the reader
   * moves past it.
   */
  private inline(line: string, p: number, indent: number, depth: number): unknown {
    if (line.charCodeAt(p) === 0x21 /* ! */) return this.tagged(line, p, indent, depth);
    const [value, end] = this.flowOr(line, p, depth, blockScalar);
    if (!restIsComment(line, end)) uncommon();
    this.i++;
    return value;
  }

  /** A short-form tag and its argument: on the rest of the line, or the block below it. */
  private tagged(line: string, p: number, indent: number, depth: number): unknown {
    const [fn, end] = shortFormTag(line, p);
    if (end === line.length || line.charCodeAt(end) === HASH) {
      // The argument is the block below (`!Join` over a list), deeper than the mapping or list the tag is in.
      this.i++;
      const next = this.nextContent();
      if (next <= indent) uncommon();
      const data = this.block(next, depth);
      return longForm(fn, Array.isArray(data) ? 'sequence' : 'mapping', data);
    }
    if (line.charCodeAt(end) === 0x21 /* ! */) uncommon();
    const [data, after] = this.flowOr(line, end, depth, blockPlainOrQuoted);
    if (!restIsComment(line, after)) uncommon();
    this.i++;
    return longForm(fn, kindOfData(data), data);
  }

  /** A flow list that opens at `p` and closes on the same line: its items and the position after `]`. */
  private flowList(line: string, p: number, depth: number): [unknown[], number] {
    if (depth > MAX_DEPTH) uncommon();
    this.count();
    const list: unknown[] = [];
    let q = skipSpaces(line, p + 1);
    if (line.charCodeAt(q) === 0x5d /* ] */) return [list, q + 1];
    for (;;) {
      let item: unknown;
      [item, q] = this.flowValue(line, q, depth);
      list.push(item);
      q = skipSpaces(line, q);
      const sep = line.charCodeAt(q);
      if (sep === 0x5d /* ] */) return [list, q + 1];
      q = afterComma(line, q);
    }
  }

  /** A flow mapping (`{type: lambda, function: x}`) that opens at `p` and closes on the same line. */
  private flowMapping(line: string, p: number, depth: number): [Record<string, unknown>, number] {
    if (depth > MAX_DEPTH) uncommon();
    this.count();
    const mapping: Record<string, unknown> = {};
    let q = skipSpaces(line, p + 1);
    if (line.charCodeAt(q) === 0x7d /* } */) return [mapping, q + 1];
    for (;;) {
      const c = line.charCodeAt(q);
      let key: string;
      [key, q] = c === SINGLE ? singleQuoted(line, q) : c === DOUBLE ? doubleQuoted(line, q) : flowPlainText(line, q);
      // `key: value`, nothing else (`{a}`, `{a:1}` and `{"a":1}` are js-yaml's).
      if (line.charCodeAt(q) !== COLON || line.charCodeAt(q + 1) !== SPACE) uncommon();
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(mapping, key)) uncommon();
      this.count();
      let value: unknown;
      [value, q] = this.flowValue(line, skipSpaces(line, q + 1), depth);
      mapping[key] = value;
      q = skipSpaces(line, q);
      const sep = line.charCodeAt(q);
      if (sep === 0x7d /* } */) return [mapping, q + 1];
      q = afterComma(line, q);
    }
  }

  /** A value inside a flow collection: a scalar, a flow list or mapping, or a short-form tag and its argument. */
  private flowValue(line: string, q: number, depth: number): [unknown, number] {
    this.count();
    const c = line.charCodeAt(q);
    if (c === 0x5b /* [ */) return this.flowList(line, q, depth + 1);
    if (c === 0x7b /* { */) return this.flowMapping(line, q, depth + 1);
    if (c !== 0x21 /* ! */) return flowScalar(line, q);
    const [fn, end] = shortFormTag(line, q);
    const [data, after] = this.flowOr(line, end, depth + 1, flowPlainOrQuoted);
    return [longForm(fn, kindOfData(data), data), after];
  }

  /** The flow list or mapping that opens at `p`, or else what `scalar` reads there; and the position after it. */
  private flowOr(line: string, p: number, depth: number, scalar: (line: string, p: number) => [unknown, number]): [unknown, number] {
    const c = line.charCodeAt(p);
    return c === 0x5b /* [ */ ? this.flowList(line, p, depth) : c === 0x7b /* { */ ? this.flowMapping(line, p, depth) : scalar(line, p);
  }
}

/** Past the comma at `q` and the spaces after it; anything but a comma, or `[a, ]` and `[a, , b]`, is js-yaml's. */
function afterComma(line: string, q: number): number {
  if (line.charCodeAt(q) !== 0x2c /* , */) uncommon();
  const next = skipSpaces(line, q + 1);
  const c = line.charCodeAt(next);
  if (c === 0x5d || c === 0x7d || c === 0x2c) uncommon();
  return next;
}

/** The intrinsic of the short-form tag at `p` (`!GetAtt`), and the position past it and the spaces after it. */
function shortFormTag(line: string, p: number): [IntrinsicName, number] {
  let end = p;
  while (end < line.length && line.charCodeAt(end) !== SPACE) end++;
  const fn = INTRINSIC_OF_TAG.get(line.slice(p, end));
  if (fn === undefined) uncommon();
  return [fn, skipSpaces(line, end)];
}

function kindOfData(data: unknown): Kind {
  return Array.isArray(data) ? 'sequence' : typeof data === 'string' ? 'scalar' : 'mapping';
}

/** Whether `line` holds a list entry (`- x`, or a lone `-`) at column `indent`. */
function isEntry(line: string, indent: number): boolean {
  return line.charCodeAt(indent) === DASH && (indent + 1 === line.length || line.charCodeAt(indent + 1) === SPACE);
}

function skipSpaces(line: string, p: number): number {
  while (line.charCodeAt(p) === SPACE) p++;
  return p;
}

/** Whether nothing but spaces and a comment follow position `p`. */
function restIsComment(line: string, p: number): boolean {
  const q = skipSpaces(line, p);
  return q === line.length || (q > p && line.charCodeAt(q) === HASH);
}

/**
 * The key of a mapping entry at `p` (`name:`, `'GET /x':`), as text, and the position after its colon; undefined
 * when the line holds no key there. A key whose text is unusual (a space before the colon, a flow collection, an
 * indicator) is js-yaml's.
 */
function keyAt(line: string, p: number): { text: string; end: number } | undefined {
  const c = line.charCodeAt(p);
  if (c === SINGLE || c === DOUBLE) {
    const [text, end] = c === SINGLE ? singleQuoted(line, p) : doubleQuoted(line, p);
    if (line.charCodeAt(end) !== COLON || !(end + 1 === line.length || line.charCodeAt(end + 1) === SPACE)) return undefined;
    return { text, end: end + 1 };
  }
  if (c < 128 && NOT_PLAIN_START[c] === 1) return undefined;
  // A plain key ends at the first `: ` or a colon ending the line; a ` #` before it starts a comment.
  let colon = line.indexOf(':', p);
  while (colon !== -1 && colon + 1 < line.length && line.charCodeAt(colon + 1) !== SPACE) colon = line.indexOf(':', colon + 1);
  if (colon === -1) return undefined;
  const text = line.slice(p, colon);
  if (text.includes(' #')) return undefined;
  if (text.charCodeAt(text.length - 1) === SPACE) uncommon();
  return { text, end: colon + 1 };
}

/** `'it''s'` from the quote at `p`: the text and the position after the closing quote. One line only. */
function singleQuoted(line: string, p: number): [string, number] {
  let q = p + 1;
  for (;;) {
    q = line.indexOf("'", q);
    if (q === -1) uncommon();
    if (line.charCodeAt(q + 1) !== SINGLE) break;
    q += 2;
  }
  return [line.slice(p + 1, q).replace(/''/g, "'"), q + 1];
}

/** `"a\n"` from the quote at `p`, with JSON's escapes only: the text and the position after the closing quote. */
function doubleQuoted(line: string, p: number): [string, number] {
  let q = p + 1;
  for (;;) {
    const c = line.charCodeAt(q);
    if (q >= line.length) uncommon();
    if (c === DOUBLE) break;
    q += c === 0x5c /* \ */ ? 2 : 1;
  }
  const body = line.slice(p + 1, q);
  if (body.includes('\\') && NON_JSON_ESCAPE.test(body)) uncommon();
  return [JSON.parse(`"${body}"`) as string, q + 1];
}

/**
 * A scalar in block context at `p`, to the end of its line: quoted, or plain text (up to a comment: ` #`). Plain
 * text is unresolved (a tag's argument, `!Ref yes`, is text). Returns the scalar and the position after it.
 */
function blockPlainOrQuoted(line: string, p: number): [string, number] {
  const c = line.charCodeAt(p);
  if (c === SINGLE) return singleQuoted(line, p);
  if (c === DOUBLE) return doubleQuoted(line, p);
  if (!plainMayStart(line, p)) uncommon();
  const hash = line.indexOf(' #', p);
  let end = hash === -1 ? line.length : hash;
  while (line.charCodeAt(end - 1) === SPACE) end--;
  const text = line.slice(p, end);
  // `: ` inside is an error (or a key) for js-yaml to report.
  if (text.includes(': ') || text.charCodeAt(text.length - 1) === COLON) uncommon();
  return [text, end];
}

/** A value scalar in block context: as blockPlainOrQuoted, plain text resolved (`5`, `true`, `~`). */
function blockScalar(line: string, p: number): [unknown, number] {
  const c = line.charCodeAt(p);
  const [text, end] = blockPlainOrQuoted(line, p);
  return [c === SINGLE || c === DOUBLE ? text : resolvePlain(text), end];
}

/** A plain or quoted scalar inside a flow collection, up to `,`, `]`, `}` or `: `; plain text unresolved. */
function flowPlainOrQuoted(line: string, p: number): [string, number] {
  const c = line.charCodeAt(p);
  if (c === SINGLE) return singleQuoted(line, p);
  if (c === DOUBLE) return doubleQuoted(line, p);
  return flowPlainText(line, p);
}

/**
 * Plain text inside a flow collection: up to `,`, `]`, `}`, or a colon before a space (a key's). A colon before
 * anything else is text (`arn:aws:...`, `https://...`); a comment mark or a flow indicator inside is js-yaml's.
 */
function flowPlainText(line: string, p: number): [string, number] {
  if (!plainMayStart(line, p)) uncommon();
  let end = p;
  for (; end < line.length; end++) {
    const ch = line.charCodeAt(end);
    if (ch === 0x2c || ch === 0x5d || ch === 0x7d) break;
    if (ch === COLON) {
      const next = line.charCodeAt(end + 1);
      if (next === SPACE) break;
      if (end + 1 === line.length || next === 0x2c || next === 0x5d || next === 0x7d || next === 0x5b || next === 0x7b) uncommon();
    }
    if (ch === 0x5b || ch === 0x7b || ch === HASH) uncommon();
  }
  if (end === line.length) uncommon();
  let last = end;
  while (line.charCodeAt(last - 1) === SPACE) last--;
  return [line.slice(p, last), end];
}

/** A value scalar inside a flow collection: as flowPlainOrQuoted, plain text resolved. */
function flowScalar(line: string, p: number): [unknown, number] {
  const c = line.charCodeAt(p);
  const [text, end] = flowPlainOrQuoted(line, p);
  return [c === SINGLE || c === DOUBLE ? text : resolvePlain(text), end];
}

/** Whether a plain scalar may start at `p`: not at an indicator, but `-1` and `-x` are plain. */
function plainMayStart(line: string, p: number): boolean {
  if (p >= line.length) return false;
  const c = line.charCodeAt(p);
  if (c === DASH) {
    const next = line.charCodeAt(p + 1);
    return p + 1 < line.length && next !== SPACE && next !== 0x2c && next !== 0x5d && next !== 0x7d;
  }
  return c >= 128 || NOT_PLAIN_START[c] !== 1;
}

/** A plain scalar's value, resolved by the spec reader's implicit types (scalars.ts); a value they flag is js-yaml's. */
function resolvePlain(text: string): unknown {
  if (!mayResolve(text)) return text;
  for (const type of IMPLICIT_TYPES) {
    if (type.resolve(text)) {
      const resolved = type.construct(text) as ResolvedScalar;
      if (resolved.problem !== undefined) uncommon();
      return resolved.value;
    }
  }
  return text;
}

const IMPLICIT_TYPES = TEXT_KEEPING_TYPES as unknown as ReadonlyArray<{ resolve(text: string): boolean; construct(text: string): unknown }>;
