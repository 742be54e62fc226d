/**
 * A WebSocket API: AWS::ApiGatewayV2::Api (ProtocolType WEBSOCKET) and, when its stage does not deploy
 * automatically, the AWS::ApiGatewayV2::Deployment the stage serves. The stage is built in src/stages/.
 *
 * ```yaml
 * api:
 *   name: chat                                  # required; text, or an intrinsic (then logicalName is required)
 *   logicalName: Chat                           # the words of the logical IDs (ApiChat, ...); default: the name
 *   protocol: websocket                         # required for WebSocket APIs (default: http)
 *   routeSelectionExpression: $request.body.action   # default $request.body.action
 *   apiKeySelectionExpression: $request.header.x-api-key   # or $context.authorizer.usageIdentifierKey; default none
 *   description: ...
 *   disableExecuteApiEndpoint: false
 *   ipAddressType: dualstack                    # ipv4 (AWS's default) or dualstack
 *   stage: { name: dev, autoDeploy: true }      # required: a name (not $default); see stages/stageSpec.ts
 *   cloudWatchRole: true                        # the account-level role that logging needs; see stages/account.ts
 *   permissionScope: auto                       # auto (default), route or api: see shared/lambdaPermission.ts
 *   authorization: tokens                       # authorizes $connect (the only route AWS authorizes) unless
 *                                               #   routes.$connect says otherwise; see authorizers/authorization.ts
 *   tags: { tier: public }
 * ```
 *
 * Without autoDeploy, the template holds a Deployment whose logical ID is a digest of every route, route response,
 * integration and integration response, so any change to them yields a new Deployment (and the stage moves to it),
 * and which depends on all of them, so it is made after them. A removed route is the exception, and the build warns
 * of it: CloudFormation deletes removed resources in its final cleanup pass, after the new Deployment has captured
 * the API with the route still in it. No template can order a Deployment after that pass, so only the next
 * deployment (or autoDeploy, with which API Gateway redeploys on every change) takes the route off the stage.
 * Without routes there is no Deployment: API Gateway refuses one ("At least one route is required before deploying
 * the Api").
 */
import { DeploymentResource, Fragment, Resource, ApiResource } from '../template/types';
import { Warning } from '../errors';
import { boolean, doc, nonEmptyString, object, oneOf, refine } from '../spec/codec';
import { canonicalJson, ref } from '../value';
import { digest } from '../shared/logicalId';
import { Authorization } from '../authorizers/authorization';
import { Tags, tagsProperty } from '../tags/tags';
import { StageSettings, WebSocketStageSpec } from '../stages/stageSpec';
import { pathTo } from '../errors';
import { ApiName, DisableExecuteApiEndpoint, IpAddressType, LogicalName, PermissionScopeField, apiDisplayName, apiLogicalId, withApiNameCheck } from './apiName';

/** The codec of `api` for a new WebSocket API; `WebSocketApiSpec` is also its decoded type. */
export const WebSocketApiSpec = withApiNameCheck(
  object(
    'WebSocket api',
    {
      name: ApiName,
      protocol: doc(oneOf(['websocket'] as const), 'websocket: a WebSocket API'),
      stage: doc(WebSocketStageSpec, 'the stage: name (letters, digits, -, _; not $default), autoDeploy, logs, throttling, ...'),
    },
    {
      logicalName: LogicalName,
      routeSelectionExpression: doc(refine(nonEmptyString, (e) =>
        /^\$request\.body\.[A-Za-z0-9_.$-]+$|^\$\{request\.body\.[A-Za-z0-9_.$-]+\}$/.test(e)
          ? undefined
          : `expected an expression such as $request.body.action, got ${JSON.stringify(e)}`,
      ), 'which field of a message picks the route: $request.body.FIELD; default $request.body.action'),
      apiKeySelectionExpression: doc(
        oneOf(['$request.header.x-api-key', '$context.authorizer.usageIdentifierKey'] as const),
        'where the API key is; default none',
      ),
      description: doc(nonEmptyString, "the API's description"),
      disableExecuteApiEndpoint: DisableExecuteApiEndpoint,
      ipAddressType: IpAddressType,
      cloudWatchRole: doc(boolean, "emit the account's CloudWatch role for API Gateway (AWS::ApiGateway::Account; one per account and Region), which WebSocket logging needs"),
      permissionScope: PermissionScopeField,
      authorization: doc(Authorization, 'authorizes $connect (the only route AWS authorizes) unless routes.$connect says otherwise'),
      tags: doc(Tags, "the API's tags (beside the spec's default tags)"),
    },
    {
      cors: 'cors applies to HTTP APIs only; WebSocket connections are not subject to CORS',
      stages: 'a WebSocket API here has one stage: api.stage',
    },
  ),
);
export type WebSocketApiSpec = typeof WebSocketApiSpec._A;

export const DEFAULT_ROUTE_SELECTION_EXPRESSION = '$request.body.action';

/** The stage of a WebSocket API, as every stage builder reads it. */
export function webSocketStage(api: WebSocketApiSpec): StageSettings {
  return { ...api.stage, place: pathTo('api', 'stage') };
}

/**
 * The logical ID of the Deployment a stage without autoDeploy serves, or undefined when there is none (the stage
 * deploys itself, or the API has no routes yet): a digest of every route-side resource, so it changes whenever any of
 * them does.
 */
export function webSocketDeploymentId(api: WebSocketApiSpec, routeResources: Readonly<Record<string, Resource>>): string | undefined {
  const hasRoutes = Object.values(routeResources).some((r) => r.Type === 'AWS::ApiGatewayV2::Route');
  if (api.stage.autoDeploy !== false || !hasRoutes) return undefined;
  const captured = Object.keys(routeResources).sort();
  return `${apiLogicalId(api)}Deployment${digest(canonicalJson(captured.map((id) => [id, routeResources[id]])))}`;
}

/**
 * The API, its Deployment when the stage does not deploy itself, and the output of its id. `routeResources` are the
 * route-side resources (routes, route responses, integrations, integration responses, authorizers) that a
 * Deployment must capture.
 */
export function buildWebSocketApi(api: WebSocketApiSpec, routeResources: Readonly<Record<string, Resource>>): Fragment {
  const apiId = apiLogicalId(api);
  const name = apiDisplayName(api);
  const resource: ApiResource = {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: {
      Name: api.name,
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: api.routeSelectionExpression ?? DEFAULT_ROUTE_SELECTION_EXPRESSION,
      ...(api.apiKeySelectionExpression !== undefined && { ApiKeySelectionExpression: api.apiKeySelectionExpression }),
      ...(api.description !== undefined && { Description: api.description }),
      ...(api.disableExecuteApiEndpoint !== undefined && { DisableExecuteApiEndpoint: api.disableExecuteApiEndpoint }),
      ...(api.ipAddressType !== undefined && { IpAddressType: api.ipAddressType }),
      ...(api.tags !== undefined && { Tags: tagsProperty('AWS::ApiGatewayV2::Api', api.tags) as never }),
    },
  };
  const resources: Record<string, Resource> = { [apiId]: resource };
  const deploymentId = webSocketDeploymentId(api, routeResources);
  if (deploymentId !== undefined) {
    const deployment: DeploymentResource = {
      Type: 'AWS::ApiGatewayV2::Deployment',
      DependsOn: Object.keys(routeResources)
        .sort()
        .filter((id) => routeResources[id].Type !== 'AWS::ApiGatewayV2::Integration'),
      Properties: { ApiId: ref(apiId), Description: `The ${name} API's routes; replaced whenever they change` },
    };
    resources[deploymentId] = deployment;
  }
  return {
    source: 'api',
    resources,
    warnings: api.stage.autoDeploy === false ? [manualDeploymentWarning(deploymentId !== undefined)] : [],
    outputs: { [`${apiId}Id`]: { Description: `Id of the ${name} API`, Value: ref(apiId) } },
  };
}

/** What a stage without autoDeploy means for the next update (with routes) or for now (without). */
function manualDeploymentWarning(hasRoutes: boolean): Warning {
  return {
    path: 'api.stage.autoDeploy',
    message: hasRoutes
      ? 'false: a route you remove from the spec stays live on the stage after the update that removes it ' +
        '(CloudFormation takes the new Deployment before its cleanup pass deletes the route), until the next ' +
        'deployment, made by the next update that changes a route, integration or authorizer; set autoDeploy: true ' +
        'to have API Gateway redeploy on every change, removals included'
      : 'false, and the spec has no routes: the stage gets no deployment ("At least one route is required before ' +
        'deploying the Api"), so it serves nothing until the stack that adds routes deploys them; set ' +
        'autoDeploy: true to serve routes as they are added',
  };
}
