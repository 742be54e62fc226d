/**
 * One HTTP API route: its integration (shared with every route whose integration has the same properties, since
 * an API holds at most 300 integrations and HTTP APIs cannot raise that), the route itself, and the invoke grants
 * its integration needs.
 */
import { Value } from '../value';
import { RouteBuild, buildRoute } from './route';
import { IntegrationPlan } from '../integrations/kind';
import { HttpRouteKey, executeApiResourcePath, normalizedRouteKey } from './routeKey';
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

/** One HTTP API route: the Route, its (shared) Integration, and the invoke grants its integration needs. */
export function buildHttpRoute(apiId: Value, input: RouteInput): RouteBuild {
  return buildRoute(apiId, {
    routeKey: input.routeKey,
    idKey: normalizedRouteKey(input.parsedKey),
    integration: input.integration,
    properties: {
      ...input.authorization,
      ...(input.operationName !== undefined && { OperationName: input.operationName }),
    },
    resourcePath: executeApiResourcePath(input.parsedKey),
    source: input.source,
  });
}
