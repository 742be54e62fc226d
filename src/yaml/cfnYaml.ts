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
          const arg = data ?? (kind === 'scalar' ? '' : data);
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
 * Booleans as YAML 1.1 (and so CloudFormation) reads them: `yes`, `no`, `on`, `off`, `y`, `n` too. Read as YAML 1.2
 * strings, a host template's `Enabled: yes` would come back out quoted, as the string "yes": another meaning.
 */
const YAML_11_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const YAML_11_FALSE = /^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const yaml11Bool = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (YAML_11_TRUE.test(data) || YAML_11_FALSE.test(data)),
  construct: (data: string) => YAML_11_TRUE.test(data),
  predicate: (o: unknown) => typeof o === 'boolean',
  represent: (o: object) => (o ? 'true' : 'false'),
});

/**
 * YAML core schema (no timestamps, binary, sets or merge keys, which CloudFormation rejects) with YAML 1.1
 * booleans, plus the tags.
 */
const LOAD_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [yaml11Bool], explicit: loadTypes });

/**
 * Parses YAML (or JSON, which js-yaml reads too, with duplicate keys rejected: JSON.parse would keep the last one
 * silently) with CloudFormation's short-form tags, which become long-form intrinsics (`!Ref X` -> `{Ref: X}`).
 * Errors name the line and column; like every other function here, it returns them as a list (YAML stops at the
 * first one, so the list holds one).
 */
export function parseYaml(text: string, source: string): Either<BuildError[], unknown> {
  try {
    return right(yaml.load(text, { schema: LOAD_SCHEMA, filename: source }));
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const where = e.mark ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}` : 'unknown position';
      const line = e.mark ? text.split('\n')[e.mark.line]?.trim() : undefined;
      const shown = line ? ` (at ${JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line)})` : '';
      return left([buildError('', `${source}: invalid YAML at ${where}: ${e.reason}${shown}`)]);
    }
    throw e;
  }
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

/** A copy in which every intrinsic that is the direct argument of another intrinsic is marked for long form. */
function markNestedIntrinsics(x: unknown, directArgument: boolean): unknown {
  if (Array.isArray(x)) return x.map((item) => markNestedIntrinsics(item, false));
  if (!isPlainObject(x)) return x;
  const fn = intrinsicName(x);
  const copy: Record<string | symbol, unknown> = {};
  for (const [k, v] of Object.entries(x)) copy[k] = markNestedIntrinsics(v, fn !== undefined);
  if (fn !== undefined && directArgument) copy[LONG_FORM] = true;
  return copy;
}

/** Writes data as CloudFormation YAML with short-form tags. */
export function dumpYaml(data: unknown): string {
  const text = yaml.dump(markNestedIntrinsics(data, false), {
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
