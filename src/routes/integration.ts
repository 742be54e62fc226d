/**
 * An integration's resources, for routes of either protocol: the AWS::ApiGatewayV2::Integration and its
 * integration responses. Its logical ID is a digest of everything it is (properties and responses), so routes whose
 * integrations are equal share one resource: an API holds at most 300 integrations.
 */
import { IntegrationResource, IntegrationResponseResource, Resource } from '../template/types';
import { Value, canonicalJson, ref } from '../value';
import { IntegrationPlan } from '../integrations/kind';
import { logicalId } from '../shared/logicalId';

export function integrationId(plan: IntegrationPlan): string {
  const identity = plan.responses === undefined ? plan.properties : { properties: plan.properties, responses: plan.responses };
  return logicalId('Integration', plan.name, canonicalJson(identity));
}

export function integrationResources(apiId: Value, plan: IntegrationPlan): { id: string; resources: Record<string, Resource> } {
  const id = integrationId(plan);
  const integration: IntegrationResource = {
    Type: 'AWS::ApiGatewayV2::Integration',
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
