/**
 * YAML in and out with CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`, ...).
 *
 * Reading turns every short form into the long JSON form, so the rest of the program sees one representation.
 * Writing does the reverse, with YAML 1.1-safe quoting (js-yaml quotes `2.0`, `on`, `yes`, `012`, ... by itself; a
 * test holds it to that), no aliases, and no folded lines.
 */
import * as yaml from 'js-yaml';
import { Either, left, right } from 'fp-ts/Either';
import { BuildError, buildError } from '../errors';
import { intrinsicName, isPlainObject, setOwn } from '../value';
import { INPUT_LIMITS, readerBounded, thousands } from './limits';
import { InputLimitError, ReadGuard } from './guard';
import { ResolvedScalar, TEXT_KEEPING_TYPES, mayResolve } from './scalars';
import { KINDS, Kind, SHORT_FORMS, longForm } from './shortForms';
import { readCommonYaml } from './commonYaml';
import { lineAndColumn, showLine } from './text';
import { memoized } from '../shared/memo';
import { closest } from '../spec/codec';

/** js-yaml's `unknown tag !<!Reff>`, said as written, with the short form it most likely meant. */
function tagHint(reason: string): string {
  const tag = /^unknown tag !<(!.*)>$/.exec(reason)?.[1];
  if (tag === undefined) return reason;
  const tags = SHORT_FORMS.map(([short]) => short);
  // One edit at most: tags are short, and two edits turn `!Foo` into `!Or`.
  const meant = closest(tag, tags, 1);
  return `unknown tag ${tag}${meant === undefined ? '' : ` (did you mean ${meant}?)`}; CloudFormation's short forms are ${tags.join(', ')}`;
}

/** Made on first use: most documents never reach js-yaml (commonYaml.ts reads them), and a CLI run starts cold. */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/**
 * The failsafe schema (strings, mappings, lists) with the YAML core schema's null, numbers and YAML 1.1 booleans,
 * each keeping its text (scalars.ts), plus the tags. No timestamps, binary, sets or merge keys: CloudFormation
 * rejects them.
 */
const loadSchema = once(() =>
  yaml.FAILSAFE_SCHEMA.extend({
    implicit: [...TEXT_KEEPING_TYPES],
    explicit: SHORT_FORMS.flatMap(([tag, fn]) => KINDS.map((kind) => new yaml.Type(tag, { kind, construct: (data: unknown) => longForm(fn, kind, data) }))),
  }),
);

/**
 * Parses YAML (or JSON, which js-yaml reads too, with duplicate keys rejected: JSON.parse would keep the last one
 * silently), within INPUT_LIMITS. Errors name the line and column; like every other function here, it returns them
 * as a list (YAML stops at the first one, so the list holds one). Keys are the text written; a value that YAML
 * would change (a big integer, `.nan`, `010`) is an error at its line.
 */
export function parseYaml(text: string, source: string): Either<BuildError[], unknown> {
  return parseYamlWith(text, source, true);
}

/**
 * parseYaml for a spec that is decoded next and held by nothing else until then: the document is registered as
 * bounded by the reader (readerBounded), so decoding does not measure it a second time.
 */
export function parseSpecYaml(text: string, source: string): Either<BuildError[], unknown> {
  const parsed = parseYaml(text, source);
  return parsed._tag === 'Left' ? parsed : right(readerBounded(parsed.right));
}

/** parseYaml with js-yaml reading every document: the reference that the common-YAML reader is tested against. */
export function parseYamlWithJsYaml(text: string, source: string): Either<BuildError[], unknown> {
  return parseYamlWith(text, source, false);
}

function parseYamlWith(text: string, source: string, common: boolean): Either<BuildError[], unknown> {
  const at = (index: number, what: string): Either<BuildError[], never> => {
    const { line, column } = lineAndColumn(text, index);
    return left([buildError('', `${source}: line ${line}, column ${column}: ${what}${showLine(text.split('\n')[line - 1] ?? '')}`)]);
  };
  // js-yaml reports a NUL byte at the start of the text, wherever it is: find it.
  const nul = text.indexOf('\0');
  if (nul !== -1) return at(nul, 'a NUL byte, which YAML and JSON text never hold (is this a binary file, or UTF-16 text?)');
  if (text.length > INPUT_LIMITS.bytes) {
    return left([buildError('', `${source}: ${thousands(text.length)} characters, more than the ${thousands(INPUT_LIMITS.bytes)} apigw-cfn reads`)]);
  }
  // Without its byte-order mark, positions in the text are positions in what js-yaml reads.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = text.slice(bom);
  // Most documents are common YAML, which commonYaml.ts reads several times faster; the rest, and every error, is
  // js-yaml's.
  const read = common ? readCommonYaml(body) : undefined;
  if (read !== undefined) return right(read.value);
  const guard = new ReadGuard(body.length);
  let data: unknown;
  try {
    data = yaml.load(body, { schema: loadSchema(), filename: source, listener: guard.listener });
  } catch (e) {
    if (e instanceof InputLimitError) return at(e.position + bom, e.message);
    if (e instanceof yaml.YAMLException) {
      const where = e.mark ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}` : 'unknown position';
      const shown = e.mark ? showLine(body.split('\n')[e.mark.line] ?? '') : '';
      return left([buildError('', `${source}: invalid YAML at ${where}: ${tagHint(e.reason)}${shown}`)]);
    }
    throw e;
  }
  // In a holder, so that a document that is one scalar (`false`, `5`) is resolved too.
  const holder = [data];
  const problem = guard.resolvedScalars === 0 ? undefined : resolveScalars(holder, guard.hasAliases);
  data = holder[0];
  if (problem !== undefined) {
    return left([buildError('', `${source}: line ${problem.line}, column ${problem.column}: ${problem.problem}${showLine(body.split('\n')[problem.line - 1] ?? '')}`)]);
  }
  return right(data);
}

/**
 * Replaces every ResolvedScalar in a value position by its value, in place (keys were made text while loading).
 * Returns the first scalar whose value would change what was written, if any. Iterative, and each shared value
 * (an alias) is visited once.
 */
function resolveScalars(root: unknown, shared: boolean): ResolvedScalar | undefined {
  let first: ResolvedScalar | undefined;
  const resolve = (x: unknown): unknown => {
    if (!(x instanceof ResolvedScalar)) return x;
    if (x.problem !== undefined && (first === undefined || x.line < first.line || (x.line === first.line && x.column < first.column))) first = x;
    return x.value;
  };
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object') continue;
    // Only aliases share values: without them, every value is met once.
    if (shared) {
      if (seen.has(x)) continue;
      seen.add(x);
    }
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const v: unknown = x[i];
        if (v instanceof ResolvedScalar) x[i] = resolve(v);
        else if (v !== null && typeof v === 'object') stack.push(v);
      }
    } else {
      const record = x as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        const v = record[k];
        if (v instanceof ResolvedScalar) {
          setOwn(record, k, resolve(v));
        } else if (v !== null && typeof v === 'object') {
          stack.push(v);
        }
      }
    }
  }
  return first;
}

/** Marks an intrinsic that must be written in long form: the direct argument of another short form. */
const LONG_FORM = Symbol('long form');

function kindOf(arg: unknown): Kind | undefined {
  if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean') return 'scalar';
  if (Array.isArray(arg)) return 'sequence';
  if (isPlainObject(arg)) return 'mapping';
  return undefined;
}

/** Functions written in long form always: `Condition` (also a resource attribute) and the language extensions. */
const DUMP_FORMS = SHORT_FORMS.filter(([, fn]) => fn !== 'Condition');

const dumpTypes = (): yaml.Type[] => DUMP_FORMS.flatMap(([tag, fn]) =>
  KINDS.map(
    (kind) =>
      new yaml.Type(tag, {
        kind,
        predicate: (o: unknown) => {
          // js-yaml asks every type about every node: test the cheap own-key first (rendering time, see bench).
          if (!isPlainObject(o) || !Object.prototype.hasOwnProperty.call(o, fn)) return false;
          if ((o as Record<symbol, unknown>)[LONG_FORM] || intrinsicName(o) !== fn) return false;
          const arg = o[fn];
          if (fn === 'Fn::GetAtt' && Array.isArray(arg) && arg.every((a) => typeof a === 'string')) return kind === 'scalar';
          if (fn === 'Ref' && kind !== 'scalar') return false;
          return kindOf(arg) === kind;
        },
        represent: (o: object) => {
          const arg = (o as Record<string, unknown>)[fn];
          return (fn === 'Fn::GetAtt' && Array.isArray(arg) && kind === 'scalar' ? arg.join('.') : arg) as object;
        },
      }),
  ),
);

/** The default schema, so that js-yaml quotes what YAML 1.1 would read as a timestamp (`2010-09-09`). */
const dumpSchema = once(() => yaml.DEFAULT_SCHEMA.extend(dumpTypes()));

/**
 * A copy in which every intrinsic that is the direct argument of another intrinsic is marked for long form.
 * Iterative, for data of any depth; keys are defined, not assigned, so that a `__proto__` key stays a key.
 */
function markNestedIntrinsics(root: unknown): unknown {
  const holder: Record<string, unknown> = {};
  // Work: put a copy of `source` at target[key]; `direct` says it is the direct argument of an intrinsic.
  const stack: Array<{ source: unknown; target: Record<string | symbol, unknown> | unknown[]; key: string | number; direct: boolean }> = [
    { source: root, target: holder, key: 'root', direct: false },
  ];
  while (stack.length > 0) {
    const { source, target, key, direct } = stack.pop()!;
    let copy: unknown = source;
    if (Array.isArray(source)) {
      const list = new Array<unknown>(source.length);
      source.forEach((item, i) => stack.push({ source: item, target: list, key: i, direct: false }));
      copy = list;
    } else if (isPlainObject(source)) {
      const fn = intrinsicName(source);
      const object: Record<string | symbol, unknown> = {};
      for (const [k, v] of Object.entries(source)) {
        // Set now (in order), filled when its work comes up.
        setOwn(object as Record<string, unknown>, k, undefined);
        stack.push({ source: v, target: object, key: k, direct: fn !== undefined });
      }
      if (fn !== undefined && direct) object[LONG_FORM] = true;
      copy = object;
    }
    if (Array.isArray(target)) target[key as number] = copy;
    else setOwn(target as Record<string, unknown>, key as string, copy);
  }
  return holder.root;
}

/**
 * Writes data as CloudFormation YAML with short-form tags: the text js-yaml writes (below), byte for byte, written by
 * a loop that knows only what templates hold. Rendering was the largest stage of a build (js-yaml asks every one of
 * some fifty types about every node); this path is several times faster. Anything outside what it knows (a string
 * with a line break, a tab or another character YAML must escape, a key past 1,024 characters, an intrinsic whose
 * scalar argument is not a string) goes to js-yaml whole. `test/yaml.test.ts` checks, over generated data, that
 * both write the same bytes and that the text parses back to the data.
 */
export function dumpYaml(data: unknown): string {
  return fastDump(data) ?? dumpYamlWithJsYaml(data);
}

/** The reference: js-yaml with one custom type per short-form tag and node kind. */
export function dumpYamlWithJsYaml(data: unknown): string {
  const text = yaml.dump(markNestedIntrinsics(data), {
    schema: dumpSchema(),
    lineWidth: -1,
    noRefs: true,
    sortKeys: false,
    quotingType: "'",
  });
  return dropSpaceAfterTags(text);
}

/** Strings js-yaml quotes for YAML 1.1 readers although YAML 1.2 reads them as strings (`noCompatMode: false`). */
const YAML_11_COMPAT = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const BASE_60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
/** Plain scalars of the dump schema that read back as something else than a string: they must be quoted. */
interface ScalarType {
  resolve(text: string): boolean;
  represent: ((value: number, style: string) => string) | Record<string, (value: number) => string>;
}
/** js-yaml's own types (exported as `types`, which its type declarations leave out). */
const TYPES = (yaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float' | 'timestamp' | 'merge', ScalarType> }).types;
const IMPLICIT = [TYPES.null, TYPES.bool, TYPES.int, TYPES.float, TYPES.timestamp, TYPES.merge];

/** Characters js-yaml writes as they are (YAML's printable set): outside it, the whole document goes to js-yaml. */
function printable(c: number): boolean {
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xd7ff && c !== 0x2028 && c !== 0x2029) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || c >= 0x10000;
}

/** Characters that may not start a plain scalar (YAML's indicators and white space). */
const NOT_FIRST = new Set(' \t-?:,[]{}#&*!|=>\'"%@`'.split('').map((ch) => ch.charCodeAt(0)));
const FLOW_INDICATORS = new Set(',[]{}'.split('').map((ch) => ch.charCodeAt(0)));

/** Why we give up on a document: js-yaml renders it instead. */
class Unusual extends Error {}

/**
 * A single-line string as js-yaml writes it (chooseScalarStyle and writeScalar, for lineWidth -1 and single quotes):
 * plain when YAML reads it back as this very string, else single-quoted.
 */
function scalar(text: string, inFlow: boolean): string {
  if (text === '') return "''";
  if (YAML_11_COMPAT.has(text) || BASE_60.test(text)) return `'${text}'`;
  let plain = !NOT_FIRST.has(text.charCodeAt(0));
  const last = text.charCodeAt(text.length - 1);
  if (last === 0x20 || last === 0x09 || last === 0x3a) plain = false;
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + low - 0xdc00 + 0x10000;
        i++;
      }
    }
    if (!printable(c)) throw new Unusual();
    if (plain) {
      const white = c === 0x20;
      // ns-plain-char: no "#" after white space, no ": ", no flow indicators inside flow collections.
      const safe = (inFlow ? !FLOW_INDICATORS.has(c) : true) && c !== 0x23 && !(previous === 0x3a && white);
      plain = safe || (previous !== -1 && previous !== 0x20 && c === 0x23) || (previous === 0x3a && !white);
    }
    previous = c;
  }
  if (plain && !(mayResolve(text) && IMPLICIT.some((type) => type.resolve(text)))) return text;
  return `'${text.replace(/'/g, "''")}'`;
}

/** Names and values repeat across resources (ApiId, Properties, AWS_PROXY): each is worked out once. */
const cachedScalar = memoized((text) => scalar(text, false), 20_000);

/** Numbers, booleans and null as the dump schema represents them. */
function implicitScalar(value: number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Number.isInteger(value) && !Object.is(value, -0)) return (TYPES.int.represent as Record<string, (n: number) => string>).decimal(value);
  return (TYPES.float.represent as (n: number, style: string) => string)(value, 'lowercase');
}

const TAG_OF: ReadonlyMap<string, string> = new Map(DUMP_FORMS.map(([tag, fn]) => [fn, tag]));

/** The short form of an intrinsic (`!Ref`, ...) and the argument written after it, or undefined for long form. */
function shortForm(o: Record<string, unknown>): { tag: string; arg: unknown } | undefined {
  const fn = intrinsicName(o);
  if (fn === undefined) return undefined;
  const tag = TAG_OF.get(fn);
  if (tag === undefined) return undefined;
  const arg = o[fn];
  if (fn === 'Fn::GetAtt' && Array.isArray(arg) && arg.every((a) => typeof a === 'string')) return { tag, arg: arg.join('.') };
  if (fn === 'Ref' && typeof arg !== 'string' && typeof arg !== 'number' && typeof arg !== 'boolean') return undefined;
  const kind = kindOf(arg);
  if (kind === undefined) return undefined;
  if (kind === 'scalar' && typeof arg !== 'string') throw new Unusual();
  return { tag, arg };
}

/**
 * js-yaml's writeNode for block style: `level` is the indentation level, `compact` whether the node may start on
 * the line of its key or dash, `longForm` whether an intrinsic here is the direct argument of another (which
 * CloudFormation reads only in long form).
 */
function node(value: unknown, level: number, compact: boolean, longForm: boolean): string {
  startsOnNextLine = false;
  if (typeof value === 'string') return cachedScalar(value);
  // Templates are shallow (input is bounded at 100 levels); deeper data is js-yaml's to write, this loop's stack stays small.
  if (level > MAX_FAST_DEPTH) throw new Unusual();
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return implicitScalar(value);
  let tag: string | undefined;
  let body: unknown = value;
  if (isPlainObject(value) && !longForm) {
    const short = shortForm(value);
    if (short !== undefined) {
      tag = short.tag;
      body = short.arg;
      compact = false;
    }
  }
  let text: string;
  // Whether the text starts with a line break: a block collection that may not start on its key's or dash's line.
  let onNextLine = false;
  if (typeof body === 'string') {
    text = cachedScalar(body);
  } else if (Array.isArray(body)) {
    onNextLine = body.length > 0 && !compact;
    text = body.length === 0 ? '[]' : sequence(body, level, compact);
  } else if (isPlainObject(body)) {
    const direct = intrinsicName(body) !== undefined;
    const empty = Object.keys(body).length === 0;
    onNextLine = !empty && !compact;
    text = empty ? '{}' : mapping(body, level, compact, direct);
  } else {
    throw new Unusual();
  }
  if (tag !== undefined) {
    // js-yaml writes "!Tag " before a block collection's line break; we leave the space out (dropSpaceAfterTags).
    text = onNextLine ? `${tag}${text}` : `${tag} ${text}`;
    onNextLine = false;
  }
  startsOnNextLine = onNextLine;
  return text;
}

/**
 * Whether the text node() returned last starts with a line break. Asking the text itself (charCodeAt) would make
 * V8 flatten it, copying each collection's text once for every level above it.
 */
let startsOnNextLine = false;

const MAX_FAST_DEPTH = 200;

const indents: string[] = [];
function newline(level: number): string {
  return (indents[level] ??= `\n${'  '.repeat(level)}`);
}

function sequence(items: readonly unknown[], level: number, compact: boolean): string {
  let out = '';
  for (const item of items) {
    if (item === undefined) throw new Unusual();
    const text = node(item, level + 1, true, false);
    if (!compact || out !== '') out += newline(level);
    out += startsOnNextLine ? `-${text}` : `- ${text}`;
  }
  return out;
}

function mapping(entries: Record<string, unknown>, level: number, compact: boolean, argumentsOfIntrinsic: boolean): string {
  let out = '';
  for (const key of Object.keys(entries)) {
    const value = entries[key];
    if (value === undefined) continue;
    if (key.length > 1024) throw new Unusual();
    if (!compact || out !== '') out += newline(level);
    out += cachedScalar(key);
    const text = node(value, level + 1, false, argumentsOfIntrinsic);
    out += startsOnNextLine ? `:${text}` : `: ${text}`;
  }
  return out;
}

/** The fast path: the text, or undefined when the data holds something only js-yaml writes. */
function fastDump(data: unknown): string | undefined {
  try {
    const text = node(data, 0, true, false);
    return `${text}\n`;
  } catch (e) {
    if (e instanceof Unusual) return undefined;
    throw e;
  }
}

/**
 * js-yaml writes a tagged sequence or mapping as `!Join ` with a trailing space before the line break. Drop that
 * space (editors strip it, which would churn golden files), but never inside a block scalar, whose text is data.
 */
function dropSpaceAfterTags(text: string): string {
  let blockIndent = -1;
  return text
    .split('\n')
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      if (blockIndent >= 0 && (line.trim() === '' || indent > blockIndent)) return line;
      blockIndent = /(^|[:-] )[|>][0-9]?[-+]?$/.test(line.trimStart()) ? indent : -1;
      return /(^|[:-] )![A-Za-z0-9]+ $/.test(line.trimStart()) ? line.slice(0, -1) : line;
    })
    .join('\n');
}
