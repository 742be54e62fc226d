/**
 * The HTTP API itself: AWS::ApiGatewayV2::Api (ProtocolType HTTP) and the output of its id. Its stages are built in
 * src/stages/.
 *
 * ```yaml
 * api:
 *   name: books                     # required: the API's name (text, or an intrinsic such as !Sub ${Env}-books)
 *   logicalName: Books              # what the logical IDs are made of (ApiBooks, ...); default: the name, which
 *                                   #   must then be text. Keep it when you rename the API: the API stays in place
 *   protocol: http                  # default http; websocket APIs are described in webSocketApi.ts
 *   description: ...
 *   disableExecuteApiEndpoint: false
 *   ipAddressType: dualstack        # ipv4 (AWS's default) or dualstack (IPv4 and IPv6)
 *   cors: { allowOrigins: [...], allowMethods: [...], allowHeaders: [...], exposeHeaders: [...],
 *           allowCredentials: false, maxAge: 600, preflight: {...} }   # see cors.ts
 *   stage: { name: $default }       # default: the $default stage, deployed automatically; see stages/stageSpec.ts
 *   stages: { dev: {...}, prod: {...} }   # or several stages, by name (instead of stage)
 *   permissionScope: auto           # auto (default), route or api: see shared/lambdaPermission.ts
 *   authorization: cognito          # every route's default: none (default), iam or a declared authorizer;
 *                                   #   see authorizers/authorization.ts
 *   tags: { tier: public }          # the Api's own tags, beside the spec-wide ones (tags/tags.ts)
 * ```
 */
import { ApiResource, Fragment, Output } from '../template/types';
import { doc, nonEmptyString, object, oneOf } from '../spec/codec';
import { getAtt, ref } from '../value';
import { Authorization } from '../authorizers/authorization';
import { Tags, tagsProperty } from '../tags/tags';
import { HttpStageSpec, HttpStages, StageSettings } from '../stages/stageSpec';
import { pathTo } from '../errors';
import { Cors, corsConfiguration } from './cors';
import { ApiName, DisableExecuteApiEndpoint, IpAddressType, LogicalName, PermissionScopeField, apiDisplayName, apiLogicalId, withApiNameCheck } from './apiName';

export { API_NAME_PROBLEM, apiIdValue, apiLogicalId } from './apiName';

/** The codec of `api` for a new HTTP API; `HttpApiSpec` is also its decoded type. */
export const HttpApiSpec = withApiNameCheck(
  object(
    'api',
    {
      name: ApiName,
    },
    {
      logicalName: LogicalName,
      protocol: doc(oneOf(['http'] as const, ' (or websocket, for a WebSocket API)'), 'http (the default), or websocket for a WebSocket API'),
      description: doc(nonEmptyString, "the API's description"),
      disableExecuteApiEndpoint: DisableExecuteApiEndpoint,
      ipAddressType: IpAddressType,
      cors: doc(Cors, 'CORS for browsers; default: none'),
      stage: doc(HttpStageSpec, 'the stage, which deploys automatically; default {name: $default}'),
      stages: doc(HttpStages, 'several stages by name (dev, prod, ...), sharing the routes; instead of stage'),
      permissionScope: PermissionScopeField,
      authorization: doc(Authorization, "every route's default authorization; a route's own replaces it"),
      tags: doc(Tags, "the API's tags (beside the spec's default tags)"),
    },
    {
      routeSelectionExpression: 'routeSelectionExpression applies to WebSocket APIs (protocol: websocket)',
      apiKeySelectionExpression: 'apiKeySelectionExpression applies to WebSocket APIs (protocol: websocket)',
      cloudWatchRole: 'HTTP APIs write access logs without the account-level CloudWatch role (cloudWatchRole is for WebSocket APIs)',
    },
  ),
  { exclusive: ['stage', 'stages'] },
);
export type HttpApiSpec = typeof HttpApiSpec._A;

/** The stages of an HTTP API, as every stage builder reads them: `stages`, or `stage`, or `$default`. */
export function httpStages(api: HttpApiSpec): StageSettings[] {
  if (api.stages !== undefined) {
    return Object.entries(api.stages).map(([name, settings]) => ({ ...settings, name, place: pathTo(pathTo('api', 'stages'), name) }));
  }
  return [{ ...(api.stage ?? { name: '$default' }), place: pathTo('api', 'stage') }];
}

/** The API alone, and the output of its id (and, with several stages, of its base URL). */
export function buildHttpApi(api: HttpApiSpec): Fragment {
  const apiId = apiLogicalId(api);
  const cors = api.cors;
  const resource: ApiResource = {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: {
      Name: api.name,
      ProtocolType: 'HTTP',
      ...(api.description !== undefined && { Description: api.description }),
      ...(api.disableExecuteApiEndpoint !== undefined && { DisableExecuteApiEndpoint: api.disableExecuteApiEndpoint }),
      ...(api.ipAddressType !== undefined && { IpAddressType: api.ipAddressType }),
      ...(cors !== undefined && { CorsConfiguration: corsConfiguration(cors) }),
      ...(api.tags !== undefined && { Tags: tagsProperty('AWS::ApiGatewayV2::Api', api.tags) as never }),
    },
  };
  const name = apiDisplayName(api);
  const outputs: Record<string, Output> = { [`${apiId}Id`]: { Description: `Id of the ${name} API`, Value: ref(apiId) } };
  if (api.stages !== undefined) {
    outputs[`${apiId}Endpoint`] = {
      Description: `Base URL of the ${name} API; a named stage serves under /STAGE (see the stages' Url outputs)`,
      Value: getAtt(apiId, 'ApiEndpoint'),
    };
  }
  return { source: 'api', resources: { [apiId]: resource }, outputs };
}
