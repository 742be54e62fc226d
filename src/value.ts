/**
 * Values: what a spec writes wherever CloudFormation takes an ARN, an id or a name.
 *
 * A Value is a literal string or a CloudFormation intrinsic in its long JSON form
 * (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`, ...). YAML short-form tags are turned into the long form when a
 * spec is read (src/yaml/), so everything past the reader sees one representation only.
 */

/** Every intrinsic function name CloudFormation accepts in a template body. */
export const INTRINSIC_NAMES = [
  'Ref',
  'Condition',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::Transform',
  'Fn::If',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Fn::Equals',
  'Fn::Length',
  'Fn::ToJsonString',
] as const;
export type IntrinsicName = (typeof INTRINSIC_NAMES)[number];

/** JSON-compatible data: the representation of everything inside a template. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** An intrinsic function call in long form: an object with exactly one key, the function's name. */
export type Intrinsic = { readonly [K in IntrinsicName]?: Json };

/** Every ARN, id and name a spec takes: a literal string or an intrinsic that yields one. */
export type Value = string | Intrinsic;

const intrinsicNames: ReadonlySet<string> = new Set(INTRINSIC_NAMES);

/**
 * Sets an own, enumerable, writable property, whatever the key: `__proto__` too, which assignment would take as
 * the object's prototype (a route key or a template key may be any text). Other keys are assigned, which is much
 * cheaper than defining them (no descriptor object, and an inline cache instead of a runtime call).
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The function name if `x` is a single-key object naming an intrinsic function, else undefined. */
export function intrinsicName(x: unknown): IntrinsicName | undefined {
  if (!isPlainObject(x)) return undefined;
  const keys = Object.keys(x);
  return keys.length === 1 && intrinsicNames.has(keys[0]) ? (keys[0] as IntrinsicName) : undefined;
}

export function isIntrinsic(x: unknown): x is Intrinsic {
  return intrinsicName(x) !== undefined;
}

// The helpers return the one function they write (not any Intrinsic), so a spec object may use them for a Value.
/** `{ Ref: logicalId }`: a parameter's value or a resource's id. */
export const ref = (logicalId: string): { readonly Ref: string } => ({ Ref: logicalId });
/** `{ 'Fn::GetAtt': [logicalId, attribute] }`: an attribute of a resource, such as a function's Arn. */
export const getAtt = (logicalId: string, attribute: string): { readonly 'Fn::GetAtt': [string, string] } => ({ 'Fn::GetAtt': [logicalId, attribute] });
/** `{ 'Fn::Sub': text }`, or `[text, variables]` when there are variables. */
export const sub = (text: string, variables?: Record<string, Json>): { readonly 'Fn::Sub': string | [string, Record<string, Json>] } =>
  variables === undefined || Object.keys(variables).length === 0
    ? { 'Fn::Sub': text }
    : { 'Fn::Sub': [text, variables] };
/** `{ 'Fn::Join': [separator, parts] }`. */
export const join = (separator: string, parts: Json[]): { readonly 'Fn::Join': [string, Json[]] } => ({ 'Fn::Join': [separator, parts] });

/** Literal text for an `Fn::Sub` string: `${` becomes `${!`, which Fn::Sub writes as a plain `${`. */
export function escapeForSub(text: string): string {
  return text.replace(/\$\{/g, '${!');
}

/**
 * A Value placed inside an `Fn::Sub` string: a literal is escaped and inlined, a `Ref` to a logical ID or
 * parameter is inlined as `${Id}`, a `GetAtt` as `${Id.Attr}`, and anything else becomes a named variable.
 * Returns the text to inline and the variables it needs.
 */
export function subPart(value: Value, variableName: string): { text: string; variables: Record<string, Json> } {
  if (typeof value === 'string') return { text: escapeForSub(value), variables: {} };
  const v = value as Record<string, Json>;
  if (typeof v.Ref === 'string') return { text: `\${${v.Ref}}`, variables: {} };
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att) && att.length === 2 && att.every((a) => typeof a === 'string')) {
    return { text: `\${${att[0]}.${att[1]}}`, variables: {} };
  }
  return { text: `\${${variableName}}`, variables: { [variableName]: value as Json } };
}

/**
 * Canonical JSON: keys sorted at every level, so equal data always gives equal text (used for hashing). Iterative:
 * no input is deep enough to overflow the stack. (A value JSON cannot hold writes as `undefined` in a mapping and as
 * nothing in a list, as it always has: logical IDs hash this text.)
 */
export function canonicalJson(x: unknown): string {
  return canonicalText(x, false, 0) ?? deepCanonicalJson(x);
}

/** Nesting past which canonicalText hands over to the iterative form (no value a build hashes comes near it). */
const RECURSIVE_DEPTH = 200;

/**
 * canonicalJson by recursion, which runs several times faster cold than the work stack (every route hashes its
 * integration's identity); undefined for a value nested deeper than RECURSIVE_DEPTH.
 */
function canonicalText(value: unknown, inList: boolean, depth: number): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (depth >= RECURSIVE_DEPTH) return undefined;
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const item = canonicalText(value[i], true, depth + 1);
      if (item === undefined) return undefined;
      text += i > 0 ? `,${item}` : item;
    }
    return `${text}]`;
  }
  if (isPlainObject(value)) {
    if (depth >= RECURSIVE_DEPTH) return undefined;
    const keys = Object.keys(value).sort();
    let text = '{';
    for (let i = 0; i < keys.length; i++) {
      const item = canonicalText(value[keys[i]], false, depth + 1);
      if (item === undefined) return undefined;
      text += `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:${item}`;
    }
    return `${text}}`;
  }
  const text = JSON.stringify(value) as string | undefined;
  return text ?? (inList ? '' : 'undefined');
}

/** canonicalJson with a work stack: for values of any depth. */
function deepCanonicalJson(x: unknown): string {
  const out: string[] = [];
  // Work: a value to write (in a list or elsewhere), or text to emit as it is.
  type Work = { readonly value: unknown; readonly inList: boolean } | string;
  const stack: Work[] = [{ value: x, inList: false }];
  while (stack.length > 0) {
    const work = stack.pop()!;
    if (typeof work === 'string') {
      out.push(work);
      continue;
    }
    const { value, inList } = work;
    if (Array.isArray(value)) {
      stack.push(']');
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i], inList: true });
        if (i > 0) stack.push(',');
      }
      stack.push('[');
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value).sort();
      stack.push('}');
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: value[keys[i]], inList: false });
        stack.push(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`);
      }
      stack.push('{');
    } else {
      const text = JSON.stringify(value) as string | undefined;
      out.push(text ?? (inList ? '' : 'undefined'));
    }
  }
  return out.join('');
}

/** Short text for a Value in messages: `!Ref X`, `!GetAtt A.B`, or the literal. */
export function describeValue(value: unknown): string {
  const name = intrinsicName(value);
  if (name === undefined) return typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value);
  const arg = (value as Record<string, unknown>)[name];
  const short = name === 'Ref' ? 'Ref' : name.replace(/^Fn::/, '');
  if (name === 'Fn::GetAtt' && Array.isArray(arg)) return `!GetAtt ${arg.join('.')}`;
  return `!${short} ${typeof arg === 'string' ? arg : canonicalJson(arg)}`;
}
