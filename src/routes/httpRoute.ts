/**
 * One HTTP API route: its integration (shared with every route whose integration has the same properties, since
 * an API holds at most 300 integrations and HTTP APIs cannot raise that), the route itself, and the invoke grants
 * its integration needs.
 */
import { IntegrationResource, RouteResource, Fragment } from '../template/types';
import { Value, canonicalJson, join } from '../value';
import { IntegrationPlan } from '../integrations/kind';
import { InvokeGrant } from '../shared/lambdaPermission';
import { logicalId } from '../shared/logicalId';
import { HttpRouteKey, executeApiResourcePath } from './routeKey';

export interface RouteInput {
  readonly routeKey: string;
  readonly parsedKey: HttpRouteKey;
  readonly operationName?: string;
  readonly integration: IntegrationPlan;
  /** Where the route sits in the spec: `routes["GET /books"]`. */
  readonly source: string;
}

export interface RouteBuild {
  readonly fragments: readonly Fragment[];
  readonly grants: readonly InvokeGrant[];
}

/** The integration's logical ID: a digest of its properties, so equal integrations are one resource. */
export function integrationId(plan: IntegrationPlan): string {
  return logicalId('Integration', plan.name, canonicalJson(plan.properties));
}

export function routeId(routeKey: string): string {
  return logicalId('Route', routeKey, routeKey);
}

export function buildHttpRoute(apiId: Value, input: RouteInput): RouteBuild {
  const integrationLogicalId = integrationId(input.integration);
  const integration: IntegrationResource = {
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: { ApiId: apiId, ...input.integration.properties },
  };
  const route: RouteResource = {
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: {
      ApiId: apiId,
      RouteKey: input.routeKey,
      ...(input.operationName !== undefined && { OperationName: input.operationName }),
      Target: join('', ['integrations/', { Ref: integrationLogicalId }]),
    },
  };
  const resourcePath = executeApiResourcePath(input.parsedKey);
  return {
    fragments: [
      {
        source: input.source,
        resources: { [integrationLogicalId]: integration, [routeId(input.routeKey)]: route },
        warnings: input.integration.warnings ?? [],
      },
      ...(input.integration.fragments ?? []),
    ],
    grants: (input.integration.invokes ?? []).map((fn) => ({ function: fn, resourcePath, source: input.source })),
  };
}
