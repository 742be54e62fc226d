/**
 * WebSocket routes: `$connect`, `$disconnect`, `$default`, or a custom key that the API's route selection expression
 * yields (`sendmessage`). A two-way route (`returnResponse: true`) gets RouteResponseSelectionExpression `$default`
 * and an AWS::ApiGatewayV2::RouteResponse, so what its integration answers reaches the client.
 */
import { RouteResponseResource } from '../template/types';
import { Value, ref } from '../value';
import { IntegrationPlan } from '../integrations/kind';
import { logicalId } from '../shared/logicalId';
import { HTTP_METHODS } from './routeKey';
import { RouteBuild, buildRoute, routeId } from './route';
import { Warning } from '../errors';
import { RouteAuthorizationProperties } from '../authorizers/authorization';

export const PREDEFINED_WEBSOCKET_ROUTES = ['$connect', '$disconnect', '$default'] as const;

/** Why a key cannot be a WebSocket route key, or undefined when it can. */
export function webSocketRouteKeyProblem(key: string): string | undefined {
  if ((PREDEFINED_WEBSOCKET_ROUTES as readonly string[]).includes(key)) return undefined;
  const method = key.split(' ')[0];
  if ((HTTP_METHODS as readonly string[]).includes(method) && key.slice(method.length + 1).startsWith('/')) {
    return `"METHOD /path" keys belong to HTTP APIs; a WebSocket route key is $connect, $disconnect, $default or the value your route selection expression yields (such as sendmessage), got ${JSON.stringify(key)}`;
  }
  if (key.startsWith('$')) {
    return `the $ prefix is reserved for $connect, $disconnect and $default; a custom route key must not start with it, got ${JSON.stringify(key)}`;
  }
  if (key === '') return 'expected a non-empty route key';
  if (/[\u0000-\u001f]/.test(key)) return `expected a route key without control characters, got ${JSON.stringify(key)}`;
  return undefined;
}

export interface WebSocketRouteInput {
  readonly routeKey: string;
  readonly integration: IntegrationPlan;
  readonly apiKeyRequired?: boolean;
  /** Whether the spec declares usage plans (which bind keys to the stage): then apiKeyRequired needs no warning. */
  readonly usagePlansDeclared?: boolean;
  readonly returnResponse?: boolean;
  readonly operationName?: string;
  /** AuthorizationType and AuthorizerId; anything but NONE on $connect only (spec/spec.ts rejects it elsewhere). */
  readonly authorization?: RouteAuthorizationProperties;
  readonly source: string;
}

/** One WebSocket route: the Route, its Integration and integration responses, a RouteResponse when two-way, and its grants. */
export function buildWebSocketRoute(apiId: Value, input: WebSocketRouteInput): RouteBuild {
  const extraResources: Record<string, RouteResponseResource> = {};
  const warnings: Warning[] = [];
  if (input.returnResponse === true) {
    extraResources[logicalId('RouteResponse', input.routeKey, input.routeKey)] = {
      Type: 'AWS::ApiGatewayV2::RouteResponse',
      Properties: { ApiId: apiId, RouteId: ref(routeId(input.routeKey)), RouteResponseKey: '$default' },
    };
    const proxy = input.integration.properties.IntegrationType === 'AWS_PROXY' || input.integration.properties.IntegrationType === 'HTTP_PROXY';
    if (!proxy && input.integration.responses === undefined) {
      warnings.push({
        path: `${input.source}.returnResponse`,
        message: 'the route returns a response, but its integration defines no responses, so clients get nothing back; add integration.responses',
      });
    }
  }
  if (input.apiKeyRequired === true && input.usagePlansDeclared !== true) {
    warnings.push({
      path: `${input.source}.apiKeyRequired`,
      message:
        'true: API Gateway accepts only API keys of a usage plan for this API and stage (AWS::ApiGateway::UsagePlan ' +
        'with ApiStages naming them, AWS::ApiGateway::ApiKey, AWS::ApiGateway::UsagePlanKey), and the spec declares ' +
        'none: declare one under usagePlans (or beside the spec), or every connection is refused',
    });
  }
  return buildRoute(apiId, {
    routeKey: input.routeKey,
    integration: input.integration,
    properties: {
      ...input.authorization,
      ...(input.apiKeyRequired !== undefined && { ApiKeyRequired: input.apiKeyRequired }),
      ...(input.operationName !== undefined && { OperationName: input.operationName }),
      ...(input.returnResponse === true && { RouteResponseSelectionExpression: '$default' }),
    },
    resourcePath: input.routeKey,
    extraResources,
    warnings,
    source: input.source,
  });
}
