/**
 * The pipeline: spec -> fragments -> template -> text. Every function here is pure: no file system, no clock.
 */
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { thousands } from './yaml/limits';
import { HttpSpec, Spec, SpecInput, WebSocketSpec, decodeSpec, isWebSocketSpec } from './spec/spec';
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
import { HttpIntegration, buildHttpIntegration } from './integrations/http';
import { corsPlan, httpRouteAuthorization } from './api/cors';
import { buildWebSocketIntegration } from './integrations/websocket';
import { buildWebSocketApi, webSocketDeploymentId, webSocketStage } from './api/webSocketApi';
import { buildWebSocketRoute } from './routes/webSocketRoute';
import { buildHttpRoute } from './routes/httpRoute';
import { normalizedRouteKey, parseHttpRouteKey } from './routes/routeKey';
import { InvokeGrant, lambdaPermissions } from './shared/lambdaPermission';
import { buildVpcLinks } from './shared/vpcLink';
import { deployRegionRule, regionPins } from './shared/deployRegion';
import { Authorization, buildAuthorizers, resolveAuthorization, routeAuthorizationProperties } from './authorizers';
import { Built, Fragment, Resource } from './template/types';
import { CombineOptions, TEMPLATE_LIMITS, checkBodySize, mergeFragments } from './template/combine';
import { SAM_IMPLICIT_HTTP_API, referencedId } from './host/apis';
import { checkApiQuotas } from './api/quotas';
import { longestTexts, operationLimitProblem } from './template/estimate';
import { checkSpecReferences, unusedParameters } from './template/references';
import { Format, render } from './output/render';
import { parseSpecYaml } from './yaml/cfnYaml';
import { BuildError, Warning, pathTo } from './errors';
import { placementOf } from './split/options';
import { Layout, layoutTemplate } from './split/layout';
import { Notice, capabilityNotices } from './notices';

/** Every fragment a spec yields, for either protocol. */
export function buildFragments(spec: Spec): Fragment[] {
  const parameters: Fragment[] =
    spec.parameters === undefined
      ? []
      : [{ source: 'parameters', parameters: Object.fromEntries(Object.entries(spec.parameters).map(([name, p]) => [name, toTemplateParameter(p)])) }];
  // Literal function ARNs that get permissions pin the stack to their Region (shared/deployRegion.ts).
  const region = deployRegionRule(regionPins(spec));
  const built = isWebSocketSpec(spec) ? buildWebSocketFragments(spec) : buildHttpFragments(spec);
  return withExports(withDefaultTags([...parameters, ...(region === undefined ? [] : [region]), ...built], spec.tags), spec.exportPrefix);
}

/**
 * An HTTP API: the API and its stages, the VPC links it declares, each route with its integration, the OPTIONS
 * routes CORS preflight asks for (api/cors.ts), permissions, custom domains and route throttles.
 */
function buildHttpFragments(spec: HttpSpec): Fragment[] {
  const apiId = apiIdOf(spec.api);
  const fragments: Fragment[] = [];
  if (spec.vpcLinks !== undefined) fragments.push(...buildVpcLinks(spec.vpcLinks));
  if (spec.authorizers !== undefined) fragments.push(...buildAuthorizers(apiId, spec.authorizers, 'http'));
  const grants: InvokeGrant[] = [];
  const throttles: RouteThrottle[] = [];
  /** Builds one route with its integration; returns its parsed key. */
  const addRoute = (routeKey: string, source: string, integrationSpec: HttpIntegration, authorization: Authorization | undefined, operationName?: string) => {
    const parsed = parseHttpRouteKey(routeKey);
    if ('problem' in parsed) throw new Error(`bug: route key ${routeKey} passed decoding but does not parse`);
    const integration = buildHttpIntegration(integrationSpec, { apiId, path: pathTo(source, 'integration'), vpcLinks: spec.vpcLinks });
    const built = buildHttpRoute(apiId, {
      routeKey,
      parsedKey: parsed.key,
      operationName,
      integration,
      authorization: routeAuthorizationProperties(authorization, spec.authorizers),
      source,
    });
    fragments.push(...built.fragments);
    grants.push(...built.grants);
    return parsed.key;
  };
  for (const [routeKey, route] of Object.entries(spec.routes)) {
    const source = pathTo('routes', routeKey);
    const authorization = httpRouteAuthorization(routeKey, route.authorization, spec.api.authorization);
    const key = addRoute(routeKey, source, route.integration, authorization, route.operationName);
    if (route.throttle !== undefined) throttles.push({ routeKey, routeId: routeId(normalizedRouteKey(key)), throttle: route.throttle, source });
  }
  const cors = corsPlan(spec);
  const preflight = 'cors' in spec.api ? spec.api.cors?.preflight : undefined;
  for (const generated of cors.routes) addRoute(generated.routeKey, 'api.cors.preflight', preflight!.integration, 'none');
  if (cors.warnings.length > 0) fragments.push({ source: 'api.cors', warnings: cors.warnings });
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

/** The parameters and resources the fragments define: what a reference in the spec may name. */
function definedIds(fragments: readonly Fragment[]): Set<string> {
  return new Set(fragments.flatMap((f) => [...Object.keys(f.parameters ?? {}), ...Object.keys(f.resources ?? {})]));
}

/**
 * A decoded spec to a complete, checked template. `options` lets references point outside it: at a host
 * template's IDs (`externalIds`), or at anything, collected in `Built.expected` (fragments). With
 * `checkCounts: false` it returns a template of any size (what `buildStacks` splits into nested stacks).
 */
export function buildTemplate(spec: Spec, options: Omit<CombineOptions, 'description' | 'reportedReferences'> = {}): Either<BuildError[], Built> {
  // Counted before building: a spec no CloudFormation operation can hold is refused before it costs anything.
  const tooLarge = operationLimitProblem(spec);
  if (tooLarge !== undefined) return left([tooLarge]);
  const fragments = buildFragments(spec);
  // References are checked where the spec writes them first; a fragment takes unknown names as the host's.
  const references =
    options.unknownReferences === 'collect'
      ? { errors: [], missing: new Set<string>() }
      : checkSpecReferences(spec, { spec: definedIds(fragments), host: options.externalIds });
  const merged = mergeFragments(fragments, { ...options, description: spec.description, reportedReferences: references.missing });
  // API Gateway's quotas are checked even when the template is refused for its size: the integration quota cannot
  // be raised, so it must not hide behind a resource count that nested stacks can lift.
  const quotas = checkApiQuotas(isLeft(merged) ? { AWSTemplateFormatVersion: '2010-09-09', Resources: firstDefinitions(fragments) } : merged.right.template);
  if (references.errors.length > 0 || isLeft(merged)) return left([...references.errors, ...quotas.errors, ...(isLeft(merged) ? merged.left : [])]);
  const unused = unusedParameters(merged.right.template);
  if (quotas.errors.length > 0 || unused.length > 0) return left([...quotas.errors, ...unused]);
  return right({ ...merged.right, warnings: [...merged.right.warnings, ...quotas.warnings] });
}

/** Each logical ID's first definition among the fragments (what the template would hold, unchecked). */
function firstDefinitions(fragments: readonly Fragment[]): Record<string, Resource> {
  const resources = new Map<string, Resource>();
  for (const fragment of fragments) {
    for (const [id, resource] of Object.entries(fragment.resources ?? {})) if (!resources.has(id)) resources.set(id, resource);
  }
  return Object.fromEntries(resources);
}

/** What a build renders: the text, its warnings, and for a fragment the IDs its host template must define. */
export interface Rendered {
  readonly text: string;
  readonly warnings: readonly Warning[];
  /** What the user must do outside the template: capabilities to acknowledge, permissions another account grants. */
  readonly notices: readonly Notice[];
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

/** Lazily: only a merge reads a host template (with the yaml package, which keeps its text); a build does not. */
const hostRead = (): typeof import('./host/read') => require('./host/read') as typeof import('./host/read');
const hostMerge = (): typeof import('./host/merge') => require('./host/merge') as typeof import('./host/merge');

/**
 * Routes on SAM's implicit API cannot work from any template: that API is defined by an OpenAPI body that SAM
 * writes (src/host/apis.ts). A merge says so with the host in view; a template or fragment says it here.
 */
function implicitSamApiProblem(spec: Spec): BuildError | undefined {
  if (!isExistingApi(spec.api) || referencedId(spec.api.existing) !== SAM_IMPLICIT_HTTP_API) return undefined;
  return hostMerge().bodyRefusal(`${SAM_IMPLICIT_HTTP_API} is the HTTP API that AWS SAM makes from an OpenAPI body for the functions' HttpApi events that name no API`);
}

/**
 * A spec to template text (YAML or JSON), or every error found. `input` is a spec as a user writes it: an object
 * literal is checked and completed by the editor (durations as `'10s'`, intrinsics as `{ Ref: 'X' }`); a parsed
 * document (`JSON.parse`, `parseYaml`) is checked when decoded. `output` chooses a complete template (default), a
 * fragment for a host template, or a host template's text with the spec merged in.
 */
export function buildSpec(input: SpecInput, format: Format, output: Output = TEMPLATE): Either<BuildError[], Rendered> {
  // Counted before decoding: the codecs would walk every one of a hundred thousand routes first.
  const tooLarge = operationLimitProblem(input);
  if (tooLarge !== undefined) return left([tooLarge]);
  if (output.kind === 'merge') return mergeSpec(input, output.hostText, output.hostSource, format);
  const spec = decodeSpec(input);
  if (isLeft(spec)) return spec;
  const samApi = implicitSamApiProblem(spec.right);
  if (samApi !== undefined) return left([samApi]);
  const built = buildTemplate(spec.right, { checkCounts: false, ...(output.kind === 'fragment' && { unknownReferences: 'collect' }) });
  if (isLeft(built)) return built;
  const { template, warnings, notices, expected } = built.right;
  if (output.kind === 'template') {
    // One template, or an error that says how many stacks it needs (src/split/).
    const layout = layoutTemplate(template, placementOf(spec.right.stacks), { format });
    if (isLeft(layout)) return layout;
    if (layout.right.problems.length > 0) return left(layout.right.problems.map((p) => withLongestTexts(p, input)));
    if (layout.right.kind === 'nested') return left([needsNestedStacks(layout.right)]);
    return right({
      text: layout.right.stack.text,
      warnings: [...warnings, ...layout.right.warnings],
      notices: [...notices, ...capabilityNotices(template.Resources)],
    });
  }
  // A fragment is what goes under a host's Resources (and Parameters, Rules, Outputs): no version, no description.
  const data = {
    ...(template.Parameters && { Parameters: template.Parameters }),
    ...(template.Rules && { Rules: template.Rules }),
    Resources: template.Resources,
    ...(template.Outputs && { Outputs: template.Outputs }),
  };
  const counts = tooMuchForOneTemplate(data, 'the fragment alone holds');
  if (counts.length > 0) return left(counts);
  const text = render(data, format);
  const size = checkBodySize(text);
  if (size.error !== undefined) return left([withLongestTexts(size.error, input)]);
  return right({
    text,
    warnings: [...unsplitWarnings(spec.right, 'fragment'), ...warnings, ...(size.warning ? [size.warning] : [])],
    notices: [...notices, ...capabilityNotices(data.Resources)],
    ...(expected && { expected }),
  });
}

/**
 * `stacks: {nested: always}` where the output is a fragment or a merge: the host's template holds what the spec
 * builds, so nothing is split, and a user who asked for nested stacks should not find out at deploy time.
 */
function unsplitWarnings(spec: Spec, output: 'fragment' | 'merge'): Warning[] {
  if (spec.stacks?.nested !== 'always') return [];
  const what = output === 'fragment' ? 'a fragment goes into a host template as it is' : 'merge adds the resources to the host template as they are';
  return [
    {
      path: 'stacks.nested',
      message: `is always, but ${what}, never split into nested stacks; for route stacks, build the spec as a stack of its own (apigw-cfn build SPEC --out-dir DIR)`,
    },
  ];
}

/** A template too large in bytes: say what in the spec makes it so (its longest values). */
function withLongestTexts(error: BuildError, input: unknown): BuildError {
  if (!/ bytes/.test(error.message)) return error;
  const longest = longestTexts(input).map((t) => `${t.path} (${thousands(t.bytes)} bytes)`);
  return longest.length === 0 ? error : { ...error, message: `${error.message}; the longest values of the spec: ${longest.join(', ')}` };
}

/** Why a spec needs nested stacks, how many, and how to ask for them. */
function needsNestedStacks(layout: Extract<Layout, { kind: 'nested' }>): BuildError {
  const stacks = `a root template and ${layout.nested.length} nested stack${layout.nested.length === 1 ? '' : 's'}`;
  const why =
    layout.reasons.length > 0
      ? `as one template it would hold ${layout.reasons.join(', ')}, past ${layout.limits}; it builds into ${stacks}`
      : `stacks.nested is always: the spec builds into ${stacks}`;
  return {
    path: '',
    message: `${why}. Write them into a directory with apigw-cfn build SPEC --out-dir DIR (in a script: buildStacks), and deploy them with aws cloudformation package (see the README, "Nested stacks")`,
  };
}

/**
 * A fragment or a merged host past CloudFormation's limits for one template. Nested stacks cannot help here: the
 * host owns the template. The way out is a stack of the spec's own, beside the host.
 */
function tooMuchForOneTemplate(data: Record<string, unknown>, what: string): BuildError[] {
  const size = (section: string) => Object.keys((data[section] as object | undefined) ?? {}).length;
  const over = (
    [
      ['Resources', 'resources', TEMPLATE_LIMITS.resources],
      ['Parameters', 'parameters', TEMPLATE_LIMITS.parameters],
      ['Outputs', 'outputs', TEMPLATE_LIMITS.outputs],
    ] as const
  ).filter(([section, , limit]) => size(section) > limit);
  if (over.length === 0) return [];
  const counts = over.map(([section, noun, limit]) => `${thousands(size(section))} ${noun} (at most ${limit})`).join(', ');
  return [
    {
      path: '',
      message:
        `${what} ${counts}, past CloudFormation's limits for one template. Build the spec as a stack of its own instead ` +
        '(apigw-cfn build SPEC --out-dir DIR splits it into nested stacks when needed) and deploy it beside the host; ' +
        'to add the routes to an API the host defines, write api: {existing: !Ref ApiId} with a parameter that takes its id',
    },
  ];
}

/**
 * A spec merged into a host template's text. `format`, when given, must be the host's own (JSON hosts stay JSON,
 * YAML hosts YAML: merge edits their text rather than writing them anew).
 */
function mergeSpec(input: unknown, hostText: string, hostSource: string, format: Format | undefined): Either<BuildError[], Rendered> {
  const { completeMerge, prepareMerge } = hostMerge();
  const host = hostRead().readHost(hostText, hostSource);
  if (isLeft(host)) return host;
  const spec = decodeSpec(input);
  if (isLeft(spec)) return spec;
  const prepared = prepareMerge(host.right, spec.right, format);
  if (isLeft(prepared)) return prepared;
  const built = buildTemplate(spec.right, { externalIds: prepared.right.externalIds });
  if (isLeft(built)) return built;
  const merged = completeMerge(prepared.right, spec.right, built.right);
  const unsplit = unsplitWarnings(spec.right, 'merge');
  return isLeft(merged) || unsplit.length === 0 ? merged : right({ ...merged.right, warnings: [...unsplit, ...merged.right.warnings] });
}

/** Spec text (YAML or JSON) to text. `source` names the spec in messages (its file name). */
export function buildSpecText(specText: string, source: string, format: Format, output: Output = TEMPLATE): Either<BuildError[], Rendered> {
  const parsed = parseSpecYaml(specText, source);
  // The parsed document is anything; decoding checks it as it checks an object a script passes.
  return isLeft(parsed) ? parsed : buildSpec(parsed.right as SpecInput, format, output);
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
  const parsed = parseSpecYaml(specText, specSource);
  return isLeft(parsed) ? parsed : mergeSpec(parsed.right, hostText, hostSource, format);
}
