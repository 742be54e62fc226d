/**
 * One HTTP API route: its integration (shared with every route whose integration has the same properties, since
 * an API holds at most 300 integrations and HTTP APIs cannot raise that), the route itself, and the invoke grants
 * its integration needs.
 */
import { RouteResource, Fragment } from '../template/types';
import { Value, join } from '../value';
import { integrationResources } from './integration';
import { IntegrationPlan } from '../integrations/kind';
import { InvokeGrant } from '../shared/lambdaPermission';
import { logicalId } from '../shared/logicalId';
import { HttpRouteKey, executeApiResourcePath } from './routeKey';
import { RouteAuthorizationProperties } from '../authorizers/authorization';

export interface RouteInput {
  readonly routeKey: string;
  readonly parsedKey: HttpRouteKey;
  readonly operationName?: string;
  readonly integration: IntegrationPlan;
  /** AuthorizationType, AuthorizerId and AuthorizationScopes (authorizers/authorization.ts); none by default. */
  readonly authorization?: RouteAuthorizationProperties;
  /** Where the route sits in the spec: `routes["GET /books"]`. */
  readonly source: string;
}

export interface RouteBuild {
  readonly fragments: readonly Fragment[];
  readonly grants: readonly InvokeGrant[];
}

export function routeId(routeKey: string): string {
  return logicalId('Route', routeKey, routeKey);
}

export function buildHttpRoute(apiId: Value, input: RouteInput): RouteBuild {
  const integration = integrationResources(apiId, input.integration);
  const route: RouteResource = {
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: {
      ApiId: apiId,
      RouteKey: input.routeKey,
      ...input.authorization,
      ...(input.operationName !== undefined && { OperationName: input.operationName }),
      Target: join('', ['integrations/', { Ref: integration.id }]),
    },
  };
  const resourcePath = executeApiResourcePath(input.parsedKey);
  return {
    fragments: [
      {
        source: input.source,
        resources: { ...integration.resources, [routeId(input.routeKey)]: route },
        warnings: input.integration.warnings ?? [],
      },
      ...(input.integration.fragments ?? []),
    ],
    grants: (input.integration.invokes ?? []).map((fn) => ({ function: fn, resourcePath, source: input.source })),
  };
}
