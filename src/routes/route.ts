/**
 * What routes of both protocols share: the route resource, and its integration's resources (the
 * AWS::ApiGatewayV2::Integration and its integration responses). An integration's logical ID is a digest of
 * everything it is (properties and responses), so routes whose integrations are equal share one resource: an API
 * holds at most 300 integrations.
 */
import { Fragment, IntegrationResource, IntegrationResponseResource, Resource, RouteResource } from '../template/types';
import { Value, canonicalJson, join, ref } from '../value';
import { IntegrationPlan } from '../integrations/kind';
import { InvokeGrant } from '../shared/lambdaPermission';
import { logicalId } from '../shared/logicalId';
import { Warning } from '../errors';

/** The logical ID of an integration: its words and a digest of everything it is, so equal integrations share one. */
export function integrationId(plan: IntegrationPlan): string {
  return logicalId('Integration', plan.name, identityText(plan));
}

/** The canonical text of everything an integration is: what its logical ID digests. */
function identityText(plan: IntegrationPlan): string {
  const identity = plan.responses === undefined ? plan.properties : { properties: plan.properties, responses: plan.responses };
  return canonicalJson(identity);
}

type Integration = { readonly id: string; readonly resources: Record<string, Resource> };

/**
 * Integrations already made, per API ID object (one per build): routes with equal integrations get the same objects,
 * which the combinator then merges without comparing their text (at 1,000 routes, about 940 routes repeat one).
 * Equal means equal canonical text of the identity and the metadata, which is what the combinator compares.
 */
const madeIntegrations = new WeakMap<object, Map<string, Integration>>();

/** The AWS::ApiGatewayV2::Integration of a plan and its integration responses, under their logical IDs. */
export function integrationResources(apiId: Value, plan: IntegrationPlan): Integration {
  const text = identityText(plan);
  if (apiId === null || typeof apiId !== 'object') return makeIntegration(apiId, plan, text);
  let made = madeIntegrations.get(apiId);
  if (made === undefined) madeIntegrations.set(apiId, (made = new Map()));
  const key = `${JSON.stringify(plan.name)}\n${text}\n${plan.metadata === undefined ? '' : canonicalJson(plan.metadata)}`;
  let integration = made.get(key);
  if (integration === undefined) made.set(key, (integration = makeIntegration(apiId, plan, text)));
  return integration;
}

function makeIntegration(apiId: Value, plan: IntegrationPlan, text: string): Integration {
  const id = logicalId('Integration', plan.name, text);
  const integration: IntegrationResource = {
    Type: 'AWS::ApiGatewayV2::Integration',
    ...(plan.metadata !== undefined && { Metadata: plan.metadata }),
    Properties: { ApiId: apiId, ...plan.properties },
  };
  const resources: Record<string, Resource> = { [id]: integration };
  for (const [key, settings] of Object.entries(plan.responses ?? {})) {
    const response: IntegrationResponseResource = {
      Type: 'AWS::ApiGatewayV2::IntegrationResponse',
      Properties: { ApiId: apiId, IntegrationId: ref(id), IntegrationResponseKey: key, ...settings },
    };
    resources[logicalId(`${id}Response`, key === '$default' ? 'Default' : key, key)] = response;
  }
  return { id, resources };
}

/** The logical ID of a route: `Route`, the words of its key and a digest (`GET /books/{id}` -> `RouteGETBooksId...`). */
export function routeId(routeKey: string): string {
  return logicalId('Route', routeKey, routeKey);
}

export interface RouteParts {
  readonly routeKey: string;
  /** What the route's logical ID is made of, when not the route key itself (HTTP: the normalised key). */
  readonly idKey?: string;
  readonly integration: IntegrationPlan;
  /** Route properties beyond ApiId, RouteKey and Target (authorization, operation name, ...). */
  readonly properties: Omit<RouteResource['Properties'], 'ApiId' | 'RouteKey' | 'Target'>;
  /** The execute-api resource that invoke grants name: `GET/books/*` (HTTP), the route key (WebSocket). */
  readonly resourcePath: string;
  /** Resources that belong to the route (a RouteResponse), and warnings about it. */
  readonly extraResources?: Readonly<Record<string, Resource>>;
  readonly warnings?: readonly Warning[];
  /** Where the route sits in the spec: `routes["GET /books"]`. */
  readonly source: string;
}

export interface RouteBuild {
  readonly fragments: readonly Fragment[];
  readonly grants: readonly InvokeGrant[];
}

/** A route, its integration, what the integration brings (roles, links), and the invoke grants it needs. */
export function buildRoute(apiId: Value, parts: RouteParts): RouteBuild {
  const integration = integrationResources(apiId, parts.integration);
  const route: RouteResource = {
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: {
      ApiId: apiId,
      RouteKey: parts.routeKey,
      ...parts.properties,
      Target: join('', ['integrations/', ref(integration.id)]),
    },
  };
  return {
    fragments: [
      {
        source: parts.source,
        resources: { ...integration.resources, [routeId(parts.idKey ?? parts.routeKey)]: route, ...parts.extraResources },
        warnings: [...(parts.integration.warnings ?? []), ...(parts.warnings ?? [])],
      },
      ...(parts.integration.fragments ?? []),
    ],
    grants: [
      ...(parts.integration.invokes ?? []).map((fn) => ({ function: fn, resourcePath: parts.resourcePath, source: parts.source })),
      ...(parts.integration.invokesGrantedByOwner ?? []).map((fn) => ({
        function: fn,
        resourcePath: parts.resourcePath,
        source: parts.source,
        grantedByOwner: true,
      })),
    ],
  };
}
