/**
 * What a host template says about APIs: which logical IDs exist (SAM's implicit ones too), how the API a spec names
 * is defined, and which route keys the host already puts on it.
 *
 * An API defined by an OpenAPI body (every AWS::Serverless::HttpApi, SAM's implicit ServerlessHttpApi included,
 * and an AWS::ApiGatewayV2::Api with Body or BodyS3Location) is re-imported in overwrite mode whenever its body
 * changes, and API Gateway then deletes every route that is not in the body, while CloudFormation still lists the
 * separate Route and Integration resources (aws/serverless-application-model#1971). Routes for such an API belong in
 * its body.
 */
import { isPlainObject } from '../value';
import { HostTemplate } from './read';

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
/** The API SAM creates for functions whose HttpApi events name no API. */
export const SAM_IMPLICIT_HTTP_API = 'ServerlessHttpApi';

export function usesSam(host: HostTemplate): boolean {
  const transform = host.Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

function resourcesOf(host: HostTemplate): Record<string, unknown> {
  return host.Resources as Record<string, unknown>;
}

function propertiesOf(resource: unknown): Record<string, unknown> {
  return isPlainObject(resource) && isPlainObject(resource.Properties) ? resource.Properties : {};
}

interface SamHttpEvent {
  readonly functionId: string;
  readonly eventName: string;
  /** The logical ID of the API it is on (ServerlessHttpApi when it names none), or undefined when not a Ref. */
  readonly apiId: string | undefined;
  readonly properties: Record<string, unknown>;
}

function samHttpApiEvents(host: HostTemplate): SamHttpEvent[] {
  if (!usesSam(host)) return [];
  const events: SamHttpEvent[] = [];
  for (const [functionId, resource] of Object.entries(resourcesOf(host))) {
    if (!isPlainObject(resource) || resource.Type !== 'AWS::Serverless::Function') continue;
    const declared = propertiesOf(resource).Events;
    for (const [eventName, event] of Object.entries(isPlainObject(declared) ? declared : {})) {
      if (!isPlainObject(event) || event.Type !== 'HttpApi') continue;
      const properties = isPlainObject(event.Properties) ? event.Properties : {};
      const api = properties.ApiId;
      const apiId = api === undefined ? SAM_IMPLICIT_HTTP_API : isPlainObject(api) && typeof api.Ref === 'string' ? api.Ref : undefined;
      events.push({ functionId, eventName, apiId, properties });
    }
  }
  return events;
}

/**
 * Every name a reference may point at in the host: its resources and parameters, and, under the SAM transform,
 * what SAM creates without being asked: `ServerlessHttpApi` / `ServerlessRestApi` for functions with HttpApi / Api
 * events that name no API, and `<Function>Role` for functions without a role.
 */
export function hostIds(host: HostTemplate): Set<string> {
  const resources = resourcesOf(host);
  const ids = new Set<string>([...Object.keys(resources), ...Object.keys(isPlainObject(host.Parameters) ? host.Parameters : {})]);
  if (!usesSam(host)) return ids;
  for (const [id, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || resource.Type !== 'AWS::Serverless::Function') continue;
    const properties = propertiesOf(resource);
    if (properties.Role === undefined) ids.add(`${id}Role`);
    for (const event of Object.values(isPlainObject(properties.Events) ? properties.Events : {})) {
      if (!isPlainObject(event)) continue;
      const eventProperties = isPlainObject(event.Properties) ? event.Properties : {};
      if (event.Type === 'HttpApi' && eventProperties.ApiId === undefined) ids.add(SAM_IMPLICIT_HTTP_API);
      if (event.Type === 'Api' && eventProperties.RestApiId === undefined) ids.add('ServerlessRestApi');
    }
  }
  return ids;
}

/** How the API that a spec's `api.existing` names is defined in the host. */
export type HostApi =
  /** Not a resource of the host (an import, a literal id, another stack's API), or a plain API without a body. */
  | { readonly kind: 'elsewhere' | 'plain'; readonly id?: string }
  /** An API with an inline OpenAPI body that merge can write routes into, at `/Resources/<id>/Properties/<property>`. */
  | { readonly kind: 'body'; readonly id: string; readonly property: 'DefinitionBody' | 'Body'; readonly present: boolean }
  /** A body-defined API whose body merge cannot write into; `why` says what it is. */
  | { readonly kind: 'closed-body'; readonly id: string; readonly why: string };

/** The logical ID an `existing` Value names: `!Ref X` or `!GetAtt X.ApiId`. */
export function referencedId(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  if (typeof value.Ref === 'string' && Object.keys(value).length === 1) return value.Ref;
  const att = value['Fn::GetAtt'];
  if (Array.isArray(att) && att.length === 2 && att[1] === 'ApiId' && typeof att[0] === 'string') return att[0];
  return undefined;
}

export function hostApi(host: HostTemplate, existing: unknown): HostApi {
  const id = referencedId(existing);
  if (id === undefined) return { kind: 'elsewhere' };
  const resource = resourcesOf(host)[id];
  if (id === SAM_IMPLICIT_HTTP_API && resource === undefined && usesSam(host)) {
    return { kind: 'closed-body', id, why: `${id} is the HTTP API that AWS SAM makes from an OpenAPI body for the functions' HttpApi events that name no API` };
  }
  if (!isPlainObject(resource)) return { kind: 'elsewhere', id };
  const properties = propertiesOf(resource);
  if (resource.Type === 'AWS::Serverless::HttpApi') {
    if (properties.DefinitionUri !== undefined) {
      return { kind: 'closed-body', id, why: `${id} is an AWS::Serverless::HttpApi whose OpenAPI body is the file DefinitionUri names, which merge cannot edit` };
    }
    const body = properties.DefinitionBody;
    if (body !== undefined && !isOpenBody(body)) {
      return { kind: 'closed-body', id, why: `${id} is an AWS::Serverless::HttpApi whose DefinitionBody is not an inline OpenAPI document with paths (an include or an intrinsic), which merge cannot edit` };
    }
    return { kind: 'body', id, property: 'DefinitionBody', present: body !== undefined };
  }
  if (resource.Type === 'AWS::ApiGatewayV2::Api') {
    if (properties.BodyS3Location !== undefined) {
      return { kind: 'closed-body', id, why: `${id} is an AWS::ApiGatewayV2::Api defined by the OpenAPI body at BodyS3Location, which merge cannot edit` };
    }
    if (properties.Body !== undefined) {
      return isOpenBody(properties.Body)
        ? { kind: 'body', id, property: 'Body', present: true }
        : { kind: 'closed-body', id, why: `${id} is an AWS::ApiGatewayV2::Api whose Body is not an inline OpenAPI document with paths, which merge cannot edit` };
    }
    return { kind: 'plain', id };
  }
  return { kind: 'plain', id };
}

/** An inline OpenAPI 3 document with a paths mapping (what SAM and API Gateway import). */
function isOpenBody(body: unknown): body is Record<string, unknown> {
  return isPlainObject(body) && isPlainObject(body.paths) && typeof body.openapi === 'string' && body.openapi.startsWith('3.');
}

/** A route key the host already puts on an API, and where. */
export interface HostRoute {
  readonly key: string;
  readonly where: string;
}

/** OpenAPI operation keys of a path item, and the method each routes. */
const OPENAPI_METHODS: Readonly<Record<string, string>> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

/** The OpenAPI path and operation key of an HTTP route key (`$default` is SAM's and API Gateway's `$default` path). */
export function openApiPlace(routeKey: string): { path: string; operation: string } {
  if (routeKey === '$default') return { path: '$default', operation: 'x-amazon-apigateway-any-method' };
  const space = routeKey.indexOf(' ');
  const method = routeKey.slice(0, space);
  const operation = Object.keys(OPENAPI_METHODS).find((k) => OPENAPI_METHODS[k] === method);
  if (operation === undefined) throw new Error(`bug: no OpenAPI operation for ${routeKey}`);
  return { path: routeKey.slice(space + 1), operation };
}

function routeKeyOf(method: string, path: string): string {
  if (path === '$default' || path === '/$default') return '$default';
  return `${method} ${path.length > 1 ? path.replace(/\/$/, '') : path}`;
}

/** Every route key the host puts on the API `apiId`: SAM HttpApi events, paths of its body, Route resources. */
export function hostRoutes(host: HostTemplate, apiId: string): HostRoute[] {
  const routes: HostRoute[] = [];
  for (const event of samHttpApiEvents(host)) {
    if (event.apiId !== apiId) continue;
    const { Path: path, Method: method } = event.properties;
    const key =
      path === undefined && method === undefined
        ? '$default'
        : typeof path === 'string' && typeof method === 'string'
          ? routeKeyOf(method.toLowerCase() === 'any' ? 'ANY' : method.toUpperCase(), path)
          : undefined;
    if (key !== undefined) routes.push({ key, where: `the SAM event Resources.${event.functionId}.Properties.Events.${event.eventName}` });
  }
  const resource = resourcesOf(host)[apiId];
  const properties = propertiesOf(resource);
  const body = isPlainObject(resource) && resource.Type === 'AWS::Serverless::HttpApi' ? properties.DefinitionBody : properties.Body;
  const property = isPlainObject(resource) && resource.Type === 'AWS::Serverless::HttpApi' ? 'DefinitionBody' : 'Body';
  if (isPlainObject(body) && isPlainObject(body.paths)) {
    for (const [path, item] of Object.entries(body.paths)) {
      if (!isPlainObject(item)) continue;
      for (const operation of Object.keys(item)) {
        const method = OPENAPI_METHODS[operation.toLowerCase()];
        if (method !== undefined) {
          routes.push({ key: routeKeyOf(method, path), where: `the OpenAPI body of ${apiId} (${property}.paths[${JSON.stringify(path)}].${operation})` });
        }
      }
    }
  }
  for (const [id, route] of Object.entries(resourcesOf(host))) {
    if (!isPlainObject(route) || route.Type !== 'AWS::ApiGatewayV2::Route') continue;
    const routeProperties = propertiesOf(route);
    if (referencedId(routeProperties.ApiId) !== apiId || typeof routeProperties.RouteKey !== 'string') continue;
    routes.push({ key: routeProperties.RouteKey, where: `the host's route Resources.${id}` });
  }
  return routes;
}
