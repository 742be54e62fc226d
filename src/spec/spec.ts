/**
 * The spec: the one definition of what a user may write. Decoding returns the typed spec, or every error found,
 * each naming its place.
 */
import * as t from 'io-ts';
import { Either, left, right } from 'fp-ts/Either';
import { Codec, boolean, codec, nonEmptyString, object, record, refine } from './codec';
import { report } from './reporter';
import { Parameters } from './parameters';
import { HttpApiSpec } from '../api/httpApi';
import { HttpIntegration } from '../integrations/http';
import { parseHttpRouteKey } from '../routes/routeKey';
import { routeTreeConflictMessage, routeTreeConflicts } from '../routes/routeTree';
import { unboundUrlVariablesProblem } from '../integrations/http/url';
import { VpcLinks, undeclaredVpcLinkProblem } from '../shared/vpcLink';
import { WebSocketApiSpec } from '../api/webSocketApi';
import { ExistingHttpApiSpec, ExistingWebSocketApiSpec, newOrExisting } from '../api/existingApi';
import { WebSocketIntegration } from '../integrations/websocket';
import { webSocketRouteKeyProblem } from '../routes/webSocketRoute';
import { connectOnlySources } from '../shared/webSocketMapping';
import { HttpAuthorizers, WebSocketAuthorizers } from '../authorizers';
import { Authorization, authorizationProblems } from '../authorizers/authorization';
import { BuildError } from '../errors';
import { Value, isIntrinsic, isPlainObject } from '../value';
import { StacksSpec } from '../split/options';

export const HttpRouteSpec = object(
  'route',
  { integration: HttpIntegration },
  { operationName: nonEmptyString, authorization: Authorization },
);
export type HttpRouteSpec = typeof HttpRouteSpec._A;

const HttpRoutes = record(
  {
    describe: 'route keys ("GET /books", "$default")',
    check: (key) => {
      const parsed = parseHttpRouteKey(key);
      return 'problem' in parsed ? `invalid route key: ${parsed.problem}` : undefined;
    },
  },
  HttpRouteSpec,
);

/** The template's Description: CloudFormation takes at most 1,024 bytes. */
export const TemplateDescription = refine(nonEmptyString, (text) => {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes <= 1024 ? undefined : `expected at most 1024 bytes (CloudFormation's limit for a template description), got ${bytes}`;
});

const SpecFields = object(
  'spec',
  { api: newOrExisting(HttpApiSpec, ExistingHttpApiSpec), routes: HttpRoutes },
  { description: TemplateDescription, parameters: Parameters, vpcLinks: VpcLinks, authorizers: HttpAuthorizers, stacks: StacksSpec },
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
function routesMayBeLeftOut<A>(spec: Codec<A>): Codec<A> {
  return codec<A>(spec.name, (u, c) => {
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
  });
}

const contextKey = (context: t.Context) => context.map((entry) => entry.key).join('\u0000');

/** A codec that adds the errors of a check across fields to those of the field codecs, without repeating a place. */
function withCrossFieldCheck<A>(fields: Codec<A>, check: (u: unknown, c: t.Context) => t.ValidationError[]): Codec<A> {
  return codec<A>(fields.name, (u, c) => {
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

export const HttpSpec = routesMayBeLeftOut(
  withCrossFieldCheck(SpecFields, (u, c) => [
    ...crossFieldErrors(u, c),
    ...authorizationCrossFieldErrors(u, c, 'http'),
    ...routeTreeAndUrlErrors(u, c),
  ]),
);
export type HttpSpec = typeof HttpSpec._A;

export const WebSocketRouteSpec = object(
  'WebSocket route',
  { integration: WebSocketIntegration },
  { apiKeyRequired: boolean, returnResponse: boolean, operationName: nonEmptyString, authorization: Authorization },
);
export type WebSocketRouteSpec = typeof WebSocketRouteSpec._A;

const WebSocketRoutes = record(
  {
    describe: 'route keys ($connect, $disconnect, $default, sendmessage, ...)',
    check: (key) => {
      const problem = webSocketRouteKeyProblem(key);
      return problem === undefined ? undefined : `invalid route key: ${problem}`;
    },
  },
  WebSocketRouteSpec,
);

const WebSocketSpecFields = object(
  'WebSocket spec',
  { api: newOrExisting(WebSocketApiSpec, ExistingWebSocketApiSpec), routes: WebSocketRoutes },
  { description: TemplateDescription, parameters: Parameters, authorizers: WebSocketAuthorizers, stacks: StacksSpec },
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

export const WebSocketSpec = routesMayBeLeftOut(
  withCrossFieldCheck(WebSocketSpecFields, (u, c) => [...webSocketCrossFieldErrors(u, c), ...authorizationCrossFieldErrors(u, c, 'websocket')]),
);
export type WebSocketSpec = typeof WebSocketSpec._A;

/** A spec of either protocol, told apart by `api.protocol` (http unless it says websocket). */
export type Spec = HttpSpec | WebSocketSpec;
export const Spec: Codec<Spec> = codec<Spec>('spec', (u, c) =>
  isWebSocketInput(u) ? (WebSocketSpec.validate(u, c) as t.Validation<Spec>) : (HttpSpec.validate(u, c) as t.Validation<Spec>),
);

function isWebSocketInput(u: unknown): boolean {
  return isPlainObject(u) && isPlainObject(u.api) && u.api.protocol === 'websocket';
}

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
  const r = Spec.decode(input);
  return r._tag === 'Right' ? right(r.right) : left(report(r.left));
}
