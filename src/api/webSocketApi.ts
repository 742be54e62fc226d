/**
 * A WebSocket API: AWS::ApiGatewayV2::Api (ProtocolType WEBSOCKET), its named stage, and, when the stage does not
 * deploy automatically, the AWS::ApiGatewayV2::Deployment it serves.
 *
 * ```yaml
 * api:
 *   name: chat                                  # required; also names the logical IDs (ApiChat, ...)
 *   protocol: websocket                         # required for WebSocket APIs (default: http)
 *   routeSelectionExpression: $request.body.action   # default $request.body.action
 *   apiKeySelectionExpression: $request.header.x-api-key   # or $context.authorizer.usageIdentifierKey; default none
 *   description: ...
 *   disableExecuteApiEndpoint: false
 *   stage: { name: dev, autoDeploy: true }      # required: a name (not $default); autoDeploy default true
 *   permissionScope: auto                       # auto (default), route or api: see shared/lambdaPermission.ts
 *   authorization: tokens                       # authorizes $connect (the only route AWS authorizes) unless
 *                                               #   routes.$connect says otherwise; see authorizers/authorization.ts
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
import { DeploymentResource, Fragment, Output, Resource, StageResource, ApiResource } from '../template/types';
import { Warning } from '../errors';
import { boolean, doc, nonEmptyString, object, oneOf, refine } from '../spec/codec';
import { canonicalJson, ref, sub } from '../value';
import { digest, singletonId } from '../shared/logicalId';
import { ApiName, DisableExecuteApiEndpoint, PermissionScopeField } from './httpApi';
import { Authorization } from '../authorizers/authorization';

const StageName = refine(nonEmptyString, (name) =>
  name === '$default'
    ? 'a WebSocket API stage needs a name of its own; $default is for HTTP APIs'
    : /^[A-Za-z0-9_-]{1,128}$/.test(name)
      ? undefined
      : `expected a stage name of letters, digits, "-" and "_" (at most 128), got ${JSON.stringify(name)}`,
);

/** The codec of `api` for a new WebSocket API; `WebSocketApiSpec` is also its decoded type. */
export const WebSocketApiSpec = object(
  'WebSocket api',
  {
    name: ApiName,
    protocol: doc(oneOf(['websocket'] as const), 'websocket: a WebSocket API'),
    stage: doc(
      object(
        'WebSocket stage',
        { name: StageName },
        {
          autoDeploy: doc(boolean, 'deploy every change automatically; default true (false: a Deployment the stage moves to)'),
          description: doc(nonEmptyString, "the stage's description"),
        },
      ),
      'the stage: name (letters, digits, -, _; not $default), autoDeploy, description',
    ),
  },
  {
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
    permissionScope: PermissionScopeField,
    authorization: doc(Authorization, 'authorizes $connect (the only route AWS authorizes) unless routes.$connect says otherwise'),
  },
  { cors: 'cors applies to HTTP APIs only; WebSocket connections are not subject to CORS' },
);
export type WebSocketApiSpec = typeof WebSocketApiSpec._A;

export const DEFAULT_ROUTE_SELECTION_EXPRESSION = '$request.body.action';

/**
 * The API, its stage and outputs. `routeResources` are the route-side resources (routes, route responses,
 * integrations, integration responses) that a Deployment must capture when the stage does not deploy itself.
 */
export function buildWebSocketApi(api: WebSocketApiSpec, routeResources: Readonly<Record<string, Resource>>): Fragment {
  const apiId = singletonId('Api', api.name);
  const stageName = api.stage.name;
  const autoDeploy = api.stage.autoDeploy ?? true;
  const resource: ApiResource = {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: {
      Name: api.name,
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: api.routeSelectionExpression ?? DEFAULT_ROUTE_SELECTION_EXPRESSION,
      ...(api.apiKeySelectionExpression !== undefined && { ApiKeySelectionExpression: api.apiKeySelectionExpression }),
      ...(api.description !== undefined && { Description: api.description }),
      ...(api.disableExecuteApiEndpoint !== undefined && { DisableExecuteApiEndpoint: api.disableExecuteApiEndpoint }),
    },
  };
  const resources: Record<string, Resource> = { [apiId]: resource };
  const hasRoutes = Object.values(routeResources).some((r) => r.Type === 'AWS::ApiGatewayV2::Route');
  let deploymentId: string | undefined;
  if (!autoDeploy && hasRoutes) {
    const captured = Object.keys(routeResources).sort();
    deploymentId = `${apiId}Deployment${digest(canonicalJson(captured.map((id) => [id, routeResources[id]])))}`;
    const deployment: DeploymentResource = {
      Type: 'AWS::ApiGatewayV2::Deployment',
      DependsOn: captured.filter((id) => routeResources[id].Type !== 'AWS::ApiGatewayV2::Integration'),
      Properties: { ApiId: ref(apiId), Description: `The ${api.name} API's routes; replaced whenever they change` },
    };
    resources[deploymentId] = deployment;
  }
  const stage: StageResource = {
    Type: 'AWS::ApiGatewayV2::Stage',
    Properties: {
      ApiId: ref(apiId),
      StageName: stageName,
      ...(api.stage.description !== undefined && { Description: api.stage.description }),
      ...(autoDeploy ? { AutoDeploy: true } : deploymentId !== undefined && { DeploymentId: ref(deploymentId) }),
    },
  };
  resources[singletonId(`${apiId}Stage`, stageName)] = stage;
  const endpoint: Output = {
    Description: `WebSocket URL (wss://) of the ${api.name} API's ${stageName} stage`,
    Value: sub(`\${${apiId}.ApiEndpoint}/${stageName}`),
  };
  return {
    source: 'api',
    resources,
    warnings: autoDeploy ? [] : [manualDeploymentWarning(hasRoutes)],
    outputs: {
      [`${apiId}Id`]: { Description: `Id of the ${api.name} API`, Value: ref(apiId) },
      [`${apiId}Endpoint`]: endpoint,
    },
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
