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
 *           allowCredentials: false, maxAge: 600 }
 *   stage: { name: $default }       # default: the $default stage, deployed automatically; see stages/stageSpec.ts
 *   stages: { dev: {...}, prod: {...} }   # or several stages, by name (instead of stage)
 *   permissionScope: auto           # auto (default), route or api: see shared/lambdaPermission.ts
 *   authorization: cognito          # every route's default: none (default), iam or a declared authorizer;
 *                                   #   see authorizers/authorization.ts
 *   tags: { tier: public }          # the Api's own tags, beside the spec-wide ones (tags/tags.ts)
 * ```
 */
import { ApiResource, Fragment, Output } from '../template/types';
import { boolean, integer, list, nonEmptyString, object, oneOf, refine } from '../spec/codec';
import { getAtt, ref } from '../value';
import { Authorization } from '../authorizers/authorization';
import { Tags, tagsProperty } from '../tags/tags';
import { HttpStageSpec, HttpStages, StageSettings } from '../stages/stageSpec';
import { pathTo } from '../errors';
import { ApiName, IpAddressType, LogicalName, apiDisplayName, apiLogicalId, withApiNameCheck } from './apiName';

export { API_NAME_PROBLEM, apiIdValue, apiLogicalId } from './apiName';

const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'] as const;

export const Cors = refine(
  object(
    'cors configuration',
    {},
    {
      allowOrigins: list(nonEmptyString, { min: 1 }),
      allowMethods: list(oneOf(CORS_METHODS), { min: 1 }),
      allowHeaders: list(nonEmptyString, { min: 1 }),
      exposeHeaders: list(nonEmptyString, { min: 1 }),
      allowCredentials: boolean,
      /** Seconds a browser may cache the preflight answer: -1 to 86400. */
      maxAge: integer(-1, 86_400),
    },
  ),
  (cors) =>
    cors.allowCredentials === true && cors.allowOrigins?.includes('*')
      ? 'allowCredentials: true cannot be combined with allowOrigins "*" (browsers and API Gateway refuse it); list the origins'
      : undefined,
);

export const HttpApiSpec = withApiNameCheck(
  object(
    'api',
    {
      name: ApiName,
    },
    {
      logicalName: LogicalName,
      protocol: oneOf(['http'] as const, ' (or websocket, for a WebSocket API)'),
      description: nonEmptyString,
      disableExecuteApiEndpoint: boolean,
      ipAddressType: IpAddressType,
      cors: Cors,
      stage: HttpStageSpec,
      stages: HttpStages,
      permissionScope: oneOf(['auto', 'route', 'api'] as const),
      authorization: Authorization,
      tags: Tags,
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
      ...(cors !== undefined && {
        CorsConfiguration: {
          ...(cors.allowOrigins && { AllowOrigins: cors.allowOrigins }),
          ...(cors.allowMethods && { AllowMethods: cors.allowMethods }),
          ...(cors.allowHeaders && { AllowHeaders: cors.allowHeaders }),
          ...(cors.exposeHeaders && { ExposeHeaders: cors.exposeHeaders }),
          ...(cors.allowCredentials !== undefined && { AllowCredentials: cors.allowCredentials }),
          ...(cors.maxAge !== undefined && { MaxAge: cors.maxAge }),
        },
      }),
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
