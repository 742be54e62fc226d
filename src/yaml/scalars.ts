/**
 * Plain scalars that YAML resolves to something other than text: null, booleans and numbers.
 *
 * They are read as a ResolvedScalar, which keeps the text as written beside the value. js-yaml turns a mapping key
 * into text with `String(key)`, which gives that text back: keys are route keys and names, so `yes`, `0x1F` and `~`
 * stay `"yes"`, `"0x1F"` and `"~"` (not `"true"`, `"31"`, `"null"`). A value, after loading, is replaced by what it
 * resolves to, unless the value cannot be kept exactly: then reading fails at its line (see `problem`).
 */
import * as yaml from 'js-yaml';

export class ResolvedScalar {
  /** Where the scalar is (from 1), set while loading. */
  line = 0;
  column = 0;

  constructor(
    /** The scalar as written (`0x1F`, `yes`, `~`). */
    readonly text: string,
    /** What YAML resolves it to (31, true, null). */
    readonly value: unknown,
    /** Why the value cannot stand for the text without changing it, when it cannot. */
    readonly problem?: string,
  ) {}

  toString(): string {
    return this.text;
  }

  // js-yaml replaces a key whose Object.prototype.toString is `[object Object]` by that text: tell it otherwise.
  get [Symbol.toStringTag](): string {
    return 'ResolvedScalar';
  }
}

/** `1_000.50e3` as sign, significant digits and exponent, so that two spellings of one number compare equal. */
function canonicalDecimal(text: string): string {
  const t = text.replace(/_/g, '').toLowerCase();
  const negative = t.startsWith('-');
  const unsigned = t.replace(/^[-+]/, '');
  const [mantissa, exponent = '0'] = unsigned.split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  let digits = `${whole}${fraction}`.replace(/^0+/, '');
  let power = Number(exponent) - fraction.length;
  if (digits === '') return '0';
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  power += trailing;
  return `${negative ? '-' : ''}${digits}e${power}`;
}

function intProblem(text: string, value: number): string | undefined {
  const unsigned = text.replace(/_/g, '').replace(/^[-+]/, '');
  if (/^0o/i.test(unsigned)) {
    return `${text} is the number ${value} in YAML 1.2 but text in YAML 1.1, as CloudFormation reads YAML; write ${value}, or quote it to keep it as text`;
  }
  if (/^0[0-9]/.test(unsigned)) {
    const yaml11 = /^0[0-7]+$/.test(unsigned) ? `the number ${parseInt(unsigned, 8) * (text.startsWith('-') ? -1 : 1)} (octal)` : 'text';
    return `${text} is the number ${value} in YAML 1.2 but ${yaml11} in YAML 1.1, as CloudFormation reads YAML; write it without the leading zero, or quote it to keep it as text`;
  }
  // Past 2^53 a number keeps only the integers it spells itself (9007199254740992, 1e20 written out): any other
  // text (12345678901234567890) would be read as a neighbour. Decimal text only; 0x and 0b spellings are refused.
  if (!Number.isSafeInteger(value) && !(/^[0-9_]+$/.test(unsigned) && canonicalDecimal(text) === canonicalDecimal(String(value)))) {
    return `${text} is beyond 2^53 (9007199254740992): as a number it would lose precision and become ${String(value)}; quote it to keep it as text`;
  }
  return undefined;
}

function floatProblem(text: string, value: number): string | undefined {
  if (Number.isNaN(value) || !Number.isFinite(value)) {
    return `${text} is not a number JSON or CloudFormation can hold (${Number.isNaN(value) ? 'not a number' : 'infinite'}); quote it to keep it as text`;
  }
  if (canonicalDecimal(text) !== canonicalDecimal(String(value))) {
    return `${text} cannot be kept exactly as a number (it would become ${String(value)}); write ${String(value)}, or quote it to keep it as text`;
  }
  return undefined;
}

/** The core schema's implicit types, by tag: null, bool, int, float. */
function coreType(tag: string): yaml.Type {
  const implicit = (yaml.CORE_SCHEMA as unknown as { implicit: yaml.Type[] }).implicit;
  const type = implicit.find((t) => (t as unknown as { tag: string }).tag === tag);
  if (type === undefined) throw new Error(`bug: js-yaml's core schema has no ${tag}`);
  return type;
}

/**
 * First characters of every plain scalar that null (`~`, `null`), a YAML 1.1 boolean (`y`, `no`, `true`, `off`, ...),
 * an int or a float (a sign, a digit, `.`, and `_` to be safe) can be, and for the writer's schema a timestamp (a
 * digit) or a merge key (`<<`). js-yaml asks each implicit type about every plain scalar, keys included, and the
 * writer asks them about every string it would leave unquoted; most are words that start with none of these, and
 * are turned away here at once.
 */
const MAY_RESOLVE = new Uint8Array(128);
for (const c of '~nNtTfFyYoO0123456789+-._<') MAY_RESOLVE[c.charCodeAt(0)] = 1;

/** Whether a plain scalar might resolve to anything but text (false: it certainly does not). */
export function mayResolve(data: string | null): boolean {
  if (data === null || data === '') return true;
  const c = data.charCodeAt(0);
  return c >= 128 || MAY_RESOLVE[c] === 1;
}

/** A scalar type that reads as `base` does, into a ResolvedScalar. */
function keepingText(base: yaml.Type, tag: string, check: (text: string, value: unknown) => string | undefined = () => undefined): yaml.Type {
  return new yaml.Type(tag, {
    kind: 'scalar',
    resolve: (data: string | null) => mayResolve(data) && base.resolve(data),
    construct: (data: string | null) => {
      const text = data ?? '';
      const value: unknown = base.construct(data);
      return new ResolvedScalar(text, value, check(text, value));
    },
  });
}

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
});

/**
 * The implicit types of the spec reader (also named by `!!null`, `!!bool`, `!!int`, `!!float`): the YAML core
 * schema with YAML 1.1 booleans, each keeping its text.
 */
export const TEXT_KEEPING_TYPES: readonly yaml.Type[] = [
  keepingText(coreType('tag:yaml.org,2002:null'), 'tag:yaml.org,2002:null'),
  keepingText(yaml11Bool, 'tag:yaml.org,2002:bool'),
  keepingText(coreType('tag:yaml.org,2002:int'), 'tag:yaml.org,2002:int', (text, value) => intProblem(text, value as number)),
  keepingText(coreType('tag:yaml.org,2002:float'), 'tag:yaml.org,2002:float', (text, value) => floatProblem(text, value as number)),
];

/** A scalar argument of a short-form tag is its text: `!Ref yes` names `yes`, `!Sub 0x1F` is the text `0x1F`. */
export function scalarText(data: unknown): unknown {
  return data instanceof ResolvedScalar ? data.text : data;
}
