/**
 * The review of an API's routes: for every route, who may call it (authorization), what it calls (integration kind
 * and backend), and what lets API Gateway make that call (the Lambda permission that covers the route, or the role
 * it assumes). `apigw-cfn routes` prints it as a table, a Mermaid diagram or JSON (review/routesFormat.ts).
 *
 * Built from the decoded spec (the names a person wrote: authorizers, VPC links, integration kinds, backends) and
 * the template built from it (what CloudFormation gets: route and integration IDs, permissions and roles), so the
 * review shows what deploys, not what the spec meant to say. Pure: no files.
 */
import { Either, isLeft, right } from 'fp-ts/Either';
import { HttpSpec, Spec, decodeSpec, isWebSocketSpec } from '../spec/spec';
import { buildTemplate } from '../build';
import { HttpIntegration, buildHttpIntegration } from '../integrations/http';
import { WebSocketIntegration, buildWebSocketIntegration } from '../integrations/websocket';
import { apiIdOf, isExistingApi } from '../api/existingApi';
import { parseHttpRouteKey, executeApiResourcePath } from '../routes/routeKey';
import { authorizerLogicalId } from '../authorizers/names';
import { Template } from '../template/types';
import { BuildError, pathTo } from '../errors';
import { Json, Value, canonicalJson, isPlainObject } from '../value';
import { showValue } from './text';

/** What `apigw-cfn routes` reviews: an API (new, or defined elsewhere) and each of its routes. */
export interface ApiReview {
  readonly name?: string;
  /** The API's id as routes use it: `!Ref ApiBooks`, or an existing API's id. */
  readonly apiId: Value;
  readonly protocol: 'http' | 'websocket';
  readonly routes: readonly RouteReview[];
}

/** One route: its authorization, its integration, what that calls, and what lets API Gateway make the call. */
export interface RouteReview {
  readonly routeKey: string;
  readonly logicalId: string;
  readonly authorization: AuthorizationReview;
  readonly integration: IntegrationReview;
  /** What the integration calls; absent for a mock integration, which calls nothing. */
  readonly backend?: BackendReview;
  readonly permission: PermissionReview;
}

export interface AuthorizationReview {
  /** The route's AuthorizationType; NONE also when the template writes none (AWS's default). */
  readonly type: 'NONE' | 'AWS_IAM' | 'JWT' | 'CUSTOM';
  /** The declared authorizer's name (JWT, CUSTOM). */
  readonly authorizer?: string;
  readonly scopes?: readonly string[];
  /** WebSocket routes other than $connect: the connection was authorized on $connect, with this authorization. */
  readonly onConnect?: AuthorizationReview;
  readonly apiKeyRequired?: boolean;
}

export interface IntegrationReview {
  /** The `type` the spec writes: lambda, http, alb, nlb, cloudMap, aws, mock, httpProxy. */
  readonly kind: string;
  /** HTTP API AWS service integrations: SQS-SendMessage, ... */
  readonly subtype?: string;
  readonly logicalId: string;
  readonly integrationType: string;
}

export interface BackendReview {
  /** What the backend is: a function, a URL, a load balancer listener, a Cloud Map service, an AWS resource or action. */
  readonly what: 'function' | 'url' | 'listener' | 'service' | 'resource' | 'action';
  readonly value: Value;
  /** The VPC link a private integration goes through: its declared name, or an existing link's id. */
  readonly vpcLink?: string;
}

/** One Lambda permission statement that lets API Gateway invoke the route's function. */
export interface PermissionStatement {
  readonly logicalId: string;
  readonly sourceArn: Json;
  /** The SourceArn from the API id on: `${ApiBooks}/*\/GET/books/*`. */
  readonly resource: string;
  /** The statement covers every route of the API (`${ApiId}/*`). */
  readonly apiWide: boolean;
}

export type PermissionReview =
  /** API Gateway invokes Lambda functions: the statements that cover this route, most specific first. */
  | {
      readonly kind: 'lambda';
      readonly functions: readonly {
        readonly function: Value;
        readonly statements: readonly PermissionStatement[];
        /** `permission: false`: the function's owner grants API Gateway the call, outside this template. */
        readonly grantedByOwner?: true;
      }[];
    }
  /** API Gateway assumes a role (AWS service integrations): the role, and what it allows when it is in the template. */
  | { readonly kind: 'role'; readonly role: Value; readonly logicalId?: string; readonly allows?: readonly string[] }
  /** API Gateway calls a network endpoint or nothing: no AWS permission is involved. */
  | { readonly kind: 'none' };

type AnyRouteSpec = { readonly integration: HttpIntegration | WebSocketIntegration; readonly apiKeyRequired?: boolean };

/** The review of every route of `spec`, given `template`, the template built from it. */
export function reviewRoutes(spec: Spec, template: Template): ApiReview {
  const apiId = apiIdOf(spec.api);
  const websocket = isWebSocketSpec(spec);
  const resources = template.Resources as Readonly<Record<string, TemplateResource>>;
  const routeIds = routeIdsByKey(resources, apiId);
  const stage = stageOf(spec);
  const keys = sortRouteKeys(Object.keys(spec.routes), websocket);
  const connect = websocket && keys.includes('$connect') ? authorizationOf(resources[routeIds.get('$connect')!], spec) : undefined;

  const routes = keys.map((routeKey): RouteReview => {
    const route = (spec.routes as Readonly<Record<string, AnyRouteSpec>>)[routeKey];
    const logicalId = routeIds.get(routeKey);
    if (logicalId === undefined) throw new Error(`bug: the template has no route for ${routeKey}`);
    const resource = resources[logicalId];
    const integrationId = targetIntegrationId(resource.Properties?.Target);
    const integration = integrationId === undefined ? undefined : resources[integrationId];
    if (integrationId === undefined || integration === undefined) throw new Error(`bug: route ${routeKey} has no integration in the template`);
    const context = { apiId, path: pathTo(pathTo('routes', routeKey), 'integration') };
    const plan = websocket
      ? buildWebSocketIntegration(route.integration as WebSocketIntegration, context)
      : buildHttpIntegration(route.integration as HttpIntegration, { ...context, vpcLinks: (spec as HttpSpec).vpcLinks });
    let authorization = authorizationOf(resource, spec);
    if (websocket && routeKey !== '$connect' && connect !== undefined && connect.type !== 'NONE') authorization = { ...authorization, onConnect: connect };
    if (route.apiKeyRequired === true) authorization = { ...authorization, apiKeyRequired: true };
    const descriptor = route.integration;
    return {
      routeKey,
      logicalId,
      authorization,
      integration: {
        kind: descriptor.type,
        ...('subtype' in descriptor && { subtype: descriptor.subtype }),
        logicalId: integrationId,
        integrationType: String(integration.Properties?.IntegrationType),
      },
      ...backendOf(descriptor, websocket),
      permission:
        (plan.invokes?.length ?? 0) + (plan.invokesGrantedByOwner?.length ?? 0) > 0
          ? {
              kind: 'lambda',
              functions: [
                ...(plan.invokes ?? []).map((fn) => ({
                  function: fn,
                  statements: coveringStatements(resources, fn, stage, websocket ? routeKey : resourcePathOf(routeKey)),
                })),
                // permission: false: the template holds no statement for these; the function's owner grants the call.
                ...(plan.invokesGrantedByOwner ?? []).map((fn) => ({ function: fn, statements: [], grantedByOwner: true as const })),
              ],
            }
          : roleOf(integration.Properties?.CredentialsArn, resources),
    };
  });
  return {
    ...(!isExistingApi(spec.api) && { name: (spec.api as { name: string }).name }),
    apiId,
    protocol: websocket ? 'websocket' : 'http',
    routes,
  };
}

/** The stage in the execute-api ARNs of the API's calls; `*` for an API defined elsewhere (its stage is unknown). */
function stageOf(spec: Spec): string {
  if (isExistingApi(spec.api)) return '*';
  return (spec.api as { readonly stage?: { readonly name: string } }).stage?.name ?? '$default';
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** The template's routes on this API, by RouteKey. */
function routeIdsByKey(resources: Readonly<Record<string, TemplateResource>>, apiId: Value): Map<string, string> {
  const ids = new Map<string, string>();
  const api = canonicalJson(apiId);
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Route' || canonicalJson(resource.Properties?.ApiId) !== api) continue;
    ids.set(String(resource.Properties?.RouteKey), id);
  }
  return ids;
}

/** `integrations/<id>` as we write it, `!Join ['', [integrations/, !Ref Id]]`, or `!Sub integrations/${Id}`. */
export function targetIntegrationId(target: unknown): string | undefined {
  if (!isPlainObject(target)) return undefined;
  const joined = target['Fn::Join'];
  if (Array.isArray(joined) && joined[0] === '' && Array.isArray(joined[1]) && joined[1].length === 2 && joined[1][0] === 'integrations/') {
    const part = joined[1][1];
    return isPlainObject(part) && typeof part.Ref === 'string' ? part.Ref : undefined;
  }
  const text = target['Fn::Sub'];
  const m = typeof text === 'string' ? /^integrations\/\$\{([A-Za-z0-9]+)\}$/.exec(text) : null;
  return m ? m[1] : undefined;
}

const WEBSOCKET_PREDEFINED = ['$connect', '$disconnect', '$default'];

/**
 * Routes in reading order, whatever order the spec lists them in: HTTP by path, then method (`$default` last);
 * WebSocket `$connect`, `$disconnect`, `$default`, then custom keys.
 */
function sortRouteKeys(keys: readonly string[], websocket: boolean): string[] {
  const rank = (key: string): [number, string, string] => {
    if (websocket) {
      const predefined = WEBSOCKET_PREDEFINED.indexOf(key);
      return predefined >= 0 ? [predefined, '', ''] : [WEBSOCKET_PREDEFINED.length, key, ''];
    }
    if (key === '$default') return [1, '', ''];
    const space = key.indexOf(' ');
    return [0, key.slice(space + 1), key.slice(0, space)];
  };
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...keys].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || compare(ra[1], rb[1]) || compare(ra[2], rb[2]);
  });
}

function resourcePathOf(routeKey: string): string {
  const parsed = parseHttpRouteKey(routeKey);
  if ('problem' in parsed) throw new Error(`bug: route key ${routeKey} passed decoding but does not parse`);
  return executeApiResourcePath(parsed.key);
}

/** The route's authorization as the template writes it, named as the spec declares it. */
function authorizationOf(resource: TemplateResource, spec: Spec): AuthorizationReview {
  const p = resource.Properties ?? {};
  const type = (p.AuthorizationType ?? 'NONE') as AuthorizationReview['type'];
  const authorizerRef = isPlainObject(p.AuthorizerId) ? p.AuthorizerId.Ref : undefined;
  const authorizer = Object.keys(spec.authorizers ?? {}).find((name) => authorizerLogicalId(name) === authorizerRef);
  return {
    type,
    ...(authorizer !== undefined && { authorizer }),
    ...(Array.isArray(p.AuthorizationScopes) && { scopes: p.AuthorizationScopes as string[] }),
  };
}

/** What a descriptor calls, by kind. Every kind is listed, so a new one fails to compile until it is added here. */
function backendOf(descriptor: HttpIntegration | WebSocketIntegration, websocket: boolean): { backend?: BackendReview } {
  if (websocket) {
    const d = descriptor as WebSocketIntegration;
    switch (d.type) {
      case 'lambda':
        return { backend: { what: 'function', value: d.function } };
      case 'mock':
        return {};
      case 'aws':
        return { backend: { what: 'action', value: d.uri } };
      case 'http':
      case 'httpProxy':
        return { backend: { what: 'url', value: d.url, ...(d.vpcLink !== undefined && { vpcLink: showValue(d.vpcLink) }) } };
    }
  }
  const d = descriptor as HttpIntegration;
  switch (d.type) {
    case 'lambda':
      return { backend: { what: 'function', value: d.function } };
    case 'http':
      return { backend: { what: 'url', value: d.url } };
    case 'alb':
    case 'nlb':
      return { backend: { what: 'listener', value: d.listener, vpcLink: d.vpcLink } };
    case 'cloudMap':
      return { backend: { what: 'service', value: d.service, vpcLink: d.vpcLink } };
    case 'aws': {
      // The generated role's target names the resource; with credentials, the parameter that names it does.
      const named = d.target ?? RESOURCE_PARAMETERS.map((name) => d.parameters[name]).find((v) => v !== undefined);
      return named === undefined ? {} : { backend: { what: 'resource', value: named } };
    }
  }
}

/** The parameters that name the resource an AWS service subtype acts on. */
const RESOURCE_PARAMETERS = ['QueueUrl', 'EventBusName', 'StreamName', 'StateMachineArn', 'ExecutionArn', 'Application'];

const SOURCE_ARN = /^arn:\$\{AWS::Partition\}:execute-api:\$\{AWS::Region\}:\$\{AWS::AccountId\}:([^/]*)\/(.*)$/s;

/**
 * The API and the resource pattern of a permission's SourceArn as we write it (an Fn::Sub of
 * `arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:<api>/<pattern>`), with Fn::Sub's `${!`
 * escapes read back as `${`; undefined for any other form.
 */
export function sourceArnParts(arn: unknown): { readonly api: string; readonly pattern: string } | undefined {
  const sub = isPlainObject(arn) ? arn['Fn::Sub'] : undefined;
  const text = Array.isArray(sub) ? sub[0] : sub;
  const m = typeof text === 'string' ? SOURCE_ARN.exec(text) : null;
  return m === null ? undefined : { api: m[1], pattern: m[2].replace(/\$\{!/g, '${') };
}

/**
 * The template's permissions for `fn` whose SourceArn matches `stage/resourcePath` (as AWS matches it: `*` and `?`
 * are wildcards that also match `/`): the route's own statement first, then wider ones, the API-wide one last.
 */
function coveringStatements(
  resources: Readonly<Record<string, TemplateResource>>,
  fn: Value,
  stage: string,
  resourcePath: string,
): PermissionStatement[] {
  const target = `${stage}/${resourcePath}`;
  const wanted = canonicalJson(fn);
  const found: PermissionStatement[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Permission' || canonicalJson(resource.Properties?.FunctionName) !== wanted) continue;
    const arn = resource.Properties?.SourceArn;
    const parts = sourceArnParts(arn);
    if (parts === undefined || !globMatches(parts.pattern, target)) continue;
    found.push({ logicalId: id, sourceArn: arn as Json, resource: `${parts.api}/${parts.pattern}`, apiWide: parts.pattern === '*' });
  }
  const own = (s: PermissionStatement) => s.resource.endsWith(`/*/${resourcePath}`) || s.resource.endsWith(`/${target}`);
  const rank = (s: PermissionStatement) => (own(s) ? 0 : s.apiWide ? 2 : 1);
  return found.sort((a, b) => rank(a) - rank(b) || (a.logicalId < b.logicalId ? -1 : 1));
}

function globMatches(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** The role an integration assumes: the template's role and the actions its policies allow, or an outside role. */
function roleOf(credentials: unknown, resources: Readonly<Record<string, TemplateResource>>): PermissionReview {
  if (credentials === undefined) return { kind: 'none' };
  const att = isPlainObject(credentials) ? credentials['Fn::GetAtt'] : undefined;
  const id = Array.isArray(att) && typeof att[0] === 'string' ? att[0] : undefined;
  const role = id === undefined ? undefined : resources[id];
  if (id === undefined || role === undefined || role.Type !== 'AWS::IAM::Role') return { kind: 'role', role: credentials as Value };
  const allows: string[] = [];
  for (const policy of (role.Properties?.Policies as { PolicyDocument?: { Statement?: unknown } }[] | undefined) ?? []) {
    const statements = policy.PolicyDocument?.Statement;
    for (const s of (Array.isArray(statements) ? statements : [statements]) as Record<string, unknown>[]) {
      if (!isPlainObject(s) || s.Effect !== 'Allow') continue;
      const list = (x: unknown) => (Array.isArray(x) ? x : [x]).map(showValue).join(', ');
      allows.push(`${list(s.Action)} on ${list(s.Resource)}`);
    }
  }
  return { kind: 'role', role: credentials as Value, logicalId: id, allows };
}

/** A spec as written (a parsed document or an object) to the review of its routes, or every error in it. */
export function reviewSpec(input: unknown): Either<BuildError[], ApiReview> {
  const spec = decodeSpec(input);
  if (isLeft(spec)) return spec;
  // Routes on an API or functions of a host template refer to IDs defined elsewhere: no reason not to review them.
  const built = buildTemplate(spec.right, { unknownReferences: 'collect' });
  return isLeft(built) ? built : right(reviewRoutes(spec.right, built.right.template));
}
