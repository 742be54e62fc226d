/**
 * The pipeline: spec -> fragments -> template -> text. Every function here is pure: no file system, no clock.
 */
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { HttpSpec, Spec, WebSocketSpec, decodeSpec, isWebSocketSpec } from './spec/spec';
import { toTemplateParameter } from './spec/parameters';
import { buildHttpApi } from './api/httpApi';
import { apiIdOf, isExistingApi } from './api/existingApi';
import { buildHttpIntegration } from './integrations/http';
import { buildWebSocketIntegration } from './integrations/websocket';
import { buildWebSocketApi } from './api/webSocketApi';
import { buildWebSocketRoute } from './routes/webSocketRoute';
import { buildHttpRoute } from './routes/httpRoute';
import { parseHttpRouteKey } from './routes/routeKey';
import { InvokeGrant, lambdaPermissions } from './shared/lambdaPermission';
import { buildVpcLinks } from './shared/vpcLink';
import { buildAuthorizers, resolveAuthorization, routeAuthorizationProperties } from './authorizers';
import { Built, Fragment, Resource } from './template/types';
import { CombineOptions, TEMPLATE_LIMITS, checkBodySize, mergeFragments } from './template/combine';
import { checkHost, hostIds, mergeIntoHost } from './template/host';
import { checkApiQuotas } from './api/quotas';
import { Format, render } from './output/render';
import { parseYaml } from './yaml/cfnYaml';
import { BuildError, Warning, pathTo } from './errors';
import { placementOf } from './split/options';
import { Layout, layoutTemplate } from './split/layout';

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
  const apiId = apiIdOf(spec.api);
  const fragments: Fragment[] = isExistingApi(spec.api) ? [] : [buildHttpApi(spec.api)];
  if (spec.vpcLinks !== undefined) fragments.push(...buildVpcLinks(spec.vpcLinks));
  if (spec.authorizers !== undefined) fragments.push(...buildAuthorizers(apiId, spec.authorizers, 'http'));
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
      authorization: routeAuthorizationProperties(resolveAuthorization(route.authorization, spec.api.authorization), spec.authorizers),
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
  const apiId = apiIdOf(spec.api);
  // Authorizers are route-side too: a Deployment must capture them (a changed authorizer needs a new deployment).
  const routeFragments: Fragment[] = spec.authorizers === undefined ? [] : buildAuthorizers(apiId, spec.authorizers, 'websocket');
  const grants: InvokeGrant[] = [];
  for (const [routeKey, route] of Object.entries(spec.routes)) {
    const source = pathTo('routes', routeKey);
    // The api's default authorizes $connect, the one route AWS authorizes; spec/spec.ts rejects it on others.
    const authorization = routeKey === '$connect' ? resolveAuthorization(route.authorization, spec.api.authorization) : route.authorization;
    const integration = buildWebSocketIntegration(route.integration, { apiId, path: pathTo(source, 'integration') });
    const built = buildWebSocketRoute(apiId, {
      routeKey,
      integration,
      apiKeyRequired: route.apiKeyRequired,
      returnResponse: route.returnResponse,
      operationName: route.operationName,
      authorization: routeAuthorizationProperties(authorization, spec.authorizers),
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
  const fragments = [...(isExistingApi(spec.api) ? [] : [buildWebSocketApi(spec.api, routeSide)]), ...routeFragments];
  if (grants.length > 0) fragments.push(lambdaPermissions(apiId, grants, spec.api.permissionScope ?? 'auto'));
  return fragments;
}

/**
 * A decoded spec to a complete, checked template. `options` lets references point outside it: at a host
 * template's IDs (`externalIds`), or at anything, collected in `Built.expected` (fragments). With
 * `checkCounts: false` it returns a template of any size (what `buildStacks` splits into nested stacks).
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

/** What to make of a spec: a complete template, a fragment for a host, or a host with the spec merged in. */
export type Output =
  | { readonly kind: 'template' }
  | { readonly kind: 'fragment' }
  | { readonly kind: 'merge'; readonly host: unknown; readonly hostSource: string };

const TEMPLATE: Output = { kind: 'template' };

/** Anything a user wrote (a parsed document or an object) to text, or every error found. */
export function buildSpec(input: unknown, format: Format, output: Output = TEMPLATE): Either<BuildError[], Rendered> {
  const host = output.kind === 'merge' ? checkHost(output.host, output.hostSource) : right(undefined);
  if (isLeft(host)) return host;
  const spec = decodeSpec(input);
  if (isLeft(spec)) return spec;
  const built = buildTemplate(spec.right, {
    checkCounts: false,
    ...(output.kind === 'fragment' ? { unknownReferences: 'collect' } : host.right ? { externalIds: hostIds(host.right) } : {}),
  });
  if (isLeft(built)) return built;
  const { template, warnings, expected } = built.right;
  if (host.right === undefined && output.kind === 'template') {
    const layout = layoutTemplate(template, placementOf(spec.right.stacks), { format });
    if (isLeft(layout)) return layout;
    if (layout.right.problems.length > 0) return left([...layout.right.problems]);
    if (layout.right.kind === 'nested') return left([needsNestedStacks(layout.right)]);
    return right({ text: layout.right.stack.text, warnings: [...warnings, ...layout.right.warnings] });
  }
  let data: unknown;
  if (host.right !== undefined) {
    const merged = mergeIntoHost(host.right, template);
    if (isLeft(merged)) return merged;
    const counts = tooMuchForOneTemplate(merged.right, 'merging the spec into the host would give it');
    if (counts.length > 0) return left(counts);
    data = merged.right;
  } else {
    // What goes under a host's Resources (and Parameters, Outputs): no version, no description.
    data = {
      ...(template.Parameters && { Parameters: template.Parameters }),
      Resources: template.Resources,
      ...(template.Outputs && { Outputs: template.Outputs }),
    };
    const counts = tooMuchForOneTemplate(data as Record<string, unknown>, 'the fragment alone holds');
    if (counts.length > 0) return left(counts);
  }
  const text = render(data, format);
  const size = checkBodySize(text);
  if (size.error !== undefined) return left([size.error]);
  return right({ text, warnings: [...warnings, ...(size.warning ? [size.warning] : [])], ...(expected && { expected }) });
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
  const counts = over.map(([section, noun, limit]) => `${size(section).toLocaleString('en-US')} ${noun} (at most ${limit})`).join(', ');
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

/** Spec text (YAML or JSON) to text. `source` names the spec in messages (its file name). */
export function buildSpecText(specText: string, source: string, format: Format, output: Output = TEMPLATE): Either<BuildError[], Rendered> {
  const parsed = parseYaml(specText, source);
  return isLeft(parsed) ? left([parsed.left]) : buildSpec(parsed.right, format, output);
}

/** A host template's text (YAML with short-form tags, or JSON) with a spec's text merged in. */
export function mergeSpecText(
  hostText: string,
  hostSource: string,
  specText: string,
  specSource: string,
  format: Format,
): Either<BuildError[], Rendered> {
  const host = parseYaml(hostText, hostSource);
  if (isLeft(host)) return left([host.left]);
  return buildSpecText(specText, specSource, format, { kind: 'merge', host: host.right, hostSource });
}
