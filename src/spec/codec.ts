/**
 * The codec toolkit every descriptor is written with. io-ts gives us codecs that are types and run-time checks in
 * one; these combinators add what a spec format needs on top of it:
 * - objects that reject unknown keys (a typo such as `fucntion` is an error that names it, with a suggestion),
 * - messages phrased as "expected X, got Y" (see reporter.ts), attached where the failure happens,
 * - every error of a spec collected, not only the first,
 * - two types per codec: what decoding yields (`t.TypeOf`, durations in milliseconds) and what a user writes
 *   (`t.OutputOf`, durations as `'10s'`), which `encode` turns the first back into,
 * - a JSON Schema of what a user writes (src/schema/ assembles the spec's), so editors can check and complete specs.
 */
import * as t from 'io-ts';
import { canonicalJson, isPlainObject, setOwn } from '../value';

/** A JSON Schema (draft-07) node: the part of one that a codec contributes. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The schema of another codec, as the generator places it (inline, or as a `$ref` to a shared definition). */
export type SchemaOf = (codec: Codec<any, any>) => JsonSchema;

/** How a codec describes what it accepts: a schema, or a function of the schemas of the codecs it is made of. */
export type Describe = JsonSchema | ((schemaOf: SchemaOf) => JsonSchema);

/**
 * A codec of the spec: decodes anything into `A` (or every error), and encodes an `A` back into `O`, the form a user
 * writes. `O` is the input type of the library (`t.OutputOf<typeof X>`); `schema` is the same thing for editors.
 */
export interface Codec<A, O = A> extends t.Type<A, O, unknown> {
  readonly schema: Describe;
}

/** What a user writes for a codec: `InputOf<typeof LambdaIntegration>`. */
export type InputOf<C extends t.Any> = t.OutputOf<C>;

/** Fails with a message that the reporter shows as it is. */
export const fail = <A>(value: unknown, context: t.Context, message: string): t.Validation<A> =>
  t.failure(value, context, message);

/**
 * `found` where text was expected: a boolean, a number or null there was most likely text that YAML resolved (`n`,
 * `on`, `1.0`, `~`), which the value no longer shows, so the message says how to keep it as text.
 */
export function foundForText(value: unknown): string {
  if (typeof value === 'boolean') {
    const words = value ? 'y, yes, on and true' : 'n, no, off and false';
    return `${value} (unquoted, ${words} are the boolean ${value} in YAML, as CloudFormation reads it: quote the text to keep it)`;
  }
  if (typeof value === 'number') return `the number ${found(value)} (quote it to keep it as text, as written)`;
  if (value === null) return 'null (an empty value, or ~ or null unquoted: write the text, quoted if it is ~ or null)';
  return found(value);
}

/** Short rendering of a found value for messages. Long values are cut: users need a hint, not a dump. */
export function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty mapping' : `a mapping with keys ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', ...' : ''}`;
  }
  if (typeof value === 'string') {
    const text = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(text);
  }
  return String(value);
}

/**
 * Builds a codec from a name, a validation function and its JSON Schema; `is` is derived from `validate`. Without
 * `encode`, a decoded value is written as it is (so `A` must be something a user may write).
 */
export function codec<A>(name: string, validate: (u: unknown, c: t.Context) => t.Validation<A>, schema: Describe): Codec<A, A>;
export function codec<A, O>(name: string, validate: (u: unknown, c: t.Context) => t.Validation<A>, schema: Describe, encode: (a: A) => O): Codec<A, O>;
export function codec<A, O>(
  name: string,
  validate: (u: unknown, c: t.Context) => t.Validation<A>,
  schema: Describe,
  encode: (a: A) => O = (a) => a as unknown as O,
): Codec<A, O> {
  const type: Codec<A, O> = Object.assign(
    new t.Type<A, O, unknown>(
      name,
      (u): u is A => validate(u, [{ key: '', type, actual: u }])._tag === 'Right',
      validate,
      encode,
    ),
    { schema },
  );
  return type;
}

/**
 * A codec that validates with `validate` (which usually runs `base` and checks more) and is written and described
 * as `base`: a check across the fields of an object, a rule JSON Schema cannot say.
 */
export function extend<A, O>(base: Codec<A, O>, validate: (u: unknown, c: t.Context) => t.Validation<A>, name = base.name): Codec<A, O> {
  return codec<A, O>(name, validate, (of) => of(base), (a) => base.encode(a));
}

/**
 * A schema with more keywords: beside a `$ref`, draft-07 ignores other keywords, so the reference goes into `allOf`.
 */
export function withKeywords(schema: JsonSchema, keywords: JsonSchema): JsonSchema {
  return '$ref' in schema ? { allOf: [schema], ...keywords } : { ...schema, ...keywords };
}

/** The text that editors show for a codec (its JSON Schema `description`). */
const docs = new WeakMap<Codec<any, any>, string>();
/** Codecs shared under a name in the schema's `definitions` (a Value, an intrinsic, ...). */
const definitionNames = new WeakMap<Codec<any, any>, string>();

/**
 * The same codec with a text for editors (hover docs, completion): what the field is for and its default. Returns a
 * new codec, so a shared one (`nonEmptyString`) is documented per use.
 */
export function doc<A, O>(base: Codec<A, O>, text: string): Codec<A, O> {
  const documented = codec<A, O>(base.name, (u, c) => base.validate(u, c), (of) => of(base), (a) => base.encode(a));
  docs.set(documented, text);
  const missing = descriptions.get(base);
  if (missing !== undefined) descriptions.set(documented, missing);
  return documented;
}

/** Shares a codec's schema under `definitions[name]` (for codecs used in many places, such as a Value). */
export function definition<C extends Codec<any, any>>(name: string, base: C): C {
  definitionNames.set(base, name);
  return base;
}

/** The documentation and definition name of a codec, for the schema generator (src/schema/). */
export function schemaInfo(c: Codec<any, any>): { readonly doc?: string; readonly definition?: string } {
  return { doc: docs.get(c), definition: definitionNames.get(c) };
}

export const string: Codec<string> = codec(
  'a string',
  (u, c) => (typeof u === 'string' ? t.success(u) : fail(u, c, `expected a string, got ${foundForText(u)}`)),
  { type: 'string' },
);

export const nonEmptyString: Codec<string> = codec(
  'a non-empty string',
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : fail(u, c, `expected a non-empty string, got ${foundForText(u)}`)),
  { type: 'string', minLength: 1 },
);

export const boolean: Codec<boolean> = codec(
  'true or false',
  (u, c) => (typeof u === 'boolean' ? t.success(u) : fail(u, c, `expected true or false, got ${found(u)}`)),
  { type: 'boolean' },
);

export function integer(min: number, max: number): Codec<number> {
  return codec(`integer ${min}..${max}`, (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max
      ? t.success(u)
      : fail(u, c, `expected a whole number from ${min} to ${max}, got ${found(u)}`),
    { type: 'integer', minimum: min, maximum: max },
  );
}

/** One of a fixed set of strings. */
export function oneOf<L extends string>(values: readonly L[], hint = ''): Codec<L> {
  const set: ReadonlySet<string> = new Set(values);
  // Quote choices that YAML would read as numbers, so "2.0" is not mistaken for 2.
  const shown = values.map((v) => (/^[\d.]+$/.test(v) ? JSON.stringify(v) : v));
  const choices = shown.length === 1 ? shown[0] : `one of ${shown.join(', ')}`;
  return codec(choices, (u, c) =>
    typeof u === 'string' && set.has(u)
      ? t.success(u as L)
      : fail(u, c, `expected ${choices}${hint}, got ${found(u)}`),
    { type: 'string', enum: values },
  );
}

/** A list of items; every bad item is reported with its index. */
export function list<A, O>(item: Codec<A, O>, bounds: { min?: number; max?: number; unique?: boolean } = {}): Codec<A[], readonly O[]> {
  const { min = 0, max = Infinity, unique = false } = bounds;
  return codec<A[], readonly O[]>(
    `list of ${item.name}`,
    (u, c) => {
      if (!Array.isArray(u)) return fail(u, c, `expected a list, got ${found(u)}`);
      if (u.length < min || u.length > max) {
        const range = max === Infinity ? `at least ${min}` : min === max ? `exactly ${min}` : `${min} to ${max}`;
        const bound = max === Infinity ? min : max;
        return fail(u, c, `expected ${range} item${bound === 1 ? '' : 's'}, got ${u.length}`);
      }
      const errors: t.ValidationError[] = [];
      const out: A[] = [];
      // Each decoded item's canonical text, once, when items must differ.
      const seen = unique ? new Set<string>() : undefined;
      u.forEach((x, i) => {
        const ctx = t.appendContext(c, String(i), item, x);
        const r = item.validate(x, ctx);
        if (r._tag === 'Left') {
          errors.push(...r.left);
          return;
        }
        if (seen !== undefined) {
          const key = canonicalJson(r.right);
          if (seen.has(key)) {
            errors.push({ value: x, context: ctx, message: `${typeof r.right === 'string' ? r.right : found(x)} is listed twice` });
            return;
          }
          seen.add(key);
        }
        out.push(r.right);
      });
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    },
    (of) => ({
      type: 'array',
      items: of(item),
      ...(min > 0 && { minItems: min }),
      ...(max !== Infinity && { maxItems: max }),
      // Repeats are compared after decoding (`!GetAtt A.B` equals `[A, B]`), which uniqueItems cannot see; it still
      // catches the usual slip, the same text twice.
      ...(unique && { uniqueItems: true }),
    }),
    (a) => a.map((x) => item.encode(x)),
  );
}

/** The keys a mapping takes: a check with a problem text, how they are described, and their JSON Schema. */
export interface Keys {
  readonly check: (key: string) => string | undefined;
  readonly describe: string;
  /** `propertyNames` of the schema: what JSON Schema can say of the keys (a pattern); the check may say more. */
  readonly schema?: JsonSchema;
}

/** A mapping from checked keys to checked values, keeping the user's key order. */
export function record<A, O>(key: Keys, value: Codec<A, O>, bounds: { min?: number } = {}): Codec<Record<string, A>, Readonly<Record<string, O>>> {
  return codec<Record<string, A>, Readonly<Record<string, O>>>(
    `mapping of ${key.describe} to ${value.name}`,
    (u, c) => {
      if (!isPlainObject(u)) return fail(u, c, `expected a mapping of ${key.describe}, got ${found(u)}`);
      const keys = Object.keys(u);
      if (keys.length < (bounds.min ?? 0)) return fail(u, c, `expected at least ${bounds.min} entr${bounds.min === 1 ? 'y' : 'ies'}, got none`);
      const errors: t.ValidationError[] = [];
      const out: Record<string, A> = {};
      for (const k of keys) {
        const ctx = t.appendContext(c, k, value, u[k]);
        const problem = key.check(k);
        if (problem !== undefined) {
          errors.push({ value: k, context: ctx, message: `${problem}` });
          continue;
        }
        const r = value.validate(u[k], ctx);
        if (r._tag === 'Left') errors.push(...r.left);
        // setOwn: `out["__proto__"] = ...` would set the prototype and drop the entry (a WebSocket route key or a
        // template key may be any text).
        else setOwn(out, k, r.right);
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    },
    (of) => ({
      type: 'object',
      ...(key.schema !== undefined && { propertyNames: key.schema }),
      additionalProperties: of(value),
      ...((bounds.min ?? 0) > 0 && { minProperties: bounds.min }),
    }),
    (a) => {
      const out: Record<string, O> = {};
      for (const [k, v] of Object.entries(a)) setOwn(out, k, value.encode(v));
      return out;
    },
  );
}

type Props = Record<string, Codec<any, any>>;
/** One object type instead of an intersection of mapped types: what editors show on hover and in errors. */
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Out<R extends Props, O extends Props> = Simplify<{ [K in keyof R]: t.TypeOf<R[K]> } & { [K in keyof O]?: t.TypeOf<O[K]> }>;
type In<R extends Props, O extends Props> = Simplify<{ readonly [K in keyof R]: t.OutputOf<R[K]> } & { readonly [K in keyof O]?: t.OutputOf<O[K]> }>;

/**
 * An object with required and optional fields and no others. Unknown fields are errors (io-ts's exact types would
 * strip them silently), with a "did you mean" when a known field is one or two edits away.
 */
export function object<R extends Props, O extends Props = {}>(
  name: string,
  required: R,
  optional: O = {} as O,
  /** Messages for fields that are known elsewhere but not here (an HTTP-only option on a WebSocket integration). */
  hints: Readonly<Record<string, string>> = {},
): Codec<Out<R, O>, In<R, O>> {
  const fields: Props = { ...required, ...optional };
  const known = Object.keys(fields);
  const fieldList = Object.entries(fields);
  const requiredKeys = Object.keys(required);
  const type = codec<Out<R, O>, In<R, O>>(
    name,
    (u, c) => {
      if (!isPlainObject(u)) return fail(u, c, `expected ${article(name)} ${name} (a mapping), got ${found(u)}`);
      const errors: t.ValidationError[] = [];
      const out: Record<string, unknown> = {};
      // Most fields of a mapping are optional and absent: a context (a copy of the path) only for those written.
      for (const [k, field] of fieldList) {
        const value = u[k];
        if (value === undefined) {
          if (Object.hasOwn(required, k)) errors.push({ value: undefined, context: t.appendContext(c, k, field, value), message: `missing; expected ${describeField(field)}` });
          continue;
        }
        const r = field.validate(value, t.appendContext(c, k, field, value));
        if (r._tag === 'Left') errors.push(...r.left);
        else out[k] = r.right;
      }
      for (const k of Object.keys(u)) {
        if (Object.hasOwn(fields, k)) continue;
        // Own keys only: a user's key such as `toString` must not find Object.prototype's.
        if (Object.hasOwn(hints, k)) {
          errors.push({ value: u[k], context: t.appendContext(c, k, t.unknown, u[k]), message: hints[k] });
          continue;
        }
        const guess = closest(k, known);
        errors.push({
          value: u[k],
          context: t.appendContext(c, k, t.unknown, u[k]),
          message: `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}; ${name} takes ${known.join(', ')}`,
        });
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as Out<R, O>);
    },
    (of) => ({
      type: 'object',
      properties: Object.fromEntries(known.map((k) => [k, of(fields[k])])),
      ...(requiredKeys.length > 0 && { required: requiredKeys }),
      additionalProperties: false,
    }),
    (a) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(a as Record<string, unknown>)) out[k] = Object.hasOwn(fields, k) && v !== undefined ? fields[k].encode(v) : v;
      return out as In<R, O>;
    },
  );
  descriptions.set(type, `${article(name)} ${name} (a mapping${requiredKeys.length > 0 ? ` with ${requiredKeys.join(', ')}` : ''})`);
  return type;
}

/**
 * The JSON Schema of a choice by the value of one field, as the codecs make it: `field` must be one of the choices,
 * and the rest of the mapping is checked by the choice's own schema (if/then, so an editor completes and checks the
 * fields of the kind that is written, not of every kind).
 */
export function choiceSchema(field: string, choices: ReadonlyArray<readonly [value: string, schema: JsonSchema]>): JsonSchema {
  return {
    type: 'object',
    properties: { [field]: { enum: choices.map(([value]) => value) } },
    required: [field],
    allOf: choices.map(([value, schema]) => ({
      if: { type: 'object', properties: { [field]: { const: value } }, required: [field] },
      then: schema,
    })),
  };
}

/**
 * A choice between object shapes by the value of one field (`type: lambda`). An unknown or missing tag is one
 * clear error listing the choices, instead of one error per alternative.
 */
export function taggedUnion<M extends Record<string, Codec<any, any>>>(
  tag: string,
  members: M,
  /** Messages for tags that are valid elsewhere (an HTTP-only integration kind on a WebSocket API). */
  hints: Readonly<Record<string, string>> = {},
): Codec<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>> {
  const tags = Object.keys(members);
  return codec<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>>(
    `one of ${tags.join(', ')}`,
    (u, c) => {
      if (!isPlainObject(u)) return fail(u, c, `expected a mapping with "${tag}: ${tags.join(' | ')}", got ${found(u)}`);
      const value = u[tag];
      if (typeof value !== 'string' || !Object.hasOwn(members, value)) {
        const ctx = t.appendContext(c, tag, t.string, value);
        if (typeof value === 'string' && Object.hasOwn(hints, value)) return fail(value, ctx, hints[value]);
        return value === undefined
          ? fail(u, ctx, `missing; expected one of ${tags.join(', ')}${misspeltKey(u, tag)}`)
          : fail(value, ctx, `expected one of ${tags.join(', ')}, got ${found(value)}${typeof value === 'string' && closest(value, tags) ? ` (did you mean ${closest(value, tags)}?)` : ''}`);
      }
      return members[value].validate(u, c);
    },
    (of) => choiceSchema(tag, tags.map((value) => [value, of(members[value])] as const)),
    (a) => members[(a as Record<string, string>)[tag]].encode(a),
  );
}

/**
 * Narrows a codec with a check that returns a problem text, or undefined when the value is fine. `schema` adds what
 * JSON Schema can say of the check (a pattern) to the base's schema.
 */
export function refine<A, O>(base: Codec<A, O>, check: (a: A) => string | undefined, name = base.name, schema?: JsonSchema): Codec<A, O> {
  return codec<A, O>(
    name,
    (u, c) => {
      const r = base.validate(u, c);
      if (r._tag === 'Left') return r;
      const problem = check(r.right);
      return problem === undefined ? r : fail(u, c, problem);
    },
    (of) => (schema === undefined ? of(base) : withKeywords(of(base), schema)),
    (a) => base.encode(a),
  );
}

/** How a missing field is described: objects by their required keys, other codecs by their name. */
const descriptions = new WeakMap<Codec<any, any>, string>();

/** Sets how a missing field of this codec is described (`missing; expected <description>`). */
export function described<C extends Codec<any, any>>(field: C, description: string): C {
  descriptions.set(field, description);
  return field;
}

function describeField(field: Codec<any, any>): string {
  return descriptions.get(field) ?? field.name;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** For a missing field: ` (is "tpye" a misspelling of it?)` when the mapping has a key close to its name. */
export function misspeltKey(u: Record<string, unknown>, field: string): string {
  const key = Object.keys(u).find((k) => k !== field && closest(k, [field]) !== undefined);
  return key === undefined ? '' : ` (is ${JSON.stringify(key)} a misspelling of it?)`;
}

/** The known name at most `maxDistance` (two) edits from `word`, if exactly one is closest. */
export function closest(word: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Damerau-Levenshtein (optimal string alignment) distance, so a swap of two letters counts once. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The context of the value at `keys` below `u` (for errors that checks across fields report at a field). */
export function contextAt(u: unknown, c: t.Context, keys: readonly string[]): t.Context {
  let node = u;
  let context = c;
  for (const key of keys) {
    node = (isPlainObject(node) || Array.isArray(node)) && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
    context = t.appendContext(context, key, t.unknown, node);
  }
  return context;
}

/** A validation error at `keys` below `u`. */
export function errorAt(u: unknown, c: t.Context, keys: readonly string[], message: string): t.ValidationError {
  const context = contextAt(u, c, keys);
  return { value: context[context.length - 1].actual, context, message };
}

/** An object codec with checks across its fields, each problem reported at its field. */
export function withFieldChecks<A, O>(base: Codec<A, O>, check: (a: A) => ReadonlyArray<{ field: string; message: string }>): Codec<A, O> {
  const checked = extend(base, (u, c) => {
    const r = base.validate(u, c);
    if (r._tag === 'Left') return r;
    const problems = check(r.right);
    if (problems.length === 0) return r;
    const raw = u as Record<string, unknown>;
    return t.failures(problems.map(({ field, message }) => ({ value: raw[field], context: t.appendContext(c, field, t.unknown, raw[field]), message })));
  });
  const description = descriptions.get(base);
  if (description !== undefined) descriptions.set(checked, description);
  return checked;
}
