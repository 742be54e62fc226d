/**
 * The pipeline: spec -> fragments -> template -> text. Every function here is pure: no file system, no clock.
 */
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { HttpSpec, Spec, WebSocketSpec, decodeSpec, isWebSocketSpec } from './spec/spec';
import { toTemplateParameter } from './spec/parameters';
import { buildHttpApi, httpStages } from './api/httpApi';
import { apiDisplayName, apiLogicalId } from './api/apiName';
import { withExports } from './api/outputs';
import { withDefaultTags } from './tags/tags';
import { RouteThrottle, buildStage, routeThrottleFragment } from './stages/stage';
import { stageLogicalId } from './stages/stageSpec';
import { usedNames } from './stages/variables';
import { ACCOUNT_ID, cloudWatchRoleFragment } from './stages/account';
import { buildDomains } from './domains/domains';
import { buildCallbacks } from './callbacks/callbacks';
import { buildUsagePlans } from './usagePlans/usagePlans';
import { routeId } from './routes/route';
import { apiIdOf, isExistingApi } from './api/existingApi';
import { buildHttpIntegration } from './integrations/http';
import { buildWebSocketIntegration } from './integrations/websocket';
import { buildWebSocketApi, webSocketDeploymentId, webSocketStage } from './api/webSocketApi';
import { buildWebSocketRoute } from './routes/webSocketRoute';
import { buildHttpRoute } from './routes/httpRoute';
import { normalizedRouteKey, parseHttpRouteKey } from './routes/routeKey';
import { InvokeGrant, lambdaPermissions } from './shared/lambdaPermission';
import { buildVpcLinks } from './shared/vpcLink';
import { buildAuthorizers, resolveAuthorization, routeAuthorizationProperties } from './authorizers';
import { Built, Fragment, Resource } from './template/types';
import { CombineOptions, checkBodySize, mergeFragments } from './template/combine';
import { readHost } from './host/read';
import { bodyRefusal, completeMerge, prepareMerge } from './host/merge';
import { SAM_IMPLICIT_HTTP_API, referencedId } from './host/apis';
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
  const built = isWebSocketSpec(spec) ? buildWebSocketFragments(spec) : buildHttpFragments(spec);
  return withExports(withDefaultTags([...parameters, ...built], spec.tags), spec.exportPrefix);
}

/** An HTTP API: the API and its stages, the VPC links it declares, each route with its integration, permissions. */
function buildHttpFragments(spec: HttpSpec): Fragment[] {
  const apiId = apiIdOf(spec.api);
  const fragments: Fragment[] = [];
  if (spec.vpcLinks !== undefined) fragments.push(...buildVpcLinks(spec.vpcLinks));
  if (spec.authorizers !== undefined) fragments.push(...buildAuthorizers(apiId, spec.authorizers, 'http'));
  const grants: InvokeGrant[] = [];
  const throttles: RouteThrottle[] = [];
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
      authorization: routeAuthorizationProperties(resolveAuthorization(route.authorization, spec.api.authorization), spec.authorizers),
      source,
    });
    fragments.push(...built.fragments);
    grants.push(...built.grants);
    if (route.throttle !== undefined) throttles.push({ routeKey, routeId: routeId(normalizedRouteKey(parsed.key)), throttle: route.throttle, source });
  }
  if (grants.length > 0) fragments.push(lambdaPermissions(apiId, grants, spec.api.permissionScope ?? 'auto'));
  if (!isExistingApi(spec.api)) {
    const api = spec.api;
    const stages = httpStages(api);
    fragments.push(
      buildHttpApi(api),
      ...stages.map((stage) =>
        buildStage({
          protocol: 'http',
          apiId: apiLogicalId(api),
          apiName: apiDisplayName(api),
          stage,
          routeThrottles: throttles,
          usedVariables: usedNames(spec),
          autoDeploy: true,
          urlOutput: api.stages === undefined ? 'endpoint' : 'url',
        }),
      ),
    );
    if (spec.domains !== undefined) {
      fragments.push(...buildDomains(spec.domains, { apiId: apiLogicalId(api), stages: stages.map((s) => s.name), disableExecuteApiEndpoint: api.disableExecuteApiEndpoint }));
    }
  }
  fragments.push(...routeThrottleFragment(throttles));
  return fragments;
}

/**
 * A WebSocket API: routes first, since a stage that does not deploy itself needs a Deployment that captures (and
 * depends on) every route-side resource; then the API and stage, then permissions, callbacks and usage plans.
 */
function buildWebSocketFragments(spec: WebSocketSpec): Fragment[] {
  const apiId = apiIdOf(spec.api);
  // Authorizers are route-side too: a Deployment must capture them (a changed authorizer needs a new deployment).
  const routeFragments: Fragment[] = spec.authorizers === undefined ? [] : buildAuthorizers(apiId, spec.authorizers, 'websocket');
  const grants: InvokeGrant[] = [];
  const throttles: RouteThrottle[] = [];
  for (const [routeKey, route] of Object.entries(spec.routes)) {
    const source = pathTo('routes', routeKey);
    // The api's default authorizes $connect, the one route AWS authorizes; spec/spec.ts rejects it on others.
    const authorization = routeKey === '$connect' ? resolveAuthorization(route.authorization, spec.api.authorization) : route.authorization;
    const integration = buildWebSocketIntegration(route.integration, { apiId, path: pathTo(source, 'integration') });
    const built = buildWebSocketRoute(apiId, {
      routeKey,
      integration,
      apiKeyRequired: route.apiKeyRequired,
      usagePlansDeclared: spec.usagePlans !== undefined,
      returnResponse: route.returnResponse,
      operationName: route.operationName,
      authorization: routeAuthorizationProperties(authorization, spec.authorizers),
      source,
    });
    routeFragments.push(...built.fragments);
    grants.push(...built.grants);
    if (route.throttle !== undefined) throttles.push({ routeKey, routeId: routeId(routeKey), throttle: route.throttle, source });
  }
  const routeSide: Record<string, Resource> = {};
  for (const fragment of routeFragments) {
    for (const [id, resource] of Object.entries(fragment.resources ?? {})) {
      if (resource.Type.startsWith('AWS::ApiGatewayV2::')) routeSide[id] = resource;
    }
  }
  const fragments: Fragment[] = [];
  if (!isExistingApi(spec.api)) {
    const api = spec.api;
    const id = apiLogicalId(api);
    const stage = webSocketStage(api);
    fragments.push(buildWebSocketApi(api, routeSide));
    if (api.cloudWatchRole === true) fragments.push(cloudWatchRoleFragment(pathTo('api', 'cloudWatchRole')));
    fragments.push(
      buildStage({
        protocol: 'websocket',
        apiId: id,
        apiName: apiDisplayName(api),
        stage,
        routeThrottles: throttles,
        usedVariables: usedNames(spec),
        autoDeploy: api.stage.autoDeploy !== false,
        deploymentId: webSocketDeploymentId(api, routeSide),
        accountId: api.cloudWatchRole === true ? ACCOUNT_ID : undefined,
        cloudWatchRole: api.cloudWatchRole,
        urlOutput: 'endpoint',
      }),
    );
    if (spec.domains !== undefined) {
      fragments.push(...buildDomains(spec.domains, { apiId: id, stages: [stage.name], disableExecuteApiEndpoint: api.disableExecuteApiEndpoint }));
    }
    if (spec.callbacks !== undefined) fragments.push(...buildCallbacks(spec.callbacks, { apiId: id, stage: stage.name }));
    if (spec.usagePlans !== undefined) fragments.push(...buildUsagePlans(spec.usagePlans, { apiId: id, stageId: stageLogicalId(id, stage.name) }));
  }
  fragments.push(...routeFragments);
  if (grants.length > 0) fragments.push(lambdaPermissions(apiId, grants, spec.api.permissionScope ?? 'auto'));
  fragments.push(...routeThrottleFragment(throttles));
  return fragments;
}

/**
 * A decoded spec to a complete, checked template. `options` lets references point outside it: at a host
 * template's IDs (`externalIds`), or at anything, collected in `Built.expected` (fragments).
 */
export function buildTemplate(spec: Spec, options: Omit<CombineOptions, 'description'> = {}): Either<BuildError[], Built> {
  const merged = mergeFragments(buildFragments(spec), { ...options, description: spec.description });
  if (isLeft(merged)) return merged;
  const quotas = checkApiQuotas(merged.right.template);
  if (quotas.errors.length > 0) return left(quotas.errors);
  return right({ ...merged.right, warnings: [...merged.right.warnings, ...quotas.warnings] });
}

export interface Rendered {
  readonly text: string;
  readonly warnings: readonly Warning[];
  /** For fragments: the logical IDs the host template must define. */
  readonly expected?: readonly string[];
}

/**
 * What to make of a spec: a complete template, a fragment for a host, or a host template's text with the spec
 * merged in (the host's own text kept byte for byte; src/host/merge.ts).
 */
export type Output =
  | { readonly kind: 'template' }
  | { readonly kind: 'fragment' }
  | { readonly kind: 'merge'; readonly hostText: string; readonly hostSource: string };

const TEMPLATE: Output = { kind: 'template' };

/**
 * Routes on SAM's implicit API cannot work from any template: that API is defined by an OpenAPI body that SAM
 * writes (src/host/apis.ts). A merge says so with the host in view; a template or fragment says it here.
 */
function implicitSamApiProblem(spec: Spec): BuildError | undefined {
  if (!isExistingApi(spec.api) || referencedId(spec.api.existing) !== SAM_IMPLICIT_HTTP_API) return undefined;
  return bodyRefusal(`${SAM_IMPLICIT_HTTP_API} is the HTTP API that AWS SAM makes from an OpenAPI body for the functions' HttpApi events that name no API`);
}

/** Anything a user wrote (a parsed document or an object) to text, or every error found. */
export function buildSpec(input: unknown, format: Format, output: Output = TEMPLATE): Either<BuildError[], Rendered> {
  if (output.kind === 'merge') return mergeSpec(input, output.hostText, output.hostSource, format);
  const spec = decodeSpec(input);
  if (isLeft(spec)) return spec;
  const samApi = implicitSamApiProblem(spec.right);
  if (samApi !== undefined) return left([samApi]);
  const built = buildTemplate(spec.right, output.kind === 'fragment' ? { unknownReferences: 'collect' } : {});
  if (isLeft(built)) return built;
  const { template, warnings, expected } = built.right;
  // A fragment is what goes under a host's Resources (and Parameters, Outputs): no version, no description.
  const data =
    output.kind === 'fragment'
      ? {
          ...(template.Parameters && { Parameters: template.Parameters }),
          Resources: template.Resources,
          ...(template.Outputs && { Outputs: template.Outputs }),
        }
      : template;
  const text = render(data, format);
  const size = checkBodySize(text);
  if (size.error !== undefined) return left([size.error]);
  return right({ text, warnings: [...warnings, ...(size.warning ? [size.warning] : [])], ...(expected && { expected }) });
}

/**
 * A spec merged into a host template's text. `format`, when given, must be the host's own (JSON hosts stay JSON,
 * YAML hosts YAML: merge edits their text rather than writing them anew).
 */
function mergeSpec(input: unknown, hostText: string, hostSource: string, format: Format | undefined): Either<BuildError[], Rendered> {
  const host = readHost(hostText, hostSource);
  if (isLeft(host)) return host;
  const spec = decodeSpec(input);
  if (isLeft(spec)) return spec;
  const prepared = prepareMerge(host.right, spec.right, format);
  if (isLeft(prepared)) return prepared;
  const built = buildTemplate(spec.right, { externalIds: prepared.right.externalIds });
  if (isLeft(built)) return built;
  return completeMerge(prepared.right, spec.right, built.right);
}

/** Spec text (YAML or JSON) to text. `source` names the spec in messages (its file name). */
export function buildSpecText(specText: string, source: string, format: Format, output: Output = TEMPLATE): Either<BuildError[], Rendered> {
  const parsed = parseYaml(specText, source);
  return isLeft(parsed) ? left([parsed.left]) : buildSpec(parsed.right, format, output);
}

/**
 * A host template's text (YAML with short-form tags, or JSON) with a spec's text merged in: the host's text stays
 * exactly as written, the spec's resources are added, and what an earlier merge of the same spec added is replaced.
 * The result is in the host's format; `format`, when given, must be that format.
 */
export function mergeSpecText(
  hostText: string,
  hostSource: string,
  specText: string,
  specSource: string,
  format?: Format,
): Either<BuildError[], Rendered> {
  const parsed = parseYaml(specText, specSource);
  return isLeft(parsed) ? left([parsed.left]) : mergeSpec(parsed.right, hostText, hostSource, format);
}
