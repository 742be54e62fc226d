/**
 * The pipeline: spec -> fragments -> template -> text. Every function here is pure: no file system, no clock.
 */
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { HttpSpec, Spec, WebSocketSpec, decodeSpec, isWebSocketSpec } from './spec/spec';
import { toTemplateParameter } from './spec/parameters';
import { apiIdValue, buildHttpApi } from './api/httpApi';
import { buildHttpIntegration } from './integrations/http';
import { buildWebSocketIntegration } from './integrations/websocket';
import { buildWebSocketApi } from './api/webSocketApi';
import { buildWebSocketRoute } from './routes/webSocketRoute';
import { buildHttpRoute } from './routes/httpRoute';
import { parseHttpRouteKey } from './routes/routeKey';
import { InvokeGrant, lambdaPermissions } from './shared/lambdaPermission';
import { buildVpcLinks } from './shared/vpcLink';
import { Built, Fragment, Resource } from './template/types';
import { checkBodySize, mergeFragments } from './template/combine';
import { checkApiQuotas } from './api/quotas';
import { Format, render } from './output/render';
import { parseYaml } from './yaml/cfnYaml';
import { BuildError, Warning, pathTo } from './errors';

/** Every fragment a spec yields, for either protocol. */
export function buildFragments(spec: Spec): Fragment[] {
  const parameters: Fragment[] =
    spec.parameters === undefined
      ? []
      : [{ source: 'parameters', parameters: Object.fromEntries(Object.entries(spec.parameters).map(([name, p]) => [name, toTemplateParameter(p)])) }];
  return [...parameters, ...(isWebSocketSpec(spec) ? buildWebSocketFragments(spec) : buildHttpFragments(spec))];
}

/** An HTTP API: the API and its stage, the VPC links it declares, each route with its integration, permissions. */
function buildHttpFragments(spec: HttpSpec): Fragment[] {
  const apiId = apiIdValue(spec.api);
  const fragments: Fragment[] = [buildHttpApi(spec.api)];
  if (spec.vpcLinks !== undefined) fragments.push(...buildVpcLinks(spec.vpcLinks));
  const grants: InvokeGrant[] = [];
  for (const [routeKey, route] of Object.entries(spec.routes)) {
    const source = pathTo('routes', routeKey);
    const parsed = parseHttpRouteKey(routeKey);
    if ('problem' in parsed) throw new Error(`bug: route key ${routeKey} passed decoding but does not parse`);
    const integration = buildHttpIntegration(route.integration, {
      apiId,
      path: pathTo(source, 'integration'),
      vpcLinks: spec.vpcLinks,
    });
    const built = buildHttpRoute(apiId, {
      routeKey,
      parsedKey: parsed.key,
      operationName: route.operationName,
      integration,
      source,
    });
    fragments.push(...built.fragments);
    grants.push(...built.grants);
  }
  if (grants.length > 0) fragments.push(lambdaPermissions(apiId, grants, spec.api.permissionScope ?? 'auto'));
  return fragments;
}

/**
 * A WebSocket API: routes first, since a stage that does not deploy itself needs a Deployment that captures (and
 * depends on) every route-side resource; then the API and stage, then permissions.
 */
function buildWebSocketFragments(spec: WebSocketSpec): Fragment[] {
  const apiId = apiIdValue(spec.api);
  const routeFragments: Fragment[] = [];
  const grants: InvokeGrant[] = [];
  for (const [routeKey, route] of Object.entries(spec.routes)) {
    const source = pathTo('routes', routeKey);
    const integration = buildWebSocketIntegration(route.integration, { apiId, path: pathTo(source, 'integration') });
    const built = buildWebSocketRoute(apiId, {
      routeKey,
      integration,
      apiKeyRequired: route.apiKeyRequired,
      returnResponse: route.returnResponse,
      operationName: route.operationName,
      source,
    });
    routeFragments.push(...built.fragments);
    grants.push(...built.grants);
  }
  const routeSide: Record<string, Resource> = {};
  for (const fragment of routeFragments) {
    for (const [id, resource] of Object.entries(fragment.resources ?? {})) {
      if (resource.Type.startsWith('AWS::ApiGatewayV2::')) routeSide[id] = resource;
    }
  }
  const fragments = [buildWebSocketApi(spec.api, routeSide), ...routeFragments];
  if (grants.length > 0) fragments.push(lambdaPermissions(apiId, grants, spec.api.permissionScope ?? 'auto'));
  return fragments;
}

/** A decoded spec to a complete, checked template. */
export function buildTemplate(spec: Spec): Either<BuildError[], Built> {
  const merged = mergeFragments(buildFragments(spec), { description: spec.description });
  if (isLeft(merged)) return merged;
  const quotas = checkApiQuotas(merged.right.template);
  if (quotas.errors.length > 0) return left(quotas.errors);
  return right({ ...merged.right, warnings: [...merged.right.warnings, ...quotas.warnings] });
}

export interface Rendered {
  readonly text: string;
  readonly warnings: readonly Warning[];
}

/** Anything a user wrote (a parsed document or an object) to template text, or every error found. */
export function buildSpec(input: unknown, format: Format): Either<BuildError[], Rendered> {
  const spec = decodeSpec(input);
  if (isLeft(spec)) return spec;
  const built = buildTemplate(spec.right);
  if (isLeft(built)) return built;
  const text = render(built.right.template, format);
  const size = checkBodySize(text);
  if (size.error !== undefined) return left([size.error]);
  return right({ text, warnings: [...built.right.warnings, ...(size.warning ? [size.warning] : [])] });
}

/** Spec text (YAML or JSON) to template text. `source` names the spec in messages (its file name). */
export function buildSpecText(specText: string, source: string, format: Format): Either<BuildError[], Rendered> {
  const parsed = parseYaml(specText, source);
  return isLeft(parsed) ? left([parsed.left]) : buildSpec(parsed.right, format);
}
