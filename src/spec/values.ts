/**
 * Codecs for Values (literal or intrinsic) and for the kinds of Value a spec takes: ARNs, names, ids.
 */
import * as t from 'io-ts';
import { Codec, JsonSchema, codec, definition, extend, fail, found, foundForText } from './codec';
import { Intrinsic, Value, intrinsicName, isPlainObject } from '../value';

/** JSON data as a user may write it in an object literal (read-only lists are fine). */
export type JsonInput = string | number | boolean | null | readonly JsonInput[] | { readonly [key: string]: JsonInput };

/**
 * An intrinsic that yields a string, in the long form a TypeScript (or JSON) spec writes: `{ Ref: 'BooksFunction' }`,
 * `{ 'Fn::GetAtt': ['BooksFunction', 'Arn'] }` or `{ 'Fn::GetAtt': 'BooksFunction.Arn' }`, `{ 'Fn::Sub': '...' }`, ...
 */
export type IntrinsicInput =
  | { readonly Ref: string }
  | { readonly 'Fn::GetAtt': readonly [string, string] | string }
  | { readonly 'Fn::Sub': string | readonly [string, { readonly [variable: string]: JsonInput }] }
  | { readonly 'Fn::Join': readonly [string, readonly JsonInput[] | IntrinsicInput] }
  | { readonly 'Fn::Select': readonly [number | string | IntrinsicInput, readonly JsonInput[] | IntrinsicInput] }
  | { readonly 'Fn::ImportValue': JsonInput }
  | { readonly 'Fn::FindInMap': readonly [JsonInput, JsonInput, JsonInput] }
  | { readonly 'Fn::If': readonly [string, JsonInput, JsonInput] }
  | { readonly 'Fn::Base64': JsonInput };

/** What a spec writes wherever it takes an ARN, an id or a name: a literal string, or an intrinsic that yields one. */
export type ValueInput = string | IntrinsicInput;

/** Intrinsics that can stand where CloudFormation expects a single string. */
const STRING_INTRINSICS = new Set([
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::ImportValue',
  'Fn::FindInMap',
  'Fn::If',
  'Fn::Base64',
]);

/** Checks the shape of the intrinsics whose shape we rely on; returns the long form (GetAtt "A.B" as a list). */
function checkIntrinsic(u: Record<string, unknown>, c: t.Context): t.Validation<Intrinsic> {
  const name = intrinsicName(u)!;
  const arg = u[name];
  const bad = (expected: string) => fail<Intrinsic>(u, c, `expected ${name} to take ${expected}, got ${found(arg)}`);
  switch (name) {
    case 'Ref':
      return typeof arg === 'string' && arg.length > 0 ? t.success(u as Intrinsic) : bad('a logical ID or parameter name');
    case 'Fn::GetAtt':
      if (typeof arg === 'string' && /^[A-Za-z0-9]+\..+$/.test(arg)) {
        const dot = arg.indexOf('.');
        return t.success({ 'Fn::GetAtt': [arg.slice(0, dot), arg.slice(dot + 1)] });
      }
      return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string'
        ? t.success(u as Intrinsic)
        : bad('[LogicalId, Attribute] or "LogicalId.Attribute"');
    case 'Fn::Sub':
      return typeof arg === 'string' ||
        (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isPlainObject(arg[1]))
        ? t.success(u as Intrinsic)
        : bad('a string or [string, {variables}]');
    case 'Fn::Join':
      return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string'
        ? t.success(u as Intrinsic)
        : bad('[separator, [values]]');
    default:
      return t.success(u as Intrinsic);
  }
}

/** One intrinsic function call: a mapping with exactly the function's name, whose argument has `argument`'s shape. */
function call(name: string, argument: JsonSchema): JsonSchema {
  return { type: 'object', properties: { [name]: argument }, required: [name], additionalProperties: false };
}

const ANY: JsonSchema = {};
const pair = (first: JsonSchema, second: JsonSchema): JsonSchema => ({ type: 'array', items: [first, second], minItems: 2, maxItems: 2 });

/** An intrinsic that yields a string, in long form: the shapes `checkIntrinsic` checks, any argument for the rest. */
export const INTRINSIC_SCHEMA: JsonSchema = {
  description: 'a CloudFormation intrinsic in long form ({"Ref": "X"}, {"Fn::GetAtt": "A.B"}, ...); in YAML, !Ref X, !GetAtt A.B, !Sub ...',
  anyOf: [
    call('Ref', { type: 'string', minLength: 1 }),
    call('Fn::GetAtt', { anyOf: [{ type: 'string', pattern: '^[A-Za-z0-9]+\\..+$' }, pair({ type: 'string' }, ANY)] }),
    call('Fn::Sub', { anyOf: [{ type: 'string' }, pair({ type: 'string' }, { type: 'object' })] }),
    call('Fn::Join', pair({ type: 'string' }, ANY)),
    ...['Fn::Select', 'Fn::ImportValue', 'Fn::FindInMap', 'Fn::If', 'Fn::Base64'].map((name) => call(name, ANY)),
  ],
};

/** A string, or an intrinsic that yields one. */
export const stringValue: Codec<Value, ValueInput> = definition(
  'Value',
  codec<Value, ValueInput>(
    'string or intrinsic',
    (u, c) => {
      if (typeof u === 'string') return u.length > 0 ? t.success(u) : fail(u, c, 'expected a non-empty string or an intrinsic, got ""');
      const name = intrinsicName(u);
      if (name !== undefined && STRING_INTRINSICS.has(name)) return checkIntrinsic(u as Record<string, unknown>, c);
      if (name !== undefined) return fail(u, c, `expected a string or an intrinsic that yields one, got ${name}`);
      return fail(u, c, `expected a string or an intrinsic (!Ref, !GetAtt, !Sub, !ImportValue, ...), got ${foundForText(u)}`);
    },
    {
      description: 'a literal string, or an intrinsic that yields one (!Ref, !GetAtt, !Sub, !ImportValue, ...)',
      anyOf: [{ type: 'string', minLength: 1 }, INTRINSIC_SCHEMA],
    },
    // Decoding checked the intrinsic's shape, so the decoded Value is one a user may write.
    (value) => value as ValueInput,
  ),
);

/**
 * A Value that must be an ARN when written literally. `pattern` checks the literal; an intrinsic is taken as is,
 * since its value is known only at deploy time.
 */
export function arnValue(what: string, pattern: RegExp, example: string): Codec<Value, ValueInput> {
  return literalChecked(`${what} ARN`, (literal) =>
    pattern.test(literal) ? undefined : `expected ${what} ARN such as ${example}, or an intrinsic, got ${found(literal)}`,
    `${what} ARN such as ${example}, or an intrinsic`,
  );
}

/**
 * A Value whose literal form `check` checks; an intrinsic is taken as is. Its schema is a Value's: in an editor,
 * `!Ref X` reads as the text X, so a pattern for the literal would flag every intrinsic.
 */
export function literalChecked(name: string, check: (literal: string) => string | undefined, description: string): Codec<Value, ValueInput> {
  return codec<Value, ValueInput>(
    name,
    (u, c) => {
      const r = stringValue.validate(u, c);
      if (r._tag === 'Left' || typeof r.right !== 'string') return r;
      const problem = check(r.right);
      return problem === undefined ? r : fail(u, c, problem);
    },
    (of) => ({ allOf: [of(stringValue)], description }),
    (value) => stringValue.encode(value),
  );
}

/** Regular-expression sources for the partition, Region and account fields of an ARN. */
export const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?';
export const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
export const ACCOUNT = '\\d{12}';

const lambdaArnShape = arnValue(
  'a Lambda function',
  new RegExp(`^arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:[A-Za-z0-9_-]{1,64}(?::(?:\\$LATEST|[A-Za-z0-9_-]{1,128}))?$`),
  'arn:aws:lambda:us-east-1:123456789012:function:my-function',
);

/**
 * A Lambda function ARN, optionally with a version or alias qualifier. At most 140 characters: every function we
 * integrate gets an AWS::Lambda::Permission, whose FunctionName takes no more.
 */
export const lambdaFunctionArn: Codec<Value, ValueInput> = extend(lambdaArnShape, (u, c) => {
  const r = lambdaArnShape.validate(u, c);
  return r._tag === 'Right' && typeof r.right === 'string' && r.right.length > 140
    ? fail(u, c, `expected a Lambda function ARN of at most 140 characters (the limit of a Lambda permission's FunctionName), got ${r.right.length}`)
    : r;
});
