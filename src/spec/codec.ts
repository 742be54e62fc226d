/**
 * The codec toolkit every descriptor is written with. io-ts gives us codecs that are types and run-time checks in
 * one; these combinators add what a spec format needs on top of it:
 * - objects that reject unknown keys (a typo such as `fucntion` is an error that names it, with a suggestion),
 * - messages phrased as "expected X, got Y" (see reporter.ts), attached where the failure happens,
 * - every error of a spec collected, not only the first.
 */
import * as t from 'io-ts';
import { canonicalJson, isPlainObject } from '../value';

export type Codec<A> = t.Type<A, unknown, unknown>;

/** Fails with a message that the reporter shows as it is. */
export const fail = <A>(value: unknown, context: t.Context, message: string): t.Validation<A> =>
  t.failure(value, context, message);

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

/** Builds a codec from a name and a validation function; `is` is derived from `validate`. */
export function codec<A>(name: string, validate: (u: unknown, c: t.Context) => t.Validation<A>): Codec<A> {
  const type: Codec<A> = new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => validate(u, [{ key: '', type, actual: u }])._tag === 'Right',
    validate,
    (a) => a,
  );
  return type;
}

export const string: Codec<string> = codec('a string', (u, c) =>
  typeof u === 'string' ? t.success(u) : fail(u, c, `expected a string, got ${found(u)}`),
);

export const nonEmptyString: Codec<string> = codec('a non-empty string', (u, c) =>
  typeof u === 'string' && u.length > 0 ? t.success(u) : fail(u, c, `expected a non-empty string, got ${found(u)}`),
);

export const boolean: Codec<boolean> = codec('true or false', (u, c) =>
  typeof u === 'boolean' ? t.success(u) : fail(u, c, `expected true or false, got ${found(u)}`),
);

export function integer(min: number, max: number): Codec<number> {
  return codec(`integer ${min}..${max}`, (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max
      ? t.success(u)
      : fail(u, c, `expected a whole number from ${min} to ${max}, got ${found(u)}`),
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
  );
}

/** A list of items; every bad item is reported with its index. */
export function list<A>(item: Codec<A>, bounds: { min?: number; max?: number; unique?: boolean } = {}): Codec<A[]> {
  const { min = 0, max = Infinity, unique = false } = bounds;
  const seen = (out: A[], x: A) => unique && out.some((y) => canonicalJson(y) === canonicalJson(x));
  return codec(`list of ${item.name}`, (u, c) => {
    if (!Array.isArray(u)) return fail(u, c, `expected a list, got ${found(u)}`);
    if (u.length < min || u.length > max) {
      const range = max === Infinity ? `at least ${min}` : min === max ? `exactly ${min}` : `${min} to ${max}`;
      const bound = max === Infinity ? min : max;
      return fail(u, c, `expected ${range} item${bound === 1 ? '' : 's'}, got ${u.length}`);
    }
    const errors: t.ValidationError[] = [];
    const out: A[] = [];
    u.forEach((x, i) => {
      const ctx = t.appendContext(c, String(i), item, x);
      const r = item.validate(x, ctx);
      if (r._tag === 'Left') errors.push(...r.left);
      else if (seen(out, r.right)) errors.push({ value: x, context: ctx, message: `${typeof r.right === 'string' ? r.right : found(x)} is listed twice` });
      else out.push(r.right);
    });
    return errors.length > 0 ? t.failures(errors) : t.success(out);
  });
}

/** A mapping from checked keys to checked values, keeping the user's key order. */
export function record<A>(
  key: { check: (key: string) => string | undefined; describe: string },
  value: Codec<A>,
  bounds: { min?: number } = {},
): Codec<Record<string, A>> {
  return codec(`mapping of ${key.describe} to ${value.name}`, (u, c) => {
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
      // Defined, not assigned: `out["__proto__"] = ...` would set the prototype and drop the entry (a WebSocket
      // route key or a template key may be any text).
      else Object.defineProperty(out, k, { value: r.right, enumerable: true, writable: true, configurable: true });
    }
    return errors.length > 0 ? t.failures(errors) : t.success(out);
  });
}

type Props = Record<string, Codec<any>>;
type Out<P extends Props> = { [K in keyof P]: t.TypeOf<P[K]> };

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
): Codec<Out<R> & Partial<Out<O>>> {
  const known = [...Object.keys(required), ...Object.keys(optional)];
  const type = codec<Out<R> & Partial<Out<O>>>(name, (u, c) => {
    if (!isPlainObject(u)) return fail(u, c, `expected ${article(name)} ${name} (a mapping), got ${found(u)}`);
    const errors: t.ValidationError[] = [];
    const out: Record<string, unknown> = {};
    for (const [k, field] of Object.entries({ ...required, ...optional })) {
      const ctx = t.appendContext(c, k, field, u[k]);
      if (!(k in u) || u[k] === undefined) {
        if (k in required) errors.push({ value: undefined, context: ctx, message: `missing; expected ${describeField(field)}` });
        continue;
      }
      const r = field.validate(u[k], ctx);
      if (r._tag === 'Left') errors.push(...r.left);
      else out[k] = r.right;
    }
    for (const k of Object.keys(u)) {
      if (known.includes(k)) continue;
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
    return errors.length > 0 ? t.failures(errors) : t.success(out as Out<R> & Partial<Out<O>>);
  });
  const requiredKeys = Object.keys(required);
  descriptions.set(type, `${article(name)} ${name} (a mapping${requiredKeys.length > 0 ? ` with ${requiredKeys.join(', ')}` : ''})`);
  return type;
}

/**
 * A choice between object shapes by the value of one field (`type: lambda`). An unknown or missing tag is one
 * clear error listing the choices, instead of one error per alternative.
 */
export function taggedUnion<M extends Record<string, Codec<any>>>(
  tag: string,
  members: M,
  /** Messages for tags that are valid elsewhere (an HTTP-only integration kind on a WebSocket API). */
  hints: Readonly<Record<string, string>> = {},
): Codec<t.TypeOf<M[keyof M]>> {
  const tags = Object.keys(members);
  return codec(`one of ${tags.join(', ')}`, (u, c) => {
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
  });
}

/** Narrows a codec with a check that returns a problem text, or undefined when the value is fine. */
export function refine<A>(base: Codec<A>, check: (a: A) => string | undefined, name = base.name): Codec<A> {
  return codec(name, (u, c) => {
    const r = base.validate(u, c);
    if (r._tag === 'Left') return r;
    const problem = check(r.right);
    return problem === undefined ? r : fail(u, c, problem);
  });
}

/** How a missing field is described: objects by their required keys, other codecs by their name. */
const descriptions = new WeakMap<Codec<any>, string>();

/** Sets how a missing field of this codec is described (`missing; expected <description>`). */
export function described<A>(field: Codec<A>, description: string): Codec<A> {
  descriptions.set(field, description);
  return field;
}

function describeField(field: Codec<unknown>): string {
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

/** The known name at most two edits from `word`, if exactly one is closest. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
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
export function withFieldChecks<A>(base: Codec<A>, check: (a: A) => ReadonlyArray<{ field: string; message: string }>): Codec<A> {
  const checked = codec<A>(base.name, (u, c) => {
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
