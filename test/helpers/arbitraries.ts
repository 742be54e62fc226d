/**
 * fast-check generators of specs, as a user writes them (plain JSON-compatible data, intrinsics in long form), for
 * the property tests in test/property.test.ts. This file holds what both protocols share and the HTTP API side;
 * webSocketArbitraries.ts holds the WebSocket side.
 *
 * - `validSpec()` yields HTTP API specs the format accepts (src/spec/spec.ts and what it composes), together with
 *   the context they were drawn from (declared parameters, VPC links and authorizers, the pools of Lambda functions
 *   and AWS service targets routes share), so a test can extend a spec with more routes of the same kinds.
 * - `invalidSpec()` derives a spec that must be rejected from a valid one by exactly one mutation, with the path in
 *   the spec that an error must name.
 * - `INTEGRATION_KINDS` maps an integration `type` to its generator: valid descriptors, the model of what it must
 *   yield (Integration properties, the role it assumes, the functions it invokes, its warnings), and its one-step
 *   mutations. Adding a kind to the generators = one entry there.
 * - The models of what else a spec yields (VPC links, authorizers, route authorization) sit beside their
 *   generators, written from the README and AWS's documentation, apart from src/.
 * - `specText()` writes a spec as YAML (short-form tags or long form) or JSON, independently of src/yaml/.
 *
 * Generators produce only what the spec format accepts; a generated valid spec that fails to build is a bug in src,
 * not in the generator.
 */
import * as fc from 'fast-check';
import { API_FIELDS, SPEC_FIELDS, STAGE_FIELDS, domains, httpApiExtras, intrinsicApiName, productionMutations, specExtras, throttle } from './production';
import * as yaml from 'js-yaml';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * A parameter the spec declares, and what it holds: a function ARN (for `!Ref` where a function is taken), a word
 * (for `${Name}` inside a `!Sub`), or a list of subnet or security group ids (for a VPC link). cfn-lint resolves a
 * Sub with parameters' defaults and checks the ARN it yields, so a parameter's default must fit where it is used.
 */
export interface GenParameter {
  readonly name: string;
  readonly holds: 'arn' | 'word' | 'subnets' | 'securityGroups';
}

/** A VPC link the spec declares under `vpcLinks`. */
export interface GenVpcLink {
  readonly name: string;
  readonly declaration: JsonObject;
}

/** An authorizer the spec declares under `authorizers`. */
export interface GenAuthorizer {
  readonly name: string;
  readonly declaration: JsonObject;
}

/** The services AWS service integrations (HTTP APIs) act on. */
export type TargetService = 'sqs' | 'events' | 'kinesis' | 'states' | 'appconfig';

/** What the parts of one spec are drawn from. */
export interface GenContext {
  /** The parameters the spec declares: the only names a `!Ref` or a `${Name}` in `!Sub` may use. */
  readonly parameters: readonly GenParameter[];
  /** The Lambda functions (Values) routes choose from: a small pool, so routes share integrations and permissions. */
  readonly functions: readonly Json[];
  /**
   * The partition and Region of every literal function ARN: a Lambda permission works only in its function's Region,
   * so literal ARNs of one spec name one Region (the template then asserts it in a rule).
   */
  readonly functionScope: ArnScope;
  /** Declared VPC links (HTTP APIs): private integrations name one of them. */
  readonly vpcLinks: readonly GenVpcLink[];
  /** Declared authorizers: routes (and the api's default) name them. */
  readonly authorizers: readonly GenAuthorizer[];
  /** Targets of AWS service integrations by service: a small pool, so integrations share roles. */
  readonly targets: Readonly<Record<TargetService, readonly Json[]>>;
  /** The integration types routes use. */
  readonly kinds: readonly string[];
  /** The AWS service integration subtypes `aws` integrations use. */
  readonly subtypes: readonly string[];
}

export interface GeneratedSpec {
  /** A spec as a user keeps it: every parameter it declares is referred to (an unused one is an error). */
  readonly spec: JsonObject;
  readonly context: GenContext;
  /** Every parameter the context declares, for specs that grow from this one (a route added may use another). */
  readonly declared?: JsonObject;
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

export function clone<T>(x: T): T {
  return structuredClone(x);
}

export function objectAt(spec: JsonObject, keys: readonly string[]): JsonObject {
  let node: Json = spec;
  for (const k of keys) node = (node as JsonObject)[k];
  return node as JsonObject;
}

/** `o` with key `from` renamed to `to`, keeping the order of keys (a spec's route order is the user's). */
export function renameKey(o: JsonObject, from: string, to: string): JsonObject {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k === from ? to : k, v]));
}

/** The readable words of a logical ID, as the README documents them: `orders-vpc` -> `OrdersVpc`. */
export function pascalWords(text: string): string {
  return (text.match(/[A-Za-z0-9]+/g) ?? []).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** A literal placed in an `Fn::Sub` string: `${` must be written `${!` to stay literal. */
export function subLiteral(text: string): string {
  return text.replace(/\$\{/g, '${!');
}

// ---------------------------------------------------------------------------------------------------------------
// Text

export const shortText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
);

/** Text for a field that takes any non-empty string; some of it is what YAML 1.1 reads as another type. */
export const freeText = fc.oneof(
  { weight: 6, arbitrary: shortText },
  { weight: 1, arbitrary: fc.constantFrom('2.0', 'yes', 'on', 'off', '012', '12:30', '~', 'null', '- x', '#x', '!Ref X', "it's", '"q"') },
);

/** A name as API Gateway shows it (a VPC link's, an authorizer's): short, printable. */
const displayName = fc.oneof(fc.constantFrom('main', 'orders-link', 'Users_v2'), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/));

// ---------------------------------------------------------------------------------------------------------------
// Values: Lambda functions and what else a spec takes as a Value

const PARTITIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['aws', ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1']],
  ['aws-cn', ['cn-north-1', 'cn-northwest-1']],
  ['aws-us-gov', ['us-gov-west-1']],
];

/** The partition, Region and account of a literal ARN. */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export const arnScope: fc.Arbitrary<ArnScope> = fc
  .record({ partition: fc.constantFrom(...PARTITIONS), regionIndex: fc.nat(), account: fc.stringMatching(/^\d{12}$/) })
  .map(({ partition: [partition, regions], regionIndex, account }) => ({ partition, region: regions[regionIndex % regions.length], account }));

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

/** A literal function ARN, in the given partition and Region (any account), or in any. */
export function literalFunctionArnIn(scope?: ArnScope): fc.Arbitrary<string> {
  return fc
    .record({ scope: arnScope, name: lambdaName, qualifier: fc.option(lambdaQualifier, { nil: undefined, freq: 3 }) })
    .map(
      ({ scope: drawn, name, qualifier }) =>
        `arn:${(scope ?? drawn).partition}:lambda:${(scope ?? drawn).region}:${drawn.account}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`,
    )
    // A Lambda permission's FunctionName takes at most 140 characters (the spec rejects longer ARNs).
    .filter((arn) => arn.length <= 140);
}

export const literalFunctionArn: fc.Arbitrary<string> = literalFunctionArnIn();

/** The Region a literal Lambda function ARN names (the model of src/shared/deployRegion.ts), else undefined. */
export function literalFunctionRegion(fn: Json): string | undefined {
  return typeof fn === 'string' ? /^arn:[^:]+:lambda:([^:]+):/.exec(fn)?.[1] : undefined;
}

/**
 * The rules a spec's template must hold: `DeployRegion`, asserting the Region of the literal function ARNs this stack
 * writes permissions for (README: Lambda permissions), or none.
 */
export function expectedRuleRegion(functionsWithPermission: readonly Json[]): string | undefined {
  return functionsWithPermission.map(literalFunctionRegion).find((r) => r !== undefined);
}

const exportName = fc.oneof(fc.constantFrom('shared-FunctionArn', 'core:orders:arn'), fc.stringMatching(/^[A-Za-z0-9:-]{1,40}$/));
export const importedValue: fc.Arbitrary<Json> = exportName.map((e): Json => ({ 'Fn::ImportValue': e }));

const SUB_ARN_PREFIX = 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:';

function parameterNames(parameters: readonly GenParameter[], holds: GenParameter['holds']): string[] {
  return parameters.filter((p) => p.holds === holds).map((p) => p.name);
}

/**
 * A Lambda function as a spec writes it: a literal ARN (in `scope`'s partition and Region), `!Ref Param`, `!Sub ...`
 * or `!ImportValue ...`.
 */
export function functionValue(parameters: readonly GenParameter[], scope: ArnScope): fc.Arbitrary<Json> {
  const [arns, words] = [parameterNames(parameters, 'arn'), parameterNames(parameters, 'word')];
  const arnParam = arns.length > 0 ? fc.constantFrom(...arns) : undefined;
  const wordParam = words.length > 0 ? fc.constantFrom(...words) : undefined;
  const choices: Array<fc.WeightedArbitrary<Json>> = [
    { weight: 4, arbitrary: literalFunctionArnIn(scope) },
    // A Sub always holds a variable: cfn-lint warns (W1020) about a Sub without one, and so would a reviewer.
    { weight: 1, arbitrary: lambdaName.map((name) => ({ 'Fn::Sub': `${SUB_ARN_PREFIX}${name}` })) },
    // The variables form: `!Sub [text, {Name: <Value>}]`.
    {
      weight: 1,
      arbitrary: fc
        .oneof(importedValue, ...(wordParam ? [wordParam.map((p): Json => ({ Ref: p }))] : []))
        .map((name) => ({ 'Fn::Sub': [`${SUB_ARN_PREFIX}\${Name}`, { Name: name }] })),
    },
    { weight: 1, arbitrary: importedValue },
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

/** An existing IAM role for API Gateway to assume. */
export const roleArnValue: fc.Arbitrary<Json> = fc.oneof(
  fc
    .tuple(
      arnScope,
      fc.oneof(fc.constantFrom('api-gateway-sqs', 'service-role/apigw', 'path/to/role'), fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,40}$/)),
    )
    .map(([s, name]) => `arn:${s.partition}:iam::${s.account}:role/${name}`),
  fc.constant<Json>({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-apigw' }),
  importedValue,
);

/**
 * The invocation URI a WebSocket integration or a Lambda authorizer takes for a function (README: WebSocket
 * integrations): the function inlined into an Fn::Sub, a `!Ref` as `${Name}`, anything else as the variable
 * `FunctionArn`.
 */
export function invocationUri(fn: Json): Json {
  const prefix = 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/';
  const suffix = '/invocations';
  // A literal ARN names its own partition and Region: the URI names the Lambda endpoint there, as plain text.
  if (typeof fn === 'string') {
    const [, partition, , region] = fn.split(':');
    return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${fn}${suffix}`;
  }
  const o = fn as JsonObject;
  if (typeof o.Ref === 'string') return { 'Fn::Sub': `${prefix}\${${o.Ref}}${suffix}` };
  return { 'Fn::Sub': [`${prefix}\${FunctionArn}${suffix}`, { FunctionArn: fn }] };
}

/** `arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${<Api>}/<resource>`, as a permission names it. */
export function executeApiArn(apiId: string, resource: string): Json {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}}/${resource}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters

/**
 * Parameter names. Not `Api...`, `VpcLink...` or `Authorizer...`: the logical IDs of the API, of declared VPC links
 * and of authorizers start so (a clash is an error by design).
 */
const parameterName = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom('FunctionArn', 'Stage', 'Env', 'OrdersFunctionArn') },
    // Names of Object.prototype's members: a lookup with `in` finds them on any object.
    { weight: 1, arbitrary: fc.constantFrom('toString', 'constructor', 'valueOf', 'hasOwnProperty') },
    { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,24}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{240,255}$/) },
  )
  .filter((n) => !/^(Api|VpcLink|Authorizer)/.test(n));

/** A String parameter from generated values: the first may be its default, all may be its allowedValues. */
function stringParameter({ values, useDefault, useAllowedValues, ...rest }: { values: string[]; useDefault: boolean; useAllowedValues: boolean } & JsonObject): JsonObject {
  return {
    type: 'String',
    ...rest,
    ...(useDefault && { default: values[0] }),
    ...(useAllowedValues && { allowedValues: values }),
  };
}

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
    .map(stringParameter),
  fc.record(
    { type: fc.constant('AWS::SSM::Parameter::Value<String>'), default: fc.constantFrom('/lambda/orders/arn', '/fn') },
    { requiredKeys: ['type'] },
  ),
);

/** A String parameter that holds a word of a name (a stage, an environment). */
const wordParameterSpec: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      description: freeText,
      values: fc.uniqueArray(fc.oneof(fc.constantFrom('dev', 'prod', 'eu'), fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/)), {
        minLength: 1,
        maxLength: 4,
      }),
      useDefault: fc.boolean(),
      useAllowedValues: fc.boolean(),
      allowedPattern: fc.constant('^[A-Za-z0-9_-]+$'),
      minLength: fc.constant(1),
      maxLength: fc.constantFrom(12, 20),
    },
    { requiredKeys: ['values', 'useDefault', 'useAllowedValues'] },
  )
  .map(stringParameter);

/** `<prefix>-` and 8 or 17 hex digits (built from characters: fc.stringMatching is slow inside fc.uniqueArray). */
function ec2Id(prefix: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(8, 17), fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 17, maxLength: 17 }))
    .map(([n, digits]) => `${prefix}-${digits.slice(0, n).join('')}`);
}
const subnetId = ec2Id('subnet');
const securityGroupId = ec2Id('sg');

/** A list parameter of EC2 ids, such as a VPC link's subnets. */
function idListParameterSpec(type: string, id: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> {
  return fc
    .record(
      { description: freeText, values: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }), useDefault: fc.boolean() },
      { requiredKeys: ['values', 'useDefault'] },
    )
    .map(({ values, useDefault, ...rest }) => ({ type, ...rest, ...(useDefault && { default: values.join(',') }) }));
}

export function parameterSpec(p: GenParameter): fc.Arbitrary<JsonObject> {
  switch (p.holds) {
    case 'arn':
      return arnParameterSpec;
    case 'word':
      return wordParameterSpec;
    case 'subnets':
      return idListParameterSpec('List<AWS::EC2::Subnet::Id>', subnetId);
    case 'securityGroups':
      return idListParameterSpec('List<AWS::EC2::SecurityGroup::Id>', securityGroupId);
  }
}

/** Parameters, drawn with what each holds. */
export const genParameters: fc.Arbitrary<GenParameter[]> = fc
  .uniqueArray(parameterName, { maxLength: 5 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.constantFrom<GenParameter>(
          { name, holds: 'arn' },
          { name, holds: 'word' },
          { name, holds: 'arn' },
          { name, holds: 'word' },
          { name, holds: 'subnets' },
          { name, holds: 'securityGroups' },
        ),
      ),
    ),
  );

/** The `parameters:` section of a spec for the context's parameters. */
export function parametersSection(parameters: readonly GenParameter[]): fc.Arbitrary<JsonObject | undefined> {
  if (parameters.length === 0) return fc.constant(undefined);
  return fc.tuple(...parameters.map(parameterSpec)).map((specs) => Object.fromEntries(parameters.map((p, i) => [p.name, specs[i]])));
}

// ---------------------------------------------------------------------------------------------------------------
// Authorization (both protocols)

const AUTHORIZER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

/** Authorizer names: unique by logical ID (`Authorizer` + words), never `none` or `iam` in any case. */
const authorizerName = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom('cognito', 'tokens', 'connect-token', 'legacy_policy', 'toString', 'constructor') },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{100,127}$/) },
  )
  .filter((n) => AUTHORIZER_NAME.test(n) && !['none', 'iam'].includes(n.toLowerCase()));

const scopeToken = fc.oneof(
  fc.constantFrom('books/read', 'books/write', 'openid', 'email', 'aws.cognito.signin.user.admin'),
  fc.stringMatching(/^[\x21\x23-\x5B\x5D-\x7E]{1,20}$/),
);
const scopes = fc.uniqueArray(scopeToken, { minLength: 1, maxLength: 4 });

const jwtAuthorizer: fc.Arbitrary<JsonObject> = fc.record(
  {
    type: fc.constant('jwt'),
    issuer: fc.oneof(
      fc.constantFrom<Json>(
        'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI',
        'https://auth.example.com',
        'https://example.eu.auth0.com/',
      ),
      fc.constant<Json>({ 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${AWS::StackName}' }),
      importedValue,
    ),
    audiences: fc.uniqueArray(fc.oneof(fc.stringMatching(/^[a-z0-9]{20,26}$/), fc.constantFrom<Json>('api://books', 'books-client'), importedValue), {
      minLength: 1,
      maxLength: 3,
      selector: canonical,
    }),
    identitySource: fc.constantFrom('$request.header.Authorization', '$request.querystring.token', '$request.header.X-Token'),
    name: fc.oneof(displayName, fc.constant<Json>({ 'Fn::Sub': '${AWS::StackName}-jwt' })),
  },
  { requiredKeys: ['type', 'issuer', 'audiences'] },
);

const httpIdentitySource = fc.oneof(
  fc.constantFrom('$request.header.Authorization', '$request.querystring.token', '$context.routeKey', '$stageVariables.tenant'),
  fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/).map((h) => `$request.header.${h}`),
);

function httpLambdaAuthorizer(ctx: GenContext): fc.Arbitrary<JsonObject> {
  return fc
    .record(
      {
        type: fc.constant('lambda'),
        function: fc.constantFrom(...ctx.functions),
        payloadFormatVersion: fc.constantFrom('2.0', '1.0'),
        simpleResponses: fc.boolean(),
        identitySources: fc.uniqueArray(httpIdentitySource, { minLength: 1, maxLength: 3 }),
        resultTtl: fc.constantFrom<Json>(0, '0s', '1s', '60s', '300s', '3600s'),
        credentials: roleArnValue,
        name: displayName,
      },
      { requiredKeys: ['type', 'function'] },
    )
    .map((d) => {
      // Simple responses need payload 2.0, and caching needs identity sources (their values key the cache).
      const out: JsonObject = { ...d };
      if (out.simpleResponses === true && out.payloadFormatVersion === '1.0') delete out.simpleResponses;
      if (out.identitySources === undefined && out.resultTtl !== undefined && ttlSeconds(out.resultTtl) > 0) delete out.resultTtl;
      return out;
    });
}

const webSocketIdentitySource = fc.oneof(
  fc.constantFrom('route.request.header.Authorization', 'route.request.querystring.token', 'stageVariables.tenant', 'context.routeKey'),
  fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/).map((h) => `route.request.header.${h}`),
);

export function webSocketLambdaAuthorizer(ctx: GenContext): fc.Arbitrary<JsonObject> {
  return fc.record(
    {
      type: fc.constant('lambda'),
      function: fc.constantFrom(...ctx.functions),
      identitySources: fc.uniqueArray(webSocketIdentitySource, { minLength: 1, maxLength: 3 }),
      credentials: roleArnValue,
      name: displayName,
    },
    { requiredKeys: ['type', 'function'] },
  );
}

/** A written cache TTL in seconds (`300s`, `0`). */
export function ttlSeconds(written: Json): number {
  return written === 0 ? 0 : Number(/^(\d+)s$/.exec(String(written))?.[1] ?? NaN);
}

/** 0 to 3 authorizers, unique by logical ID. */
export function genAuthorizers(ctx: GenContext, protocol: 'http' | 'websocket'): fc.Arbitrary<GenAuthorizer[]> {
  const declaration = protocol === 'http' ? fc.oneof(jwtAuthorizer, httpLambdaAuthorizer(ctx)) : webSocketLambdaAuthorizer(ctx);
  return fc
    .uniqueArray(authorizerName, { maxLength: 3, selector: pascalWords })
    .chain((names) => fc.tuple(...names.map(() => declaration)).map((ds) => names.map((name, i) => ({ name, declaration: ds[i] }))));
}

/** An `authorization` value: none, iam, a declared name, or a mapping (with scopes for JWT authorizers). */
export function authorization(ctx: GenContext, protocol: 'http' | 'websocket'): fc.Arbitrary<Json> {
  const names = ctx.authorizers.map((a) => a.name);
  const jwt = ctx.authorizers.filter((a) => a.declaration.type === 'jwt').map((a) => a.name);
  const choices: Array<fc.Arbitrary<Json>> = [fc.constantFrom<Json>('none', 'iam', { authorizer: 'none' }, { authorizer: 'iam' })];
  if (names.length > 0) {
    choices.push(
      fc.constantFrom(...names),
      fc.constantFrom(...names).map((n): Json => ({ authorizer: n })),
    );
  }
  if (protocol === 'http' && jwt.length > 0) {
    choices.push(fc.tuple(fc.constantFrom(...jwt), scopes).map(([n, s]): Json => ({ authorizer: n, scopes: s })));
  }
  return fc.oneof(...choices);
}

export function authorizerLogicalId(name: string): string {
  return `Authorizer${pascalWords(name)}`;
}

/** The Route properties an authorization must yield (README: Authorizers). */
export function expectedAuthorization(written: Json | undefined, authorizers: JsonObject | undefined): JsonObject {
  if (written === undefined) return {};
  const name = typeof written === 'string' ? written : ((written as JsonObject).authorizer as string);
  if (name === 'none') return { AuthorizationType: 'NONE' };
  if (name === 'iam') return { AuthorizationType: 'AWS_IAM' };
  const declared = (authorizers as Record<string, JsonObject>)[name];
  const routeScopes = typeof written === 'string' ? undefined : (written as JsonObject).scopes;
  return {
    AuthorizationType: declared.type === 'jwt' ? 'JWT' : 'CUSTOM',
    AuthorizerId: { Ref: authorizerLogicalId(name) },
    ...(routeScopes !== undefined && { AuthorizationScopes: routeScopes }),
  };
}

/** The Authorizer resources' properties (minus ApiId) a spec's `authorizers` must yield, by logical ID. */
export function expectedAuthorizers(authorizers: JsonObject | undefined, protocol: 'http' | 'websocket'): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const [name, raw] of Object.entries(authorizers ?? {})) {
    const d = raw as JsonObject;
    const common = { Name: d.name ?? name };
    if (d.type === 'jwt') {
      out[authorizerLogicalId(name)] = {
        ...common,
        AuthorizerType: 'JWT',
        IdentitySource: [d.identitySource ?? '$request.header.Authorization'],
        JwtConfiguration: { Issuer: d.issuer, Audience: d.audiences },
      };
      continue;
    }
    out[authorizerLogicalId(name)] = {
      ...common,
      AuthorizerType: 'REQUEST',
      AuthorizerUri: invocationUri(d.function),
      ...(protocol === 'http' && {
        AuthorizerPayloadFormatVersion: d.payloadFormatVersion ?? '2.0',
        ...(d.simpleResponses !== undefined && { EnableSimpleResponses: d.simpleResponses }),
        AuthorizerResultTtlInSeconds: d.resultTtl === undefined ? 0 : ttlSeconds(d.resultTtl),
      }),
      ...(d.identitySources !== undefined && { IdentitySource: d.identitySources }),
      ...(d.credentials !== undefined && { AuthorizerCredentialsArn: d.credentials }),
    };
  }
  return out;
}

/** The permissions Lambda authorizers need (those invoked without credentials), scoped to the authorizer. */
export function expectedAuthorizerPermissions(authorizers: JsonObject | undefined, apiId: string): JsonObject[] {
  return Object.entries(authorizers ?? {})
    .filter(([, d]) => (d as JsonObject).type === 'lambda' && (d as JsonObject).credentials === undefined)
    .map(([name, d]) => ({
      Action: 'lambda:InvokeFunction',
      FunctionName: (d as JsonObject).function,
      Principal: 'apigateway.amazonaws.com',
      SourceArn: executeApiArn(apiId, `authorizers/\${${authorizerLogicalId(name)}}`),
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// VPC links (HTTP APIs)

const VPC_LINK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

const vpcLinkName = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom('main', 'orders-vpc', 'network', 'toString', 'constructor') },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{100,127}$/) },
  )
  .filter((n) => VPC_LINK_NAME.test(n));

function vpcLinkDeclaration(parameters: readonly GenParameter[]): fc.Arbitrary<JsonObject> {
  const listRef = (holds: GenParameter['holds']) => {
    const names = parameterNames(parameters, holds);
    return names.length > 0 ? [fc.constantFrom(...names).map((n): Json => ({ Ref: n }))] : [];
  };
  const fresh = fc.record(
    {
      subnetIds: fc.oneof(
        { weight: 4, arbitrary: fc.uniqueArray(subnetId, { minLength: 1, maxLength: 10 }) as fc.Arbitrary<Json> },
        // Past the default quota of 10 per link, which AWS raises on request: a warning.
        { weight: 1, arbitrary: fc.uniqueArray(subnetId, { minLength: 11, maxLength: 12 }) as fc.Arbitrary<Json> },
        ...listRef('subnets').map((arbitrary) => ({ weight: 2, arbitrary })),
        { weight: 1, arbitrary: fc.constant<Json>({ 'Fn::Split': [',', { 'Fn::ImportValue': 'Network-PrivateSubnetIds' }] }) },
      ),
      securityGroupIds: fc.oneof(
        { weight: 4, arbitrary: fc.uniqueArray(securityGroupId, { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Json> },
        ...listRef('securityGroups').map((arbitrary) => ({ weight: 2, arbitrary })),
        // An empty list is allowed, with a warning (the VPC's default security group).
        { weight: 1, arbitrary: fc.constant<Json>([]) },
      ),
      name: fc.oneof(displayName, fc.constant<Json>({ 'Fn::Sub': '${AWS::StackName}-link' })),
    },
    { requiredKeys: ['subnetIds', 'securityGroupIds'] },
  );
  return fc.oneof({ weight: 3, arbitrary: fresh }, { weight: 1, arbitrary: existingVpcLink });
}

const existingVpcLink: fc.Arbitrary<JsonObject> = fc.record({ id: fc.oneof(fc.stringMatching(/^[a-z0-9]{6,10}$/), importedValue) });

/** 0 to 3 declared links, unique by logical ID (`main` and `Main` would both be VpcLinkMain). */
function genVpcLinks(parameters: readonly GenParameter[], min: number): fc.Arbitrary<GenVpcLink[]> {
  return fc
    .uniqueArray(vpcLinkName, { minLength: min, maxLength: 3, selector: pascalWords })
    .chain((names) =>
      fc.tuple(...names.map(() => vpcLinkDeclaration(parameters))).map((ds) => names.map((name, i) => ({ name, declaration: ds[i] }))),
    );
}

export function vpcLinkLogicalId(name: string): string {
  return `VpcLink${pascalWords(name)}`;
}

/** The VpcLink resources a spec must yield: one per declared new link (used or not), by logical ID. */
export function expectedVpcLinks(spec: JsonObject): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const [name, raw] of Object.entries((spec.vpcLinks as JsonObject | undefined) ?? {})) {
    const d = raw as JsonObject;
    if (d.id !== undefined) continue;
    out[vpcLinkLogicalId(name)] = { Name: d.name ?? name, SubnetIds: d.subnetIds, SecurityGroupIds: d.securityGroupIds };
  }
  return out;
}

/** Declared links with no security group, or more than 10 subnets (the default quota), warn at the field. */
export function expectedVpcLinkWarnings(spec: JsonObject): string[] {
  const count = (d: Json, field: string) => (Array.isArray((d as JsonObject)[field]) ? ((d as JsonObject)[field] as Json[]).length : undefined);
  return Object.entries((spec.vpcLinks as JsonObject | undefined) ?? {}).flatMap(([name, d]) => [
    ...((count(d, 'subnetIds') ?? 0) > 10 ? [specPath(['vpcLinks', name, 'subnetIds'])] : []),
    ...(count(d, 'securityGroupIds') === 0 ? [specPath(['vpcLinks', name, 'securityGroupIds'])] : []),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// The API

const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'] as const;
const headerToken = fc.oneof(fc.constantFrom('content-type', 'x-request-id', 'X-Custom'), fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/));

/** A header a CORS list names: a token, "*", or Authorization (which "*" never covers). */
const corsHeader = fc.oneof({ weight: 6, arbitrary: headerToken }, { weight: 1, arbitrary: fc.constantFrom('*', 'authorization', 'Authorization') });

const cors: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      allowOrigins: fc.array(fc.oneof(fc.constant('*'), fc.constantFrom('https://example.com', 'http://localhost:3000'), fc.webUrl()), {
        minLength: 1,
        maxLength: 3,
      }),
      allowMethods: fc.array(fc.constantFrom(...CORS_METHODS), { minLength: 1, maxLength: 4 }),
      allowHeaders: fc.array(corsHeader, { minLength: 1, maxLength: 3 }),
      exposeHeaders: fc.array(corsHeader, { minLength: 1, maxLength: 3 }),
      allowCredentials: fc.boolean(),
      maxAge: fc.oneof(fc.constantFrom(-1, 0, 86_400), fc.integer({ min: -1, max: 86_400 })),
    },
    { requiredKeys: [] },
  )
  // With credentials, browsers take no "*" (origins, methods, headers): the spec refuses it.
  .filter((c) => c.allowCredentials !== true || !(['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders'] as const).some((k) => (c[k] as string[] | undefined)?.includes('*')));

export const apiName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('books', 'orders api', 'v1.internal_api-2', 'A') },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,30}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{100,127}$/) },
  // All letters and digits: every character counts in the logical IDs (`Api<Name>Stage<Stage>`).
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{120,128}$/) },
);

export const stageName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('$default', 'dev', 'prod', 'v1', '_', '-') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{100,128}$/) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{120,128}$/) },
);

/**
 * Stage variables: every `$stageVariables.x`, `${stageVariables.x}` or bare `stageVariables.x` (WebSocket) in the
 * routes and authorizers, apart from descriptions and operation names, which API Gateway never evaluates.
 */
export function usedStageVariables(spec: JsonObject): string[] {
  const names = new Set<string>();
  const walk = (node: Json): void => {
    if (typeof node === 'string') for (const m of node.matchAll(/(?<![A-Za-z0-9_.])stageVariables\.([A-Za-z0-9_]+)/g)) names.add(m[1]);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) if (k !== 'description' && k !== 'operationName') walk(v);
  };
  walk((spec.routes ?? {}) as Json);
  walk((spec.authorizers ?? {}) as Json);
  return [...names].sort();
}

/** The names of a generated api's stages (HTTP: stages, stage or $default; WebSocket: stage). */
export function stageNamesOf(api: JsonObject): string[] {
  if (api.stages !== undefined) return Object.keys(api.stages as JsonObject);
  return [((api.stage as JsonObject | undefined)?.name as string | undefined) ?? '$default'];
}

/** A value for a generated stage variable: what API Gateway accepts. */
export function stageVariableValue(name: string): string {
  return `${name.toLowerCase()}.example.com`;
}

/** The spec with every stage declaring (at least) the stage variables its routes and authorizers use. */
export function withDeclaredStageVariables(spec: JsonObject): JsonObject {
  const used = usedStageVariables(spec);
  if (used.length === 0) return spec;
  const api = spec.api as JsonObject;
  const declare = (stage: JsonObject): JsonObject => ({
    ...stage,
    variables: { ...Object.fromEntries(used.map((n) => [n, stageVariableValue(n)])), ...((stage.variables as JsonObject | undefined) ?? {}) },
  });
  if (api.stages !== undefined) {
    return { ...spec, api: { ...api, stages: Object.fromEntries(Object.entries(api.stages as JsonObject).map(([n, s]) => [n, declare(s as JsonObject)])) } };
  }
  return { ...spec, api: { ...api, stage: declare((api.stage as JsonObject | undefined) ?? { name: '$default' }) } };
}

function apiFor(ctx: GenContext): fc.Arbitrary<JsonObject> {
  return fc
    .record({ base: baseApiFor(ctx), extras: fc.option(httpApiExtras(), { nil: undefined, freq: 3 }), intrinsicName: fc.boolean() })
    .map(({ base, extras, intrinsicName }) => withApiExtras(base, extras, intrinsicName));
}

/** An api with the production fields over it: `stages` replaces `stage`; with a logical name, the name may be an intrinsic. */
export function withApiExtras(base: JsonObject, extras: JsonObject | undefined, intrinsicName: boolean): JsonObject {
  if (extras === undefined) return base;
  const { stage: _stage, ...rest } = base;
  const api: JsonObject =
    extras.stages !== undefined
      ? { ...rest, ...extras }
      : { ...base, ...extras, stage: { ...((base.stage as JsonObject | undefined) ?? { name: '$default' }), ...((extras.stage as JsonObject | undefined) ?? {}) } };
  return extras.logicalName !== undefined && intrinsicName ? { ...api, name: intrinsicApiName } : api;
}

function baseApiFor(ctx: GenContext): fc.Arbitrary<JsonObject> {
  return fc.record(
    {
      name: apiName,
      protocol: fc.constant('http'),
      description: freeText,
      disableExecuteApiEndpoint: fc.boolean(),
      cors,
      stage: fc.record({ name: stageName }),
      permissionScope: fc.constantFrom('auto', 'route', 'api'),
      authorization: authorization(ctx, 'http'),
    },
    { requiredKeys: ['name'] },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Route keys

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

export const literalSegment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('books', 'authors', 'v1', 'orders', 'items', 'a', 'b', 'health') },
  // No "*": in a Lambda route's path it would be a wildcard in the permission's SourceArn (refused; see mutations).
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~:@!$&'()+,;=-]{1,12}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{40,60}$/) },
);
/**
 * Path variables by level. API Gateway holds one variable per level of the path tree, across all routes and
 * methods ("has a conflicting variable on the same hierarchical level"), and a greedy variable counts as one
 * (src/routes/routeTree.ts), so every generated route agrees with every other on each level's variable: at level i
 * it is named PARAM_NAMES[i] (greedy: GREEDY_NAMES[i]), and whether it is greedy depends only on the path above it
 * (`greedyBelow`). Two generated routes can then never disagree, whatever else the generators combine. The names
 * still hold every character a name may.
 */
export const PARAM_NAMES = ['id', 'book.Id', 'x_1', 'a-b', 'name', 'N5'] as const;
export const GREEDY_NAMES = ['proxy', 'rest', 'path.all', 'p_x', 'tail-2', 'More'] as const;

/** Whether the variable below `parent` (its segments) is greedy: below the root never, elsewhere by a digest of the parent. */
function greedyBelow(parent: readonly string[]): boolean {
  if (parent.length === 0) return false;
  let h = parent.length;
  for (const ch of parent.join('/')) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 3 === 0;
}

/** The variable of the level below `parent`, as every generated route writes it. */
export function variableBelow(parent: readonly string[]): string {
  const level = parent.length;
  return greedyBelow(parent) ? `{${GREEDY_NAMES[level]}+}` : `{${PARAM_NAMES[level]}}`;
}

/**
 * A path: literal and variable segments, where a greedy variable (and only one) ends the path. A variable slot takes
 * the level's variable (`variableBelow`); `greedy` asks for a greedy end, which a level with a plain variable
 * cannot give.
 */
export const routePath: fc.Arbitrary<string> = fc
  .record({
    segments: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: literalSegment.map((text) => ({ literal: text })) },
        { weight: 1, arbitrary: fc.constant({ literal: undefined }) },
      ),
      { maxLength: 5 },
    ),
    greedy: fc.boolean(),
  })
  .map(({ segments, greedy }) => {
    const parts: string[] = [];
    for (const s of segments) {
      parts.push(s.literal ?? variableBelow(parts));
      if (parts[parts.length - 1].endsWith('+}')) return `/${parts.join('/')}`;
    }
    if (greedy && greedyBelow(parts)) parts.push(variableBelow(parts));
    return `/${parts.join('/')}`;
  });

/** The names of the path variables a route key binds: `{id}` binds id, `{proxy+}` binds proxy; `$default` none. */
export function boundVariables(key: string): string[] {
  return [...key.matchAll(/\{([A-Za-z0-9._-]+?)\+?\}/g)].map((m) => m[1]);
}

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
  const segments =
    path === '/'
      ? []
      : path
          .slice(1)
          .split('/')
          .map((s) => (s.startsWith('{') ? '*' : s));
  return `${method === 'ANY' ? '*' : method}/${segments.join('/')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Parameter mapping (shared by the HTTP integration kinds that take it)

/** Headers API Gateway does not let a mapping touch (from AWS's documentation, kept apart from src's list). */
export const RESERVED_HEADERS = [
  'Authorization',
  'Connection',
  'Content-Encoding',
  'Content-Length',
  'Content-Location',
  'Forwarded',
  'Keep-Alive',
  'Origin',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'TE',
  'Trailers',
  'Transfer-Encoding',
  'Upgrade',
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'X-Forwarded-Proto',
  'Via',
];
export const RESERVED_HEADER_PREFIXES = ['access-control-', 'apigw-', 'x-amz-', 'x-amzn-'];

function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_HEADERS.some((h) => h.toLowerCase() === lower) || RESERVED_HEADER_PREFIXES.some((p) => lower.startsWith(p));
}

const mappableHeader = headerToken.filter((h) => !isReservedHeader(h));
const queryName = fc.oneof(fc.constantFrom('page', 'id', 'q'), fc.stringMatching(/^[A-Za-z0-9_.~!$'()*+,;:@/?-]{1,15}$/));
const ACTIONS = ['append', 'overwrite', 'remove'] as const;

/** A reserved header, in any case. */
const reservedHeader = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...RESERVED_HEADERS),
      fc.tuple(fc.constantFrom(...RESERVED_HEADER_PREFIXES), fc.stringMatching(/^[a-z0-9-]{1,8}$/)).map(([p, s]) => p + s),
    ),
    fc.constantFrom<(s: string) => string>(
      (s) => s,
      (s) => s.toLowerCase(),
      (s) => s.toUpperCase(),
    ),
  )
  .map(([header, casing]) => casing(header));

const mappingKey = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...ACTIONS), mappableHeader).map(([a, h]) => `${a}:header.${h}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...ACTIONS), queryName).map(([a, q]) => `${a}:querystring.${q}`) },
  { weight: 1, arbitrary: fc.constant('overwrite:path') },
);

/** Parameters a `!Ref` may name where a single string is taken. */
function stringParameters(parameters: readonly GenParameter[]): GenParameter[] {
  return parameters.filter((p) => p.holds === 'arn' || p.holds === 'word');
}

function mappingValue(parameters: readonly GenParameter[]): fc.Arbitrary<Json> {
  const choices: Array<fc.Arbitrary<Json>> = [
    fc.constantFrom('$request.path', '$context.requestId', '$context.identity.sourceIp', '$stageVariables.name', '/v2$request.path'),
    mappableHeader.map((h) => `$request.header.${h}`),
    queryName.map((q) => `$request.querystring.${q}`),
    fc.constantFrom(
      '$request.body.name',
      '$request.body.a.b',
      '$request.path.id',
      '${request.path.id}',
      '${request.header.x-id}-${context.requestId}',
    ),
    freeText.filter((s) => !s.startsWith('$')),
    fc.constantFrom<Json>({ 'Fn::Sub': 'x-${AWS::Region}' }, { 'Fn::ImportValue': 'shared-Header' }),
  ];
  const refs = stringParameters(parameters);
  if (refs.length > 0) choices.push(fc.constantFrom(...refs).map((p) => ({ Ref: p.name })));
  return fc.oneof(...choices);
}

export function requestParameters(parameters: readonly GenParameter[]): fc.Arbitrary<JsonObject> {
  return fc
    .uniqueArray(mappingKey, { minLength: 1, maxLength: 5 })
    .chain((keys) =>
      fc
        .tuple(...keys.map((k) => (k.startsWith('remove:') ? fc.constant<Json>('') : mappingValue(parameters))))
        .map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]]))),
    );
}

const responseKey = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ACTIONS), mappableHeader).map(([a, h]) => `${a}:header.${h}`) },
  { weight: 1, arbitrary: fc.constant('overwrite:statuscode') },
);

function responseValue(key: string, parameters: readonly GenParameter[]): fc.Arbitrary<Json> {
  if (key.startsWith('remove:')) return fc.constant('');
  if (key === 'overwrite:statuscode') {
    // YAML's unquoted 410 is a number; the spec takes both.
    return fc.oneof(
      fc.integer({ min: 200, max: 599 }),
      fc.integer({ min: 200, max: 599 }).map(String),
      fc.constantFrom('$response.body.status', '${response.body.code}', '$stageVariables.status'),
    );
  }
  const refs = stringParameters(parameters);
  return fc.oneof(
    fc.constantFrom('$response.body', '$response.body.a.b', '$context.requestId', '$stageVariables.name', '${response.header.x-id}-x'),
    mappableHeader.map((h) => `$response.header.${h}`),
    freeText.filter((s) => !s.startsWith('$')),
    fc.constantFrom<Json>({ 'Fn::Sub': 'x-${AWS::Region}' }, { 'Fn::ImportValue': 'shared-Header' }),
    ...(refs.length > 0 ? [fc.constantFrom(...refs).map((p): Json => ({ Ref: p.name }))] : []),
  );
}

/** Response parameter mapping: status code (200 to 599) -> header operations and a new status code. */
export function responseParameters(parameters: readonly GenParameter[]): fc.Arbitrary<JsonObject> {
  const mappings = fc
    .uniqueArray(responseKey, { minLength: 1, maxLength: 4 })
    .chain((keys) =>
      fc.tuple(...keys.map((k) => responseValue(k, parameters))).map((values): Json => Object.fromEntries(keys.map((k, i) => [k, values[i]]))),
    );
  return fc
    .uniqueArray(fc.integer({ min: 200, max: 599 }).map(String), { minLength: 1, maxLength: 3 })
    .chain((codes) => fc.tuple(...codes.map(() => mappings)).map((ms) => Object.fromEntries(codes.map((c, i) => [c, ms[i]]))));
}

/** CloudFormation's nested shape of a response mapping (README: Response parameter mapping). */
export function nestedResponseParameters(written: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(written).map(([code, mappings]) => [
      code,
      {
        ResponseParameters: Object.entries(mappings as JsonObject).map(([destination, source]) => ({
          Destination: destination,
          Source: typeof source === 'number' ? String(source) : source,
        })),
      },
    ]),
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

/** Timeouts outside `[min, max]` ms, or not durations at all, in every written form. */
export function badTimeout(max: number): fc.Arbitrary<Json> {
  return fc
    .oneof(fc.integer({ min: -1000, max: 49 }), fc.integer({ min: max + 1, max: 10_000_000 }), fc.constant(max + 1))
    .chain((ms) => fc.constantFrom<Json>(ms, `${Math.abs(ms)}ms`, ms < 50 ? `${Math.max(ms, 0)}ms` : secondsText(ms)))
    .filter((t) => {
      const ms = durationMs(t);
      return ms === undefined || ms < 50 || ms > max;
    });
}

// ---------------------------------------------------------------------------------------------------------------
// IAM roles API Gateway assumes (AWS service integrations of both protocols)

const POLICY_VERSION = '2012-10-17';

/**
 * The properties of the role that allows exactly `actions` on exactly `resources` (README: the generated role):
 * trusts apigateway.amazonaws.com, one inline policy; actions and resources sorted and without repeats.
 */
export function expectedRole(
  actions: readonly string[],
  resources: readonly Json[],
  /** A second statement: kms: actions on an encrypted target's key. */
  key?: { readonly actions: readonly string[]; readonly resource: Json },
): JsonObject {
  const acts = [...new Set(actions)].sort();
  const byText = new Map(resources.map((r) => [canonical(r), r]));
  const res = [...byText.keys()].sort().map((k) => byText.get(k)!);
  const one = (xs: readonly Json[]): Json => (xs.length === 1 ? xs[0] : [...xs]);
  const keyActions = key === undefined ? [] : [...new Set(key.actions)].sort();
  return {
    AssumeRolePolicyDocument: {
      Version: POLICY_VERSION,
      Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    Policies: [
      {
        PolicyName: `Allow${[...acts, ...keyActions].map((a) => pascalWords(a.replace(/:/g, ' '))).join('')}`.slice(0, 128),
        PolicyDocument: {
          Version: POLICY_VERSION,
          Statement: [
            { Effect: 'Allow', Action: one(acts), Resource: one(res) },
            ...(key === undefined ? [] : [{ Effect: 'Allow', Action: one(keyActions), Resource: key.resource }]),
          ],
        },
      },
    ],
  };
}

/** Stands for `!GetAtt <the role>.Arn` in a modelled CredentialsArn: the checker finds the role and compares it. */
export const GENERATED_ROLE = '<generated role>';

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

/** What one integration must yield, per the README: the model of its builder. */
export interface IntegrationModel {
  /** The AWS::ApiGatewayV2::Integration properties (minus ApiId); a generated role's ARN is GENERATED_ROLE. */
  readonly properties: JsonObject;
  /** The properties of the generated role whose ARN CredentialsArn must be. */
  readonly role?: JsonObject;
  /** Integration responses (WebSocket) by key: their properties minus ApiId, IntegrationId and the key. */
  readonly responses?: Readonly<Record<string, JsonObject>>;
  /** The Lambda functions a route with it must be allowed to invoke. */
  readonly invokes: readonly Json[];
  /** The warnings its build must raise, as keys below `integration`. */
  readonly warnings: ReadonlyArray<readonly string[]>;
}

export interface IntegrationGenerator {
  /** Descriptors the spec accepts, drawing functions, links, targets and parameters from the context. */
  readonly valid: (context: GenContext, routeKey: string) => fc.Arbitrary<JsonObject>;
  /** Whether the context lets a route use the kind (private integrations need a declared VPC link). */
  readonly applies?: (context: GenContext) => boolean;
  /** Every field the kind's descriptor takes, and the ones it explains (typos never land on one of them). */
  readonly fields: readonly string[];
  /** The fields a descriptor must have (besides `type`), unless the descriptor says otherwise. */
  readonly required: (descriptor: JsonObject) => readonly string[];
  /** A field that takes a Value, for a `!Ref` to an undeclared parameter. */
  readonly valueField?: (descriptor: JsonObject) => string | undefined;
  /** The model of what the descriptor yields, in `spec` (for the VPC links it names). */
  readonly model: (descriptor: JsonObject, spec: JsonObject) => IntegrationModel;
  /** One-step invalid variants of a valid descriptor, specific to the kind. */
  readonly mutations: (descriptor: JsonObject, spec: JsonObject, routeKey: string) => Array<fc.Arbitrary<DescriptorMutation>>;
}

/** Helpers for writing mutations of one descriptor. */
export function descriptorMutations(d: JsonObject) {
  const set = (
    key: string,
    value: Json,
    what = `${key} ${JSON.stringify(value)}`,
    message?: RegExp,
    keys: readonly string[] = [key],
  ): DescriptorMutation => ({
    what,
    descriptor: { ...d, [key]: value },
    keys,
    exact: true,
    message,
  });
  const remove = (key: string, message: RegExp | undefined = /^missing/): DescriptorMutation => {
    const { [key]: _removed, ...rest } = d;
    return { what: `${key} removed`, descriptor: rest, keys: [key], exact: true, message };
  };
  const values = (key: string, candidates: readonly Json[], message?: RegExp) =>
    fc.constantFrom(...candidates).map((v) => set(key, v, `${key} ${JSON.stringify(v)}`, message));
  return { set, remove, values };
}

const DESCRIPTIONS_BAD: readonly Json[] = [3, '', false];

/** Mutations of a request parameter mapping (HTTP APIs): a reserved header, malformed keys and values. */
function requestMappingMutations(d: JsonObject): Array<fc.Arbitrary<DescriptorMutation>> {
  const { values } = descriptorMutations(d);
  const withMapping = (key: string, value: Json, what: string, message?: RegExp): DescriptorMutation => ({
    what,
    descriptor: { ...d, requestParameters: { ...((d.requestParameters as JsonObject | undefined) ?? {}), [key]: value } },
    keys: ['requestParameters', key],
    exact: true,
    message,
  });
  return [
    values('requestParameters', ['x', ['x'], 7]),
    fc
      .tuple(fc.constantFrom(...ACTIONS), reservedHeader)
      .map(([action, header]) =>
        withMapping(
          `${action}:header.${header}`,
          action === 'remove' ? '' : 'x',
          `reserved header ${action}:header.${header}`,
          /reserved by API Gateway/,
        ),
      ),
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
      .map(([key, value]) => withMapping(key, value, `mapping ${key}: ${JSON.stringify(value)}`)),
  ];
}

/** Mutations of a response parameter mapping: bad status codes, keys, values, reserved headers. */
function responseMappingMutations(d: JsonObject): Array<fc.Arbitrary<DescriptorMutation>> {
  const { values } = descriptorMutations(d);
  const existing = (d.responseParameters as JsonObject | undefined) ?? {};
  const atCode = (code: string, key: string, value: Json, what: string, message?: RegExp): DescriptorMutation => ({
    what,
    descriptor: { ...d, responseParameters: { ...existing, [code]: { ...((existing[code] as JsonObject | undefined) ?? {}), [key]: value } } },
    keys: ['responseParameters', code, key],
    exact: true,
    message,
  });
  const codes = Object.keys(existing).length > 0 ? Object.keys(existing) : ['200'];
  return [
    values('responseParameters', ['x', [], {}, { '200': {} }]).map((m) => ({ ...m, exact: false })),
    fc.constantFrom('4XX', '600', '199', 'abc', '2000', ' 200').map((code): DescriptorMutation => ({
      what: `response status code ${JSON.stringify(code)}`,
      descriptor: { ...d, responseParameters: { ...existing, [code]: { 'overwrite:statuscode': '200' } } },
      keys: ['responseParameters', code],
      exact: true,
      message: /status code/,
    })),
    fc
      .tuple(fc.constantFrom(...codes), fc.constantFrom(...ACTIONS), reservedHeader)
      .map(([code, action, header]) =>
        atCode(code, `${action}:header.${header}`, action === 'remove' ? '' : 'x', `reserved response header ${header}`, /reserved by API Gateway/),
      ),
    fc
      .tuple(
        fc.constantFrom(...codes),
        fc.constantFrom<[string, Json]>(
          ['append:statuscode', '404'],
          ['remove:statuscode', ''],
          ['overwrite:querystring.a', 'x'],
          ['overwrite:path', 'x'],
          ['overwrite:statuscode', '700'],
          ['overwrite:statuscode', 199],
          ['overwrite:statuscode', 'gone'],
          ['overwrite:header.x-id', '$request.header.x-id'],
          ['overwrite:header.x-id', '$respons.body'],
          ['overwrite:header.x-id', ''],
          ['remove:header.x-id', 'x'],
          ['overwrite:header.x id', 'x'],
        ),
      )
      .map(([code, [key, value]]) => atCode(code, key, value, `response mapping ${code} ${key}: ${JSON.stringify(value)}`)),
  ];
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
  fields: ['type', 'function', 'payloadFormatVersion', 'timeout', 'requestParameters', 'description', 'permission'],
  required: () => ['function'],
  valueField: () => 'function',
  model: (d) => ({
    properties: {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: d.function,
      PayloadFormatVersion: d.payloadFormatVersion ?? '2.0',
      ...(d.timeout !== undefined && { TimeoutInMillis: durationMs(d.timeout)! }),
      ...(d.requestParameters !== undefined && { RequestParameters: d.requestParameters }),
      ...(d.description !== undefined && { Description: d.description }),
    },
    invokes: [d.function],
    warnings: [],
  }),
  mutations: (d) => {
    const { values } = descriptorMutations(d);
    return [
      badTimeout(30_000).map((t) => descriptorMutations(d).set('timeout', t, `timeout ${JSON.stringify(t)} out of range`)),
      values('timeout', [true, 'soon', 1.5, '10 minutes', [], {}]),
      values('function', [
        42,
        '',
        'not-an-arn',
        'arn:aws:s3:::bucket',
        'arn:aws:lambda:us-east-1:123456789012:function:',
        'arn:aws:lambda:us-east-1:123456789012:function:f:a$b',
        `arn:aws:lambda:us-east-1:123456789012:function:${'f'.repeat(64)}:${'a'.repeat(40)}`,
        { 'Fn::GetAZs': '' },
        { Ref: '' },
        [],
      ]),
      values('payloadFormatVersion', [2, 1, '3.0', 2.0, null]),
      values('description', DESCRIPTIONS_BAD),
      ...requestMappingMutations(d),
    ];
  },
};

// HTTP proxies: a public URL (`http`) and private integrations (`alb`, `nlb`, `cloudMap`).

const INTEGRATION_METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

function httpProxyOptions(context: GenContext) {
  return {
    method: fc.constantFrom(...INTEGRATION_METHODS),
    timeout: durationText(httpTimeoutMs),
    requestParameters: requestParameters(context.parameters),
    responseParameters: responseParameters(context.parameters),
    description: freeText,
  };
}

const HTTP_PROXY_FIELDS = ['method', 'timeout', 'requestParameters', 'responseParameters', 'description'];

/** What every HTTP proxy integration of an HTTP API must yield (README: `type: http`, private integrations). */
function httpProxyModel(uri: Json, d: JsonObject, connection: JsonObject = {}): IntegrationModel {
  return {
    properties: {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: uri,
      IntegrationMethod: d.method ?? 'ANY',
      ...connection,
      PayloadFormatVersion: '1.0',
      ...(d.timeout !== undefined && { TimeoutInMillis: durationMs(d.timeout)! }),
      ...(d.requestParameters !== undefined && { RequestParameters: d.requestParameters }),
      ...(d.responseParameters !== undefined && { ResponseParameters: nestedResponseParameters(d.responseParameters as JsonObject) }),
      ...(d.description !== undefined && { Description: d.description }),
    },
    invokes: [],
    warnings: [],
  };
}

function httpProxyMutations(d: JsonObject): Array<fc.Arbitrary<DescriptorMutation>> {
  const { values } = descriptorMutations(d);
  return [
    badTimeout(30_000).map((t) => descriptorMutations(d).set('timeout', t, `timeout ${JSON.stringify(t)} out of range`)),
    values('method', ['get', 'FETCH', 5, 'any']),
    values('description', DESCRIPTIONS_BAD),
    ...requestMappingMutations(d),
    ...responseMappingMutations(d),
  ];
}

const host = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('orders.example.com', 'api.internal', '10.0.0.12', 'localhost', 'a') },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?(?:\.[a-z0-9]{1,10}){0,3}$/) },
  { weight: 1, arbitrary: fc.constant('${stageVariables.backendHost}') },
);
/**
 * A URL API Gateway can proxy to: a literal (with stage variables, and path variables drawn from `pathVariables`,
 * the only ones it can fill), or an intrinsic.
 */
export function urlValue(pathVariables: readonly string[]): fc.Arbitrary<Json> {
  const segment = fc.oneof(
    { weight: 4, arbitrary: literalSegment },
    { weight: 1, arbitrary: fc.constantFrom('${stageVariables.version}', ...pathVariables.map((name) => `{${name}}`)) },
  );
  const literal = fc
    .record({
      scheme: fc.constantFrom('http', 'https'),
      host,
      port: fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined, freq: 4 }),
      path: fc.option(fc.array(segment, { maxLength: 4 }), { nil: undefined, freq: 4 }),
      query: fc.option(fc.constantFrom('?a=b', '?x=1&y=2'), { nil: undefined, freq: 6 }),
    })
    .map(
      ({ scheme, host: h, port, path, query }) =>
        `${scheme}://${h}${port === undefined ? '' : `:${port}`}${path === undefined ? '' : `/${path.join('/')}`}${query ?? ''}`,
    );
  return fc.oneof(
    { weight: 6, arbitrary: literal },
    { weight: 1, arbitrary: fc.constant<Json>({ 'Fn::Sub': 'https://orders.${AWS::Region}.example.com/v1' }) },
    { weight: 1, arbitrary: importedValue },
  );
}

const BAD_URLS: readonly Json[] = [
  'ftp://orders.example.com',
  'orders.example.com',
  'https://',
  'https:// x',
  'https://x/{proxy+}',
  'https://x/${foo}',
  'https://x/a b',
  'https://x/{a b}',
  'https://-x-/',
  '',
  5,
  [],
];

const urlGenerator: IntegrationGenerator = {
  valid: (context, key) =>
    fc.record({ type: fc.constant('http'), url: urlValue(boundVariables(key)), ...httpProxyOptions(context) }, { requiredKeys: ['type', 'url'] }),
  fields: ['type', 'url', ...HTTP_PROXY_FIELDS],
  required: () => ['url'],
  valueField: () => 'url',
  model: (d) => httpProxyModel(d.url, d),
  mutations: (d, _spec, key) => [
    descriptorMutations(d).values('url', BAD_URLS),
    // A variable the route does not bind: API Gateway has nothing to fill it with.
    fc
      .constantFrom('unbound', 'proxy', 'id')
      .filter((name) => !boundVariables(key).includes(name))
      .map((name) => descriptorMutations(d).set('url', `https://backend.example.com/v1/{${name}}`, `url with unbound {${name}}`, /not a path variable/)),
    ...httpProxyMutations(d),
  ],
};

const hex16 = fc.stringMatching(/^[0-9a-f]{16}$/);

function listenerArn(kind: 'app' | 'net'): fc.Arbitrary<Json> {
  const literal = fc
    .tuple(arnScope, fc.oneof(fc.constantFrom('orders', 'internal-api'), fc.stringMatching(/^[A-Za-z0-9-]{1,32}$/)), hex16, hex16)
    .map(([s, name, a, b]) => `arn:${s.partition}:elasticloadbalancing:${s.region}:${s.account}:listener/${kind}/${name}/${a}/${b}`);
  return fc.oneof(
    { weight: 4, arbitrary: literal },
    {
      weight: 1,
      arbitrary: fc.constant<Json>({
        'Fn::Sub': `arn:\${AWS::Partition}:elasticloadbalancing:\${AWS::Region}:\${AWS::AccountId}:listener/${kind}/orders/50dc6c495c0c9188/f2f7dc8efc522ab2`,
      }),
    },
    { weight: 1, arbitrary: importedValue },
  );
}

const cloudMapServiceArn: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(arnScope, fc.stringMatching(/^[A-Za-z0-9]{1,20}$/))
      .map(([s, id]) => `arn:${s.partition}:servicediscovery:${s.region}:${s.account}:service/srv-${id}`),
  },
  {
    weight: 1,
    arbitrary: fc.constant<Json>({
      'Fn::Sub': 'arn:${AWS::Partition}:servicediscovery:${AWS::Region}:${AWS::AccountId}:service/srv-e4anhexample0004',
    }),
  },
  { weight: 1, arbitrary: importedValue },
);

const tlsServerName = fc.oneof(
  fc.constantFrom('orders.internal.example.com', 'a', 'xn--bcher-kva.example'),
  fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?(?:\.[a-z0-9]{1,10}){0,3}$/),
);

/** The ConnectionId of a private integration through the link declared as `name` (README: vpcLinks). */
function connectionIdOf(name: string, spec: JsonObject): Json {
  const declaration = ((spec.vpcLinks as JsonObject)[name] as JsonObject) ?? {};
  return declaration.id !== undefined ? declaration.id : { Ref: vpcLinkLogicalId(name) };
}

function privateGenerator(type: 'alb' | 'nlb' | 'cloudMap'): IntegrationGenerator {
  const targetField = type === 'cloudMap' ? 'service' : 'listener';
  const target = type === 'cloudMap' ? cloudMapServiceArn : listenerArn(type === 'alb' ? 'app' : 'net');
  const example = (kind: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/${kind}/orders/50dc6c495c0c9188/f2f7dc8efc522ab2`;
  return {
    applies: (context) => context.vpcLinks.length > 0,
    valid: (context) =>
      fc.record(
        {
          type: fc.constant(type),
          [targetField]: target,
          vpcLink: fc.constantFrom(...context.vpcLinks.map((l) => l.name)),
          tlsServerName,
          ...httpProxyOptions(context),
        },
        { requiredKeys: ['type', targetField, 'vpcLink'] as never[] },
      ) as fc.Arbitrary<JsonObject>,
    fields: ['type', targetField, 'vpcLink', 'tlsServerName', ...HTTP_PROXY_FIELDS],
    required: () => [targetField, 'vpcLink'],
    valueField: () => targetField,
    model: (d, spec) =>
      httpProxyModel(d[targetField], d, {
        ConnectionType: 'VPC_LINK',
        ConnectionId: connectionIdOf(d.vpcLink as string, spec),
        ...(d.tlsServerName !== undefined && { TlsConfig: { ServerNameToVerify: d.tlsServerName } }),
      }),
    mutations: (d, spec) => {
      const { set, values } = descriptorMutations(d);
      const declared = Object.keys((spec.vpcLinks as JsonObject | undefined) ?? {});
      const targetMutations =
        type === 'cloudMap'
          ? [
              values('service', [
                example('app'),
                'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-abc',
                'srv-abc',
                'arn:aws:lambda:us-east-1:123456789012:function:f',
                7,
              ]),
            ]
          : [
              // The other kind's listener is an error that names the kind to use.
              fc.constant(
                set(
                  'listener',
                  example(type === 'alb' ? 'net' : 'app'),
                  'the other kind of listener',
                  new RegExp(`use type: ${type === 'alb' ? 'nlb' : 'alb'}`),
                ),
              ),
              fc.constant(
                set(
                  'listener',
                  `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/${type === 'alb' ? 'app' : 'net'}/orders/50dc6c495c0c9188`,
                  'a load balancer ARN',
                  /load balancer's own ARN/,
                ),
              ),
              values('listener', ['orders', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/xyz/abc', 7, []]),
            ];
      return [
        ...targetMutations,
        // A link nobody declared: the error lists what is declared.
        fc
          .constantFrom('undeclared', `${declared[0]}x`, 'Main2', 'toString')
          .filter((name) => !declared.includes(name))
          .map((name) => set('vpcLink', name, `vpcLink ${name} (undeclared)`, /no VPC link named/)),
        values('vpcLink', ['', 5, { Ref: 'VpcLinkMain' }]),
        values('tlsServerName', ['not a host', '-orders.example.com', 'orders..example.com', 'https://orders.example.com', 5, '']),
        ...httpProxyMutations(d),
      ];
    },
  };
}

// AWS service integrations (HTTP APIs)

interface SubtypeModel {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly action: string;
  readonly service: TargetService;
}

/** The ten subtypes, their parameters in AWS's documented order, and the one action each needs (README table). */
export const AWS_SUBTYPES: Readonly<Record<string, SubtypeModel>> = {
  'EventBridge-PutEvents': {
    required: ['Detail', 'DetailType', 'Source'],
    optional: ['Time', 'EventBusName', 'Resources', 'Region', 'TraceHeader'],
    action: 'events:PutEvents',
    service: 'events',
  },
  'SQS-SendMessage': {
    required: ['QueueUrl', 'MessageBody'],
    optional: ['DelaySeconds', 'MessageAttributes', 'MessageDeduplicationId', 'MessageGroupId', 'MessageSystemAttributes', 'Region'],
    action: 'sqs:SendMessage',
    service: 'sqs',
  },
  'SQS-ReceiveMessage': {
    required: ['QueueUrl'],
    optional: [
      'AttributeNames',
      'MaxNumberOfMessages',
      'MessageAttributeNames',
      'ReceiveRequestAttemptId',
      'VisibilityTimeout',
      'WaitTimeSeconds',
      'Region',
    ],
    action: 'sqs:ReceiveMessage',
    service: 'sqs',
  },
  'SQS-DeleteMessage': { required: ['QueueUrl', 'ReceiptHandle'], optional: ['Region'], action: 'sqs:DeleteMessage', service: 'sqs' },
  'SQS-PurgeQueue': { required: ['QueueUrl'], optional: ['Region'], action: 'sqs:PurgeQueue', service: 'sqs' },
  'AppConfig-GetConfiguration': {
    required: ['Application', 'Environment', 'Configuration', 'ClientId'],
    optional: ['ClientConfigurationVersion', 'Region'],
    action: 'appconfig:GetConfiguration',
    service: 'appconfig',
  },
  'Kinesis-PutRecord': {
    required: ['StreamName', 'Data', 'PartitionKey'],
    optional: ['SequenceNumberForOrdering', 'ExplicitHashKey', 'Region'],
    action: 'kinesis:PutRecord',
    service: 'kinesis',
  },
  'StepFunctions-StartExecution': {
    required: ['StateMachineArn'],
    optional: ['Name', 'Input', 'Region'],
    action: 'states:StartExecution',
    service: 'states',
  },
  'StepFunctions-StartSyncExecution': {
    required: ['StateMachineArn'],
    optional: ['Name', 'Input', 'Region', 'TraceHeader'],
    action: 'states:StartSyncExecution',
    service: 'states',
  },
  'StepFunctions-StopExecution': {
    required: ['ExecutionArn'],
    optional: ['Cause', 'Error', 'Region'],
    action: 'states:StopExecution',
    service: 'states',
  },
};
export const AWS_SUBTYPE_NAMES = Object.keys(AWS_SUBTYPES);

const SERVICE_RESOURCE: Readonly<Record<TargetService, fc.Arbitrary<string>>> = {
  sqs: fc.oneof(fc.constantFrom('orders', 'orders.fifo', 'a'), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/)),
  events: fc
    .oneof(fc.constantFrom('default', 'orders', 'partner/acme.com/x'), fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/))
    .map((n) => `event-bus/${n}`),
  kinesis: fc.oneof(fc.constantFrom('clicks', 'a.b_c-d'), fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/)).map((n) => `stream/${n}`),
  states: fc
    .tuple(
      fc.oneof(fc.constantFrom('checkout', 'refund'), fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/)),
      fc.option(fc.constantFrom('v3', 'live', '1'), { nil: undefined, freq: 4 }),
    )
    .map(([n, q]) => `stateMachine:${n}${q === undefined ? '' : `:${q}`}`),
  appconfig: fc.stringMatching(/^[a-z0-9]{4,7}$/).map((id) => `application/${id}`),
};

/** A target of a service: a literal ARN, a `!Sub` (with pseudo parameters, a word parameter or a variable), or an import. */
function targetValue(service: TargetService, parameters: readonly GenParameter[]): fc.Arbitrary<Json> {
  const words = parameterNames(parameters, 'word');
  const prefix = `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:`;
  // The resource type part of the ARN and a sample name.
  const [typePart, name] = (
    {
      sqs: ['', 'orders'],
      events: ['event-bus/', 'orders'],
      kinesis: ['stream/', 'clicks'],
      states: ['stateMachine:', 'checkout'],
      appconfig: ['application/', 'abc1234'],
    } as const
  )[service];
  const resourceWord = `${typePart}${name}`;
  const choices: Array<fc.WeightedArbitrary<Json>> = [
    {
      weight: 5,
      arbitrary: fc.tuple(arnScope, SERVICE_RESOURCE[service]).map(([s, r]) => `arn:${s.partition}:${service}:${s.region}:${s.account}:${r}`),
    },
    { weight: 1, arbitrary: fc.constant<Json>({ 'Fn::Sub': `${prefix}${resourceWord}` }) },
    { weight: 1, arbitrary: fc.constant<Json>({ 'Fn::Sub': [`${prefix}${typePart}\${Name}`, { Name: { 'Fn::ImportValue': `${service}-name` } }] }) },
    { weight: 1, arbitrary: importedValue },
  ];
  if (words.length > 0 && service !== 'appconfig') {
    choices.push({ weight: 1, arbitrary: fc.constantFrom(...words).map((w): Json => ({ 'Fn::Sub': `${prefix}${resourceWord}-\${${w}}` })) });
  }
  return fc.oneof(...choices);
}

function arnFields(arn: string): { partition: string; region: string; account: string; resource: string } {
  const parts = arn.split(':');
  return { partition: parts[1], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

/** `value` and a literal suffix, as one Value (README: AppConfig's environments and configuration profiles). */
function appendToValue(value: Json, suffix: string): Json {
  if (typeof value === 'string') return value + suffix;
  const sub = (value as JsonObject)['Fn::Sub'];
  if (typeof sub === 'string') return { 'Fn::Sub': sub + suffix };
  if (Array.isArray(sub)) return { 'Fn::Sub': [`${sub[0] as string}${suffix}`, sub[1]] };
  if (typeof (value as JsonObject).Ref === 'string') return { 'Fn::Sub': `\${${(value as JsonObject).Ref as string}}${suffix}` };
  return { 'Fn::Sub': [`\${Arn}${suffix}`, { Arn: value }] };
}

/** The executions of a state machine (README: StepFunctions-StopExecution). */
function executionsOf(stateMachine: Json): Json {
  if (typeof stateMachine === 'string') {
    const parts = stateMachine.split(':');
    return [...parts.slice(0, 5), 'execution', parts[6], '*'].join(':');
  }
  const sub = (stateMachine as JsonObject)['Fn::Sub'];
  const text = typeof sub === 'string' ? sub : Array.isArray(sub) ? (sub[0] as string) : undefined;
  const m = text === undefined ? null : /^(.*):stateMachine:((?:[^:$]|\$\{[^}]*\})+)$/.exec(text);
  if (m !== null) {
    const rewritten = `${m[1]}:execution:${m[2]}:*`;
    return typeof sub === 'string' ? { 'Fn::Sub': rewritten } : { 'Fn::Sub': [rewritten, (sub as Json[])[1]] };
  }
  const halves: Json = { 'Fn::Split': [':stateMachine:', stateMachine] };
  return {
    'Fn::Join': [
      '',
      [{ 'Fn::Select': [0, halves] }, ':execution:', { 'Fn::Select': [0, { 'Fn::Split': [':', { 'Fn::Select': [1, halves] }] }] }, ':*'],
    ],
  };
}

function roleResources(subtype: string, target: Json): Json[] {
  if (subtype === 'AppConfig-GetConfiguration')
    return [target, appendToValue(target, '/environment/*'), appendToValue(target, '/configurationprofile/*')];
  if (subtype === 'StepFunctions-StopExecution') return [executionsOf(target)];
  return [target];
}

const genericParameterValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    '$request.body',
    '$request.body.a',
    '$request.header.x-id',
    '$request.querystring.q',
    '$request.path.id',
    '$context.requestId',
    '$stageVariables.s',
    '${request.body.a}-${context.requestId}',
  ),
  freeText.filter((s) => !s.startsWith('$')),
  fc.constantFrom<Json>({ 'Fn::Sub': '${AWS::StackName}' }, { 'Fn::ImportValue': 'shared-Value' }),
);

/** The value of one parameter, often one that agrees with (or differs from) a literal target, which the build compares. */
function awsParameterValue(name: string, target: Json | undefined): fc.Arbitrary<Json> {
  // Values that name the literal target's own resource or Region (no warning), beside others (a warning).
  const arn = typeof target === 'string' ? arnFields(target) : undefined;
  const own = (values: (a: NonNullable<typeof arn>) => Json[]): Json[] => (arn === undefined ? [] : values(arn));
  switch (name) {
    case 'Region':
      return fc.constantFrom<Json>(...own((a) => [a.region]), 'eu-central-1', '$stageVariables.region', { Ref: 'AWS::Region' });
    case 'QueueUrl':
      return fc.constantFrom<Json>(
        ...own((a) => [
          `https://sqs.${a.region}.amazonaws.com${a.partition === 'aws-cn' ? '.cn' : ''}/${a.account}/${a.resource}`,
          `https://${a.region}.queue.amazonaws.com/${a.account}/${a.resource}`,
        ]),
        'https://sqs.us-east-1.amazonaws.com/123456789012/other',
        'not-a-url',
        '$stageVariables.queueUrl',
        { 'Fn::ImportValue': 'orders-QueueUrl' },
        { 'Fn::Sub': 'https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/orders' },
      );
    case 'EventBusName':
      return fc.constantFrom<Json>(
        ...own((a) => [a.resource.replace(/^event-bus\//, ''), target as string]),
        'default',
        'other-bus',
        '$stageVariables.bus',
        { 'Fn::ImportValue': 'bus-name' },
      );
    case 'StreamName':
      return fc.constantFrom<Json>(...own((a) => [a.resource.replace(/^stream\//, '')]), 'other-stream', '$request.header.x-stream', {
        'Fn::ImportValue': 'stream-name',
      });
    case 'StateMachineArn':
      // The target itself, whatever form it takes.
      return fc.constantFrom<Json>(
        ...(target === undefined ? [] : [target]),
        'arn:aws:states:us-east-1:123456789012:stateMachine:other',
        '$stageVariables.machine',
        { 'Fn::ImportValue': 'machine-arn' },
      );
    case 'DelaySeconds':
    case 'MaxNumberOfMessages':
    case 'VisibilityTimeout':
    case 'WaitTimeSeconds':
      // Numbers, which the spec writes as text.
      return fc.oneof(fc.integer({ min: 0, max: 900 }), fc.constant<Json>('$request.querystring.n'));
    default:
      return genericParameterValue;
  }
}

/**
 * The kms: actions a generated role gets on an encrypted target's key (README: AWS service integrations, kmsKey):
 * SQS with SSE-KMS to send and to receive, Kinesis to put records. Other subtypes take no kmsKey.
 */
export const KMS_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'SQS-SendMessage': ['kms:GenerateDataKey', 'kms:Decrypt'],
  'SQS-ReceiveMessage': ['kms:Decrypt'],
  'Kinesis-PutRecord': ['kms:GenerateDataKey'],
};

const kmsKeyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.tuple(arnScope, fc.uuid()).map(([s, id]) => `arn:${s.partition}:kms:${s.region}:${s.account}:key/${id}`),
  fc.constant<Json>('arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab'),
  fc.constant<Json>({ 'Fn::ImportValue': 'shared-QueueKeyArn' }),
);

/** An AWS service integration descriptor of `subtype`, with a target from the pool and/or credentials. */
function awsDescriptor(context: GenContext, subtype: string): fc.Arbitrary<JsonObject> {
  const s = AWS_SUBTYPES[subtype];
  return fc
    .record({
      // Mostly a generated role on a pooled target (shared roles); sometimes an existing role (or the caller's own
      // identity), with or without target.
      credentialsForm: fc.constantFrom('target', 'target', 'target', 'credentials', 'both'),
      target: fc.constantFrom(...context.targets[s.service]),
      credentials: fc.oneof({ weight: 4, arbitrary: roleArnValue }, { weight: 1, arbitrary: fc.constant<Json>('arn:aws:iam::*:user/*') }),
      // An encrypted target's key, where the call uses it.
      kmsKey: KMS_ACTIONS[subtype] === undefined ? fc.constant(undefined) : fc.option(kmsKeyValue, { nil: undefined, freq: 3 }),
      optional: fc.subarray([...s.optional]),
      // The spec emits parameters in AWS's order whatever order it is written in.
      shuffle: fc.boolean(),
      timeout: fc.option(durationText(httpTimeoutMs), { nil: undefined }),
      description: fc.option(freeText, { nil: undefined }),
    })
    .chain(({ credentialsForm: drawn, target, credentials, kmsKey, optional, shuffle, timeout, description }) => {
      // A target beside credentials is unused by the template (the build warns): written as an intrinsic, its
      // parameter would be declared and unused (an error, W2001) or undeclared (an error), so 'both' takes a literal.
      const credentialsForm = drawn === 'both' && typeof target !== 'string' ? 'credentials' : drawn;
      const names = [...s.required, ...optional];
      const written = shuffle ? [...names].reverse() : names;
      const forValues = credentialsForm === 'credentials' ? undefined : target;
      return fc.tuple(...written.map((n) => awsParameterValue(n, forValues))).map((values): JsonObject => ({
        type: 'aws',
        subtype,
        ...(credentialsForm !== 'credentials' && { target }),
        ...(credentialsForm !== 'target' && { credentials }),
        ...(credentialsForm === 'target' && kmsKey !== undefined && { kmsKey }),
        parameters: Object.fromEntries(written.map((n, i) => [n, values[i]])),
        ...(timeout !== undefined && { timeout }),
        ...(description !== undefined && { description }),
      }));
    });
}

/**
 * The warnings of an AWS service integration (README: Warnings): a target next to credentials is unused; with a
 * literal target, a literal Region, or a literal parameter that names the acted-on resource, that disagrees with it.
 */
function awsWarnings(d: JsonObject): string[][] {
  if (d.credentials !== undefined) return d.target !== undefined ? [['target']] : [];
  const target = d.target;
  if (typeof target !== 'string') return [];
  const { region, account, resource } = arnFields(target);
  const p = d.parameters as JsonObject;
  const literal = (v: Json | undefined): v is string => typeof v === 'string' && !v.includes('$');
  const out: string[][] = [];
  if (literal(p.Region) && p.Region !== region) out.push(['parameters', 'Region']);
  const subtype = d.subtype as string;
  if (subtype.startsWith('SQS-') && literal(p.QueueUrl)) {
    const m = /^https:\/\/(?:sqs\.([a-z0-9-]+)|([a-z0-9-]+)\.queue)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?#]+)$/.exec(p.QueueUrl);
    if (m !== null && !((m[1] ?? m[2]) === region && m[3] === account && m[4] === resource)) out.push(['parameters', 'QueueUrl']);
  }
  if (subtype === 'EventBridge-PutEvents') {
    // Without EventBusName, PutEvents writes to the default bus.
    const bus = p.EventBusName ?? 'default';
    if (literal(bus) && !(bus.startsWith('arn:') ? bus === target : resource === `event-bus/${bus}`)) out.push(['parameters', 'EventBusName']);
  }
  if (subtype === 'Kinesis-PutRecord' && literal(p.StreamName) && resource !== `stream/${p.StreamName}`) out.push(['parameters', 'StreamName']);
  if (subtype.startsWith('StepFunctions-Start') && literal(p.StateMachineArn) && p.StateMachineArn !== target)
    out.push(['parameters', 'StateMachineArn']);
  return out;
}

const awsGenerator: IntegrationGenerator = {
  valid: (context) => fc.constantFrom(...context.subtypes).chain((subtype) => awsDescriptor(context, subtype)),
  fields: ['type', 'subtype', 'parameters', 'target', 'credentials', 'kmsKey', 'allowWildcards', 'timeout', 'description'],
  required: (d) => ['subtype', 'parameters', ...(d.credentials === undefined ? ['target'] : [])],
  // The Value that reaches the template: credentials when given (the target is then unused), else the target.
  valueField: (d) => (d.credentials !== undefined ? 'credentials' : 'target'),
  model: (d) => {
    const s = AWS_SUBTYPES[d.subtype as string];
    const written = d.parameters as JsonObject;
    const parameters = Object.fromEntries(
      [...s.required, ...s.optional]
        .filter((n) => written[n] !== undefined)
        .map((n) => [n, typeof written[n] === 'number' ? String(written[n]) : written[n]]),
    );
    return {
      properties: {
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: d.subtype,
        PayloadFormatVersion: '1.0',
        CredentialsArn: d.credentials ?? GENERATED_ROLE,
        RequestParameters: parameters,
        ...(d.timeout !== undefined && { TimeoutInMillis: durationMs(d.timeout)! }),
        ...(d.description !== undefined && { Description: d.description }),
      },
      ...(d.credentials === undefined && {
        role: expectedRole(
          [s.action],
          roleResources(d.subtype as string, d.target!),
          d.kmsKey === undefined ? undefined : { actions: KMS_ACTIONS[d.subtype as string], resource: d.kmsKey },
        ),
      }),
      invokes: [],
      warnings: awsWarnings(d),
    };
  },
  mutations: (d) => {
    const { set, remove, values } = descriptorMutations(d);
    const s = AWS_SUBTYPES[d.subtype as string];
    const parameters = d.parameters as JsonObject;
    const withParameters = (p: JsonObject, what: string, keys: string[], message?: RegExp): DescriptorMutation => ({
      what,
      descriptor: { ...d, parameters: p },
      keys,
      exact: true,
      message,
    });
    const otherService = {
      sqs: 'arn:aws:states:us-east-1:123456789012:stateMachine:checkout',
      events: 'arn:aws:sqs:us-east-1:123456789012:orders',
      kinesis: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
      states: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks',
      appconfig: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    }[s.service];
    const out: Array<fc.Arbitrary<DescriptorMutation>> = [
      // A missing required parameter: the error is at `parameters` and lists what the subtype takes.
      fc.constantFrom(...s.required).map((name) => {
        const { [name]: _dropped, ...rest } = parameters;
        return withParameters(rest, `${d.subtype as string} without ${name}`, ['parameters'], /requires/);
      }),
      // An unknown parameter (another subtype's, or a near miss): the error is at its key.
      fc
        .constantFrom('QueueUrl', 'Detail', 'StreamName', 'StateMachineArn', 'ExecutionArn', 'Application', 'Bogus', 'region', 'MessageBodyy')
        .filter((name) => ![...s.required, ...s.optional].includes(name))
        .map((name) => withParameters({ ...parameters, [name]: 'x' }, `unknown parameter ${name}`, ['parameters', name], /unknown parameter/)),
      fc
        .tuple(fc.constantFrom(...Object.keys(parameters)), fc.constantFrom<Json>('', '$reqest.body', '$', [], true, { 'Fn::GetAZs': '' }))
        .map(([name, value]) =>
          withParameters({ ...parameters, [name]: value }, `parameter ${name}: ${JSON.stringify(value)}`, ['parameters', name]),
        ),
      values('parameters', ['x', [], 5]),
      values('subtype', ['SQS-SendMessages', 'sqs-sendmessage', 'Lambda-Invoke', 5, '']),
      fc.constant(remove('subtype')),
      values('credentials', ['arn:aws:iam::123456789012:user/bob', 'role/x', '', 5]),
      badTimeout(30_000).map((t) => set('timeout', t, `timeout ${JSON.stringify(t)} out of range`)),
      values('description', DESCRIPTIONS_BAD),
    ];
    if (d.credentials === undefined) {
      out.push(
        fc.constant(set('target', otherService, `target of another service`)),
        values('target', ['orders', 'arn:aws:sqs:us-east-1:123456789012', 5, '']),
        // Without target nor credentials, no role can be generated.
        fc.constant(remove('target')),
        // A wildcard widens the generated role: refused without allowWildcards, written literally or in a !Sub.
        values(
          'target',
          [`arn:aws:${s.service}:*:*:*`, { 'Fn::Sub': `arn:\${AWS::Partition}:${s.service}:*:\${AWS::AccountId}:*` }],
          /holds a wildcard/,
        ),
        // A key for a call that uses none, an alias instead of the key, a key that is no ARN.
        KMS_ACTIONS[d.subtype as string] === undefined
          ? fc.constant(set('kmsKey', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'kmsKey on a call that uses none', /needs no kms: permission/))
          : values('kmsKey', ['arn:aws:kms:us-east-1:123456789012:alias/orders', 'orders-key', 5]),
      );
    } else {
      // kmsKey and allowWildcards shape the generated role; with credentials there is none.
      out.push(
        fc.constantFrom<[string, Json]>(['kmsKey', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'], ['allowWildcards', true])
          .map(([field, value]) => set(field, value, `${field} with credentials`, /shapes the generated role/)),
      );
    }
    return out;
  },
};

/** The integration generators of HTTP APIs, by `type`. */
export const INTEGRATION_KINDS: Readonly<Record<string, IntegrationGenerator>> = {
  lambda: lambdaGenerator,
  http: urlGenerator,
  alb: privateGenerator('alb'),
  nlb: privateGenerator('nlb'),
  cloudMap: privateGenerator('cloudMap'),
  aws: awsGenerator,
};
export const HTTP_KINDS = Object.keys(INTEGRATION_KINDS);

export function integrationGenerator(
  descriptor: JsonObject,
  kinds: Readonly<Record<string, IntegrationGenerator>> = INTEGRATION_KINDS,
): IntegrationGenerator {
  const kind = Object.hasOwn(kinds, descriptor.type as string) ? kinds[descriptor.type as string] : undefined;
  if (kind === undefined) throw new Error(`no generator for integration type ${JSON.stringify(descriptor.type)}`);
  return kind;
}

/** An integration of any kind the context allows. */
export function integration(context: GenContext, key: string): fc.Arbitrary<JsonObject> {
  const usable = context.kinds.map((k) => INTEGRATION_KINDS[k]).filter((k) => k.applies?.(context) ?? true);
  return fc.oneof(...usable.map((k) => k.valid(context, key)));
}

// ---------------------------------------------------------------------------------------------------------------
// Routes and whole specs

export function route(context: GenContext, key: string): fc.Arbitrary<JsonObject> {
  return fc.record(
    {
      integration: integration(context, key),
      operationName: freeText,
      // An OPTIONS route takes CORS preflights, which carry no credentials: it takes no authorization but none.
      authorization: key.startsWith('OPTIONS ') ? fc.constantFrom<Json>('none', { authorizer: 'none' }) : authorization(context, 'http'),
      throttle,
    },
    { requiredKeys: ['integration'] },
  );
}

/** The template's description: CloudFormation takes up to 1,024 bytes. */
export const templateDescription = fc.oneof(
  { weight: 5, arbitrary: freeText },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 1024 }) },
  { weight: 1, arbitrary: fc.constant('é'.repeat(512)) },
);

export interface SpecOptions {
  readonly minRoutes?: number;
  /** At most 40 by default: with one route, one integration and one permission or role each, far below 500 resources. */
  readonly maxRoutes?: number;
  readonly maxFunctions?: number;
  /** The integration types routes use (default: every kind). */
  readonly kinds?: readonly string[];
  /** The AWS service subtypes `aws` integrations use (default: all ten). */
  readonly subtypes?: readonly string[];
  /** Declare no authorizers (and authorize nothing). */
  readonly noAuthorizers?: boolean;
}

function targetPools(parameters: readonly GenParameter[]): fc.Arbitrary<Record<TargetService, Json[]>> {
  const pool = (service: TargetService) => fc.uniqueArray(targetValue(service, parameters), { minLength: 1, maxLength: 2, selector: canonical });
  return fc.record({ sqs: pool('sqs'), events: pool('events'), kinesis: pool('kinesis'), states: pool('states'), appconfig: pool('appconfig') });
}

export function context(options: SpecOptions = {}): fc.Arbitrary<GenContext> {
  const kinds = options.kinds ?? HTTP_KINDS;
  const needsLink = kinds.every((k) => ['alb', 'nlb', 'cloudMap'].includes(k));
  return genParameters.chain((parameters) =>
    fc
      .record({
        functionScope: arnScope,
        vpcLinks: genVpcLinks(parameters, needsLink ? 1 : 0),
        targets: targetPools(parameters),
        // A few subtypes per spec, so integrations share roles (one per subtype action and target).
        subtypes: options.subtypes !== undefined ? fc.constant(options.subtypes) : fc.subarray(AWS_SUBTYPE_NAMES, { minLength: 1, maxLength: 3 }),
      })
      .chain((partial) =>
        fc
          .uniqueArray(functionValue(parameters, partial.functionScope), { minLength: 1, maxLength: options.maxFunctions ?? 5, selector: canonical })
          .map((functions) => ({ ...partial, functions })),
      )
      .chain(({ subtypes, ...partial }) => {
        const base: GenContext = { parameters, ...partial, authorizers: [], kinds, subtypes };
        if (options.noAuthorizers) return fc.constant(base);
        return fc
          .option(genAuthorizers(base, 'http'), { nil: undefined, freq: 3 })
          .map((authorizers) => ({ ...base, authorizers: authorizers ?? [] }));
      }),
  );
}

/** The spec-level sections a context declares: parameters, VPC links, authorizers. */
export function declarations(ctx: GenContext): fc.Arbitrary<JsonObject> {
  return parametersSection(ctx.parameters).map((parameters) => ({
    ...(parameters !== undefined && { parameters }),
    ...(ctx.vpcLinks.length > 0 && { vpcLinks: Object.fromEntries(ctx.vpcLinks.map((l) => [l.name, l.declaration])) }),
    ...(ctx.authorizers.length > 0 && { authorizers: Object.fromEntries(ctx.authorizers.map((a) => [a.name, a.declaration])) }),
  }));
}

export function specFrom(ctx: GenContext, options: SpecOptions = {}): fc.Arbitrary<JsonObject> {
  return fc
    .record(
      {
        declared: declarations(ctx),
        api: apiFor(ctx),
        routeKeys: fc.uniqueArray(routeKey, { minLength: options.minRoutes ?? 1, maxLength: options.maxRoutes ?? 40 }),
        description: templateDescription,
        extras: fc.option(specExtras, { nil: undefined, freq: 3 }),
      },
      { requiredKeys: ['declared', 'api', 'routeKeys'] },
    )
    .chain(({ declared, routeKeys, ...rest }) =>
      fc
        .record({
          routes: fc.tuple(...routeKeys.map((k) => route(ctx, k))),
          domains: fc.option(domains(stageNamesOf(rest.api)), { nil: undefined, freq: 4 }),
        })
        .map(({ routes, domains }) =>
          withDeclaredStageVariables({
            ...(rest.description !== undefined && { description: rest.description }),
            ...declared,
            ...rest.extras,
            api: rest.api,
            ...(domains !== undefined && { domains }),
            routes: Object.fromEntries(routeKeys.map((k, i) => [k, routes[i]])),
          }),
        ),
    );
}

/** A spec the format accepts, with the context it was drawn from. */
export function validSpec(options: SpecOptions = {}): fc.Arbitrary<GeneratedSpec> {
  return context(options).chain((ctx) => specFrom(ctx, options).map((spec) => usableSpec(spec, ctx)));
}

/**
 * A generated spec without the parameters nothing refers to (the generators declare parameters before drawing
 * values from them; an unused one is an error, as cfn-lint's W2001 warning), keeping the full declarations for
 * specs that grow from it.
 */
export function usableSpec(spec: JsonObject, ctx: GenContext): GeneratedSpec {
  return { spec: withoutUnusedParameters(spec), context: ctx, ...(spec.parameters !== undefined && { declared: spec.parameters as JsonObject }) };
}

/** A spec that grew from a generated one (a route added), with the parameters it refers to among those declared. */
export function grownSpec(spec: JsonObject, declared: JsonObject | undefined): JsonObject {
  return withoutUnusedParameters(declared === undefined ? spec : { ...spec, parameters: declared });
}

/**
 * Every parameter name a piece of spec refers to, by `Ref` or by `${Name}` in a Sub, where the template uses it: a
 * `target` beside `credentials` (an AWS service integration with a role of its own) is not used (README).
 */
export function referencedNames(node: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => referencedNames(n, out));
  else if (node !== null && typeof node === 'object') {
    const unused = node.credentials !== undefined && node.target !== undefined ? 'target' : undefined;
    for (const [k, v] of Object.entries(node)) {
      if (k === unused) continue;
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

/**
 * The spec without the parameters nothing uses (an error, as cfn-lint's W2001 warning): by default the names the
 * spec refers to where its template uses them, or the names given.
 */
export function withoutUnusedParameters(spec: JsonObject, usedNames?: ReadonlySet<string>): JsonObject {
  if (spec.parameters === undefined) return spec;
  const { parameters, ...rest } = spec;
  const used = usedNames ?? referencedNames(rest);
  const kept = Object.entries(parameters as JsonObject).filter(([name]) => used.has(name));
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

export function insertRoute(spec: JsonObject, key: string, value: JsonObject, index: number): JsonObject {
  const entries = Object.entries(spec.routes as JsonObject);
  entries.splice(index % (entries.length + 1), 0, [key, value]);
  return { ...spec, routes: Object.fromEntries(entries) };
}

export function withoutRoute(spec: JsonObject, key: string): JsonObject {
  const { [key]: _removed, ...routes } = spec.routes as JsonObject;
  return { ...spec, routes };
}

/**
 * A spec and one more route (a key it lacks, at any position, on a function of the pool or a new one), and a spec
 * and the same spec less one of its routes: for either protocol, given its specs, keys, routes and route removal.
 */
export function routePairs(
  specs: (options: { maxRoutes?: number; minRoutes?: number }) => fc.Arbitrary<GeneratedSpec>,
  keys: fc.Arbitrary<string>,
  makeRoute: (ctx: GeneratedSpec['context'], key: string) => fc.Arbitrary<JsonObject>,
  without: (spec: JsonObject, key: string) => JsonObject,
): { added: fc.Arbitrary<RoutePair>; removed: fc.Arbitrary<RoutePair> } {
  const added = specs({ maxRoutes: 39 }).chain(({ spec, context: ctx, declared }) =>
    fc
      .record({
        key: keys.filter((k) => !Object.hasOwn(spec.routes as JsonObject, k)),
        functions: fc.oneof(fc.constant(ctx.functions), functionValue(ctx.parameters, ctx.functionScope).map((f) => [f])),
        index: fc.nat(),
      })
      .chain(({ key, functions, index }) =>
        makeRoute({ ...ctx, functions }, key).map((r): RoutePair => {
          // The new route may use a stage variable: both specs declare it (the stage stays the same).
          const big = withDeclaredStageVariables(grownSpec(insertRoute(spec, key, r, index), declared));
          return { small: { ...spec, api: big.api }, big, routeKey: key, how: 'added' };
        }),
      ),
  );
  const removed = specs({ minRoutes: 2 }).chain(({ spec }) =>
    fc
      .constantFrom(...Object.keys(spec.routes as JsonObject))
      .map((key): RoutePair => ({ small: withoutUnusedParameters(without(spec, key)), big: spec, routeKey: key, how: 'removed' })),
  );
  return { added, removed };
}

const httpRoutePairs = routePairs(validSpec, routeKey, route, withoutRoute);

/**
 * Around the collapse threshold: one function with exactly `threshold` distinct execute-api resources, other
 * routes on other functions (of any kind), and one more Lambda route on that function, with a new resource, so
 * crossing the threshold. (A route with a resource the function already has would need two routes with one
 * execute-api path, such as GET /x/{id} and GET /x/{proxy+}, which API Gateway refuses: two variables at one level.)
 */
export function thresholdPair(threshold: number): fc.Arbitrary<RoutePair> {
  return context({ maxFunctions: 3 }).chain((ctx) =>
    fc
      .record({
        keys: fc.uniqueArray(routeKey, { minLength: threshold + 1, maxLength: threshold + 1, selector: resourcePathOf }),
        others: specFrom({ ...ctx, functions: ctx.functions.length > 1 ? ctx.functions.slice(1) : ctx.functions }, { maxRoutes: 6 }),
        index: fc.nat(),
      })
      .chain(({ keys, others, index }) => {
        const f = ctx.functions[0];
        const onF = { ...ctx, functions: [f], kinds: ['lambda'] };
        const base = keys.slice(0, threshold);
        const extra = keys[threshold];
        // Other routes use the other functions only, so f has exactly `threshold` resources before the extra route.
        // (A Lambda authorizer on f has its own permission, which the threshold does not count.)
        const otherRoutes = Object.fromEntries(
          Object.entries(ctx.functions.length > 1 ? (others.routes as JsonObject) : {}).filter(([k]) => !base.includes(k) && k !== extra),
        );
        return fc.tuple(fc.tuple(...base.map((k) => route(onF, k))), route(onF, extra)).map(([baseRoutes, extraRoute]) => {
          const apiSpec = others.api as JsonObject;
          const small: JsonObject = {
            ...others,
            // permissionScope: mostly auto, where the threshold matters.
            api: { ...apiSpec, permissionScope: index % 5 === 0 ? (apiSpec.permissionScope ?? 'auto') : 'auto' },
            routes: { ...otherRoutes, ...Object.fromEntries(base.map((k, i) => [k, baseRoutes[i]])) },
          };
          const big = withDeclaredStageVariables(insertRoute(small, extra, extraRoute, index));
          return {
            small: withoutUnusedParameters({ ...small, api: big.api }),
            big: withoutUnusedParameters(big),
            routeKey: extra,
            how: 'threshold, new resource',
          };
        });
      }),
  );
}

export function routePair(threshold: number): fc.Arbitrary<RoutePair> {
  return fc.oneof({ weight: 2, arbitrary: httpRoutePairs.added }, { weight: 2, arbitrary: httpRoutePairs.removed }, { weight: 2, arbitrary: thresholdPair(threshold) });
}

// ---------------------------------------------------------------------------------------------------------------
// Invalid specs: one mutation of a valid spec

/** The fields each object of the spec takes, and the ones it explains (typos never land on one of them). */
/** The fields a template parameter takes, for both protocols' misspelt-field mutations. */
export const PARAMETER_FIELDS: readonly string[] = [
  'type',
  'description',
  'default',
  'allowedValues',
  'allowedPattern',
  'constraintDescription',
  'minLength',
  'maxLength',
  'minValue',
  'maxValue',
  'noEcho',
];

const FIELDS: Record<string, readonly string[]> = {
  spec: ['api', 'routes', 'description', 'parameters', 'vpcLinks', 'authorizers', ...SPEC_FIELDS],
  api: [
    ...API_FIELDS,
    'name',
    'protocol',
    'description',
    'disableExecuteApiEndpoint',
    'cors',
    'stage',
    'permissionScope',
    'authorization',
    'routeSelectionExpression',
    'apiKeySelectionExpression',
  ],
  cors: ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'allowCredentials', 'maxAge', 'preflight'],
  stage: ['name', 'autoDeploy', ...STAGE_FIELDS],
  route: ['integration', 'operationName', 'authorization', 'throttle'],
  parameter: PARAMETER_FIELDS,
  vpcLink: ['subnetIds', 'securityGroupIds', 'name', 'id'],
  jwt: ['type', 'issuer', 'audiences', 'identitySource', 'name', 'identitySources', 'function'],
  lambdaAuthorizer: [
    'type',
    'function',
    'payloadFormatVersion',
    'simpleResponses',
    'identitySources',
    'resultTtl',
    'credentials',
    'name',
    'identitySource',
    'permission',
  ],
};

/** One edit of a field name: two letters swapped, one dropped, one doubled, or one replaced (`fucntion`). */
export function typos(word: string): string[] {
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

/** An object of the spec whose fields may be misspelt; `tags` are fields whose typo reports the missing tag. */
export interface Place {
  /** Keys from the root to the object. */
  readonly keys: readonly string[];
  readonly fields: readonly string[];
  readonly tags?: readonly string[];
}

/** A typo'd field name in one of `places`: an unknown field with a suggestion, at the typo. */
export function typoMutation(spec: JsonObject, places: readonly Place[]): fc.Arbitrary<Mutation> {
  const usable = places.filter((p) => Object.keys(objectAt(spec, p.keys)).length > 0);
  return fc
    .constantFrom(...usable)
    .chain((place) => fc.constantFrom(...Object.keys(objectAt(spec, place.keys))).map((field) => ({ place, field })))
    .chain(({ place, field }) =>
      fc.constantFrom(...typos(field).filter((t) => !place.fields.includes(t))).map((typo): Mutation => {
        const mutated = clone(spec);
        const parent = place.keys.length === 0 ? undefined : objectAt(mutated, place.keys.slice(0, -1));
        const renamed = renameKey(objectAt(mutated, place.keys), field, typo);
        const result = parent === undefined ? renamed : ((parent[place.keys[place.keys.length - 1]] = renamed), mutated);
        // A discriminated union (integration `type`, an AWS service integration's `subtype`) reports the missing
        // tag, not the unknown field.
        const isTag = place.tags?.includes(field) ?? false;
        return {
          what: `field ${specPath([...place.keys, field])} misspelt ${JSON.stringify(typo)}`,
          spec: result,
          path: specPath([...place.keys, isTag ? field : typo]),
          exact: true,
          message: isTag ? undefined : /^unknown field \(did you mean "[^"]+"\?\)/,
        };
      }),
    );
}

/** A field named like a member of Object.prototype, in one of `places`. */
export function prototypeFieldMutation(spec: JsonObject, places: readonly Place[]): fc.Arbitrary<Mutation> {
  return fc
    .tuple(fc.constantFrom(...places), fc.constantFrom('toString', 'constructor', 'valueOf', '__defineGetter__'))
    .map(([place, field]): Mutation => {
      const mutated = clone(spec);
      objectAt(mutated, place.keys)[field] = 'x';
      return {
        what: `field ${field} in ${specPath(place.keys) || 'the spec'}`,
        spec: mutated,
        path: specPath([...place.keys, field]),
        exact: true,
        message: /^unknown field/,
      };
    });
}

/** Mutations of one route's integration, by its kind. */
export function integrationMutation(spec: JsonObject, kinds: Readonly<Record<string, IntegrationGenerator>>): fc.Arbitrary<Mutation> {
  const routes = spec.routes as JsonObject;
  return fc.constantFrom(...Object.keys(routes)).chain((key) => {
    const descriptor = (routes[key] as JsonObject).integration as JsonObject;
    return fc.oneof(...integrationGenerator(descriptor, kinds).mutations(descriptor, spec, key)).map((m): Mutation => {
      const mutated = clone(spec);
      ((mutated.routes as JsonObject)[key] as JsonObject).integration = m.descriptor;
      return {
        what: `${key}: ${m.what}`,
        spec: mutated,
        path: specPath(['routes', key, 'integration', ...m.keys]),
        exact: m.exact,
        message: m.message,
      };
    });
  });
}

/** A `!Ref` to a parameter the spec does not declare: found by the combinator, named by its route. */
export function undeclaredReferenceMutation(
  spec: JsonObject,
  ctx: GenContext,
  kinds: Readonly<Record<string, IntegrationGenerator>>,
): fc.Arbitrary<Mutation> | undefined {
  const routes = spec.routes as JsonObject;
  const candidates = Object.keys(routes).filter((k) => {
    const d = (routes[k] as JsonObject).integration as JsonObject;
    return integrationGenerator(d, kinds).valueField?.(d) !== undefined;
  });
  if (candidates.length === 0) return undefined;
  return fc
    .tuple(fc.constantFrom(...candidates), fc.constantFrom('UndeclaredFunctionArn', 'FunctionArnn', 'Missing1', 'constructor', 'toString'))
    .filter(([, name]) => !ctx.parameters.some((p) => p.name === name))
    .map(([k, name]) => {
      const mutated = clone(spec);
      const d = ((mutated.routes as JsonObject)[k] as JsonObject).integration as JsonObject;
      const field = integrationGenerator(d, kinds).valueField!(d)!;
      d[field] = { Ref: name };
      return {
        what: `${k}: ${field} !Ref ${name} (undeclared)`,
        spec: mutated,
        path: specPath(['routes', k]),
        exact: false,
        message: new RegExp(name),
      };
    });
}

/**
 * Intrinsics where a spec cannot have them, and text that only !Sub would read (issue 12, section 2): each is
 * refused while decoding, at its place. In a route's Value field, nested in a !Join there, in a description, in an
 * authorizer or VPC link that refers to itself; and a parameter nothing refers to.
 */
export function intrinsicMutations(spec: JsonObject, kinds: Readonly<Record<string, IntegrationGenerator>>): Array<fc.Arbitrary<Mutation>> {
  const out: Array<fc.Arbitrary<Mutation>> = [];
  const routes = spec.routes as JsonObject;
  const withField = Object.keys(routes).filter((k) => {
    const d = (routes[k] as JsonObject).integration as JsonObject;
    return integrationGenerator(d, kinds).valueField?.(d) !== undefined;
  });
  const parameter = Object.keys((spec.parameters as JsonObject | undefined) ?? {})[0];
  const bad: Array<[Json, RegExp]> = [
    [{ 'Fn::If': ['IsProduction', 'a', 'b'] }, /^!If chooses by a condition, and a spec declares no Conditions/],
    [{ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Arn'] }, /^!FindInMap reads a mapping, and a spec declares no Mappings/],
    [{ Ref: 'AWS::NoValue' }, /^!Ref AWS::NoValue removes a property/],
    [{ 'Fn::Select': [0] }, /^!Select takes \[index, list\], got a list of 1/],
    [{ 'Fn::Join': ['', [{ 'Fn::Select': ['1', ['a']] }]] }, /^!Select index 1 is past the end of a list of 1/],
    [{ 'Fn::Sub': 'arn:${AWS::NoValue}' }, /AWS::NoValue/],
    ...(parameter === undefined
      ? []
      : ([
          [{ 'Fn::GetAtt': [parameter, 'Arn'] }, /is a parameter, and parameters have no attributes/],
          [{ 'Fn::Sub': `\${${parameter}.Arn}` }, /is a parameter, and parameters have no attributes/],
        ] as Array<[Json, RegExp]>)),
  ];
  if (withField.length > 0) {
    out.push(
      fc.tuple(fc.constantFrom(...withField), fc.constantFrom(...bad)).map(([k, [value, message]]): Mutation => {
        const mutated = clone(spec);
        const d = ((mutated.routes as JsonObject)[k] as JsonObject).integration as JsonObject;
        const field = integrationGenerator(d, kinds).valueField!(d)!;
        d[field] = value;
        return { what: `${k}: ${field} ${JSON.stringify(value)}`, spec: mutated, path: specPath(['routes', k, 'integration', field]), exact: false, message };
      }),
    );
  }
  // Literal text that looks like a !Sub variable.
  out.push(
    fc
      .constantFrom<[string[], string]>(
        [['description'], 'Books in ${AWS::Region}'],
        ...((spec.api as JsonObject).existing === undefined ? [[['api', 'description'], 'the ${AWS::StackName} API'] as [string[], string]] : []),
        ...(parameter === undefined ? [] : [[['description'], `made for \${${parameter}}`] as [string[], string]]),
      )
      .map(([keys, text]) => setAt(spec, keys, text, keys, /only !Sub replaces/)),
  );
  // A parameter nothing refers to.
  out.push(
    fc.constant(
      setAt(spec, ['parameters'], { ...((spec.parameters as JsonObject | undefined) ?? {}), UnusedByAnything: { type: 'String' } }, ['parameters', 'UnusedByAnything'], /nothing the spec builds refers to it/),
    ),
  );
  // An authorizer or a new VPC link whose value refers to its own logical ID.
  const authorizers = (spec.authorizers as JsonObject | undefined) ?? {};
  for (const name of Object.keys(authorizers)) {
    const d = authorizers[name] as JsonObject;
    const self = { Ref: authorizerLogicalId(name) };
    const [field, value, below]: [string, Json, Array<string | number>] =
      d.type === 'jwt' ? ['audiences', [self], [0]] : ['function', { 'Fn::GetAtt': [authorizerLogicalId(name), 'Arn'] }, []];
    out.push(fc.constant(setAt(spec, ['authorizers', name, field], value, ['authorizers', name, field, ...below] as string[], /refers to the authorizer itself/)));
  }
  const links = (spec.vpcLinks as JsonObject | undefined) ?? {};
  for (const name of Object.keys(links).filter((n) => (links[n] as JsonObject).id === undefined)) {
    out.push(fc.constant(setAt(spec, ['vpcLinks', name, 'name'], { 'Fn::Sub': `\${${vpcLinkLogicalId(name)}}-link` }, ['vpcLinks', name, 'name'], /refers to the VPC link itself/)));
  }
  return out;
}

/** Setting a value somewhere in the spec, with the path its error names. */
export function setAt(
  spec: JsonObject,
  keys: readonly string[],
  value: Json,
  pathKeys: readonly (string | number)[] = keys,
  message?: RegExp,
): Mutation {
  const mutated = clone(spec);
  objectAt(mutated, keys.slice(0, -1))[keys[keys.length - 1]] = value;
  return { what: `${specPath(keys)} = ${JSON.stringify(value)}`, spec: mutated, path: specPath(pathKeys), exact: true, message };
}

/** Removing a field, with the path its error names. */
export function removeAt(spec: JsonObject, keys: readonly string[], message?: RegExp): Mutation {
  const mutated = clone(spec);
  delete objectAt(mutated, keys.slice(0, -1))[keys[keys.length - 1]];
  return { what: `${specPath(keys)} removed`, spec: mutated, path: specPath(keys), exact: true, message };
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
    '$connect',
    '',
  ];
}

/**
 * A path variable renamed where another route holds the same level (`GET /a/{id}` beside `DELETE /a/{id}/b` becomes
 * `DELETE /a/{id2}/b`): API Gateway refuses two variables at one level, across methods; the error names the later
 * route. Without such a pair, a copy of a route with one variable renamed joins the end of the routes.
 */
function routeTreeMutation(routes: JsonObject): fc.Arbitrary<Mutation> | undefined {
  const keys = Object.keys(routes);
  const segmentsOf = (key: string) => (key === '$default' ? [] : key.slice(key.indexOf(' ') + 2).split('/'));
  const isVariable = (segment: string) => segment.startsWith('{');
  const renamed = (key: string, level: number) => {
    const segments = segmentsOf(key);
    segments[level] = segments[level].replace(/^\{([^}+]+)/, (_, name: string) => `{${name}2`);
    return `${key.slice(0, key.indexOf(' '))} /${segments.join('/')}`;
  };
  const shared: Array<{ key: string; level: number }> = [];
  for (const [j, later] of keys.entries()) {
    const b = segmentsOf(later);
    for (const earlier of keys.slice(0, j)) {
      const a = segmentsOf(earlier);
      // Levels below a common parent path: up to the first segment that differs, and that one.
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        if (isVariable(a[i]) && isVariable(b[i])) shared.push({ key: later, level: i });
        if (a[i] !== b[i]) break;
      }
    }
  }
  if (shared.length > 0) {
    return fc.constantFrom(...shared).map(({ key, level }) => {
      const to = renamed(key, level);
      return { what: `route ${key} renamed ${to}`, spec: { routes: renameKey(routes, key, to) }, path: specPath(['routes', to]), exact: true, message: /conflicting variable on the same hierarchical level/ };
    });
  }
  const withVariable = keys.flatMap((key) => segmentsOf(key).flatMap((s, level) => (isVariable(s) ? [{ key, level }] : [])));
  if (withVariable.length === 0) return undefined;
  return fc.tuple(fc.constantFrom(...withVariable), fc.constantFrom(...HTTP_METHODS)).map(([{ key, level }, method]) => {
    const path = renamed(key, level);
    const copy = `${method} ${path.slice(path.indexOf(' ') + 1)}`;
    return { what: `route ${copy} beside ${key}`, spec: { routes: { ...routes, [copy]: clone(routes[key]) } }, path: specPath(['routes', copy]), exact: true, message: /conflicting variable on the same hierarchical level/ };
  });
}

/** Mutations of the spec's authorizers and of what routes name: the same for both protocols where they agree. */
export function authorizationMutations(spec: JsonObject, protocol: 'http' | 'websocket'): Array<fc.Arbitrary<Mutation>> {
  const routes = spec.routes as JsonObject;
  const authorizers = (spec.authorizers as JsonObject | undefined) ?? {};
  const names = Object.keys(authorizers);
  const routeKeys = Object.keys(routes).filter((k) => protocol === 'http' || k === '$connect');
  const out: Array<fc.Arbitrary<Mutation>> = [];
  if (routeKeys.length > 0) {
    // A name nobody declared: the error is at the route's authorization.
    out.push(
      fc
        .tuple(
          fc.constantFrom(...routeKeys),
          fc.constantFrom('cognitto', 'undeclared', 'IAM', 'None', ...(names.length > 0 ? [`${names[0]}x`] : [])),
          fc.boolean(),
        )
        .filter(([, name]) => !names.includes(name))
        .map(([k, name, asMapping]) =>
          setAt(
            spec,
            ['routes', k, 'authorization'],
            asMapping ? { authorizer: name } : name,
            ['routes', k, 'authorization', ...(asMapping ? ['authorizer'] : [])],
            /no authorizer named/,
          ),
        ),
    );
    // Scopes on anything but a JWT authorizer.
    const nonJwt = ['iam', 'none', ...names.filter((n) => (authorizers[n] as JsonObject).type !== 'jwt')];
    out.push(
      fc
        .tuple(fc.constantFrom(...routeKeys), fc.constantFrom(...nonJwt))
        .map(([k, name]) =>
          setAt(
            spec,
            ['routes', k, 'authorization'],
            { authorizer: name, scopes: ['books/read'] },
            ['routes', k, 'authorization', 'scopes'],
            /scopes apply to JWT authorizers only/,
          ),
        ),
    );
    out.push(
      fc.tuple(fc.constantFrom(...routeKeys), fc.constantFrom<Json>(5, '', [], { scopes: ['a'] })).map(([k, v]) => {
        const m = setAt(spec, ['routes', k, 'authorization'], v);
        return { ...m, exact: false };
      }),
    );
  }
  // Declarations: a bad name, a reserved one, a wrong type.
  const declaration: Json =
    protocol === 'http'
      ? { type: 'jwt', issuer: 'https://auth.example.com', audiences: ['x'] }
      : { type: 'lambda', function: 'arn:aws:lambda:us-east-1:123456789012:function:auth' };
  out.push(
    fc
      .constantFrom('iam', 'None', '1st', 'a b', '')
      .map((bad) => setAt(spec, ['authorizers'], { ...authorizers, [bad]: declaration }, ['authorizers', bad])),
  );
  for (const name of names) {
    const d = authorizers[name] as JsonObject;
    // At the field or below it (an audience's index).
    const at = (field: string, values: readonly Json[], message?: RegExp) =>
      fc
        .constantFrom(...values)
        .map((v): Mutation => ({ ...setAt(spec, ['authorizers', name, field], v, ['authorizers', name, field], message), exact: false }));
    out.push(at('type', protocol === 'http' ? ['iam', 'Lambda', 5] : ['jwt', 'iam', 'token']));
    if (d.type === 'jwt') {
      out.push(
        at('issuer', ['http://auth.example.com', 'auth.example.com', '', 5]),
        at('audiences', [[], 'x', [5]]),
        at('identitySource', ['$request.body.token', ['$request.header.Authorization'], 'Authorization']),
      );
    } else {
      out.push(at('function', ['not-an-arn', 5, '']));
      if (protocol === 'http') {
        out.push(
          at('resultTtl', [300, '3601s', '1.5s', 'soon', -1]),
          at('payloadFormatVersion', ['3.0', 2, 1]),
          at('identitySources', [[], '$request.header.Authorization', ['route.request.header.Authorization'], ['$request.body.x']]),
        );
        // Simple responses with payload 1.0.
        out.push(
          fc.constant(
            setAt(
              { ...spec, authorizers: { ...authorizers, [name]: { ...d, payloadFormatVersion: '1.0' } } },
              ['authorizers', name, 'simpleResponses'],
              true,
            ),
          ),
        );
      } else {
        out.push(
          at('identitySources', [[], ['$request.header.Authorization'], ['route.request.body.x']]),
          at('payloadFormatVersion', ['2.0'], /applies to Lambda authorizers of HTTP APIs only/),
          at('resultTtl', ['300s'], /applies to Lambda authorizers of HTTP APIs only/),
        );
      }
    }
  }
  return out;
}

/** Mutations of the spec's `vpcLinks`. */
function vpcLinkMutations(spec: JsonObject): Array<fc.Arbitrary<Mutation>> {
  const links = (spec.vpcLinks as JsonObject | undefined) ?? {};
  const names = Object.keys(links);
  const sample = { subnetIds: ['subnet-0a1b2c3d4e5f60718'], securityGroupIds: ['sg-0123456789abcdef0'] };
  const out: Array<fc.Arbitrary<Mutation>> = [
    fc.constantFrom('1st', 'a b', 'a.b', '_x', '').map((bad) => setAt(spec, ['vpcLinks'], { ...links, [bad]: sample }, ['vpcLinks', bad])),
    fc.constantFrom<Json>([], 'main', 5).map((v) => setAt(spec, ['vpcLinks'], v)),
  ];
  if (names.length > 0) {
    // Two names that give one logical ID: the error is at the second.
    const twin = names[0].replace(/^./, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
    if (!names.includes(twin) && twin !== names[0]) {
      out.push(fc.constant({ ...setAt(spec, ['vpcLinks'], { ...links, [twin]: sample }, ['vpcLinks', twin]), message: /same logical ID/ }));
    }
    out.push(
      fc
        .tuple(
          fc.constantFrom(...names),
          fc.constantFrom<[string, Json, (string | number)[], RegExp | undefined]>(
            ['subnetIds', [], [], /at least 1/],
            ['subnetIds', ['subnet-xyz'], [0], undefined],
            ['subnetIds', ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60718'], [1], /listed twice/],
            ['subnetIds', { 'Fn::GetAZs': '' }, [], undefined],
            ['securityGroupIds', ['sg-1'], [0], undefined],
            ['securityGroupIds', 'sg-0123456789abcdef0', [], undefined],
            ['id', 'Not_An_Id', [], undefined],
          ),
        )
        .map(([name, [field, value, below, message]]) => {
          const d = links[name] as JsonObject;
          // `id` goes with an existing link, the rest with a new one.
          const base: JsonObject = field === 'id' ? { id: 'abc123' } : d.id !== undefined ? { ...sample } : { ...d };
          return { ...setAt(spec, ['vpcLinks', name], { ...base, [field]: value }, ['vpcLinks', name, field, ...below]), message };
        }),
      fc
        .constantFrom(...names)
        .map((name) => setAt(spec, ['vpcLinks', name], { id: 'abc123', subnetIds: ['subnet-0a1b2c3d4e5f60718'] }, ['vpcLinks', name], /not both/)),
      fc.constantFrom(...names).map((name) => setAt(spec, ['vpcLinks', name], { name: 'x' }, ['vpcLinks', name])),
    );
  }
  return out;
}

/** Every one-step mutation that applies to a generated HTTP spec. */
function mutations({ spec, context: ctx }: GeneratedSpec): Array<fc.Arbitrary<Mutation>> {
  const routes = spec.routes as JsonObject;
  const routeKeys = Object.keys(routes);
  const apiSpec = spec.api as JsonObject;
  const links = (spec.vpcLinks as JsonObject | undefined) ?? {};
  const authorizers = (spec.authorizers as JsonObject | undefined) ?? {};
  const out: Array<fc.Arbitrary<Mutation>> = [];

  // A typo'd field name anywhere.
  const places: Place[] = [
    { keys: [], fields: FIELDS.spec },
    { keys: ['api'], fields: FIELDS.api },
    ...(apiSpec.cors !== undefined ? [{ keys: ['api', 'cors'], fields: FIELDS.cors }] : []),
    ...(apiSpec.stage !== undefined ? [{ keys: ['api', 'stage'], fields: FIELDS.stage }] : []),
    ...routeKeys.flatMap((k) => [
      { keys: ['routes', k], fields: FIELDS.route },
      {
        keys: ['routes', k, 'integration'],
        fields: integrationGenerator((routes[k] as JsonObject).integration as JsonObject).fields,
        tags: ['type', 'subtype'],
      },
    ]),
    ...Object.keys((spec.parameters as JsonObject | undefined) ?? {}).map((p) => ({ keys: ['parameters', p], fields: FIELDS.parameter })),
    // An existing link's only field is `id`: without it the declaration is neither form, reported at the declaration.
    ...Object.keys(links)
      .filter((n) => (links[n] as JsonObject).id === undefined)
      .map((n) => ({ keys: ['vpcLinks', n], fields: FIELDS.vpcLink })),
    ...Object.keys(authorizers).map((n) => ({
      keys: ['authorizers', n],
      fields: (authorizers[n] as JsonObject).type === 'jwt' ? FIELDS.jwt : FIELDS.lambdaAuthorizer,
      tags: ['type'],
    })),
  ];
  out.push(typoMutation(spec, places), prototypeFieldMutation(spec, places));

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

  // A variable renamed at a level another route holds.
  const tree = routeTreeMutation(routes);
  if (tree) out.push(tree.map((m) => ({ ...m, spec: { ...spec, routes: m.spec.routes } })));

  // Mutations of one integration, by its kind.
  out.push(integrationMutation(spec, INTEGRATION_KINDS));

  // A wrong type or value where the spec takes something else.
  const set = setAt.bind(null, spec);
  const wrong: Array<fc.Arbitrary<Mutation>> = [
    fc.constantFrom<Json>(42, true, [], {}, '', '-bad', 'a/b', 'x'.repeat(129)).map((v) => set(['api', 'name'], v)),
    fc.constantFrom<Json>('false', 0, 'yes').map((v) => set(['api', 'disableExecuteApiEndpoint'], v)),
    fc.constantFrom<Json>('all', 'Route', true).map((v) => set(['api', 'permissionScope'], v)),
    fc.constantFrom<Json>(7, 'my stage', '', 'x'.repeat(129), 'a.b').map((v) => set(['api', 'stage'], { name: v }, ['api', 'stage', 'name'])),
    fc.constantFrom<Json>('books', [], 3).map((v) => set(['api'], v)),
    fc.constantFrom<Json>([], 'routes').map((v) => set(['routes'], v)),
    // Options of WebSocket APIs on an HTTP API say where they belong.
    fc
      .constantFrom('routeSelectionExpression', 'apiKeySelectionExpression')
      .map((f) => set(['api', f], '$request.body.action', ['api', f], /applies to WebSocket APIs/)),
    fc.constant(set(['api', 'stage'], { name: 'dev', autoDeploy: false }, ['api', 'stage', 'autoDeploy'])),
    fc.constantFrom<Json>(5, '', []).chain((v) => fc.constantFrom(...routeKeys).map((k) => set(['routes', k, 'operationName'], v))),
    fc
      .constantFrom<Json>('lambda', 5, [], { type: 'lamda' }, { type: 'toString' }, { type: 'constructor' }, { type: 'mock' })
      .chain((v) =>
        fc
          .constantFrom(...routeKeys)
          .map((k) =>
            typeof v === 'object' && v !== null && !Array.isArray(v)
              ? set(['routes', k, 'integration'], v, ['routes', k, 'integration', 'type'])
              : set(['routes', k, 'integration'], v),
          ),
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
  wrong.push(
    fc
      .constantFrom('a-b', 'x y', '')
      .map((bad) => set(['parameters'], { ...((spec.parameters as JsonObject | undefined) ?? {}), [bad]: { type: 'String' } }, ['parameters', bad])),
  );
  out.push(fc.oneof(...wrong));
  out.push(...vpcLinkMutations(spec));
  out.push(fc.oneof(...authorizationMutations(spec, 'http')));
  out.push(fc.oneof(...productionMutations(spec, 'http')));

  // A missing required field.
  const required: Array<readonly string[]> = [
    ['api'],
    ['api', 'name'],
    ...(apiSpec.stage !== undefined ? [['api', 'stage', 'name']] : []),
    ...routeKeys.flatMap((k) => {
      const d = (routes[k] as JsonObject).integration as JsonObject;
      return [
        ['routes', k, 'integration'],
        ['routes', k, 'integration', 'type'],
        ...integrationGenerator(d)
          .required(d)
          .map((f) => ['routes', k, 'integration', f]),
      ];
    }),
    ...Object.keys((spec.parameters as JsonObject | undefined) ?? {}).map((p) => ['parameters', p, 'type']),
  ];
  out.push(fc.constantFrom(...required).map((keys) => removeAt(spec, keys)));

  out.push(fc.oneof(...corsAndPermissionMutations(spec)));

  // A reference to a parameter the spec does not declare.
  const undeclared = undeclaredReferenceMutation(spec, ctx, INTEGRATION_KINDS);
  if (undeclared) out.push(undeclared);
  out.push(fc.oneof(...intrinsicMutations(spec, INTEGRATION_KINDS)));
  return out;
}

/**
 * What deploys wrong although cfn-lint finds nothing (README: What apigw-cfn checks that cfn-lint cannot): an
 * authorized OPTIONS route (every preflight fails), "*" with credentials in CORS (browsers read it literally), a
 * "*" in a Lambda route's path (a wildcard in the permission's SourceArn).
 */
function corsAndPermissionMutations(spec: JsonObject): Array<fc.Arbitrary<Mutation>> {
  const routes = spec.routes as JsonObject;
  const keys = Object.keys(routes);
  const out: Array<fc.Arbitrary<Mutation>> = [];
  const optionsKey = 'OPTIONS /preflight-mutation';
  if (!Object.hasOwn(routes, optionsKey)) {
    const integration = (routes[keys[0]] as JsonObject).integration;
    out.push(
      fc.constantFrom<Json>('iam', { authorizer: 'iam' }).map((authorization) => ({
        what: `authorization ${JSON.stringify(authorization)} on an OPTIONS route`,
        spec: { ...spec, routes: { ...routes, [optionsKey]: { integration, authorization } } },
        path: specPath(['routes', optionsKey, 'authorization']),
        exact: true,
        message: /an OPTIONS route takes CORS preflight requests/,
      })),
    );
  }
  const cors = ((spec.api as JsonObject).cors as JsonObject | undefined) ?? {};
  out.push(
    fc.constantFrom('allowMethods', 'allowHeaders', 'exposeHeaders').map((field) =>
      setAt(
        spec,
        ['api', 'cors'],
        { ...cors, allowOrigins: ['https://example.com'], allowCredentials: true, [field]: ['*'] },
        ['api', 'cors', field],
        /browsers read "\*" literally/,
      ),
    ),
  );
  // A literal function ARN in a second Region: one stack cannot hold permissions for both.
  const pinned = keys.find((k) => literalFunctionRegion(((routes[k] as JsonObject).integration as JsonObject).function ?? null) !== undefined);
  const otherKey = 'GET /other-region';
  if (pinned !== undefined && !Object.hasOwn(routes, otherKey)) {
    const pinnedFunction = ((routes[pinned] as JsonObject).integration as JsonObject).function as string;
    const [, partition, , region] = pinnedFunction.split(':');
    const other = PARTITIONS.flatMap(([, regions]) => regions).find((r) => r !== region)!;
    out.push(
      fc.constant<Mutation>({
        what: `a Lambda function in ${other} beside one in ${region}`,
        spec: { ...spec, routes: { ...routes, [otherKey]: { integration: { type: 'lambda', function: `arn:${partition}:lambda:${other}:123456789012:function:f` } } } },
        path: specPath(['routes', otherKey, 'integration', 'function']),
        exact: true,
        message: /Functions from '.*' are not reachable in this region/,
      }),
    );
  }
  const lambdaKeys = keys.filter((k) => k !== '$default' && ((routes[k] as JsonObject).integration as JsonObject).type === 'lambda');
  if (lambdaKeys.length > 0) {
    out.push(
      fc
        .constantFrom(...lambdaKeys)
        .map((key) => ({ key, bad: `${key.slice(0, key.indexOf(' '))} /wild*card` }))
        .filter(({ bad }) => !Object.hasOwn(routes, bad))
        .map(({ key, bad }) => ({
          what: `a Lambda route's path with "*": ${bad}`,
          spec: { ...spec, routes: renameKey(routes, key, bad) },
          path: specPath(['routes', bad]),
          exact: true,
          message: /lands in the SourceArn/,
        })),
    );
  }
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
  'Fn::Split': '!Split',
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
