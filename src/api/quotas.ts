/**
 * API Gateway's per-API quotas, checked on the finished template: an API holds at most 300 integrations (HTTP APIs
 * cannot raise this, so it is an error for both protocols), 300 routes and 10 stages (defaults that AWS raises on
 * request, so warnings).
 */
import { BuildError, Warning } from '../errors';
import { Template } from '../template/types';
import { canonicalJson, describeValue } from '../value';

/** API Gateway's quotas per API: integrations (not adjustable for HTTP APIs), routes (adjustable) and stages. */
export const API_QUOTAS = { integrations: 300, routes: 300, stages: 10 } as const;

/** The quotas of every API in a template: too many integrations is an error, too many routes a warning. */
export function checkApiQuotas(template: Template): { errors: BuildError[]; warnings: Warning[] } {
  const counts = new Map<string, { api: unknown; integrations: number; routes: number; stages: number }>();
  const counted = ['AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Stage'];
  // Every resource of one API shares its ApiId object: its canonical text is worked out once.
  const keys = new Map<unknown, string>();
  for (const resource of Object.values(template.Resources)) {
    if (!counted.includes(resource.Type)) continue;
    const api = (resource.Properties as { ApiId: unknown }).ApiId;
    const key = keys.get(api) ?? keys.set(api, canonicalJson(api)).get(api)!;
    const entry = counts.get(key) ?? { api, integrations: 0, routes: 0, stages: 0 };
    if (resource.Type === 'AWS::ApiGatewayV2::Integration') entry.integrations++;
    else if (resource.Type === 'AWS::ApiGatewayV2::Route') entry.routes++;
    else entry.stages++;
    counts.set(key, entry);
  }
  const errors: BuildError[] = [];
  const warnings: Warning[] = [];
  for (const { api, integrations, routes, stages } of counts.values()) {
    if (integrations > API_QUOTAS.integrations) {
      errors.push({
        path: 'routes',
        message: `API ${describeValue(api)} has ${integrations} distinct integrations; API Gateway allows at most ${API_QUOTAS.integrations} per API, and HTTP APIs cannot raise that quota (routes with equal integration settings share one)`,
      });
    }
    if (routes > API_QUOTAS.routes) {
      warnings.push({
        path: 'routes',
        message: `API ${describeValue(api)} has ${routes} routes; API Gateway allows ${API_QUOTAS.routes} per API unless you have asked AWS to raise the quota`,
      });
    }
    if (stages > API_QUOTAS.stages) {
      warnings.push({
        path: '',
        message: `API ${describeValue(api)} has ${stages} stages; API Gateway allows ${API_QUOTAS.stages} per API unless you have asked AWS to raise the quota`,
      });
    }
  }
  return { errors, warnings };
}
