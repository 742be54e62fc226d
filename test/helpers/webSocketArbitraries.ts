/**
 * fast-check generators of WebSocket API specs (`api.protocol: websocket`), for the property tests in
 * test/property.test.ts. The same shape as the HTTP side in arbitraries.ts:
 *
 * - `validWebSocketSpec()`: specs the format accepts, with the context they were drawn from: a named stage that
 *   deploys itself or not, route selection and API key selection expressions, `$connect`, `$disconnect`, `$default`
 *   and custom route keys (some of them odd: spaces, `${`, non-ASCII), two-way routes, API keys, Lambda
 *   authorizers on `$connect`, and integrations of every WebSocket kind.
 * - `WEBSOCKET_INTEGRATION_KINDS`: per `type`, valid descriptors, the model of what each must yield, and its
 *   one-step mutations.
 * - `invalidWebSocketSpec()`: one mutation of a valid spec, with the path its error must name.
 * - `webSocketRoutePair()` and `deploymentVariant()`: specs that differ by one route, or by one change on the route
 *   side or elsewhere, for logical-ID stability and for the Deployment's identity.
 */
import * as fc from 'fast-check';
import { API_FIELDS, SPEC_FIELDS, STAGE_FIELDS, callbacks, domains, productionMutations, specExtras, throttle, usagePlans, webSocketApiExtras } from './production';
import {
  DescriptorMutation,
  GENERATED_ROLE,
  GenContext,
  GeneratedSpec,
  HTTP_METHODS,
  IntegrationGenerator,
  IntegrationModel,
  Json,
  JsonObject,
  Mutation,
  Place,
  RoutePair,
  apiName,
  authorization,
  authorizationMutations,
  badTimeout,
  declarations,
  descriptorMutations,
  durationMs,
  durationText,
  expectedRole,
  freeText,
  functionValue,
  genAuthorizers,
  genParameters,
  importedValue,
  insertRoute,
  integrationGenerator,
  integrationMutation,
  invocationUri,
  prototypeFieldMutation,
  removeAt,
  renameKey,
  roleArnValue,
  setAt,
  specPath,
  stageName,
  templateDescription,
  typoMutation,
  undeclaredReferenceMutation,
  intrinsicMutations,
  usableSpec,
  withoutUnusedParameters,
  grownSpec,
  urlValue,
  withoutRoute,
  withDeclaredStageVariables,
  withApiExtras,
  stageNamesOf,
  routePairs,
  PARAMETER_FIELDS,
  canonical,
  arnScope,
} from './arbitraries';

// ---------------------------------------------------------------------------------------------------------------
// The API and its route keys

export const PREDEFINED_ROUTES = ['$connect', '$disconnect', '$default'] as const;

function isHttpStyleKey(key: string): boolean {
  const method = key.split(' ')[0];
  return (HTTP_METHODS as readonly string[]).includes(method) && key.slice(method.length + 1).startsWith('/');
}

/** What a custom route key may be (README: routes of WebSocket APIs): not empty, no `$` first, no control characters, not `METHOD /path`. */
function isCustomKey(key: string): boolean {
  return key !== '' && !key.startsWith('$') && !/[\u0000-\u001f]/.test(key) && !isHttpStyleKey(key);
}

export const customRouteKey: fc.Arbitrary<string> = fc
  .oneof(
    {
      weight: 5,
      arbitrary: fc.constantFrom(
        'sendmessage',
        'ping',
        'join',
        'leave',
        'message',
        'typing',
        'GET',
        'get /x',
        'a b',
        'ünïcode',
        'toString',
        'constructor',
        '__proto__',
      ),
    },
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:/ -]{1,30}$/) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
    // A route key is any text the route selection expression may yield, `${...}` included.
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,5}\$\{[a-z]{1,5}\}$/) },
  )
  // No "*" or "?": on a Lambda route they would be wildcards in the permission's SourceArn (refused; see mutations).
  .filter((k) => isCustomKey(k) && !/[*?]/.test(k));

/** Route keys: some of the predefined ones and custom ones; now and then more than 20, past the permission collapse. */
function webSocketRouteKeys(options: WebSocketSpecOptions): fc.Arbitrary<string[]> {
  const few = fc.uniqueArray(customRouteKey, { maxLength: options.maxRoutes ?? 7 });
  const many = fc.uniqueArray(customRouteKey, { minLength: 18, maxLength: 24 });
  const custom = options.manyRoutes
    ? many
    : options.maxRoutes !== undefined
      ? few
      : fc.oneof({ weight: 5, arbitrary: few }, { weight: 1, arbitrary: many });
  return fc
    .record({ predefined: fc.subarray([...PREDEFINED_ROUTES]), custom, predefinedFirst: fc.boolean() })
    .map(({ predefined, custom, predefinedFirst }) => (predefinedFirst ? [...predefined, ...custom] : [...custom, ...predefined]))
    .filter((keys) => keys.length >= (options.minRoutes ?? 1));
}

const webSocketStageName = stageName.filter((n) => n !== '$default');

const routeSelectionExpression = fc.oneof(
  fc.constantFrom('$request.body.action', '$request.body.type', '${request.body.action}', '$request.body.meta.route'),
  fc.stringMatching(/^\$request\.body\.[A-Za-z0-9_.$-]{1,20}$/),
);

function webSocketApi(ctx: GenContext): fc.Arbitrary<JsonObject> {
  return fc
    .record({ base: baseWebSocketApi(ctx), extras: fc.option(webSocketApiExtras(), { nil: undefined, freq: 3 }), intrinsicName: fc.boolean() })
    .map(({ base, extras, intrinsicName }) => withApiExtras(base, extras, intrinsicName));
}

function baseWebSocketApi(ctx: GenContext): fc.Arbitrary<JsonObject> {
  return fc.record(
    {
      name: apiName,
      protocol: fc.constant('websocket'),
      stage: fc.record({ name: webSocketStageName, autoDeploy: fc.boolean(), description: freeText }, { requiredKeys: ['name'] }),
      routeSelectionExpression,
      apiKeySelectionExpression: fc.constantFrom('$request.header.x-api-key', '$context.authorizer.usageIdentifierKey'),
      description: freeText,
      disableExecuteApiEndpoint: fc.boolean(),
      permissionScope: fc.constantFrom('auto', 'route', 'api'),
      authorization: authorization(ctx, 'websocket'),
    },
    { requiredKeys: ['name', 'protocol', 'stage'] },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// What WebSocket integrations share

const webSocketTimeoutMs = fc.oneof(fc.constantFrom(50, 1000, 28_999, 29_000), fc.integer({ min: 50, max: 29_000 }));
const contentHandling = fc.constantFrom('CONVERT_TO_BINARY', 'CONVERT_TO_TEXT');
const passthroughBehavior = fc.constantFrom('WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER');
const templateSelectionExpression = fc.constantFrom('\\$default', '$request.body.type', 'application/json');

const templateValue = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<Json>(
      '{"statusCode": 200}',
      '$input.body',
      '{"action": "pong"}',
      '#set($x = 1)\n{"n": $x}',
      '{"id": "$context.connectionId"}',
    ),
  },
  { weight: 2, arbitrary: freeText as fc.Arbitrary<Json> },
  {
    weight: 1,
    arbitrary: fc.constant<Json>({ 'Fn::Sub': '{"TableName": "${AWS::StackName}-messages", "Item": {"id": {"S": "$context.connectionId"}}}' }),
  },
);

const templates: fc.Arbitrary<JsonObject> = fc
  .uniqueArray(fc.constantFrom('$default', 'application/json', 'text/plain'), { minLength: 1, maxLength: 3 })
  .chain((keys) => fc.tuple(...keys.map(() => templateValue)).map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]]))));

const integrationResponse = fc.record({ templates, templateSelectionExpression, contentHandling }, { requiredKeys: [] });

const responses: fc.Arbitrary<JsonObject> = fc
  .uniqueArray(fc.constantFrom('$default', '/4\\d\\d/', '/5\\d\\d/', '/200/'), { minLength: 1, maxLength: 3 })
  .chain((keys) => fc.tuple(...keys.map(() => integrationResponse)).map((rs) => Object.fromEntries(keys.map((k, i) => [k, rs[i]]))));

/** The IntegrationResponse properties (minus ApiId, IntegrationId and the key) that `responses` must yield. */
function responsesModel(written: Json | undefined): Record<string, JsonObject> | undefined {
  if (written === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(written as JsonObject).map(([key, r]) => {
      const o = r as JsonObject;
      return [
        key,
        {
          ...(o.templates !== undefined && { ResponseTemplates: o.templates }),
          ...(o.templateSelectionExpression !== undefined && { TemplateSelectionExpression: o.templateSelectionExpression }),
          ...(o.contentHandling !== undefined && { ContentHandlingStrategy: o.contentHandling }),
        },
      ];
    }),
  );
}

const CONNECT_ONLY_LOCATIONS = ['header', 'querystring', 'multivalueheader', 'multivaluequerystring'] as const;
const mappingName = fc.oneof(fc.constantFrom('x-id', 'Content-Type', 'page', 'id'), fc.stringMatching(/^[a-zA-Z0-9._$-]{1,15}$/));

// Built once: an arbitrary of fc.stringMatching is costly to build, and routes are drawn by the thousand.
const messageSource = fc.oneof(
  fc.constantFrom<Json>(
    'context.connectionId',
    'context.requestId',
    'context.routeKey',
    'stageVariables.backend',
    "'static'",
    "'application/json'",
    "''",
  ),
  fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9]{1,8}){0,2}$/).map((p): Json => `route.request.body.${p}`),
  fc.constant<Json>({ 'Fn::Sub': "'${AWS::Region}'" }),
);
const connectSource = fc.oneof(
  messageSource,
  fc.tuple(fc.constantFrom(...CONNECT_ONLY_LOCATIONS), mappingName).map(([l, n]): Json => `route.request.${l}.${n}`),
);
const mappingDestination = fc.tuple(fc.constantFrom('header', 'querystring', 'path'), mappingName).map(([l, n]) => `integration.request.${l}.${n}`);

/** A WebSocket request mapping: headers and query strings of the request exist on $connect only. */
function webSocketRequestParameters(isConnect: boolean): fc.Arbitrary<JsonObject> {
  const source = isConnect ? connectSource : messageSource;
  return fc
    .uniqueArray(mappingDestination, { minLength: 1, maxLength: 4 })
    .chain((keys) => fc.tuple(...keys.map(() => source)).map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]]))));
}

const vpcLinkId = fc.oneof(fc.stringMatching(/^[a-z0-9]{6,10}$/), importedValue);

/** Options of HTTP APIs on a WebSocket integration: each an error that says where it belongs. */
const HTTP_ONLY = ['payloadFormatVersion', 'responseParameters', 'tlsServerName', 'subtype'];

/** Mutations every WebSocket kind shares: HTTP-only options, a bad timeout, content handling, description. */
function commonMutations(d: JsonObject, options: { timeout: boolean; contentHandling: boolean }): Array<fc.Arbitrary<DescriptorMutation>> {
  const { set, values } = descriptorMutations(d);
  return [
    fc
      .constantFrom<[string, Json]>(
        ['payloadFormatVersion', '2.0'],
        ['responseParameters', { '200': { 'overwrite:statuscode': '201' } }],
        ['tlsServerName', 'a.example.com'],
        ['subtype', 'SQS-SendMessage'],
      )
      .map(([field, value]) => set(field, value, `${field} (HTTP APIs only)`, /HTTP API/)),
    values('description', [3, '', false]),
    ...(options.timeout
      ? [
          fc.constant(set('timeout', 29_001, 'timeout 29001 ms', /between 50 ms and 29 s/)),
          badTimeout(29_000).map((t) => set('timeout', t, `timeout ${JSON.stringify(t)} out of range`)),
        ]
      : []),
    ...(options.contentHandling ? [values('contentHandling', ['CONVERT_TO_JSON', 'convert_to_text', 5])] : []),
  ];
}

/** Mutations of a WebSocket request mapping: bad keys and sources, and sources that exist on $connect only. */
function requestMappingMutations(d: JsonObject, routeKey: string): Array<fc.Arbitrary<DescriptorMutation>> {
  const withMapping = (key: string, value: Json, what: string, message?: RegExp): DescriptorMutation => ({
    what,
    descriptor: { ...d, requestParameters: { ...((d.requestParameters as JsonObject | undefined) ?? {}), [key]: value } },
    keys: ['requestParameters', key],
    exact: true,
    message,
  });
  const out: Array<fc.Arbitrary<DescriptorMutation>> = [
    fc
      .constantFrom<[string, Json]>(
        ['header.x-id', 'context.connectionId'],
        ['overwrite:header.x-id', 'context.connectionId'],
        ['integration.request.body.x', 'context.connectionId'],
        ['integration.request.header.x id', 'context.connectionId'],
        ['integration.request.header.x-id', '$context.connectionId'],
        ['integration.request.header.x-id', 'request.header.x'],
        ['integration.request.header.x-id', 'static'],
        ['integration.request.header.x-id', 5],
      )
      .map(([key, value]) => withMapping(key, value, `mapping ${key}: ${JSON.stringify(value)}`)),
    descriptorMutations(d).values('requestParameters', ['x', [], 5]),
  ];
  if (routeKey !== '$connect') {
    out.push(
      fc
        .tuple(fc.constantFrom(...CONNECT_ONLY_LOCATIONS), fc.constantFrom('x-id', 'token'))
        .map(([l, n]) =>
          withMapping(
            'integration.request.header.x-from',
            `route.request.${l}.${n}`,
            `${l} source outside $connect`,
            /exist on the \$connect route only/,
          ),
        ),
    );
  }
  return out;
}

function responsesMutations(d: JsonObject): Array<fc.Arbitrary<DescriptorMutation>> {
  const { values } = descriptorMutations(d);
  return [
    values('responses', [
      {},
      'x',
      { default: {} },
      { '4XX': {} },
      { $default: { templates: {} } },
      { $default: { statusCode: 200 } },
      { $default: { contentHandling: 'TEXT' } },
    ]).map((m) => ({ ...m, exact: false })),
    values('requestTemplates', [{}, 'x', { '': 'x' }, { $default: 5 }]).map((m) => ({ ...m, exact: false })),
    values('templateSelectionExpression', ['', 5]),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The kinds

const lambdaKind: IntegrationGenerator = {
  valid: (ctx) =>
    fc.record(
      {
        type: fc.constant('lambda'),
        function: fc.constantFrom(...ctx.functions),
        timeout: durationText(webSocketTimeoutMs),
        contentHandling,
        description: freeText,
      },
      { requiredKeys: ['type', 'function'] },
    ),
  fields: ['type', 'function', 'timeout', 'contentHandling', 'description', 'permission', ...HTTP_ONLY, 'requestParameters'],
  required: () => ['function'],
  valueField: () => 'function',
  model: (d) => ({
    properties: {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: invocationUri(d.function),
      ...(d.timeout !== undefined && { TimeoutInMillis: durationMs(d.timeout)! }),
      ...(d.contentHandling !== undefined && { ContentHandlingStrategy: d.contentHandling }),
      ...(d.description !== undefined && { Description: d.description }),
    },
    invokes: [d.function],
    warnings: [],
  }),
  mutations: (d) => {
    const { set, values } = descriptorMutations(d);
    return [
      ...commonMutations(d, { timeout: true, contentHandling: true }),
      values('function', ['not-an-arn', 'arn:aws:s3:::bucket', 5, '', { Ref: '' }]),
      fc.constant(
        set(
          'requestParameters',
          { 'integration.request.header.x': 'context.connectionId' },
          'requestParameters on a Lambda proxy',
          /do not apply to Lambda proxy integrations/,
        ),
      ),
      fc.constantFrom('requestTemplates', 'responses', 'passthroughBehavior', 'url').map((f) => set(f, 'x', `${f} on lambda`, /^unknown field/)),
    ];
  },
};

const mockKind: IntegrationGenerator = {
  valid: () =>
    fc.record(
      { type: fc.constant('mock'), requestTemplates: templates, templateSelectionExpression, responses, description: freeText },
      { requiredKeys: ['type'] },
    ),
  fields: ['type', 'requestTemplates', 'templateSelectionExpression', 'responses', 'description', ...HTTP_ONLY],
  required: () => [],
  model: (d) => ({
    properties: {
      IntegrationType: 'MOCK',
      ...(d.requestTemplates !== undefined && { RequestTemplates: d.requestTemplates }),
      ...(d.templateSelectionExpression !== undefined && { TemplateSelectionExpression: d.templateSelectionExpression }),
      ...(d.description !== undefined && { Description: d.description }),
    },
    ...(d.responses !== undefined && { responses: responsesModel(d.responses) }),
    invokes: [],
    warnings: [],
  }),
  mutations: (d) => {
    const { set } = descriptorMutations(d);
    return [
      ...commonMutations(d, { timeout: false, contentHandling: false }),
      ...responsesMutations(d),
      fc.constantFrom('requestParameters', 'timeout', 'passthroughBehavior', 'function').map((f) => set(f, 'x', `${f} on mock`, /^unknown field/)),
    ];
  },
};

const serviceUri: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        arnScope,
        fc.constantFrom(
          'dynamodb:action/PutItem',
          'dynamodb:action/DeleteItem',
          'sqs:path/123456789012/orders',
          'events:action/PutEvents',
          's3:path/bucket/key',
          'kinesis:action/PutRecord',
        ),
      )
      .map(([s, rest]) => `arn:${s.partition}:apigateway:${s.region}:${rest}`),
  },
  { weight: 1, arbitrary: fc.constant<Json>({ 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:dynamodb:action/PutItem' }) },
);

const ACTIONS = ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'sqs:SendMessage', 'events:PutEvents', 'kinesis:PutRecord'];
const WILDCARD_ACTIONS = ['dynamodb:*', '*'];

const roleResource: fc.Arbitrary<Json> = fc.oneof(
  fc.tuple(arnScope, fc.stringMatching(/^[A-Za-z0-9_.-]{3,20}$/)).map(([s, t]) => `arn:${s.partition}:dynamodb:${s.region}:${s.account}:table/${t}`),
  fc.constant<Json>({ 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${AWS::StackName}-messages' }),
  fc.tuple(arnScope, fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/)).map(([s, q]) => `arn:${s.partition}:sqs:${s.region}:${s.account}:${q}`),
  importedValue,
);

const hasWildcard = (x: Json) => (typeof x === 'string' ? /[*?]/.test(x) : false);

/**
 * An existing role's ARN, the caller's identity, or the actions and resources of a role to generate (duplicates
 * allowed: the role dedupes). A wildcard comes with `allowWildcards: true` (the spec refuses it otherwise), and
 * `allowWildcards: true` comes now and then without one (it warns then too).
 */
const webSocketCredentials: fc.Arbitrary<Json> = fc.oneof(
  { weight: 1, arbitrary: roleArnValue },
  { weight: 1, arbitrary: fc.constantFrom('arn:aws:iam::*:user/*', 'arn:aws-cn:iam::*:user/*') },
  {
    weight: 4,
    arbitrary: fc
      .record({
        actions: fc.array(
          fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ACTIONS) }, { weight: 1, arbitrary: fc.constantFrom(...WILDCARD_ACTIONS) }),
          { minLength: 1, maxLength: 3 },
        ),
        resources: fc.array(fc.oneof({ weight: 8, arbitrary: roleResource }, { weight: 1, arbitrary: fc.constant<Json>('*') }), { minLength: 1, maxLength: 3 }),
        allowWildcards: fc.boolean(),
      })
      .map(({ actions, resources, allowWildcards }): Json => {
        const wild = [...actions, ...resources].some(hasWildcard);
        return { actions, resources, ...((wild || allowWildcards) && { allowWildcards: true }) };
      }),
  },
);

/** Where a generated role's warnings are (README: WebSocket integrations, `credentials`). */
function roleWarnings(role: JsonObject | undefined): string[][] {
  if (role?.allowWildcards !== true) return [];
  const out: string[][] = [];
  if ((role.actions as Json[]).some(hasWildcard)) out.push(['credentials', 'actions']);
  if ((role.resources as Json[]).some(hasWildcard)) out.push(['credentials', 'resources']);
  return out.length > 0 ? out : [['credentials', 'allowWildcards']];
}

function isGeneratedRole(credentials: Json | undefined): credentials is JsonObject {
  return credentials !== null && typeof credentials === 'object' && !Array.isArray(credentials) && Array.isArray((credentials as JsonObject).actions);
}

const awsKind: IntegrationGenerator = {
  valid: (_ctx, key) =>
    fc.record(
      {
        type: fc.constant('aws'),
        uri: serviceUri,
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
        credentials: webSocketCredentials,
        requestTemplates: templates,
        templateSelectionExpression,
        passthroughBehavior,
        requestParameters: webSocketRequestParameters(key === '$connect'),
        contentHandling,
        timeout: durationText(webSocketTimeoutMs),
        responses,
        description: freeText,
      },
      { requiredKeys: ['type', 'uri', 'method', 'credentials'] },
    ),
  fields: [
    'type',
    'uri',
    'method',
    'credentials',
    'requestTemplates',
    'templateSelectionExpression',
    'passthroughBehavior',
    'requestParameters',
    'contentHandling',
    'timeout',
    'responses',
    'description',
    ...HTTP_ONLY,
  ],
  required: () => ['uri', 'method', 'credentials'],
  valueField: (d) => (isGeneratedRole(d.credentials) ? 'uri' : 'credentials'),
  model: (d) => {
    const generated = isGeneratedRole(d.credentials) ? d.credentials : undefined;
    const actions = (generated?.actions as string[] | undefined) ?? [];
    return {
      properties: {
        IntegrationType: 'AWS',
        IntegrationUri: d.uri,
        IntegrationMethod: d.method,
        CredentialsArn: generated ? GENERATED_ROLE : d.credentials!,
        ...(d.requestParameters !== undefined && { RequestParameters: d.requestParameters }),
        ...(d.requestTemplates !== undefined && { RequestTemplates: d.requestTemplates }),
        ...(d.templateSelectionExpression !== undefined && { TemplateSelectionExpression: d.templateSelectionExpression }),
        ...(d.passthroughBehavior !== undefined && { PassthroughBehavior: d.passthroughBehavior }),
        ...(d.contentHandling !== undefined && { ContentHandlingStrategy: d.contentHandling }),
        ...(d.timeout !== undefined && { TimeoutInMillis: durationMs(d.timeout)! }),
        ...(d.description !== undefined && { Description: d.description }),
      },
      ...(generated && { role: expectedRole(actions, generated.resources as Json[]) }),
      ...(d.responses !== undefined && { responses: responsesModel(d.responses) }),
      invokes: [],
      // Wildcards, allowed on purpose, grant more than a call needs.
      warnings: roleWarnings(generated),
    };
  },
  mutations: (d, _spec, key) => {
    const { set, remove, values } = descriptorMutations(d);
    return [
      ...commonMutations(d, { timeout: true, contentHandling: true }),
      ...responsesMutations(d),
      ...requestMappingMutations(d, key),
      fc.constant(remove('method')),
      values('method', ['ANY', 'post', 5]),
      fc.constant(remove('uri')),
      values('uri', ['dynamodb:PutItem', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'arn:aws:apigateway:us-east-1:dynamodb:PutItem', '']),
      values('passthroughBehavior', ['WHEN_NO_MATCHES', 'never', 'ALWAYS', 5]),
      fc.constant(remove('credentials')),
      values('credentials', [
        5,
        [],
        '',
        { actions: [], resources: ['arn:aws:sqs:us-east-1:123456789012:q'] },
        { actions: ['PutItem'], resources: ['*'] },
        { actions: ['sqs:SendMessage'] },
        { actions: ['sqs:SendMessage'], resources: [] },
        { actions: ['sqs:SendMessage'], resources: ['x'], extra: 1 },
        // Wildcards without allowWildcards: true.
        { actions: ['dynamodb:Put*'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/t'] },
        { actions: ['dynamodb:PutItem'], resources: ['*'] },
        { actions: ['dynamodb:PutItem'], resources: [{ 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:*:*:table/*' }] },
        { actions: ['dynamodb:PutItem'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/t'], allowWildcards: 'yes' },
      ]).map((m) => ({ ...m, exact: false })),
      fc.constant(set('vpcLink', 'abc123', 'vpcLink on aws', /^unknown field/)),
    ];
  },
};

/** What both WebSocket HTTP kinds yield (README: WebSocket integrations). */
function httpModel(type: 'HTTP' | 'HTTP_PROXY', d: JsonObject): JsonObject {
  return {
    IntegrationType: type,
    IntegrationUri: d.url,
    IntegrationMethod: d.method ?? 'ANY',
    ...(d.vpcLink !== undefined && { ConnectionType: 'VPC_LINK', ConnectionId: d.vpcLink }),
    ...(d.requestParameters !== undefined && { RequestParameters: d.requestParameters }),
    ...(d.contentHandling !== undefined && { ContentHandlingStrategy: d.contentHandling }),
    ...(d.timeout !== undefined && { TimeoutInMillis: durationMs(d.timeout)! }),
    ...(d.description !== undefined && { Description: d.description }),
  };
}

/** Names a WebSocket URL may hold: each needs its `integration.request.path.NAME` mapping (`withPathMappings`). */
const URL_VARIABLES = ['room', 'proxy'];

/**
 * The descriptor with a request parameter for each `{name}` in its literal URL: a WebSocket route has no path
 * variables, and API Gateway fills `{name}` only from `integration.request.path.name`.
 */
function withPathMappings(d: JsonObject): JsonObject {
  const names = typeof d.url === 'string' ? [...d.url.replace(/\$\{[^}]*\}/g, '').matchAll(/\{([A-Za-z0-9._-]+)\}/g)].map((m) => m[1]) : [];
  if (names.length === 0) return d;
  const mappings = Object.fromEntries(names.map((name) => [`integration.request.path.${name}`, 'context.connectionId']));
  return { ...d, requestParameters: { ...((d.requestParameters as JsonObject | undefined) ?? {}), ...mappings } };
}

function httpOptions(key: string) {
  return {
    url: urlValue(URL_VARIABLES),
    method: fc.constantFrom('ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
    requestParameters: webSocketRequestParameters(key === '$connect'),
    contentHandling,
    timeout: durationText(webSocketTimeoutMs),
    vpcLink: vpcLinkId,
    description: freeText,
  };
}

const HTTP_FIELDS = ['url', 'method', 'requestParameters', 'contentHandling', 'timeout', 'vpcLink', 'description'];

function httpMutations(d: JsonObject, key: string): Array<fc.Arbitrary<DescriptorMutation>> {
  const { values } = descriptorMutations(d);
  return [
    ...commonMutations(d, { timeout: true, contentHandling: true }),
    ...requestMappingMutations(d, key),
    values('url', ['ftp://x', 'chat.example.com', 'https://x/{proxy+}', 'https://x/a b', '', 5]),
    // A URL variable without its integration.request.path mapping: API Gateway has nothing to fill it with.
    fc
      .constantFrom('unmapped', 'room')
      .filter((name) => (d.requestParameters as JsonObject | undefined)?.[`integration.request.path.${name}`] === undefined)
      .map((name) => descriptorMutations(d).set('url', `https://chat.example.com/{${name}}`, `url with unmapped {${name}}`, /integration\.request\.path\./)),
    values('method', ['get', 'FETCH', 5]),
    values('vpcLink', ['', 5, []]),
  ];
}

const httpKind: IntegrationGenerator = {
  valid: (_ctx, key) =>
    fc
      .record(
        { type: fc.constant('http'), ...httpOptions(key), requestTemplates: templates, templateSelectionExpression, passthroughBehavior, responses },
        { requiredKeys: ['type', 'url'] },
      )
      .map(withPathMappings),
  fields: ['type', ...HTTP_FIELDS, 'requestTemplates', 'templateSelectionExpression', 'passthroughBehavior', 'responses', ...HTTP_ONLY],
  required: () => ['url'],
  valueField: () => 'url',
  model: (d) => ({
    properties: {
      ...httpModel('HTTP', d),
      ...(d.requestTemplates !== undefined && { RequestTemplates: d.requestTemplates }),
      ...(d.templateSelectionExpression !== undefined && { TemplateSelectionExpression: d.templateSelectionExpression }),
      ...(d.passthroughBehavior !== undefined && { PassthroughBehavior: d.passthroughBehavior }),
    },
    ...(d.responses !== undefined && { responses: responsesModel(d.responses) }),
    invokes: [],
    warnings: [],
  }),
  mutations: (d, _spec, key) => [
    ...httpMutations(d, key),
    ...responsesMutations(d),
    descriptorMutations(d).values('passthroughBehavior', ['WHEN_NO_MATCHES', 'never']),
  ],
};

const httpProxyKind: IntegrationGenerator = {
  valid: (_ctx, key) => fc.record({ type: fc.constant('httpProxy'), ...httpOptions(key) }, { requiredKeys: ['type', 'url'] }).map(withPathMappings),
  fields: ['type', ...HTTP_FIELDS, ...HTTP_ONLY, 'requestTemplates', 'templateSelectionExpression', 'passthroughBehavior', 'responses'],
  required: () => ['url'],
  valueField: () => 'url',
  model: (d) => ({ properties: httpModel('HTTP_PROXY', d), invokes: [], warnings: [] }),
  mutations: (d, _spec, key) => [
    ...httpMutations(d, key),
    // What only `http` takes: a proxy passes the message on and the answer back unchanged.
    fc
      .constantFrom<[string, Json]>(
        ['requestTemplates', { $default: 'x' }],
        ['templateSelectionExpression', '\\$default'],
        ['passthroughBehavior', 'NEVER'],
        ['responses', { $default: {} }],
      )
      .map(([field, value]) => descriptorMutations(d).set(field, value, `${field} on httpProxy`, /applies to type: http|apply to type: http/)),
  ],
};

/** The integration generators of WebSocket APIs, by `type`. */
export const WEBSOCKET_INTEGRATION_KINDS: Readonly<Record<string, IntegrationGenerator>> = {
  lambda: lambdaKind,
  mock: mockKind,
  aws: awsKind,
  http: httpKind,
  httpProxy: httpProxyKind,
};
export const WEBSOCKET_KINDS = Object.keys(WEBSOCKET_INTEGRATION_KINDS);

/** Whether a two-way route on this integration needs integration responses (non-proxy kinds answer through them). */
export function isProxy(model: IntegrationModel): boolean {
  return model.properties.IntegrationType === 'AWS_PROXY' || model.properties.IntegrationType === 'HTTP_PROXY';
}

// ---------------------------------------------------------------------------------------------------------------
// Routes and whole specs

export interface WebSocketSpecOptions {
  readonly minRoutes?: number;
  /** Custom route keys at most (default 7, and now and then 18 to 24, past the permission collapse). */
  readonly maxRoutes?: number;
  /** 18 to 24 custom route keys. */
  readonly manyRoutes?: boolean;
  readonly maxFunctions?: number;
  readonly kinds?: readonly string[];
  /** Force the stage's autoDeploy. */
  readonly autoDeploy?: boolean;
}

function webSocketIntegration(ctx: GenContext, key: string): fc.Arbitrary<JsonObject> {
  return fc.oneof(...ctx.kinds.map((k) => WEBSOCKET_INTEGRATION_KINDS[k].valid(ctx, key)));
}

/** A route; only $connect is authorized (others may say `none`). */
export function webSocketRoute(ctx: GenContext, key: string): fc.Arbitrary<JsonObject> {
  return fc.record(
    {
      integration: webSocketIntegration(ctx, key),
      returnResponse: fc.boolean(),
      apiKeyRequired: fc.boolean(),
      operationName: freeText,
      // Not on "__proto__": the YAML emitter drops that key from RouteSettings (src/yaml, issue 12's to fix).
      ...(key !== '__proto__' && { throttle }),
      authorization: key === '$connect' ? authorization(ctx, 'websocket') : fc.constantFrom<Json>('none', { authorizer: 'none' }),
    },
    { requiredKeys: ['integration'] },
  );
}

export function webSocketContext(options: WebSocketSpecOptions = {}): fc.Arbitrary<GenContext> {
  // List parameters are for VPC links, which WebSocket specs do not declare: hold words instead.
  const parameters = genParameters.map((ps) => ps.map((p) => (p.holds === 'arn' ? p : { ...p, holds: 'word' as const })));
  return parameters.chain((ps) =>
    fc
      .record({
        functionScope: arnScope,
        // Now and then Lambda routes only, so that a function passes the permission collapse threshold.
        kinds:
          options.kinds !== undefined
            ? fc.constant(options.kinds)
            : fc.oneof({ weight: 5, arbitrary: fc.constant(WEBSOCKET_KINDS) }, { weight: 1, arbitrary: fc.constant(['lambda']) }),
      })
      .chain(({ functionScope, kinds }) =>
        fc
          .uniqueArray(functionValue(ps, functionScope), { minLength: 1, maxLength: options.maxFunctions ?? 3, selector: canonical })
          .map((functions) => ({ functionScope, functions, kinds })),
      )
      .chain(({ functionScope, functions, kinds }) => {
        const base: GenContext = {
          parameters: ps,
          functions,
          functionScope,
          vpcLinks: [],
          authorizers: [],
          targets: { sqs: [], events: [], kinesis: [], states: [], appconfig: [] },
          kinds,
          subtypes: [],
        };
        return fc
          .option(genAuthorizers(base, 'websocket'), { nil: undefined, freq: 3 })
          .map((authorizers) => ({ ...base, authorizers: authorizers ?? [] }));
      }),
  );
}

/** The api's default authorization needs a $connect route to authorize (spec/spec.ts rejects it otherwise). */
function fitApi(api: JsonObject, routes: JsonObject): JsonObject {
  if (api.authorization === undefined || Object.hasOwn(routes, '$connect')) return api;
  const { authorization: _dropped, ...rest } = api;
  return rest;
}

export function webSocketSpecFrom(ctx: GenContext, options: WebSocketSpecOptions = {}): fc.Arbitrary<JsonObject> {
  return fc
    .record(
      {
        declared: declarations(ctx),
        api: webSocketApi(ctx),
        keys: webSocketRouteKeys(options),
        description: templateDescription,
        extras: fc.option(specExtras, { nil: undefined, freq: 3 }),
        callbacks: fc.option(callbacks, { nil: undefined, freq: 3 }),
        usagePlans: fc.option(usagePlans, { nil: undefined, freq: 3 }),
      },
      { requiredKeys: ['declared', 'api', 'keys'] },
    )
    .chain(({ declared, api, keys, description, extras, ...grants }) =>
      fc
        .record({
          rs: fc.tuple(...keys.map((k) => webSocketRoute(ctx, k))),
          domains: fc.option(domains(stageNamesOf(api)), { nil: undefined, freq: 4 }),
        })
        .map(({ rs, domains }) => {
          const routes = Object.fromEntries(keys.map((k, i) => [k, rs[i]]));
          const stage = options.autoDeploy === undefined ? api.stage : { ...(api.stage as JsonObject), autoDeploy: options.autoDeploy };
          return withDeclaredStageVariables({
            ...(description !== undefined && { description }),
            ...declared,
            ...extras,
            api: fitApi({ ...api, stage }, routes),
            ...(domains !== undefined && { domains }),
            ...(grants.callbacks !== undefined && { callbacks: grants.callbacks }),
            ...(grants.usagePlans !== undefined && { usagePlans: grants.usagePlans }),
            routes,
          });
        }),
    );
}

export function validWebSocketSpec(options: WebSocketSpecOptions = {}): fc.Arbitrary<GeneratedSpec> {
  return webSocketContext(options).chain((ctx) => webSocketSpecFrom(ctx, options).map((spec) => usableSpec(spec, ctx)));
}

// ---------------------------------------------------------------------------------------------------------------
// Pairs of specs (stability, the Deployment's identity)

/** A spec without one of its routes (and without the api's default authorization when that was $connect). */
export function withoutWebSocketRoute(spec: JsonObject, key: string): JsonObject {
  const small = withoutRoute(spec, key);
  return { ...small, api: fitApi(small.api as JsonObject, small.routes as JsonObject) };
}

const webSocketRoutePairs = routePairs(
  validWebSocketSpec,
  fc.oneof(customRouteKey, fc.constantFrom(...PREDEFINED_ROUTES)),
  webSocketRoute,
  withoutWebSocketRoute,
);

/** Around the collapse threshold: 20 Lambda routes on one function, and one more. */
const thresholdWebSocketPair: fc.Arbitrary<RoutePair> = webSocketContext({ maxFunctions: 2 }).chain((ctx) =>
  fc
    .record({
      keys: fc.uniqueArray(customRouteKey, { minLength: 21, maxLength: 21 }),
      base: webSocketSpecFrom(ctx, { maxRoutes: 3 }),
      index: fc.nat(),
    })
    .chain(({ keys, base, index }) => {
      const onF = { ...ctx, functions: [ctx.functions[0]], kinds: ['lambda'] };
      const others = Object.fromEntries(
        Object.entries(base.routes as JsonObject).filter(
          ([k, r]) => !keys.includes(k) && ((r as JsonObject).integration as JsonObject).function === undefined,
        ),
      );
      return fc.tuple(...keys.map((k) => webSocketRoute(onF, k))).map((rs) => {
        const apiSpec = base.api as JsonObject;
        const routes = { ...others, ...Object.fromEntries(keys.slice(0, 20).map((k, i) => [k, rs[i]])) };
        const small: JsonObject = { ...base, api: fitApi({ ...apiSpec, permissionScope: 'auto' }, routes), routes };
        const big = withoutUnusedParameters(withDeclaredStageVariables(insertRoute(small, keys[20], rs[20], index)));
        return { small: withoutUnusedParameters({ ...small, api: big.api }), big, routeKey: keys[20], how: 'threshold' };
      });
    }),
);

export const webSocketRoutePair: fc.Arbitrary<RoutePair> = fc.oneof(
  { weight: 3, arbitrary: webSocketRoutePairs.added },
  { weight: 3, arbitrary: webSocketRoutePairs.removed },
  { weight: 1, arbitrary: thresholdWebSocketPair },
);

/** Two specs with a stage that does not deploy itself, and whether they differ on the route side. */
export interface DeploymentVariant {
  readonly before: JsonObject;
  readonly after: JsonObject;
  readonly routeSide: boolean;
  readonly what: string;
}

/** One change to a spec whose stage does not deploy itself: on the route side (routes, integrations, authorizers) or elsewhere. */
export const deploymentVariant: fc.Arbitrary<DeploymentVariant> = validWebSocketSpec({ autoDeploy: false }).chain(({ spec, context: ctx, declared }) => {
  const routes = spec.routes as JsonObject;
  const keys = Object.keys(routes);
  const api = spec.api as JsonObject;
  // A changed or added route may use a parameter the generator declared and the spec left out (it was unused), and
  // a stage variable: both specs declare the variable (the stage is not route-side).
  const variant = (changed: JsonObject, routeSide: boolean, what: string): DeploymentVariant => {
    const after = withDeclaredStageVariables(grownSpec(changed, declared));
    const variables = ((after.api as JsonObject).stage as JsonObject).variables;
    const stage = { ...((spec.api as JsonObject).stage as JsonObject), ...(variables !== undefined && { variables }) };
    const before = { ...spec, api: { ...(spec.api as JsonObject), stage } };
    return { before, after, routeSide, what };
  };
  const withRoute = (key: string, change: (r: JsonObject) => JsonObject) => ({
    ...spec,
    routes: { ...routes, [key]: change(routes[key] as JsonObject) },
  });
  const elsewhere: Array<fc.Arbitrary<DeploymentVariant>> = [
    fc.constant(variant({ ...spec, api: { ...api, description: `${String(api.description ?? '')}changed` } }, false, 'api.description')),
    fc.constant(
      variant(
        { ...spec, api: { ...api, stage: { ...(api.stage as JsonObject), description: 'another stage description' } } },
        false,
        'api.stage.description',
      ),
    ),
    fc.constant(
      variant(
        { ...spec, api: { ...api, disableExecuteApiEndpoint: api.disableExecuteApiEndpoint !== true } },
        false,
        'api.disableExecuteApiEndpoint',
      ),
    ),
    fc.constant(
      variant(
        {
          ...spec,
          api: {
            ...api,
            routeSelectionExpression: api.routeSelectionExpression === '$request.body.kind' ? '$request.body.type' : '$request.body.kind',
          },
        },
        false,
        'api.routeSelectionExpression',
      ),
    ),
    fc.constantFrom('auto', 'route', 'api').map((s) => variant({ ...spec, api: { ...api, permissionScope: s } }, false, `api.permissionScope ${s}`)),
    fc.constant(variant({ ...spec, description: 'another template description' }, false, 'description')),
  ];
  const onRoutes: Array<fc.Arbitrary<DeploymentVariant>> = [
    fc.constantFrom(...keys).map((k) =>
      variant(
        withRoute(k, (r) => ({ ...r, operationName: `${String(r.operationName ?? '')}x` })),
        true,
        `${k}: operationName`,
      ),
    ),
    fc.constantFrom(...keys).map((k) =>
      variant(
        withRoute(k, (r) => ({ ...r, returnResponse: r.returnResponse !== true })),
        true,
        `${k}: returnResponse`,
      ),
    ),
    fc.constantFrom(...keys).map((k) =>
      variant(
        withRoute(k, (r) => ({ ...r, apiKeyRequired: r.apiKeyRequired !== true })),
        true,
        `${k}: apiKeyRequired`,
      ),
    ),
    fc.constantFrom(...keys).map((k) =>
      variant(
        withRoute(k, (r) => ({
          ...r,
          integration: { ...(r.integration as JsonObject), description: `${String((r.integration as JsonObject).description ?? '')}x` },
        })),
        true,
        `${k}: integration.description`,
      ),
    ),
    fc
      .tuple(
        customRouteKey.filter((k) => !Object.hasOwn(routes, k)),
        fc.nat(),
      )
      .chain(([k, i]) => webSocketRoute(ctx, k).map((r) => variant(insertRoute(spec, k, r, i), true, `route ${k} added`))),
  ];
  if (keys.length > 1) onRoutes.push(fc.constantFrom(...keys).map((k) => variant(withoutWebSocketRoute(spec, k), true, `route ${k} removed`)));
  const authorizers = (spec.authorizers as JsonObject | undefined) ?? {};
  if (Object.keys(authorizers).length > 0) {
    onRoutes.push(
      fc
        .constantFrom(...Object.keys(authorizers))
        .map((n) =>
          variant(
            { ...spec, authorizers: { ...authorizers, [n]: { ...(authorizers[n] as JsonObject), name: `renamed-${n.length}` } } },
            true,
            `authorizers.${n}.name`,
          ),
        ),
    );
  }
  return fc.oneof(fc.oneof(...elsewhere), fc.oneof(...onRoutes));
});

// ---------------------------------------------------------------------------------------------------------------
// Invalid specs

const FIELDS: Record<string, readonly string[]> = {
  spec: ['api', 'routes', 'description', 'parameters', 'authorizers', 'vpcLinks', ...SPEC_FIELDS],
  api: [
    ...API_FIELDS,
    'name',
    'protocol',
    'stage',
    'routeSelectionExpression',
    'apiKeySelectionExpression',
    'description',
    'disableExecuteApiEndpoint',
    'permissionScope',
    'authorization',
    'cors',
  ],
  stage: ['name', 'autoDeploy', 'description', ...STAGE_FIELDS],
  route: ['integration', 'apiKeyRequired', 'returnResponse', 'operationName', 'authorization', 'throttle'],
  authorizer: [
    'type',
    'function',
    'identitySources',
    'credentials',
    'name',
    'payloadFormatVersion',
    'simpleResponses',
    'resultTtl',
    'identitySource',
    'permission',
  ],
  parameter: PARAMETER_FIELDS,
};

function webSocketMutations({ spec, context: ctx }: GeneratedSpec): Array<fc.Arbitrary<Mutation>> {
  const routes = spec.routes as JsonObject;
  const keys = Object.keys(routes);
  const authorizers = (spec.authorizers as JsonObject | undefined) ?? {};
  const out: Array<fc.Arbitrary<Mutation>> = [];

  // A typo'd field name anywhere. (Misspelling `protocol` makes it an HTTP spec, whose api also knows `protocol`.)
  const places: Place[] = [
    { keys: [], fields: FIELDS.spec },
    { keys: ['api'], fields: FIELDS.api },
    { keys: ['api', 'stage'], fields: FIELDS.stage },
    ...keys.flatMap((k) => [
      { keys: ['routes', k], fields: FIELDS.route },
      {
        keys: ['routes', k, 'integration'],
        fields: integrationGenerator((routes[k] as JsonObject).integration as JsonObject, WEBSOCKET_INTEGRATION_KINDS).fields,
        tags: ['type'],
      },
    ]),
    ...Object.keys((spec.parameters as JsonObject | undefined) ?? {}).map((p) => ({ keys: ['parameters', p], fields: FIELDS.parameter })),
    ...Object.keys(authorizers).map((n) => ({ keys: ['authorizers', n], fields: FIELDS.authorizer, tags: ['type'] })),
  ];
  out.push(typoMutation(spec, places), prototypeFieldMutation(spec, places));

  // Route keys a WebSocket API refuses.
  out.push(
    fc
      .tuple(
        fc.constantFrom(...keys),
        fc.constantFrom<[string, RegExp]>(
          ['GET /x', /belong to HTTP APIs/],
          ['POST /', /belong to HTTP APIs/],
          ['$foo', /\$ prefix is reserved/],
          ['$Connect', /\$ prefix is reserved/],
          ['$', /\$ prefix is reserved/],
          ['', /non-empty/],
          ['a\u0001b', /control characters/],
          ['tab\there', /control characters/],
        ),
      )
      .filter(([, [bad]]) => !Object.hasOwn(routes, bad))
      .map(([key, [bad, message]]) => ({
        what: `route key ${JSON.stringify(bad)}`,
        spec: { ...spec, routes: renameKey(routes, key, bad) },
        path: specPath(['routes', bad]),
        exact: true,
        message,
      })),
  );

  // A Lambda route's key with a wildcard: it lands in the permission's SourceArn ("*" alone covers every route).
  const lambdaKeys = keys.filter((k) => ((routes[k] as JsonObject).integration as JsonObject).type === 'lambda');
  if (lambdaKeys.length > 0) {
    out.push(
      fc
        .tuple(fc.constantFrom(...lambdaKeys), fc.constantFrom('*', 'send*', 'a?b'))
        .filter(([, bad]) => !Object.hasOwn(routes, bad))
        .map(([key, bad]) => ({
          what: `Lambda route key ${JSON.stringify(bad)}`,
          spec: { ...spec, routes: renameKey(routes, key, bad) },
          path: specPath(['routes', bad]),
          exact: true,
          message: /lands in the SourceArn/,
        })),
    );
  }

  out.push(integrationMutation(spec, WEBSOCKET_INTEGRATION_KINDS));

  const set = setAt.bind(null, spec);
  const wrong: Array<fc.Arbitrary<Mutation>> = [
    fc
      .constantFrom<[Json, RegExp | undefined]>(
        ['$default', /\$default is for HTTP APIs/],
        ['my stage', undefined],
        ['', undefined],
        [7, undefined],
        ['x'.repeat(129), undefined],
      )
      .map(([v, message]) => set(['api', 'stage', 'name'], v, ['api', 'stage', 'name'], message)),
    fc.constantFrom<Json>('false', 1, 'yes').map((v) => set(['api', 'stage', 'autoDeploy'], v)),
    fc
      .constantFrom<Json>('action', '$request.header.action', '$request.body.', 'request.body.action', 5)
      .map((v) => set(['api', 'routeSelectionExpression'], v)),
    fc.constantFrom<Json>('x-api-key', '$request.header.X-Api-Key', 5).map((v) => set(['api', 'apiKeySelectionExpression'], v)),
    fc.constant(set(['api', 'cors'], { allowOrigins: ['*'] }, ['api', 'cors'], /cors applies to HTTP APIs only/)),
    fc.constant(set(['vpcLinks'], { main: { id: 'abc123' } }, ['vpcLinks'], /VPC links of HTTP APIs/)),
    fc.constantFrom<Json>(42, '', '-bad').map((v) => set(['api', 'name'], v)),
    fc.constantFrom<Json>('all', true).map((v) => set(['api', 'permissionScope'], v)),
    fc.constantFrom<Json>('yes', 1).chain((v) => fc.constantFrom(...keys).map((k) => set(['routes', k, 'returnResponse'], v))),
    fc.constantFrom<Json>('true', 0).chain((v) => fc.constantFrom(...keys).map((k) => set(['routes', k, 'apiKeyRequired'], v))),
    // The kinds of HTTP APIs say so.
    fc
      .tuple(fc.constantFrom(...keys), fc.constantFrom('alb', 'nlb', 'cloudMap'))
      .map(([k, kind]) =>
        set(['routes', k, 'integration'], { type: kind, vpcLink: 'main' }, ['routes', k, 'integration', 'type'], /belong to HTTP APIs/),
      ),
    fc.tuple(fc.constantFrom(...keys), fc.constantFrom<Json>('lamda', 'Mock', 5)).map(([k, t]) => set(['routes', k, 'integration', 'type'], t)),
  ];
  out.push(fc.oneof(...wrong));

  // Authorization outside $connect; the api's default without a $connect to authorize.
  const others = keys.filter((k) => k !== '$connect');
  const names = Object.keys(authorizers);
  if (others.length > 0) {
    out.push(
      fc
        .tuple(fc.constantFrom(...others), fc.constantFrom<Json>('iam', ...names))
        .map(([k, a]) => set(['routes', k, 'authorization'], a, ['routes', k, 'authorization'], /authorize on \$connect only/)),
    );
  }
  if (Object.hasOwn(routes, '$connect')) {
    out.push(
      fc.constantFrom<Json>('iam', ...names).map((a) => {
        const small = withoutRoute(spec, '$connect');
        return {
          ...setAt(small, ['api', 'authorization'], a, ['api', 'authorization'], /add a \$connect route/),
          what: 'api.authorization without $connect',
        };
      }),
    );
  }
  out.push(fc.oneof(...authorizationMutations(spec, 'websocket')));
  out.push(fc.oneof(...productionMutations(spec, 'websocket')));

  // A missing required field.
  const required: Array<readonly string[]> = [
    ['api', 'name'],
    ['api', 'stage'],
    ['api', 'stage', 'name'],
    ...keys.flatMap((k) => {
      const d = (routes[k] as JsonObject).integration as JsonObject;
      return [
        ['routes', k, 'integration'],
        ['routes', k, 'integration', 'type'],
        ...integrationGenerator(d, WEBSOCKET_INTEGRATION_KINDS)
          .required(d)
          .map((f) => ['routes', k, 'integration', f]),
      ];
    }),
  ];
  out.push(fc.constantFrom(...required).map((k) => removeAt(spec, k)));

  const undeclared = undeclaredReferenceMutation(spec, ctx, WEBSOCKET_INTEGRATION_KINDS);
  if (undeclared) out.push(undeclared);
  out.push(fc.oneof(...intrinsicMutations(spec, WEBSOCKET_INTEGRATION_KINDS)));
  return out;
}

export function invalidWebSocketSpec(options: WebSocketSpecOptions = { maxRoutes: 5 }): fc.Arbitrary<Mutation> {
  return validWebSocketSpec(options).chain((g) => fc.oneof(...webSocketMutations(g)));
}
