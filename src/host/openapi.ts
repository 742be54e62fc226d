/**
 * Routes written into an API's OpenAPI body instead of as resources beside it: the one way they survive when the
 * body is re-imported (src/host/apis.ts says why). The spec is built as usual; then every Route, Integration and
 * Authorizer on the body-defined API becomes an OpenAPI 3.0 operation with `x-amazon-apigateway-integration` (and a
 * security scheme with `x-amazon-apigateway-authorizer`), property by property. What is not part of the API stays a
 * resource: Lambda permissions (scoped to the API as always), roles, VPC links.
 *
 * ```yaml
 * paths:
 *   /books/{id}:
 *     get:
 *       parameters: [{name: id, in: path, required: true, schema: {type: string}}]
 *       security: [{cognito: [books/read]}]
 *       x-amazon-apigateway-integration:
 *         type: aws_proxy
 *         httpMethod: POST
 *         uri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${BooksFunction.Arn}/invocations
 *         payloadFormatVersion: '2.0'
 *       responses: {}
 * ```
 */
import { BuildError, Warning, pathTo } from '../errors';
import { Resource, Template } from '../template/types';
import { Value, canonicalJson, isPlainObject } from '../value';
import { lambdaInvocationUri } from '../shared/lambdaUri';
import { executeApiArn } from '../shared/lambdaPermission';
import { authorizerPermissionId } from '../authorizers';
import { openApiPlace } from './apis';

export interface BodyOperation {
  readonly routeKey: string;
  readonly path: string;
  readonly operation: string;
  readonly value: Record<string, unknown>;
}

export interface BodyRoutes {
  readonly operations: readonly BodyOperation[];
  /** Security schemes by name (authorizers, and `AWS_IAM` for IAM authorization). */
  readonly securitySchemes: Readonly<Record<string, unknown>>;
  /** The template's resources less those now in the body. */
  readonly resources: Readonly<Record<string, Resource>>;
  readonly warnings: readonly Warning[];
  readonly errors: readonly BuildError[];
}

/** SAM's scheme for IAM authorization (`security: [{AWS_IAM: []}]`), as SAM writes it for HttpApi. */
export const IAM_SCHEME_NAME = 'AWS_IAM';
const IAM_SCHEME = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };

/** CloudFormation Integration properties and the x-amazon-apigateway-integration fields they become. */
const INTEGRATION_FIELDS: Readonly<Record<string, string>> = {
  IntegrationType: 'type',
  IntegrationMethod: 'httpMethod',
  IntegrationUri: 'uri',
  IntegrationSubtype: 'integrationSubtype',
  ConnectionType: 'connectionType',
  ConnectionId: 'connectionId',
  CredentialsArn: 'credentials',
  PayloadFormatVersion: 'payloadFormatVersion',
  RequestParameters: 'requestParameters',
  ResponseParameters: 'responseParameters',
  TlsConfig: 'tlsConfig',
  TimeoutInMillis: 'timeoutInMillis',
};

function integrationExtension(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(properties)) {
    if (property === 'ApiId' || property === 'Description') continue;
    const field = INTEGRATION_FIELDS[property];
    if (field === undefined) throw new Error(`bug: the Integration property ${property} has no place in an OpenAPI body`);
    if (property === 'IntegrationType') out[field] = String(value).toLowerCase();
    else if (property === 'ResponseParameters') out[field] = responseParameters(value);
    else if (property === 'TlsConfig') out[field] = { serverNameToVerify: (value as { ServerNameToVerify: unknown }).ServerNameToVerify };
    else out[field] = value;
  }
  // A Lambda proxy: API Gateway calls the function's invocation URI with POST (the body has no plain-ARN form).
  if (properties.IntegrationType === 'AWS_PROXY' && properties.IntegrationSubtype === undefined) {
    out.httpMethod = 'POST';
    out.uri = lambdaInvocationUri(properties.IntegrationUri as Value);
  }
  const order = ['type', 'integrationSubtype', 'httpMethod', 'uri', 'connectionType', 'connectionId', 'credentials', 'payloadFormatVersion', 'requestParameters', 'responseParameters', 'tlsConfig', 'timeoutInMillis'];
  return Object.fromEntries(order.filter((k) => out[k] !== undefined).map((k) => [k, out[k]]));
}

/** `{"404": {"ResponseParameters": [{Destination, Source}]}}` (CloudFormation) to `{"404": {Destination: Source}}`. */
function responseParameters(value: unknown): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [status, entry] of Object.entries(value as Record<string, { ResponseParameters: Array<{ Destination: string; Source: unknown }> }>)) {
    out[status] = Object.fromEntries(entry.ResponseParameters.map((p) => [p.Destination, p.Source]));
  }
  return out;
}

function authorizerScheme(properties: Record<string, unknown>): Record<string, unknown> {
  const identitySource = Array.isArray(properties.IdentitySource) ? (properties.IdentitySource as string[]).join(', ') : undefined;
  if (properties.AuthorizerType === 'JWT') {
    const jwt = properties.JwtConfiguration as { Issuer: unknown; Audience: unknown };
    return {
      type: 'oauth2',
      'x-amazon-apigateway-authorizer': { type: 'jwt', jwtConfiguration: { issuer: jwt.Issuer, audience: jwt.Audience }, identitySource },
    };
  }
  const authorizer: Record<string, unknown> = { type: 'request', authorizerUri: properties.AuthorizerUri };
  if (properties.AuthorizerPayloadFormatVersion !== undefined) authorizer.authorizerPayloadFormatVersion = properties.AuthorizerPayloadFormatVersion;
  if (properties.EnableSimpleResponses !== undefined) authorizer.enableSimpleResponses = properties.EnableSimpleResponses;
  if (identitySource !== undefined) authorizer.identitySource = identitySource;
  if (properties.AuthorizerResultTtlInSeconds !== undefined) authorizer.authorizerResultTtlInSeconds = properties.AuthorizerResultTtlInSeconds;
  if (properties.AuthorizerCredentialsArn !== undefined) authorizer.authorizerCredentials = properties.AuthorizerCredentialsArn;
  // `name` and `in` are required of an apiKey scheme; "Unused" is what API Gateway documents for request authorizers.
  return { type: 'apiKey', name: 'Unused', in: 'header', 'x-amazon-apigateway-authorizer': authorizer };
}

function pathParameters(path: string): Array<Record<string, unknown>> {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

function refTarget(value: unknown): string | undefined {
  if (isPlainObject(value) && typeof value.Ref === 'string') return value.Ref;
  // Targets are `integrations/<id>`, written as a join of the text and a Ref.
  const join = isPlainObject(value) ? value['Fn::Join'] : undefined;
  if (Array.isArray(join) && Array.isArray(join[1])) return (join[1] as unknown[]).map(refTarget).find((t) => t !== undefined);
  return undefined;
}

/**
 * Moves the routes on the API `apiValue` into OpenAPI operations. `authorizerNames` maps an Authorizer's logical ID
 * to the name the spec declared it by.
 */
export function liftIntoBody(template: Template, apiValue: Value, authorizerNames: ReadonlyMap<string, string>): BodyRoutes {
  const onApi = (resource: Resource) => canonicalJson((resource.Properties as { ApiId?: unknown }).ApiId) === canonicalJson(apiValue);
  const resources: Record<string, Resource> = { ...template.Resources };
  const integrations = new Map<string, Record<string, unknown>>();
  const schemeOf = new Map<string, string>();
  const securitySchemes: Record<string, unknown> = {};
  const errors: BuildError[] = [];
  const warnings: Warning[] = [];

  for (const [id, resource] of Object.entries(template.Resources)) {
    if (!resource.Type.startsWith('AWS::ApiGatewayV2::') || !onApi(resource)) continue;
    const properties = resource.Properties as Record<string, unknown>;
    if (resource.Type === 'AWS::ApiGatewayV2::Integration') integrations.set(id, properties);
    else if (resource.Type === 'AWS::ApiGatewayV2::Authorizer') {
      const declared = authorizerNames.get(id) ?? id;
      if (typeof properties.Name !== 'string') {
        errors.push({ path: pathTo(pathTo('authorizers', declared), 'name'), message: 'an authorizer in an OpenAPI body is named by its key there, so its name must be text, not an intrinsic' });
        continue;
      }
      schemeOf.set(id, properties.Name);
      securitySchemes[properties.Name] = authorizerScheme(properties);
      // The authorizer gets its id only when the body is imported: its permission names the API's authorizers.
      const permissionId = authorizerPermissionId(declared);
      const permission = resources[permissionId];
      if (permission !== undefined && permission.Type === 'AWS::Lambda::Permission') {
        resources[permissionId] = { ...permission, Properties: { ...permission.Properties, SourceArn: executeApiArn(apiValue, 'authorizers/*') } };
      }
    } else if (resource.Type !== 'AWS::ApiGatewayV2::Route') {
      throw new Error(`bug: ${resource.Type} ${id} on an API defined by an OpenAPI body`);
    }
    delete resources[id];
  }

  const operations: BodyOperation[] = [];
  const describedOnce = new Set<string>();
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Route' || !onApi(resource)) continue;
    const properties = resource.Properties as Record<string, unknown>;
    const routeKey = properties.RouteKey as string;
    const integrationId = refTarget(properties.Target);
    const integration = integrationId === undefined ? undefined : integrations.get(integrationId);
    if (integration === undefined) throw new Error(`bug: route ${routeKey} has no integration on its API`);
    if (integration.Description !== undefined && !describedOnce.has(integrationId!)) {
      describedOnce.add(integrationId!);
      warnings.push({
        path: pathTo(pathTo(pathTo('routes', routeKey), 'integration'), 'description'),
        message: 'an integration written into an OpenAPI body has no description there (x-amazon-apigateway-integration takes none); it is left out',
      });
    }
    const { path, operation } = openApiPlace(routeKey);
    const value: Record<string, unknown> = {};
    if (typeof properties.OperationName === 'string') value.operationId = properties.OperationName;
    const parameters = pathParameters(path);
    if (parameters.length > 0) value.parameters = parameters;
    const type = properties.AuthorizationType;
    if (type === 'AWS_IAM') {
      securitySchemes[IAM_SCHEME_NAME] = IAM_SCHEME;
      value.security = [{ [IAM_SCHEME_NAME]: [] }];
    } else if (type === 'JWT' || type === 'CUSTOM') {
      const scheme = schemeOf.get(refTarget(properties.AuthorizerId) ?? '');
      if (scheme !== undefined) value.security = [{ [scheme]: properties.AuthorizationScopes ?? [] }];
    }
    value['x-amazon-apigateway-integration'] = integrationExtension(integration);
    value.responses = {};
    operations.push({ routeKey, path, operation, value });
  }
  operations.sort((a, b) => (a.path === b.path ? a.operation.localeCompare(b.operation) : a.path < b.path ? -1 : 1));
  return { operations, securitySchemes, resources, warnings, errors };
}
