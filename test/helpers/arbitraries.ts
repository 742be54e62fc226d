/**
 * fast-check generators of specs, as a user writes them (plain JSON-compatible data, intrinsics in long form), for
 * the property tests in test/property.test.ts.
 *
 * - `validSpec()` yields specs the format accepts (src/spec/spec.ts and what it composes), together with the
 *   context they were drawn from (declared parameters, the pool of Lambda functions routes share), so a test can
 *   extend a spec with more routes of the same kind.
 * - `invalidSpec()` derives a spec that must be rejected from a valid one by exactly one mutation, with the path in
 *   the spec that an error must name.
 * - `INTEGRATION_KINDS` maps an integration `type` to its generator: valid descriptors, what a route with it must be
 *   allowed to invoke, the Integration properties it must yield, and its one-step mutations. Adding a kind to the
 *   generators = one entry there.
 * - `specText()` writes a spec as YAML (short-form tags or long form) or JSON, independently of src/yaml/.
 *
 * Generators produce only what the spec format accepts; a generated valid spec that fails to build is a bug in src,
 * not in the generator.
 */
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * A parameter the spec declares, and what it holds: a function ARN (for `!Ref` where a function is taken) or a
 * word (for `${Name}` inside a `!Sub` ARN). cfn-lint resolves a Sub with parameters' defaults and checks the ARN it
 * yields, so a parameter's default must fit where the parameter is used.
 */
export interface GenParameter {
  readonly name: string;
  readonly holds: 'arn' | 'word';
}

/** What the parts of one spec are drawn from. */
export interface GenContext {
  /** The parameters the spec declares: the only names a `!Ref` or a `${Name}` in `!Sub` may use. */
  readonly parameters: readonly GenParameter[];
  /** The Lambda functions (Values) routes choose from: a small pool, so routes share integrations and permissions. */
  readonly functions: readonly Json[];
}

export interface GeneratedSpec {
  readonly spec: JsonObject;
  readonly context: GenContext;
}

// ---------------------------------------------------------------------------------------------------------------
// Paths and small helpers

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A path into the spec written as the error reporter writes it: `routes["GET /x"].integration.timeout`. */
export function specPath(keys: readonly (string | number)[]): string {
  let out = '';
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** JSON with keys sorted at every level: equal data, equal text. */
export function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

function objectAt(spec: JsonObject, keys: readonly string[]): JsonObject {
  let node: Json = spec;
  for (const k of keys) node = (node as JsonObject)[k];
  return node as JsonObject;
}

/** `o` with key `from` renamed to `to`, keeping the order of keys (a spec's route order is the user's). */
function renameKey(o: JsonObject, from: string, to: string): JsonObject {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k === from ? to : k, v]));
}

// ---------------------------------------------------------------------------------------------------------------
// Text

const shortText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
);

/** Text for a field that takes any non-empty string; some of it is what YAML 1.1 reads as another type. */
const freeText = fc.oneof(
  { weight: 6, arbitrary: shortText },
  { weight: 1, arbitrary: fc.constantFrom('2.0', 'yes', 'on', 'off', '012', '12:30', '~', 'null', '- x', '#x', '!Ref X', "it's", '"q"') },
);

// ---------------------------------------------------------------------------------------------------------------
// Values: Lambda functions and what else a spec takes as a Value

const PARTITIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['aws', ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1']],
  ['aws-cn', ['cn-north-1', 'cn-northwest-1']],
  ['aws-us-gov', ['us-gov-west-1']],
];

const lambdaName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('books', 'get-book', 'orders_v2', 'Fn', 'a') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{60,64}$/) },
);

/** A version, an alias or $LATEST. */
const lambdaQualifier = fc.oneof(
  fc.constant('$LATEST'),
  fc.integer({ min: 1, max: 99_999 }).map(String),
  fc.constantFrom('live', 'prod', 'blue-green'),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/),
);

export const literalFunctionArn: fc.Arbitrary<string> = fc
  .record({
    partition: fc.constantFrom(...PARTITIONS),
    regionIndex: fc.nat(),
    account: fc.stringMatching(/^\d{12}$/),
    name: lambdaName,
    qualifier: fc.option(lambdaQualifier, { nil: undefined, freq: 3 }),
  })
  .map(({ partition: [p, regions], regionIndex, account, name, qualifier }) =>
    `arn:${p}:lambda:${regions[regionIndex % regions.length]}:${account}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`,
  )
  // A Lambda permission's FunctionName takes at most 140 characters (the spec rejects longer ARNs).
  .filter((arn) => arn.length <= 140);

const exportName = fc.oneof(fc.constantFrom('shared-FunctionArn', 'core:orders:arn'), fc.stringMatching(/^[A-Za-z0-9:-]{1,40}$/));

const SUB_ARN_PREFIX = 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:';

/** A Lambda function as a spec writes it: a literal ARN, `!Ref Param`, `!Sub ...` or `!ImportValue ...`. */
export function functionValue(parameters: readonly GenParameter[]): fc.Arbitrary<Json> {
  const names = (holds: GenParameter['holds']) => parameters.filter((p) => p.holds === holds).map((p) => p.name);
  const [arns, words] = [names('arn'), names('word')];
  const arnParam = arns.length > 0 ? fc.constantFrom(...arns) : undefined;
  const wordParam = words.length > 0 ? fc.constantFrom(...words) : undefined;
  const imported = exportName.map((e): Json => ({ 'Fn::ImportValue': e }));
  const choices: Array<fc.WeightedArbitrary<Json>> = [
    { weight: 4, arbitrary: literalFunctionArn },
    // A Sub always holds a variable: cfn-lint warns (W1020) about a Sub without one, and so would a reviewer.
    { weight: 1, arbitrary: lambdaName.map((name) => ({ 'Fn::Sub': `${SUB_ARN_PREFIX}${name}` })) },
    // The variables form: `!Sub [text, {Name: <Value>}]`.
    {
      weight: 1,
      arbitrary: fc
        .oneof(imported, ...(wordParam ? [wordParam.map((p): Json => ({ Ref: p }))] : []))
        .map((name) => ({ 'Fn::Sub': [`${SUB_ARN_PREFIX}\${Name}`, { Name: name }] })),
    },
    { weight: 1, arbitrary: imported },
    { weight: 1, arbitrary: lambdaName.map((n) => ({ 'Fn::ImportValue': { 'Fn::Sub': `\${AWS::StackName}-${n}` } })) },
  ];
  if (arnParam) choices.push({ weight: 3, arbitrary: arnParam.map((p) => ({ Ref: p })) });
  if (wordParam) {
    choices.push({
      weight: 1,
      arbitrary: fc.tuple(lambdaName, wordParam).map(([name, p]) => ({ 'Fn::Sub': `${SUB_ARN_PREFIX}${name}-\${${p}}` })),
    });
  }
  return fc.oneof(...choices);
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters

/** Parameter names. Not `Api...`: the API's own logical IDs start so (a clash is an error by design). */
const parameterName = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom('FunctionArn', 'Stage', 'Env', 'OrdersFunctionArn') },
    // Names of Object.prototype's members: a lookup with `in` finds them on any object.
    { weight: 1, arbitrary: fc.constantFrom('toString', 'constructor', 'valueOf', 'hasOwnProperty') },
    { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,24}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{240,255}$/) },
  )
  .filter((n) => !n.startsWith('Api'));

/** A String parameter that holds a function ARN; its constraints always admit its default. */
const arnParameterSpec: fc.Arbitrary<JsonObject> = fc.oneof(
  fc
    .record(
      {
        description: freeText,
        values: fc.uniqueArray(literalFunctionArn, { minLength: 1, maxLength: 3 }),
        useDefault: fc.boolean(),
        useAllowedValues: fc.boolean(),
        allowedPattern: fc.constantFrom('^arn:aws[a-z-]*:lambda:.+$', '.+'),
        constraintDescription: shortText,
        minLength: fc.integer({ min: 0, max: 20 }),
        maxLength: fc.integer({ min: 300, max: 4096 }),
        noEcho: fc.boolean(),
      },
      { requiredKeys: ['values', 'useDefault', 'useAllowedValues'] },
    )
    .map(({ values, useDefault, useAllowedValues, ...rest }) => ({
      type: 'String',
      ...rest,
      ...(useDefault && { default: values[0] }),
      ...(useAllowedValues && { allowedValues: values }),
    })),
  fc.record(
    { type: fc.constant('AWS::SSM::Parameter::Value<String>'), default: fc.constantFrom('/lambda/orders/arn', '/fn') },
    { requiredKeys: ['type'] },
  ),
);

/** A String parameter that holds a word of a function name (a stage, an environment). */
const wordParameterSpec: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      description: freeText,
      values: fc.uniqueArray(fc.oneof(fc.constantFrom('dev', 'prod', 'eu'), fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/)), { minLength: 1, maxLength: 4 }),
      useDefault: fc.boolean(),
      useAllowedValues: fc.boolean(),
      allowedPattern: fc.constant('^[A-Za-z0-9_-]+$'),
      minLength: fc.constant(1),
      maxLength: fc.constantFrom(12, 20),
    },
    { requiredKeys: ['values', 'useDefault', 'useAllowedValues'] },
  )
  .map(({ values, useDefault, useAllowedValues, ...rest }) => ({
    type: 'String',
    ...rest,
    ...(useDefault && { default: values[0] }),
    ...(useAllowedValues && { allowedValues: values }),
  }));

export function parameterSpec(p: GenParameter): fc.Arbitrary<JsonObject> {
  return p.holds === 'arn' ? arnParameterSpec : wordParameterSpec;
}

// ---------------------------------------------------------------------------------------------------------------
// The API

const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'] as const;
const headerToken = fc.oneof(fc.constantFrom('content-type', 'x-request-id', 'X-Custom'), fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/));

const cors: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      allowOrigins: fc.array(fc.oneof(fc.constant('*'), fc.constantFrom('https://example.com', 'http://localhost:3000'), fc.webUrl()), { minLength: 1, maxLength: 3 }),
      allowMethods: fc.array(fc.constantFrom(...CORS_METHODS), { minLength: 1, maxLength: 4 }),
      allowHeaders: fc.array(headerToken, { minLength: 1, maxLength: 3 }),
      exposeHeaders: fc.array(headerToken, { minLength: 1, maxLength: 3 }),
      allowCredentials: fc.boolean(),
      maxAge: fc.oneof(fc.constantFrom(-1, 0, 86_400), fc.integer({ min: -1, max: 86_400 })),
    },
    { requiredKeys: [] },
  )
  // Credentials with a wildcard origin is refused by the spec (and by browsers).
  .filter((c) => !(c.allowCredentials === true && (c.allowOrigins as string[] | undefined)?.includes('*')));

const apiName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('books', 'orders api', 'v1.internal_api-2', 'A') },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,30}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{100,127}$/) },
  // All letters and digits: every character counts in the logical IDs (`Api<Name>Stage<Stage>`).
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{120,128}$/) },
);

const stageName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('$default', 'dev', 'prod', 'v1', '_', '-') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{100,128}$/) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{120,128}$/) },
);

const api: fc.Arbitrary<JsonObject> = fc.record(
  {
    name: apiName,
    protocol: fc.constant('http'),
    description: freeText,
    disableExecuteApiEndpoint: fc.boolean(),
    cors,
    stage: fc.record({ name: stageName }),
    permissionScope: fc.constantFrom('auto', 'route', 'api'),
  },
  { requiredKeys: ['name'] },
);

// ---------------------------------------------------------------------------------------------------------------
// Route keys

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

const literalSegment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('books', 'authors', 'v1', 'orders', 'items', 'a', 'b', 'health') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~:@!$&'()*+,;=-]{1,12}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{40,60}$/) },
);
const paramName = fc.oneof(fc.constantFrom('id', 'bookId', 'proxy', 'name'), fc.stringMatching(/^[A-Za-z0-9._-]{1,10}$/));

type SegmentShape = { kind: 'literal'; text: string } | { kind: 'param'; name: string };

/** A path: literal and `{param}` segments (names unique in the path), optionally ending with a greedy `{name+}`. */
export const routePath: fc.Arbitrary<string> = fc
  .record({
    segments: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: literalSegment.map((text): SegmentShape => ({ kind: 'literal', text })) },
        { weight: 1, arbitrary: paramName.map((name): SegmentShape => ({ kind: 'param', name })) },
      ),
      { maxLength: 5 },
    ),
    greedy: fc.option(paramName, { nil: undefined, freq: 2 }),
  })
  .map(({ segments, greedy }) => {
    const names = new Set<string>();
    const unique = (name: string): string => {
      let n = name;
      for (let i = 2; names.has(n); i++) n = `${name}${i}`;
      names.add(n);
      return n;
    };
    const parts = segments.map((s) => (s.kind === 'literal' ? s.text : `{${unique(s.name)}}`));
    if (greedy !== undefined) parts.push(`{${unique(greedy)}+}`);
    return `/${parts.join('/')}`;
  });

export const routeKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('$default') },
  { weight: 30, arbitrary: fc.tuple(fc.constantFrom(...HTTP_METHODS), routePath).map(([m, p]) => `${m} ${p}`) },
);

/**
 * The execute-api resource of a route key, as a permission's SourceArn ends (after `${ApiId}/*\/`): `GET/books/*`
 * for `GET /books/{id}`, `*` for ANY, `$default` for the default route. A model independent of src/routes/.
 */
export function resourcePathOf(key: string): string {
  if (key === '$default') return '$default';
  const space = key.indexOf(' ');
  const method = key.slice(0, space);
  const path = key.slice(space + 1);
  const segments = path === '/' ? [] : path.slice(1).split('/').map((s) => (s.startsWith('{') ? '*' : s));
  return `${method === 'ANY' ? '*' : method}/${segments.join('/')}`;
}

/** Another route key with the same execute-api resource (its first `{param}` renamed), if the key has one. */
export function sameResourceVariant(key: string): string | undefined {
  const m = /\{([A-Za-z0-9._-]+)\}/.exec(key);
  if (m === null) return undefined;
  const taken = new Set([...key.matchAll(/\{([A-Za-z0-9._-]+)\+?\}/g)].map((x) => x[1]));
  let name = `${m[1]}x`;
  while (taken.has(name)) name += 'x';
  return `${key.slice(0, m.index)}{${name}}${key.slice(m.index + m[0].length)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Request parameter mapping (shared by the HTTP integration kinds that take it)

/** Headers API Gateway does not let a mapping touch (from AWS's documentation, kept apart from src's list). */
export const RESERVED_HEADERS = [
  'Authorization', 'Connection', 'Content-Encoding', 'Content-Length', 'Content-Location', 'Forwarded', 'Keep-Alive',
  'Origin', 'Proxy-Authenticate', 'Proxy-Authorization', 'TE', 'Trailers', 'Transfer-Encoding', 'Upgrade',
  'X-Forwarded-For', 'X-Forwarded-Host', 'X-Forwarded-Proto', 'Via',
];
export const RESERVED_HEADER_PREFIXES = ['access-control-', 'apigw-', 'x-amz-', 'x-amzn-'];

function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_HEADERS.some((h) => h.toLowerCase() === lower) || RESERVED_HEADER_PREFIXES.some((p) => lower.startsWith(p));
}

const mappableHeader = headerToken.filter((h) => !isReservedHeader(h));
const queryName = fc.oneof(fc.constantFrom('page', 'id', 'q'), fc.stringMatching(/^[A-Za-z0-9_.~!$'()*+,;:@/?-]{1,15}$/));
const ACTIONS = ['append', 'overwrite', 'remove'] as const;

const mappingKey = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...ACTIONS), mappableHeader).map(([a, h]) => `${a}:header.${h}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...ACTIONS), queryName).map(([a, q]) => `${a}:querystring.${q}`) },
  { weight: 1, arbitrary: fc.constant('overwrite:path') },
);

function mappingValue(parameters: readonly GenParameter[]): fc.Arbitrary<Json> {
  const choices: Array<fc.Arbitrary<Json>> = [
    fc.constantFrom('$request.path', '$context.requestId', '$context.identity.sourceIp', '$stageVariables.name', '/v2$request.path'),
    mappableHeader.map((h) => `$request.header.${h}`),
    queryName.map((q) => `$request.querystring.${q}`),
    fc.constantFrom('$request.body.name', '$request.body.a.b', '$request.path.id', '${request.path.id}', '${request.header.x-id}-${context.requestId}'),
    freeText.filter((s) => !s.startsWith('$')),
    fc.constantFrom<Json>({ 'Fn::Sub': 'x-${AWS::Region}' }, { 'Fn::ImportValue': 'shared-Header' }),
  ];
  if (parameters.length > 0) choices.push(fc.constantFrom(...parameters).map((p) => ({ Ref: p.name })));
  return fc.oneof(...choices);
}

export function requestParameters(parameters: readonly GenParameter[]): fc.Arbitrary<JsonObject> {
  return fc
    .uniqueArray(mappingKey, { minLength: 1, maxLength: 5 })
    .chain((keys) =>
      fc.tuple(...keys.map((k) => (k.startsWith('remove:') ? fc.constant<Json>('') : mappingValue(parameters)))).map((values) =>
        Object.fromEntries(keys.map((k, i) => [k, values[i]])),
      ),
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Durations

/** `10s`, `2.5s`, `1.001s` for whole or fractional seconds; exact decimal text, never float arithmetic. */
export function secondsText(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const rest = ms % 1000;
  return rest === 0 ? `${whole}s` : `${whole}.${String(rest).padStart(3, '0').replace(/0+$/, '')}s`;
}

/** Milliseconds written as a duration (`10s`, `500ms`, `2.5s`) or a number, per the duration codec. */
export function durationText(ms: fc.Arbitrary<number>): fc.Arbitrary<Json> {
  return ms.chain((n) => fc.constantFrom<Json>(n, `${n}ms`, secondsText(n)));
}

/** The model of a written duration: milliseconds, or undefined when it is not one. */
export function durationMs(written: Json): number | undefined {
  if (typeof written === 'number') return Number.isInteger(written) ? written : undefined;
  if (typeof written !== 'string') return undefined;
  const ms = /^(\d+)\s*ms$/.exec(written.trim());
  if (ms) return Number(ms[1]);
  const s = /^(\d+)(?:\.(\d+))?\s*s$/.exec(written.trim());
  if (s === null) return undefined;
  const fraction = (s[2] ?? '').padEnd(3, '0');
  return /^\d{3}0*$/.test(fraction) ? Number(s[1]) * 1000 + Number(fraction.slice(0, 3)) : undefined;
}

const httpTimeoutMs = fc.oneof(fc.constantFrom(50, 1000, 1001, 29_000, 29_001, 30_000), fc.integer({ min: 50, max: 30_000 }));

// ---------------------------------------------------------------------------------------------------------------
// Integration kinds

/** One mutation of a spec: the mutated spec and the path an error must name (exactly, or as a prefix). */
export interface Mutation {
  readonly what: string;
  readonly spec: JsonObject;
  readonly path: string;
  readonly exact: boolean;
  /** When set, the error at `path` must match it. */
  readonly message?: RegExp;
}

/** A mutation inside one integration descriptor: the new descriptor and the keys below `integration` to name. */
export interface DescriptorMutation {
  readonly what: string;
  readonly descriptor: JsonObject;
  readonly keys: readonly string[];
  readonly exact: boolean;
  readonly message?: RegExp;
}

export interface IntegrationGenerator {
  /** Descriptors the spec accepts, drawing functions and parameters from the context. */
  readonly valid: (context: GenContext) => fc.Arbitrary<JsonObject>;
  /** Every field the kind's descriptor takes (for typo mutations, so a typo never lands on another field). */
  readonly fields: readonly string[];
  /** The Lambda functions a route with this descriptor must be allowed to invoke. */
  readonly invokes: (descriptor: JsonObject) => Json[];
  /** The AWS::ApiGatewayV2::Integration properties (minus ApiId) the descriptor must yield: a model of the builder. */
  readonly expectedProperties: (descriptor: JsonObject) => JsonObject;
  /** One-step invalid variants of a valid descriptor, specific to the kind. */
  readonly mutations: (descriptor: JsonObject) => Array<fc.Arbitrary<DescriptorMutation>>;
}

const lambdaGenerator: IntegrationGenerator = {
  valid: (context) =>
    fc.record(
      {
        type: fc.constant('lambda'),
        function: fc.constantFrom(...context.functions),
        payloadFormatVersion: fc.constantFrom('2.0', '1.0'),
        timeout: durationText(httpTimeoutMs),
        requestParameters: requestParameters(context.parameters),
        description: freeText,
      },
      { requiredKeys: ['type', 'function'] },
    ),
  fields: ['type', 'function', 'payloadFormatVersion', 'timeout', 'requestParameters', 'description'],
  invokes: (d) => [d.function],
  expectedProperties: (d) => ({
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: d.function,
    PayloadFormatVersion: d.payloadFormatVersion ?? '2.0',
    ...(d.timeout !== undefined && { TimeoutInMillis: durationMs(d.timeout)! }),
    ...(d.requestParameters !== undefined && { RequestParameters: d.requestParameters }),
    ...(d.description !== undefined && { Description: d.description }),
  }),
  mutations: (d) => {
    const set = (key: string, value: Json, what: string, message?: RegExp) =>
      fc.constant<DescriptorMutation>({ what, descriptor: { ...d, [key]: value }, keys: [key], exact: true, message });
    const badTimeout = fc
      .oneof(fc.integer({ min: -1000, max: 49 }), fc.integer({ min: 30_001, max: 10_000_000 }))
      .chain((ms) => fc.constantFrom<Json>(ms, `${Math.abs(ms)}ms`, ms < 50 ? `${Math.max(ms, 0)}ms` : secondsText(ms)))
      .filter((t) => {
        const ms = durationMs(t);
        return ms === undefined || ms < 50 || ms > 30_000;
      });
    return [
      badTimeout.map((t) => ({ what: `timeout ${JSON.stringify(t)} out of range`, descriptor: { ...d, timeout: t }, keys: ['timeout'], exact: true })),
      fc.constantFrom<Json>(true, 'soon', 1.5, '10 minutes', [], {}).chain((t) => set('timeout', t, `timeout ${JSON.stringify(t)}`)),
      fc.constantFrom<Json>(
        42, '', 'not-an-arn', 'arn:aws:s3:::bucket', 'arn:aws:lambda:us-east-1:123456789012:function:', 'arn:aws:lambda:us-east-1:123456789012:function:f:a$b',
        `arn:aws:lambda:us-east-1:123456789012:function:${'f'.repeat(64)}:${'a'.repeat(40)}`, { 'Fn::GetAZs': '' }, { Ref: '' }, [],
      )
        .chain((f) => set('function', f, `function ${JSON.stringify(f)}`)),
      fc.constantFrom<Json>(2, 1, '3.0', 2.0, null).chain((v) => set('payloadFormatVersion', v, `payloadFormatVersion ${JSON.stringify(v)}`)),
      fc.constantFrom<Json>('x', ['x'], 7).chain((v) => set('requestParameters', v, `requestParameters ${JSON.stringify(v)}`)),
      fc.constantFrom<Json>(3, '', false).chain((v) => set('description', v, `description ${JSON.stringify(v)}`)),
      // A reserved header, in any case: the error names the mapping's key.
      fc
        .tuple(
          fc.constantFrom(...ACTIONS),
          fc.oneof(
            fc.constantFrom(...RESERVED_HEADERS),
            fc.tuple(fc.constantFrom(...RESERVED_HEADER_PREFIXES), fc.stringMatching(/^[a-z0-9-]{1,8}$/)).map(([p, s]) => p + s),
          ),
          fc.constantFrom<(s: string) => string>((s) => s, (s) => s.toLowerCase(), (s) => s.toUpperCase()),
        )
        .map(([action, header, casing]) => {
          const key = `${action}:header.${casing(header)}`;
          const value = action === 'remove' ? '' : 'x';
          return {
            what: `reserved header ${key}`,
            descriptor: { ...d, requestParameters: { ...((d.requestParameters as JsonObject | undefined) ?? {}), [key]: value } },
            keys: ['requestParameters', key],
            exact: true,
            message: /reserved by API Gateway/,
          };
        }),
      // Malformed mappings: a bad key, a bad source, a removal with a value.
      fc
        .constantFrom<[string, Json]>(
          ['header.x-id', 'x'],
          ['overwrite:body.x', 'x'],
          ['append:path', 'x'],
          ['overwrite:header.x id', 'x'],
          ['overwrite:querystring.a&b', 'x'],
          ['overwrite:header.x-id', '$reqest.path'],
          ['overwrite:header.x-id', '$'],
          ['overwrite:header.x-id', ''],
          ['overwrite:header.x-id', 5],
          ['remove:header.x-id', 'x'],
          ['overwrite:header.x-id', { 'Fn::GetAtt': 'NoDot' }],
        )
        .map(([key, value]) => ({
          what: `mapping ${key}: ${JSON.stringify(value)}`,
          descriptor: { ...d, requestParameters: { ...((d.requestParameters as JsonObject | undefined) ?? {}), [key]: value } },
          keys: ['requestParameters', key],
          exact: true,
        })),
    ];
  },
};

/** The integration generators by `type`. */
export const INTEGRATION_KINDS: Readonly<Record<string, IntegrationGenerator>> = {
  lambda: lambdaGenerator,
};

export function integrationGenerator(descriptor: JsonObject): IntegrationGenerator {
  const kind = INTEGRATION_KINDS[descriptor.type as string];
  if (kind === undefined) throw new Error(`no generator for integration type ${JSON.stringify(descriptor.type)}`);
  return kind;
}

/** An integration of any generated kind. */
export function integration(context: GenContext): fc.Arbitrary<JsonObject> {
  return fc.oneof(...Object.values(INTEGRATION_KINDS).map((k) => k.valid(context)));
}

// ---------------------------------------------------------------------------------------------------------------
// Routes and whole specs

export function route(context: GenContext): fc.Arbitrary<JsonObject> {
  return fc.record({ integration: integration(context), operationName: freeText }, { requiredKeys: ['integration'] });
}

/** The template's description: CloudFormation takes up to 1,024 bytes. */
const templateDescription = fc.oneof(
  { weight: 5, arbitrary: freeText },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 1024 }) },
  { weight: 1, arbitrary: fc.constant('é'.repeat(512)) },
);

export interface SpecOptions {
  readonly minRoutes?: number;
  /** At most 40 by default: with one route, one integration and one permission each, far below 500 resources. */
  readonly maxRoutes?: number;
  readonly maxFunctions?: number;
}

export function context(options: SpecOptions = {}): fc.Arbitrary<GenContext> {
  return fc
    .uniqueArray(parameterName, { maxLength: 4 })
    .chain((names) => fc.tuple(...names.map((name) => fc.constantFrom<GenParameter>({ name, holds: 'arn' }, { name, holds: 'word' }))))
    .chain((parameters) =>
      fc
        .uniqueArray(functionValue(parameters), { minLength: 1, maxLength: options.maxFunctions ?? 5, selector: canonical })
        .map((functions) => ({ parameters, functions })),
    );
}

export function specFrom(ctx: GenContext, options: SpecOptions = {}): fc.Arbitrary<JsonObject> {
  return fc
    .record(
      {
        parameterSpecs: fc.tuple(...ctx.parameters.map(parameterSpec)),
        api,
        routeKeys: fc.uniqueArray(routeKey, { minLength: options.minRoutes ?? 1, maxLength: options.maxRoutes ?? 40 }),
        description: templateDescription,
      },
      { requiredKeys: ['parameterSpecs', 'api', 'routeKeys'] },
    )
    .chain(({ parameterSpecs, routeKeys, ...rest }) =>
      fc.tuple(...routeKeys.map(() => route(ctx))).map((routes) => ({
        ...(rest.description !== undefined && { description: rest.description }),
        ...(ctx.parameters.length > 0 && { parameters: Object.fromEntries(ctx.parameters.map((p, i) => [p.name, parameterSpecs[i]])) }),
        api: rest.api,
        routes: Object.fromEntries(routeKeys.map((k, i) => [k, routes[i]])),
      })),
    );
}

/** A spec the format accepts, with the context it was drawn from. */
export function validSpec(options: SpecOptions = {}): fc.Arbitrary<GeneratedSpec> {
  return context(options).chain((ctx) => specFrom(ctx, options).map((spec) => ({ spec, context: ctx })));
}

/** Every parameter name a piece of spec refers to, by `Ref` or by `${Name}` in a Sub. */
export function referencedNames(node: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => referencedNames(n, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::Sub') {
        const text = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
        for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) out.add(m[1]);
        referencedNames(v, out);
      } else referencedNames(v, out);
    }
  }
  return out;
}

/** The spec without the parameters nothing uses (cfn-lint warns, W2001, about an unused parameter). */
export function withoutUnusedParameters(spec: JsonObject): JsonObject {
  if (spec.parameters === undefined) return spec;
  const used = referencedNames(spec.routes);
  const kept = Object.entries(spec.parameters as JsonObject).filter(([name]) => used.has(name));
  const { parameters: _dropped, ...rest } = spec;
  return kept.length === 0 ? rest : { ...rest, parameters: Object.fromEntries(kept) };
}

// ---------------------------------------------------------------------------------------------------------------
// Pairs of specs that differ by one route (logical-ID stability)

export interface RoutePair {
  /** The spec without the route. */
  readonly small: JsonObject;
  /** The spec with it. */
  readonly big: JsonObject;
  readonly routeKey: string;
  readonly how: string;
}

function insertRoute(spec: JsonObject, key: string, value: JsonObject, index: number): JsonObject {
  const entries = Object.entries(spec.routes as JsonObject);
  entries.splice(index % (entries.length + 1), 0, [key, value]);
  return { ...spec, routes: Object.fromEntries(entries) };
}

function withoutRoute(spec: JsonObject, key: string): JsonObject {
  const { [key]: _removed, ...routes } = spec.routes as JsonObject;
  return { ...spec, routes };
}

/** A spec and one more route, at any position, on a function of the pool or a new one. */
const addedRoute: fc.Arbitrary<RoutePair> = validSpec({ maxRoutes: 39 }).chain(({ spec, context: ctx }) =>
  fc
    .record({
      key: routeKey.filter((k) => !Object.hasOwn(spec.routes as JsonObject, k)),
      functions: fc.oneof(fc.constant(ctx.functions), functionValue(ctx.parameters).map((f) => [f])),
      index: fc.nat(),
    })
    .chain(({ key, functions, index }) =>
      route({ ...ctx, functions }).map((r) => ({ small: spec, big: insertRoute(spec, key, r, index), routeKey: key, how: 'added' })),
    ),
);

/** A spec and the same spec less one of its routes. */
const removedRoute: fc.Arbitrary<RoutePair> = validSpec({ minRoutes: 2 }).chain(({ spec }) =>
  fc.constantFrom(...Object.keys(spec.routes as JsonObject)).map((key) => ({ small: withoutRoute(spec, key), big: spec, routeKey: key, how: 'removed' })),
);

/**
 * Around the collapse threshold: one function with exactly `threshold` distinct execute-api resources, other
 * routes on other functions, and one more route on that function, with a new resource (crossing the threshold) or
 * with a resource it already has (not crossing).
 */
export function thresholdPair(threshold: number): fc.Arbitrary<RoutePair> {
  return context({ maxFunctions: 3 }).chain((ctx) =>
    fc
      .record({
        keys: fc.uniqueArray(routeKey, { minLength: threshold + 1, maxLength: threshold + 1, selector: resourcePathOf }),
        others: specFrom({ ...ctx, functions: ctx.functions.length > 1 ? ctx.functions.slice(1) : ctx.functions }, { maxRoutes: 6 }),
        sameResource: fc.boolean(),
        index: fc.nat(),
        api,
      })
      .chain(({ keys, others, sameResource, index, api: apiSpec }) => {
        const f = ctx.functions[0];
        const onF = { ...ctx, functions: [f] };
        const base = keys.slice(0, threshold);
        const variant = sameResource ? base.map(sameResourceVariant).find((k) => k !== undefined) : undefined;
        const extra = variant ?? keys[threshold];
        // Other routes use the other functions only, so f has exactly `threshold` resources before the extra route.
        const otherRoutes = Object.fromEntries(
          Object.entries(ctx.functions.length > 1 ? (others.routes as JsonObject) : {}).filter(([k]) => !base.includes(k) && k !== extra),
        );
        return fc.tuple(fc.tuple(...base.map(() => route(onF))), route(onF)).map(([baseRoutes, extraRoute]) => {
          const small: JsonObject = {
            ...others,
            // permissionScope: mostly auto, where the threshold matters.
            api: { ...apiSpec, permissionScope: index % 5 === 0 ? (apiSpec.permissionScope ?? 'auto') : 'auto' },
            routes: { ...otherRoutes, ...Object.fromEntries(base.map((k, i) => [k, baseRoutes[i]])) },
          };
          return { small, big: insertRoute(small, extra, extraRoute, index), routeKey: extra, how: variant ? 'threshold, same resource' : 'threshold, new resource' };
        });
      }),
  );
}

export function routePair(threshold: number): fc.Arbitrary<RoutePair> {
  return fc.oneof(
    { weight: 2, arbitrary: addedRoute },
    { weight: 2, arbitrary: removedRoute },
    { weight: 2, arbitrary: thresholdPair(threshold) },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Invalid specs: one mutation of a valid spec

/** The fields each object of the spec takes (typos never land on one of them). */
const FIELDS: Record<string, readonly string[]> = {
  spec: ['api', 'routes', 'description', 'parameters', 'vpcLinks', 'authorizers'],
  api: ['name', 'protocol', 'description', 'disableExecuteApiEndpoint', 'cors', 'stage', 'permissionScope'],
  cors: ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'allowCredentials', 'maxAge'],
  stage: ['name'],
  route: ['integration', 'operationName', 'authorization'],
  parameter: [
    'type', 'description', 'default', 'allowedValues', 'allowedPattern', 'constraintDescription', 'minLength', 'maxLength',
    'minValue', 'maxValue', 'noEcho',
  ],
};

/** One edit of a field name: two letters swapped, one dropped, one doubled, or one replaced (`fucntion`). */
function typos(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] !== word[i + 1]) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  for (let i = 0; i < word.length; i++) {
    if (word.length > 2) out.add(word.slice(0, i) + word.slice(i + 1));
    out.add(word.slice(0, i) + word[i] + word.slice(i));
    out.add(word.slice(0, i) + (word[i] === 'x' ? 'y' : 'x') + word.slice(i + 1));
  }
  out.delete(word);
  return [...out];
}

interface Place {
  /** Keys from the root to the object. */
  readonly keys: readonly string[];
  readonly fields: readonly string[];
}

/** Route keys that parse as nothing: the error names `routes[<key>]`. */
function badRouteKeys(key: string): string[] {
  const space = key.indexOf(' ');
  const method = space < 0 ? 'GET' : key.slice(0, space);
  const path = space < 0 ? '/x' : key.slice(space + 1);
  return [
    `${method.toLowerCase()} ${path}`,
    `FETCH ${path}`,
    `${method}${path}`,
    `${method} ${path.slice(1)}`,
    `${method} ${path}/`,
    `${method} /{proxy+}/tail`,
    `${method} /{a}/{a}`,
    `${method} /a{b}`,
    `${method} /a b`,
    `${method} /a//b`,
    `${method} /{}`,
    `${method} /{a b}`,
    `${method}  /x`,
    '$Default',
    'default',
    '',
  ];
}

/** Every one-step mutation that applies to a generated spec. */
function mutations({ spec, context: ctx }: GeneratedSpec): Array<fc.Arbitrary<Mutation>> {
  const routes = spec.routes as JsonObject;
  const routeKeys = Object.keys(routes);
  const apiSpec = spec.api as JsonObject;
  const out: Array<fc.Arbitrary<Mutation>> = [];

  // A typo'd field name anywhere.
  const places: Place[] = [
    { keys: [], fields: FIELDS.spec },
    { keys: ['api'], fields: FIELDS.api },
    ...(apiSpec.cors !== undefined ? [{ keys: ['api', 'cors'], fields: FIELDS.cors }] : []),
    ...(apiSpec.stage !== undefined ? [{ keys: ['api', 'stage'], fields: FIELDS.stage }] : []),
    ...routeKeys.flatMap((k) => [
      { keys: ['routes', k], fields: FIELDS.route },
      { keys: ['routes', k, 'integration'], fields: integrationGenerator((routes[k] as JsonObject).integration as JsonObject).fields },
    ]),
    ...Object.keys((spec.parameters as JsonObject | undefined) ?? {}).map((p) => ({ keys: ['parameters', p], fields: FIELDS.parameter })),
  ].filter((p) => Object.keys(objectAt(spec, p.keys)).length > 0);
  out.push(
    fc
      .constantFrom(...places)
      .chain((place) => fc.constantFrom(...Object.keys(objectAt(spec, place.keys))).map((field) => ({ place, field })))
      .chain(({ place, field }) =>
        fc.constantFrom(...typos(field).filter((t) => !place.fields.includes(t))).map((typo): Mutation => {
          const mutated = clone(spec);
          const parentKeys = place.keys.slice(0, -1);
          const parent = place.keys.length === 0 ? undefined : objectAt(mutated, parentKeys);
          const renamed = renameKey(objectAt(mutated, place.keys), field, typo);
          const result = parent === undefined ? renamed : (parent[place.keys[place.keys.length - 1]] = renamed, mutated);
          // A discriminated union (integration `type`) reports the missing tag, not the unknown field.
          const isTag = place.keys[place.keys.length - 1] === 'integration' && field === 'type';
          return {
            what: `field ${specPath([...place.keys, field])} misspelt ${JSON.stringify(typo)}`,
            spec: result,
            path: specPath([...place.keys, isTag ? field : typo]),
            exact: true,
            message: isTag ? undefined : /^unknown field \(did you mean "[^"]+"\?\)/,
          };
        }),
      ),
  );

  // A field named like a member of Object.prototype.
  out.push(
    fc.tuple(fc.constantFrom(...places), fc.constantFrom('toString', 'constructor', 'valueOf', '__defineGetter__')).map(([place, field]): Mutation => {
      const mutated = clone(spec);
      objectAt(mutated, place.keys)[field] = 'x';
      return { what: `field ${field} in ${specPath(place.keys) || 'the spec'}`, spec: mutated, path: specPath([...place.keys, field]), exact: true, message: /^unknown field/ };
    }),
  );

  // A bad route key.
  out.push(
    fc
      .constantFrom(...routeKeys)
      .chain((key) => fc.constantFrom(...badRouteKeys(key)).map((bad) => ({ key, bad })))
      .map(({ key, bad }) => ({
        what: `route key ${JSON.stringify(bad)}`,
        spec: { ...spec, routes: renameKey(routes, key, bad) },
        path: specPath(['routes', bad]),
        exact: true,
        message: /^invalid route key/,
      })),
  );

  // Mutations of one integration, by its kind.
  out.push(
    fc.constantFrom(...routeKeys).chain((key) => {
      const descriptor = (routes[key] as JsonObject).integration as JsonObject;
      return fc.oneof(...integrationGenerator(descriptor).mutations(descriptor)).map((m): Mutation => {
        const mutated = clone(spec);
        ((mutated.routes as JsonObject)[key] as JsonObject).integration = m.descriptor;
        return { what: m.what, spec: mutated, path: specPath(['routes', key, 'integration', ...m.keys]), exact: m.exact, message: m.message };
      });
    }),
  );

  // A wrong type or value where the spec takes something else.
  const set = (keys: readonly string[], value: Json, pathKeys: readonly (string | number)[] = keys): Mutation => {
    const mutated = clone(spec);
    objectAt(mutated, keys.slice(0, -1))[keys[keys.length - 1]] = value;
    return { what: `${specPath(keys)} = ${JSON.stringify(value)}`, spec: mutated, path: specPath(pathKeys), exact: true };
  };
  const wrong: Array<fc.Arbitrary<Mutation>> = [
    fc.constantFrom<Json>(42, true, [], {}, '', '-bad', 'a/b', 'x'.repeat(129)).map((v) => set(['api', 'name'], v)),
    fc.constantFrom<Json>('false', 0, 'yes').map((v) => set(['api', 'disableExecuteApiEndpoint'], v)),
    fc.constantFrom<Json>('all', 'Route', true).map((v) => set(['api', 'permissionScope'], v)),
    fc.constantFrom<Json>(7, 'my stage', '', 'x'.repeat(129), 'a.b').map((v) => set(['api', 'stage'], { name: v }, ['api', 'stage', 'name'])),
    fc.constantFrom<Json>('books', [], 3).map((v) => set(['api'], v)),
    fc.constantFrom<Json>([], {}, 'routes').map((v) => set(['routes'], v)),
    fc.constantFrom<Json>(5, '', []).chain((v) => fc.constantFrom(...routeKeys).map((k) => set(['routes', k, 'operationName'], v))),
    fc.constantFrom<Json>('lambda', 5, [], { type: 'lamda' }, { type: 'toString' }, { type: 'constructor' }).chain((v) =>
      fc.constantFrom(...routeKeys).map((k) => (typeof v === 'object' && v !== null && !Array.isArray(v)
        ? set(['routes', k, 'integration'], v, ['routes', k, 'integration', 'type'])
        : set(['routes', k, 'integration'], v))),
    ),
    fc.constantFrom<Json>(5, '', 'x'.repeat(1025), 'é'.repeat(513)).map((v) => set(['description'], v)),
  ];
  if (apiSpec.cors !== undefined) {
    wrong.push(
      fc.constantFrom<Json>('600', 1.5, 86_401, -2).map((v) => set(['api', 'cors', 'maxAge'], v)),
      fc.constantFrom<Json>('FETCH', 'get', 5).map((v) => set(['api', 'cors', 'allowMethods'], [v], ['api', 'cors', 'allowMethods', 0])),
      fc.constantFrom<Json>([], 'https://example.com').map((v) => set(['api', 'cors', 'allowOrigins'], v)),
      fc.constantFrom<Json>('true', 1).map((v) => set(['api', 'cors', 'allowCredentials'], v)),
    );
  }
  for (const p of Object.keys((spec.parameters as JsonObject | undefined) ?? {})) {
    wrong.push(fc.constantFrom<Json>('Strng', 3, 'list<Number>').map((v) => set(['parameters', p, 'type'], v)));
  }
  wrong.push(fc.constantFrom('a-b', 'x y', '').map((bad) => set(['parameters'], { ...((spec.parameters as JsonObject | undefined) ?? {}), [bad]: { type: 'String' } }, ['parameters', bad])));
  out.push(fc.oneof(...wrong));

  // A missing required field.
  const remove = (keys: readonly string[]): Mutation => {
    const mutated = clone(spec);
    delete objectAt(mutated, keys.slice(0, -1))[keys[keys.length - 1]];
    return { what: `${specPath(keys)} removed`, spec: mutated, path: specPath(keys), exact: true };
  };
  const required: Array<readonly string[]> = [
    ['api'],
    ['routes'],
    ['api', 'name'],
    ...(apiSpec.stage !== undefined ? [['api', 'stage', 'name']] : []),
    ...routeKeys.flatMap((k) => [['routes', k, 'integration'], ['routes', k, 'integration', 'type'], ['routes', k, 'integration', 'function']]),
    ...Object.keys((spec.parameters as JsonObject | undefined) ?? {}).map((p) => ['parameters', p, 'type']),
  ];
  out.push(fc.constantFrom(...required).map(remove));

  // A reference to a parameter the spec does not declare: found by the combinator, named by its route.
  out.push(
    fc
      .tuple(fc.constantFrom(...routeKeys), fc.constantFrom('UndeclaredFunctionArn', 'FunctionArnn', 'Missing1', 'constructor', 'toString'))
      .filter(([, name]) => !ctx.parameters.some((p) => p.name === name))
      .map(([k, name]) => {
        const mutated = clone(spec);
        (((mutated.routes as JsonObject)[k] as JsonObject).integration as JsonObject).function = { Ref: name };
        return { what: `function !Ref ${name} (undeclared)`, spec: mutated, path: specPath(['routes', k]), exact: false, message: new RegExp(name) };
      }),
  );
  return out;
}

/** A spec that must be rejected, made from a valid one by one mutation, with the path an error must name. */
export function invalidSpec(options: SpecOptions = { maxRoutes: 8 }): fc.Arbitrary<Mutation> {
  return validSpec(options).chain((g) => fc.oneof(...mutations(g)));
}

// ---------------------------------------------------------------------------------------------------------------
// Spec text

export type SpecForm = 'yaml-short' | 'yaml-long' | 'json';

const SHORT_TAGS: Record<string, string> = {
  Ref: '!Ref',
  'Fn::Sub': '!Sub',
  'Fn::ImportValue': '!ImportValue',
  'Fn::GetAtt': '!GetAtt',
  'Fn::Join': '!Join',
  'Fn::GetAZs': '!GetAZs',
};

/** An intrinsic to be written with a YAML tag. */
class Tagged {
  constructor(
    readonly tag: string,
    readonly data: unknown,
  ) {}
}

const NODE_KINDS = ['scalar', 'sequence', 'mapping'] as const;
const kindOf = (x: unknown) => (Array.isArray(x) ? 'sequence' : x !== null && typeof x === 'object' ? 'mapping' : 'scalar');

const TAG_SCHEMA = yaml.DEFAULT_SCHEMA.extend(
  Object.values(SHORT_TAGS).flatMap((tag) =>
    NODE_KINDS.map(
      (kind) =>
        new yaml.Type(tag, {
          kind,
          instanceOf: Tagged,
          predicate: (o: unknown) => o instanceof Tagged && o.tag === tag && kindOf(o.data) === kind,
          represent: (o: object) => (o as Tagged).data as object,
        }),
    ),
  ),
);

function intrinsicOf(x: unknown): string | undefined {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const keys = Object.keys(x);
  return keys.length === 1 && Object.hasOwn(SHORT_TAGS, keys[0]) ? keys[0] : undefined;
}

/** Intrinsics as short-form tags; one that is the direct argument of another stays in long form (YAML cannot nest two tags). */
function toShortForm(x: Json, directArgument = false): unknown {
  if (Array.isArray(x)) return x.map((item) => toShortForm(item));
  if (x === null || typeof x !== 'object') return x;
  const fn = intrinsicOf(x);
  if (fn !== undefined && !directArgument) return new Tagged(SHORT_TAGS[fn], toShortForm(x[fn], true));
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toShortForm(v, fn !== undefined)]));
}

/** The spec as text a user could write: YAML with short-form tags, YAML with long-form intrinsics, or JSON. */
export function specText(spec: JsonObject, form: SpecForm): string {
  if (form === 'json') return JSON.stringify(spec, null, 2);
  const data = form === 'yaml-short' ? toShortForm(spec) : spec;
  return yaml.dump(data, { schema: TAG_SCHEMA, lineWidth: -1, noRefs: true });
}
