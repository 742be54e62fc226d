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
import { IntrinsicName, intrinsicName, isPlainObject } from '../value';
import { INPUT_LIMITS, thousands } from './limits';
import { InputLimitError, ReadGuard } from './guard';
import { ResolvedScalar, TEXT_KEEPING_TYPES, scalarText } from './scalars';
import { lineAndColumn, showLine } from './text';

/** Short-form tags and the intrinsic each stands for. `Ref` and `Condition` keep their name; the rest drop `Fn::`. */
const SHORT_FORMS: ReadonlyArray<readonly [tag: string, fn: IntrinsicName]> = [
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...(
    [
      'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
      'If', 'And', 'Or', 'Not', 'Equals',
    ] as const
  ).map((name) => [`!${name}`, `Fn::${name}` as IntrinsicName] as const),
];

type Kind = 'scalar' | 'sequence' | 'mapping';
const KINDS: readonly Kind[] = ['scalar', 'sequence', 'mapping'];

const loadTypes = SHORT_FORMS.flatMap(([tag, fn]) =>
  KINDS.map(
    (kind) =>
      new yaml.Type(tag, {
        kind,
        construct: (data: unknown) => {
          // A scalar argument is its text as written: `!Ref yes` names `yes`, `!Sub 010` is the text `010`.
          const arg = kind === 'scalar' ? scalarText(data) ?? '' : data;
          if (fn === 'Fn::GetAtt' && typeof arg === 'string' && arg.includes('.')) {
            const dot = arg.indexOf('.');
            return { [fn]: [arg.slice(0, dot), arg.slice(dot + 1)] };
          }
          return { [fn]: arg };
        },
      }),
  ),
);

/**
 * The failsafe schema (strings, mappings, lists) with the YAML core schema's null, numbers and YAML 1.1 booleans,
 * each keeping its text (scalars.ts), plus the tags. No timestamps, binary, sets or merge keys: CloudFormation
 * rejects them.
 */
const LOAD_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({ implicit: [...TEXT_KEEPING_TYPES], explicit: loadTypes });

/**
 * Parses YAML (or JSON, which js-yaml reads too, with duplicate keys rejected: JSON.parse would keep the last one
 * silently), within INPUT_LIMITS. Errors name the line and column; like every other function here, it returns them
 * as a list (YAML stops at the first one, so the list holds one). Keys are the text written; a value that YAML
 * would change (a big integer, `.nan`, `010`) is an error at its line.
 */
export function parseYaml(text: string, source: string): Either<BuildError[], unknown> {
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
  const guard = new ReadGuard(body.length);
  let data: unknown;
  try {
    data = yaml.load(body, { schema: LOAD_SCHEMA, filename: source, listener: guard.listener });
  } catch (e) {
    if (e instanceof InputLimitError) return at(e.position + bom, e.message);
    if (e instanceof yaml.YAMLException) {
      const where = e.mark ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}` : 'unknown position';
      const shown = e.mark ? showLine(body.split('\n')[e.mark.line] ?? '') : '';
      return left([buildError('', `${source}: invalid YAML at ${where}: ${e.reason}${shown}`)]);
    }
    throw e;
  }
  const problem = guard.resolvedScalars === 0 ? undefined : resolveScalars(data, guard.hasAliases);
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
          // Defined, not assigned: a key may be `__proto__`.
          Object.defineProperty(record, k, { value: resolve(v), enumerable: true, writable: true, configurable: true });
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

const dumpTypes = DUMP_FORMS.flatMap(([tag, fn]) =>
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
const DUMP_SCHEMA = yaml.DEFAULT_SCHEMA.extend(dumpTypes);

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
        // Defined now (in order), filled when its work comes up.
        Object.defineProperty(object, k, { value: undefined, enumerable: true, writable: true, configurable: true });
        stack.push({ source: v, target: object, key: k, direct: fn !== undefined });
      }
      if (fn !== undefined && direct) object[LONG_FORM] = true;
      copy = object;
    }
    if (Array.isArray(target)) target[key as number] = copy;
    else Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return holder.root;
}

/** Writes data as CloudFormation YAML with short-form tags. */
export function dumpYaml(data: unknown): string {
  const text = yaml.dump(markNestedIntrinsics(data), {
    schema: DUMP_SCHEMA,
    lineWidth: -1,
    noRefs: true,
    sortKeys: false,
    quotingType: "'",
  });
  return dropSpaceAfterTags(text);
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
