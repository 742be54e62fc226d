/**
 * The spec: the one definition of what a user may write. Decoding returns the typed spec, or every error found,
 * each naming its place.
 */
import * as t from 'io-ts';
import { Either, left, right } from 'fp-ts/Either';
import { Codec, InputOf, boolean, codec, doc, extend, nonEmptyString, object, record, refine } from './codec';
import { report } from './reporter';
import { Parameters } from './parameters';
import { HttpApiSpec } from '../api/httpApi';
import { HttpIntegration } from '../integrations/http';
import { HTTP_METHODS, parseHttpRouteKey } from '../routes/routeKey';
import { routeTreeConflictMessage, routeTreeConflicts } from '../routes/routeTree';
import { unboundUrlVariablesProblem } from '../integrations/http/url';
import { VpcLinks, undeclaredVpcLinkProblem } from '../shared/vpcLink';
import { WebSocketApiSpec } from '../api/webSocketApi';
import { ExistingHttpApiSpec, ExistingWebSocketApiSpec, newOrExisting } from '../api/existingApi';
import { WebSocketIntegration } from '../integrations/websocket';
import { PREDEFINED_WEBSOCKET_ROUTES, webSocketRouteKeyProblem } from '../routes/webSocketRoute';
import { connectOnlySources } from '../shared/webSocketMapping';
import { HttpAuthorizers, WebSocketAuthorizers } from '../authorizers';
import { Authorization, authorizationProblems } from '../authorizers/authorization';
import { BuildError, pathTo } from '../errors';
import { permissionCrossFieldErrors } from '../shared/lambdaPermission';
import { corsCrossFieldErrors } from '../api/cors';
import { dataLimitProblem, isReaderBounded } from '../yaml/limits';
import { intrinsicErrors } from './intrinsics';
import { Value, isIntrinsic, isPlainObject } from '../value';
import { Throttle } from '../stages/throttle';
import { Tags } from '../tags/tags';
import { ExportPrefix } from '../api/outputs';
import { Domains } from '../domains/domains';
import { Callbacks } from '../callbacks/callbacks';
import { UsagePlans } from '../usagePlans/usagePlans';
import { productionCrossFieldErrors } from '../api/crossField';
import { StacksSpec } from '../split/options';

const OperationName = doc(nonEmptyString, "the route's OperationName (shown in generated SDKs)");
const RouteAuthorization = doc(Authorization, "the route's authorization, which replaces api.authorization; none opts out of it");
const RouteThrottle = doc(Throttle, "this route's throttling (burstLimit, rateLimit), on every stage, in place of the stage's default");
const SpecTags = doc(Tags, 'tags on every taggable resource the spec emits (Api, Stage, VpcLink, DomainName, log group, roles); a resource\'s own tags win');
const SpecExportPrefix = doc(ExportPrefix, 'export every output under PREFIX-<OutputName> for other stacks (Fn::ImportValue)');
const SpecDomains = doc(Domains, 'custom domain names and their API mappings: domain name -> declaration');
const SpecStacks = doc(StacksSpec, 'when the API becomes a root template and nested stacks, and how many route stacks: see the README, Any size: nested stacks');

export const HttpRouteSpec = object(
  'route',
  { integration: doc(HttpIntegration, 'what the route calls; type chooses the kind: lambda, http, alb, nlb, cloudMap or aws') },
  { operationName: OperationName, authorization: RouteAuthorization, throttle: RouteThrottle },
);
export type HttpRouteSpec = typeof HttpRouteSpec._A;

const HttpRoutes = record(
  {
    describe: 'route keys ("GET /books", "$default")',
    check: (key) => {
      const parsed = parseHttpRouteKey(key);
      return 'problem' in parsed ? `invalid route key: ${parsed.problem}` : undefined;
    },
    schema: { pattern: `^(?:\\$default|(?:${HTTP_METHODS.join('|')}) /.*)$` },
  },
  HttpRouteSpec,
);

/** The template's Description: CloudFormation takes at most 1,024 bytes. */
export const TemplateDescription = refine(nonEmptyString, (text) => {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes <= 1024 ? undefined : `expected at most 1024 bytes (CloudFormation's limit for a template description), got ${bytes}`;
});

const Description = doc(TemplateDescription, "the template's Description (at most 1,024 bytes)");
const SpecParameters = doc(Parameters, "template parameters: name (letters and digits) -> parameter; refer to them with !Ref Name");

const SpecFields = object(
  'spec',
  {
    api: doc(newOrExisting(HttpApiSpec, ExistingHttpApiSpec), 'the API: name (a new API), or existing (the id of an API defined elsewhere)'),
    routes: doc(HttpRoutes, 'route key ("METHOD /path" or "$default") -> route'),
  },
  {
    description: Description,
    parameters: SpecParameters,
    vpcLinks: doc(VpcLinks, 'VPC links that private integrations (alb, nlb, cloudMap) reach their targets through: name -> declaration'),
    authorizers: doc(HttpAuthorizers, 'JWT and Lambda authorizers: name -> declaration; routes name them in authorization'),
    tags: SpecTags,
    exportPrefix: SpecExportPrefix,
    domains: SpecDomains,
    stacks: SpecStacks,
  },
  {
    callbacks: 'callbacks grant execute-api:ManageConnections on a WebSocket API; an HTTP API answers its clients in the response',
    usagePlans: 'usage plans and API keys are for WebSocket APIs here; HTTP APIs have no API keys (use an authorizer)',
  },
);

/**
 * Checks across fields, run on the raw input beside the field codecs so that their errors join every other one:
 * every `vpcLink` an integration names must be declared under `vpcLinks`.
 */
function crossFieldErrors(u: unknown, c: t.Context): t.ValidationError[] {
  if (!isPlainObject(u) || !isPlainObject(u.routes)) return [];
  if (u.vpcLinks !== undefined && !isPlainObject(u.vpcLinks)) return []; // reported by its codec; names are unknown
  const declared = Object.keys(u.vpcLinks ?? {});
  const errors: t.ValidationError[] = [];
  for (const [routeKey, route] of Object.entries(u.routes)) {
    const integration = isPlainObject(route) ? route.integration : undefined;
    const name = isPlainObject(integration) ? integration.vpcLink : undefined;
    if (typeof name !== 'string' || name === '') continue;
    const problem = undeclaredVpcLinkProblem(name, declared);
    if (problem === undefined) continue;
    const context = [
      ['routes', u.routes],
      [routeKey, route],
      ['integration', integration],
      ['vpcLink', name],
    ].reduce<t.Context>((ctx, [key, actual]) => t.appendContext(ctx, key as string, t.unknown, actual), c);
    errors.push({ value: name, context, message: problem });
  }
  return errors;
}

/**
 * `routes` may be left out, or empty: a new API and its stage, for other stacks to add routes to. Decoded, `routes`
 * is always there. An API defined elsewhere gets nothing from a spec without routes, so there it is an error.
 */
function routesMayBeLeftOut<A, O extends { readonly routes: unknown }>(spec: Codec<A, O>): Codec<A, RoutesOptional<O>> {
  return codec<A, RoutesOptional<O>>(spec.name, (u, c) => {
    const input = isPlainObject(u) && u.routes === undefined ? { ...u, routes: {} } : u;
    const r = spec.validate(input, c);
    const existing = isPlainObject(input) && isPlainObject(input.api) && input.api.existing !== undefined;
    if (!existing || !isPlainObject(input.routes) || Object.keys(input.routes).length > 0) return r;
    const error: t.ValidationError = {
      value: input.routes,
      context: t.appendContext(c, 'routes', t.unknown, input.routes),
      message: 'expected at least one route: a spec without routes builds a new API and its stage, and adds nothing to an API defined elsewhere (api.existing)',
    };
    return t.failures([...(r._tag === 'Left' ? r.left : []), error]);
  }, (of) => {
    const schema = of(spec);
    return {
      ...schema,
      required: (schema.required as string[]).filter((field) => field !== 'routes'),
      // Routes on an API defined elsewhere: at least one.
      if: { type: 'object', properties: { api: { type: 'object', required: ['existing'] } }, required: ['api'] },
      then: { required: ['routes'], properties: { routes: { type: 'object', minProperties: 1 } } },
    };
  }, (a) => spec.encode(a));
}

/** A spec as written, where `routes` may be left out. */
type RoutesOptional<O extends { readonly routes: unknown }> = Omit<O, 'routes'> & { readonly routes?: O['routes'] };

const contextKey = (context: t.Context) => context.map((entry) => entry.key).join('\u0000');

/** A codec that adds the errors of a check across fields to those of the field codecs, without repeating a place. */
function withCrossFieldCheck<A, O>(fields: Codec<A, O>, check: (u: unknown, c: t.Context) => t.ValidationError[]): Codec<A, O> {
  return extend(fields, (u, c) => {
    const r = fields.validate(u, c);
    const fieldErrors = r._tag === 'Left' ? r.left : [];
    // A field already in error (`vpcLink` on a kind that takes none) needs no second message.
    const taken = new Set(fieldErrors.map((e) => contextKey(e.context)));
    const cross = check(u, c).filter((e) => !taken.has(contextKey(e.context)));
    return cross.length === 0 ? r : t.failures([...fieldErrors, ...cross]);
  });
}

/**
 * Authorization across fields: every name an `authorization` gives is declared under `authorizers`, scopes go with
 * JWT authorizers only, and a WebSocket API authorizes on $connect only (its api default applies there).
 */
function authorizationCrossFieldErrors(u: unknown, c: t.Context, protocol: 'http' | 'websocket'): t.ValidationError[] {
  if (!isPlainObject(u)) return [];
  if (u.authorizers !== undefined && !isPlainObject(u.authorizers)) return []; // reported by its codec; names are unknown
  const declared = new Map(Object.entries(u.authorizers ?? {}).map(([name, d]) => [name, isPlainObject(d) ? d.type : undefined]));
  const errors: t.ValidationError[] = [];
  const at = (steps: ReadonlyArray<readonly [string, unknown]>) =>
    steps.reduce<t.Context>((ctx, [key, actual]) => t.appendContext(ctx, key, t.unknown, actual), c);
  const check = (raw: unknown, place: ReadonlyArray<readonly [string, unknown]>) => {
    for (const problem of authorizationProblems(raw, declared)) {
      const below = problem.at.map((key) => [key, (raw as Record<string, unknown>)[key]] as const);
      const steps = [...place, ...below];
      errors.push({ value: steps[steps.length - 1][1], context: at(steps), message: problem.message });
    }
  };
  const isNone = (raw: unknown) => raw === 'none' || (isPlainObject(raw) && raw.authorizer === 'none');
  const api = isPlainObject(u.api) ? u.api : undefined;
  if (api !== undefined && api.authorization !== undefined) {
    const place = [['api', api], ['authorization', api.authorization]] as const;
    check(api.authorization, place);
    if (protocol === 'websocket' && !isNone(api.authorization) && isPlainObject(u.routes) && !Object.hasOwn(u.routes, '$connect')) {
      errors.push({
        value: api.authorization,
        context: at(place),
        message: 'WebSocket APIs authorize on $connect only, and routes has no $connect: this would authorize nothing; add a $connect route',
      });
    }
  }
  if (!isPlainObject(u.routes)) return errors;
  for (const [routeKey, route] of Object.entries(u.routes)) {
    if (!isPlainObject(route) || route.authorization === undefined) continue;
    const place = [['routes', u.routes], [routeKey, route], ['authorization', route.authorization]] as const;
    if (protocol === 'websocket' && routeKey !== '$connect' && !isNone(route.authorization)) {
      errors.push({
        value: route.authorization,
        context: at(place),
        message: `WebSocket APIs authorize on $connect only: a client is authorized once, when it connects, and that covers every message on the connection; move this to routes.$connect.authorization`,
      });
      continue;
    }
    check(route.authorization, place);
  }
  return errors;
}

/**
 * What API Gateway checks across HTTP routes: one variable per level of the path tree (routes/routeTree.ts), and
 * URL variables the route binds (integrations/http/url.ts).
 */
function routeTreeAndUrlErrors(u: unknown, c: t.Context): t.ValidationError[] {
  if (!isPlainObject(u) || !isPlainObject(u.routes)) return [];
  const routes = u.routes;
  const at = (routeKey: string, ...below: ReadonlyArray<readonly [string, unknown]>) =>
    [['routes', routes] as const, [routeKey, routes[routeKey]] as const, ...below].reduce<t.Context>(
      (ctx, [key, actual]) => t.appendContext(ctx, key, t.unknown, actual),
      c,
    );
  const errors: t.ValidationError[] = routeTreeConflicts(Object.keys(routes)).map((conflict) => ({
    value: routes[conflict.routeKey],
    context: at(conflict.routeKey),
    message: routeTreeConflictMessage(conflict),
  }));
  for (const [routeKey, route] of Object.entries(routes)) {
    const integration = isPlainObject(route) ? route.integration : undefined;
    if (!isPlainObject(integration) || integration.type !== 'http') continue;
    const url = integration.url;
    const parsed = parseHttpRouteKey(routeKey);
    if (!(typeof url === 'string' || isIntrinsic(url)) || 'problem' in parsed) continue;
    const problem = unboundUrlVariablesProblem(url, routeKey, parsed.key);
    if (problem !== undefined) errors.push({ value: url, context: at(routeKey, ['integration', integration], ['url', url]), message: problem });
  }
  return errors;
}

/** The codec of an HTTP API spec (the default protocol); `HttpSpec` is also its decoded type. */
export const HttpSpec = routesMayBeLeftOut(
  withCrossFieldCheck(SpecFields, (u, c) => [
    ...crossFieldErrors(u, c),
    ...authorizationCrossFieldErrors(u, c, 'http'),
    ...routeTreeAndUrlErrors(u, c),
    ...corsCrossFieldErrors(u, c),
    ...permissionCrossFieldErrors(u, c, 'http'),
    ...intrinsicErrors(u, c),
    ...productionCrossFieldErrors(u, c, 'http'),
  ]),
);
export type HttpSpec = typeof HttpSpec._A;

export const WebSocketRouteSpec = object(
  'WebSocket route',
  { integration: doc(WebSocketIntegration, 'what the route calls; type chooses the kind: lambda, mock, aws, http or httpProxy') },
  {
    apiKeyRequired: doc(boolean, 'whether a client must send an API key (through a usage plan: usagePlans); default false'),
    returnResponse: doc(boolean, 'a two-way route: what the integration answers reaches the client; default false'),
    operationName: OperationName,
    authorization: doc(Authorization, 'on $connect only: none, iam, or a declared Lambda authorizer'),
    throttle: RouteThrottle,
  },
);
export type WebSocketRouteSpec = typeof WebSocketRouteSpec._A;

const WebSocketRoutes = record(
  {
    describe: 'route keys ($connect, $disconnect, $default, sendmessage, ...)',
    check: (key) => {
      const problem = webSocketRouteKeyProblem(key);
      return problem === undefined ? undefined : `invalid route key: ${problem}`;
    },
    // $connect, $disconnect, $default, or a custom key: not $-prefixed, not "METHOD /path".
    schema: {
      anyOf: [
        { enum: [...PREDEFINED_WEBSOCKET_ROUTES] },
        { pattern: '^[^$]', not: { pattern: `^(?:${HTTP_METHODS.join('|')}) /` } },
      ],
    },
  },
  WebSocketRouteSpec,
);

const WebSocketSpecFields = object(
  'WebSocket spec',
  {
    api: doc(newOrExisting(WebSocketApiSpec, ExistingWebSocketApiSpec), 'the WebSocket API (protocol: websocket): name and stage, or existing'),
    routes: doc(WebSocketRoutes, 'route key ($connect, $disconnect, $default, or what the route selection expression yields) -> route'),
  },
  {
    description: Description,
    parameters: SpecParameters,
    authorizers: doc(WebSocketAuthorizers, 'Lambda authorizers: name -> declaration'),
    tags: SpecTags,
    exportPrefix: SpecExportPrefix,
    domains: SpecDomains,
    stacks: SpecStacks,
    callbacks: doc(Callbacks, 'IAM roles that may answer clients: execute-api:ManageConnections on this API and stage, granted as AWS::IAM::Policy'),
    usagePlans: doc(UsagePlans, 'usage plans (throttle, quota) and their API keys, bound to this API stage: name -> plan'),
  },
  { vpcLinks: 'vpcLinks declares the VPC links of HTTP APIs; a WebSocket http or httpProxy integration names an existing link by its id (vpcLink: !ImportValue ...)' },
);

/** Request headers and query strings exist on $connect only: a WebSocket message has neither. */
function webSocketCrossFieldErrors(u: unknown, c: t.Context): t.ValidationError[] {
  if (!isPlainObject(u) || !isPlainObject(u.routes)) return [];
  const errors: t.ValidationError[] = [];
  for (const [routeKey, route] of Object.entries(u.routes)) {
    if (routeKey === '$connect') continue;
    const integration = isPlainObject(route) ? route.integration : undefined;
    const parameters = isPlainObject(integration) && isPlainObject(integration.requestParameters) ? integration.requestParameters : undefined;
    for (const key of connectOnlySources(parameters as Record<string, Value> | undefined)) {
      const context = [
        ['routes', u.routes],
        [routeKey, route],
        ['integration', integration],
        ['requestParameters', parameters],
        [key, parameters![key]],
      ].reduce<t.Context>((ctx, [k, actual]) => t.appendContext(ctx, k as string, t.unknown, actual), c);
      errors.push({
        value: parameters![key],
        context,
        message: `${String(parameters![key])}: request headers and query strings exist on the $connect route only; a message on ${routeKey} has neither (map route.request.body.*, context.* or stageVariables.* instead)`,
      });
    }
  }
  return errors;
}

/** The codec of a WebSocket API spec (`api.protocol: websocket`); `WebSocketSpec` is also its decoded type. */
export const WebSocketSpec = routesMayBeLeftOut(
  withCrossFieldCheck(WebSocketSpecFields, (u, c) => [
    ...webSocketCrossFieldErrors(u, c),
    ...authorizationCrossFieldErrors(u, c, 'websocket'),
    ...permissionCrossFieldErrors(u, c, 'websocket'),
    ...intrinsicErrors(u, c),
    ...productionCrossFieldErrors(u, c, 'websocket'),
  ]),
);
export type WebSocketSpec = typeof WebSocketSpec._A;

/** A spec of either protocol, told apart by `api.protocol` (http unless it says websocket). */
export type Spec = HttpSpec | WebSocketSpec;

/** What a user writes for an HTTP API: durations as text (`'10s'`), intrinsics as `{ Ref: 'X' }` objects. */
export type HttpSpecInput = InputOf<typeof HttpSpec>;
/** What a user writes for a WebSocket API (`api.protocol: 'websocket'`). */
export type WebSocketSpecInput = InputOf<typeof WebSocketSpec>;
/** What a user writes: a spec of either protocol, as a YAML or JSON file holds it, or as an object literal. */
export type SpecInput = HttpSpecInput | WebSocketSpecInput;

export const Spec: Codec<Spec, SpecInput> = codec<Spec, SpecInput>(
  'spec',
  (u, c) => (isWebSocketInput(u) ? (WebSocketSpec.validate(u, c) as t.Validation<Spec>) : (HttpSpec.validate(u, c) as t.Validation<Spec>)),
  // As the codec chooses: a WebSocket spec when api.protocol says websocket, an HTTP spec otherwise.
  (of) => ({
    if: { type: 'object', properties: { api: { type: 'object', properties: { protocol: { const: 'websocket' } }, required: ['protocol'] } }, required: ['api'] },
    then: of(WebSocketSpec),
    else: of(HttpSpec),
  }),
  (spec) => (isWebSocketSpec(spec) ? WebSocketSpec.encode(spec) : HttpSpec.encode(spec)),
);

function isWebSocketInput(u: unknown): boolean {
  return isPlainObject(u) && isPlainObject(u.api) && u.api.protocol === 'websocket';
}

/** Whether a decoded spec is of a WebSocket API. */
export function isWebSocketSpec(spec: Spec): spec is WebSocketSpec {
  return spec.api.protocol === 'websocket';
}

/** Decodes anything (a parsed YAML or JSON document, or an object from a script) into a Spec. */
export function decodeSpec(input: unknown): Either<BuildError[], Spec> {
  if (input === undefined || input === null) {
    return left([{ path: '', message: 'the spec is empty; expected a mapping with api and routes' }]);
  }
  if (!isPlainObject(input)) {
    return left([{ path: '', message: `expected the spec to be a mapping with api and routes, got ${Array.isArray(input) ? 'a list' : typeof input}` }]);
  }
  // An object from a script has not been through the reader's bounds (src/yaml/limits.ts): check them first, since
  // the codecs and builders walk it, and an object inside itself would never end.
  const limit = isReaderBounded(input) ? undefined : dataLimitProblem(input);
  if (limit !== undefined) return left([{ path: limit.path.reduce<string>(pathTo, ''), message: limit.message }]);
  const r = Spec.decode(input);
  return r._tag === 'Right' ? right(r.right) : left(report(r.left));
}
