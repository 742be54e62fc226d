/**
 * The HTTP API itself: AWS::ApiGatewayV2::Api (ProtocolType HTTP), its stage, and outputs for its id and URL.
 *
 * ```yaml
 * api:
 *   name: books                     # required: the API's name; also gives the logical IDs (ApiBooks, ...)
 *   protocol: http                  # default http; websocket APIs are described in webSocketApi.ts
 *   description: ...
 *   disableExecuteApiEndpoint: false
 *   cors: { allowOrigins: [...], allowMethods: [...], allowHeaders: [...], exposeHeaders: [...],
 *           allowCredentials: false, maxAge: 600, preflight: {...} }   # see cors.ts
 *   stage: { name: $default }       # default: the $default stage, deployed automatically
 *   permissionScope: auto           # auto (default), route or api: see shared/lambdaPermission.ts
 *   authorization: cognito          # every route's default: none (default), iam or a declared authorizer;
 *                                   #   see authorizers/authorization.ts
 * ```
 */
import { ApiResource, StageResource, Fragment, Output } from '../template/types';
import { boolean, doc, nonEmptyString, object, oneOf, refine } from '../spec/codec';
import { Value, getAtt, ref, sub } from '../value';
import { singletonId } from '../shared/logicalId';
import { Authorization } from '../authorizers/authorization';
import { Cors, corsConfiguration } from './cors';

const API_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}$/;

/** Why a name cannot name an API (and its logical IDs), or undefined when it can. Shared by both protocols. */
export const API_NAME_PROBLEM = (name: string): string | undefined =>
  API_NAME.test(name)
    ? undefined
    : `expected a name of letters, digits, spaces, ".", "_" and "-", starting with a letter or digit (at most 128), got ${JSON.stringify(name)}`;

const StageName = refine(nonEmptyString, (name) =>
  name === '$default' || /^[A-Za-z0-9_-]{1,128}$/.test(name)
    ? undefined
    : `expected "$default" or a stage name of letters, digits, "-" and "_" (at most 128), got ${JSON.stringify(name)}`,
);

/** The `name` of a new API of either protocol. */
export const ApiName = doc(
  refine(nonEmptyString, API_NAME_PROBLEM, undefined, { pattern: API_NAME.source }),
  "the API's name: letters, digits, spaces, ., _, - (at most 128); also names the logical IDs (name: books gives ApiBooks)",
);

/** `disableExecuteApiEndpoint` of either protocol. */
export const DisableExecuteApiEndpoint = doc(boolean, 'turn off the default execute-api endpoint (when clients must use a custom domain); default false');

/** `permissionScope` of every kind of api. */
export const PermissionScopeField = doc(
  oneOf(['auto', 'route', 'api'] as const),
  'how Lambda permissions are scoped: auto (default: per method and path, one API-wide statement past 20 per function), route, or api',
);

/** The codec of `api` for a new HTTP API; `HttpApiSpec` is also its decoded type. */
export const HttpApiSpec = object(
  'api',
  {
    name: ApiName,
  },
  {
    protocol: doc(oneOf(['http'] as const, ' (or websocket, for a WebSocket API)'), 'http (the default), or websocket for a WebSocket API'),
    description: doc(nonEmptyString, "the API's description"),
    disableExecuteApiEndpoint: DisableExecuteApiEndpoint,
    cors: doc(Cors, 'CORS for browsers; default: none'),
    stage: doc(
      object('stage', { name: StageName }, {}, { autoDeploy: 'HTTP API stages always deploy automatically here' }),
      'the stage, which deploys automatically; default {name: $default}',
    ),
    permissionScope: PermissionScopeField,
    authorization: doc(Authorization, "every route's default authorization; a route's own replaces it"),
  },
  {
    routeSelectionExpression: 'routeSelectionExpression applies to WebSocket APIs (protocol: websocket)',
    apiKeySelectionExpression: 'apiKeySelectionExpression applies to WebSocket APIs (protocol: websocket)',
  },
);
export type HttpApiSpec = typeof HttpApiSpec._A;

/** The logical ID of a new API: `Api` and the words of its name (`books` -> `ApiBooks`). */
export function apiLogicalId(api: { readonly name: string }): string {
  return singletonId('Api', api.name);
}

/** The Ref that every route, integration and permission of the API uses. */
export function apiIdValue(api: { readonly name: string }): Value {
  return ref(apiLogicalId(api));
}

/** A new HTTP API: the AWS::ApiGatewayV2::Api, its auto-deploying stage, and outputs with its id and URL. */
export function buildHttpApi(api: HttpApiSpec): Fragment {
  const apiId = apiLogicalId(api);
  const stageName = api.stage?.name ?? '$default';
  const cors = api.cors;
  const resource: ApiResource = {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: {
      Name: api.name,
      ProtocolType: 'HTTP',
      ...(api.description !== undefined && { Description: api.description }),
      ...(api.disableExecuteApiEndpoint !== undefined && { DisableExecuteApiEndpoint: api.disableExecuteApiEndpoint }),
      ...(cors !== undefined && { CorsConfiguration: corsConfiguration(cors) }),
    },
  };
  const stage: StageResource = {
    Type: 'AWS::ApiGatewayV2::Stage',
    Properties: { ApiId: ref(apiId), StageName: stageName, AutoDeploy: true },
  };
  const endpoint: Output = {
    Description: `Invoke URL of the ${api.name} API's ${stageName} stage`,
    Value: stageName === '$default' ? getAtt(apiId, 'ApiEndpoint') : sub(`\${${apiId}.ApiEndpoint}/${stageName}`),
  };
  return {
    source: 'api',
    resources: { [apiId]: resource, [singletonId(`${apiId}Stage`, stageName === '$default' ? 'Default' : stageName)]: stage },
    outputs: {
      [`${apiId}Id`]: { Description: `Id of the ${api.name} API`, Value: ref(apiId) },
      [`${apiId}Endpoint`]: endpoint,
    },
  };
}
