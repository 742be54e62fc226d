/**
 * What deploying one template over another does: which resources CloudFormation adds, removes, updates in place
 * and replaces, and the changes that break a deploy or a client although every template is valid:
 *
 * - a route whose logical ID changes while its RouteKey stays: CloudFormation creates the new route before it
 *   deletes the old one, and API Gateway refuses a second route with the same key (ConflictException);
 * - an API whose logical ID changes (a rename): a new API with a new id and URL, every route built again on it;
 * - an integration whose settings change: its logical ID is a digest of them, so a new integration is created, the
 *   routes move to it and the old one is deleted;
 * - a create-only property that changes (review/createOnly.ts), or a create-only property that refers to a
 *   resource being replaced (its id changes, so the property does too): the resource is replaced.
 *
 * Pure: templates are data in CloudFormation's JSON form (parsed YAML or built), compared by value.
 */
import { pathTo } from '../errors';
import { collectReferences } from '../template/references';
import { Json, canonicalJson, isIntrinsic, isPlainObject } from '../value';
import { CREATE_ONLY_PROPERTIES, createOnlyPath } from './createOnly';
import { sourceArnParts, targetIntegrationId } from './routes';
import { showValue } from './text';

export type TemplateData = Readonly<Record<string, unknown>>;

export interface PropertyChange {
  /** `TimeoutInMillis`, `CorsConfiguration.AllowOrigins`. */
  readonly path: string;
  /** Changing it replaces the resource. */
  readonly createOnly: boolean;
  /** Unchanged in the text, but it refers to this resource, which is replaced: its value changes at deploy time. */
  readonly refersToReplaced?: string;
}

/** One resource that deploying the new template adds, removes, changes or replaces. */
export interface ResourceDiff {
  readonly logicalId: string;
  /** `replaced`: the same logical ID, a new physical resource; `type changed`: CloudFormation refuses the update. */
  readonly change: 'added' | 'removed' | 'changed' | 'replaced' | 'type changed';
  readonly type: string;
  readonly oldType?: string;
  /** What the resource is, for a reader: a route's key, an integration's type and URI, a permission's scope. */
  readonly summary: string;
  readonly properties?: readonly PropertyChange[];
  /** Changed resource attributes: DependsOn, Metadata, Condition, DeletionPolicy, ... */
  readonly attributes?: readonly string[];
  /** The type is not in our table of create-only properties: whether the change replaces it is not known here. */
  readonly replacementUnknown?: true;
}

/** Parameters, Outputs, Conditions, Mappings, Rules, and top-level keys (Description, Transform, ...). */
export interface EntryDiff {
  readonly section: string;
  /** The entry's name; absent for a top-level key such as Description. */
  readonly name?: string;
  readonly change: 'added' | 'removed' | 'changed';
}

/** What breaks a deploy or its clients although both templates are valid: a moved route, a renamed API, ... */
export type Finding =
  | { readonly kind: 'route moved'; readonly routeKey: string; readonly from: string; readonly to: string }
  | { readonly kind: 'route changes stack'; readonly routeKey: string; readonly logicalId: string; readonly from: string; readonly to: string }
  | { readonly kind: 'api renamed'; readonly from: string; readonly to: string; readonly oldName?: Json; readonly newName?: Json }
  | { readonly kind: 'api name changed'; readonly logicalId: string; readonly oldName?: Json; readonly newName?: Json }
  | {
      readonly kind: 'integration changed';
      readonly from: string;
      readonly to: string;
      readonly routes: readonly string[];
      readonly properties: readonly string[];
    }
  | { readonly kind: 'stage renamed'; readonly from: string; readonly to: string; readonly oldName?: Json; readonly newName?: Json }
  | { readonly kind: 'type changed'; readonly logicalId: string; readonly from: string; readonly to: string };

/** What deploying one template over another does: resources, other entries, findings, and the counts. */
export interface TemplateDiff {
  readonly resources: readonly ResourceDiff[];
  readonly entries: readonly EntryDiff[];
  readonly findings: readonly Finding[];
  /** Resources CloudFormation would replace: same ID, new resource; renamed APIs and stages and changed integrations count. */
  readonly replaced: number;
  /** Routes that would move to another logical ID, or to another stack, while keeping their key. */
  readonly moved: number;
}

/**
 * Which route stack holds each resource, on either side, for builds into nested stacks (src/split/): logical ID ->
 * the route stack's logical ID in the root. A resource not listed is in the top-level stack (the root template, or
 * the one template), which stays the same stack when a template is first split.
 */
export interface RouteStacks {
  readonly before?: Readonly<Record<string, string>>;
  readonly after?: Readonly<Record<string, string>>;
}

/** What a route's stack is called in findings: a route stack's logical ID, or this. */
export const TOP_LEVEL_STACK = 'the top-level stack';

interface Resource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly [attribute: string]: unknown;
}

type Resources = Readonly<Record<string, Resource>>;

const SECTIONS = ['Parameters', 'Mappings', 'Conditions', 'Rules', 'Outputs'] as const;

/** The difference between two templates, with what CloudFormation would replace (create-only properties). */
export function diffTemplates(before: TemplateData, after: TemplateData, stacks: RouteStacks = {}): TemplateDiff {
  const old = resourcesOf(before);
  const now = resourcesOf(after);
  const resources = diffResources(old, now);
  const renames = apiRenames(old, now);
  const findings = [
    ...typeChanges(resources),
    ...routeMoves(old, now),
    ...routeStackChanges(old, now, stacks),
    ...renames,
    ...stageRenames(old, now),
    ...integrationChanges(old, now, renames),
  ];
  // A new API, stage or integration in place of the old one is a replacement under another logical ID.
  const replacedUnderNewIds = findings.filter((f) => f.kind === 'api renamed' || f.kind === 'stage renamed' || f.kind === 'integration changed').length;
  return {
    resources,
    entries: diffEntries(before, after),
    findings,
    replaced: resources.filter((r) => r.change === 'replaced' || r.change === 'type changed').length + replacedUnderNewIds,
    moved: findings.filter((f) => f.kind === 'route moved' || f.kind === 'route changes stack').length,
  };
}

/** Whether the deploy would replace a resource or move a route: what `apigw-cfn diff` exits 1 for. */
export function isDisruptive(diff: TemplateDiff): boolean {
  return diff.replaced > 0 || diff.moved > 0;
}

/** The template's resources; an entry that is not a mapping with a Type (CloudFormation refuses it) keeps its place. */
function resourcesOf(template: TemplateData): Resources {
  const resources = isPlainObject(template.Resources) ? template.Resources : {};
  return Object.fromEntries(
    Object.entries(resources).map(([id, r]) => [
      id,
      isPlainObject(r) && typeof r.Type === 'string' ? (r as Resource) : { ...(isPlainObject(r) ? r : { Value: r }), Type: '(no Type)' },
    ]),
  );
}

const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function diffResources(old: Resources, now: Resources): ResourceDiff[] {
  const common = Object.keys(now).filter((id) => Object.hasOwn(old, id) && old[id].Type === now[id].Type);
  // Replaced: a create-only property changes, or refers to a resource that is replaced (until nothing more is).
  const reasons = new Map<string, PropertyChange[]>();
  const typeChanged = Object.keys(now).filter((id) => Object.hasOwn(old, id) && old[id].Type !== now[id].Type);
  const replaced = new Set<string>(typeChanged);
  for (const id of common) {
    const changes = createOnlyPointers(now[id].Type)
      .filter((p) => canonicalJson(valueAt(old[id], p) ?? null) !== canonicalJson(valueAt(now[id], p) ?? null))
      .map((p) => ({ path: p.reduce(pathTo, ''), createOnly: true }));
    if (changes.length > 0) {
      reasons.set(id, changes);
      replaced.add(id);
    }
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const id of common) {
      if (replaced.has(id)) continue;
      for (const p of createOnlyPointers(now[id].Type)) {
        const target = collectReferences(valueAt(now[id], p)).find((r) => replaced.has(r.target))?.target;
        if (target === undefined) continue;
        reasons.set(id, [...(reasons.get(id) ?? []), { path: p.reduce(pathTo, ''), createOnly: true, refersToReplaced: target }]);
        replaced.add(id);
        grew = true;
      }
    }
  }

  const diffs: ResourceDiff[] = [];
  for (const [id, resource] of Object.entries(now).sort(byKey)) {
    if (!Object.hasOwn(old, id)) {
      diffs.push({ logicalId: id, change: 'added', type: resource.Type, summary: summaryOf(resource) });
    } else if (old[id].Type !== resource.Type) {
      diffs.push({ logicalId: id, change: 'type changed', type: resource.Type, oldType: old[id].Type, summary: summaryOf(resource) });
    } else {
      const diff = changedResource(id, old[id], resource, reasons.get(id) ?? [], replaced);
      if (diff !== undefined) diffs.push(diff);
    }
  }
  for (const [id, resource] of Object.entries(old)) {
    if (!Object.hasOwn(now, id)) diffs.push({ logicalId: id, change: 'removed', type: resource.Type, summary: summaryOf(resource) });
  }
  return diffs.sort((a, b) => (a.logicalId < b.logicalId ? -1 : a.logicalId > b.logicalId ? 1 : 0));
}

function changedResource(
  id: string,
  before: Resource,
  after: Resource,
  replacement: readonly PropertyChange[],
  replaced: ReadonlySet<string>,
): ResourceDiff | undefined {
  // A changed path is create-only when it lies under (or holds) a create-only property whose value changed.
  const createOnly = replacement.map((c) => c.path);
  const properties = new Map<string, PropertyChange>();
  for (const path of changedPaths(before.Properties ?? {}, after.Properties ?? {})) {
    properties.set(path, { path, createOnly: createOnly.some((c) => isUnder(path, c) || isUnder(c, path)) });
  }
  for (const change of replacement) if (!properties.has(change.path)) properties.set(change.path, change);
  // Properties that read like before but refer to a replaced resource get a new value at deploy time.
  for (const [key, value] of Object.entries(after.Properties ?? {})) {
    const path = pathTo('', key);
    const target = collectReferences(value).find((r) => replaced.has(r.target) && r.target !== id)?.target;
    if (target !== undefined && !properties.has(path)) properties.set(path, { path, createOnly: false, refersToReplaced: target });
  }
  const attributes = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => k !== 'Type' && k !== 'Properties' && canonicalJson(before[k] ?? null) !== canonicalJson(after[k] ?? null))
    .sort();
  if (properties.size === 0 && attributes.length === 0) return undefined;
  return {
    logicalId: id,
    change: replacement.length > 0 ? 'replaced' : 'changed',
    type: after.Type,
    summary: summaryOf(after),
    properties: [...properties.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    ...(attributes.length > 0 && { attributes }),
    ...(!Object.hasOwn(CREATE_ONLY_PROPERTIES, after.Type) && { replacementUnknown: true as const }),
  };
}

/** `a.b` and `a["x"]` lie under `a`, and `a` under itself. */
function isUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}

function createOnlyPointers(type: string): string[][] {
  return (Object.hasOwn(CREATE_ONLY_PROPERTIES, type) ? CREATE_ONLY_PROPERTIES[type] : []).map(createOnlyPath);
}

/** The value at a property path, or undefined. A `*` step (any list item) stops at the list: it is compared whole. */
function valueAt(resource: Resource, path: readonly string[]): unknown {
  let node: unknown = resource.Properties;
  for (const step of path) {
    if (step === '*') return node;
    node = isPlainObject(node) && !isIntrinsic(node) && Object.hasOwn(node, step) ? node[step] : undefined;
  }
  return node;
}

/** The paths where two values differ, down through mappings (not into lists or intrinsics, compared whole). */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) return [];
  const descend = (x: unknown) => isPlainObject(x) && !isIntrinsic(x);
  if (!descend(a) || !descend(b)) return [prefix];
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return keys.flatMap((k) => changedPaths(left[k], right[k], pathTo(prefix, k)));
}

/** A few words on what a resource is, so that added and removed IDs can be read. */
export function summaryOf(resource: Resource): string {
  const p = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::ApiGatewayV2::Route':
      return typeof p.RouteKey === 'string' ? p.RouteKey : showValue(p.RouteKey);
    case 'AWS::ApiGatewayV2::Integration': {
      const target = p.IntegrationSubtype ?? p.IntegrationUri;
      return [p.IntegrationType, target === undefined ? undefined : showValue(target)].filter((x) => x !== undefined).join(' ');
    }
    case 'AWS::Lambda::Permission': {
      const parts = sourceArnParts(p.SourceArn);
      return `${showValue(p.FunctionName)} from ${parts ? `${parts.api}/${parts.pattern}` : showValue(p.SourceArn)}`;
    }
    case 'AWS::ApiGatewayV2::Api':
      return `${p.Name === undefined ? '' : showValue(p.Name)} (${String(p.ProtocolType)})`;
    case 'AWS::ApiGatewayV2::Stage':
      return showValue(p.StageName);
    case 'AWS::ApiGatewayV2::Authorizer':
    case 'AWS::ApiGatewayV2::VpcLink':
      return p.Name === undefined ? '' : showValue(p.Name);
    case 'AWS::ApiGatewayV2::RouteResponse':
      return showValue(p.RouteResponseKey);
    case 'AWS::ApiGatewayV2::IntegrationResponse':
      return showValue(p.IntegrationResponseKey);
    default:
      return '';
  }
}

function diffEntries(before: TemplateData, after: TemplateData): EntryDiff[] {
  const entries: EntryDiff[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const key of keys.filter((k) => k !== 'Resources' && !(SECTIONS as readonly string[]).includes(k)).sort()) {
    const change = compare(before[key], after[key]);
    if (change !== undefined) entries.push({ section: key, change });
  }
  for (const section of SECTIONS) {
    const a = isPlainObject(before[section]) ? (before[section] as Record<string, unknown>) : {};
    const b = isPlainObject(after[section]) ? (after[section] as Record<string, unknown>) : {};
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const change = compare(a[name], b[name]);
      if (change !== undefined) entries.push({ section, name, change });
    }
  }
  return entries;
}

function compare(a: unknown, b: unknown): EntryDiff['change'] | undefined {
  if (a === undefined) return b === undefined ? undefined : 'added';
  if (b === undefined) return 'removed';
  return canonicalJson(a) === canonicalJson(b) ? undefined : 'changed';
}

function typeChanges(resources: readonly ResourceDiff[]): Finding[] {
  return resources
    .filter((r) => r.change === 'type changed')
    .map((r) => ({ kind: 'type changed' as const, logicalId: r.logicalId, from: r.oldType!, to: r.type }));
}

/**
 * Routes by (API, RouteKey): a key whose logical ID changes on the same API moves. `renamed` maps an old API's
 * logical ID to its new one, to follow routes onto a renamed API.
 */
function routeKeys(
  resources: Resources,
  renamed: ReadonlyMap<string, string> = new Map(),
): Map<string, { id: string; routeKey: string; integration?: string }> {
  const routes = new Map<string, { id: string; routeKey: string; integration?: string }>();
  for (const [id, r] of Object.entries(resources).sort(byKey)) {
    if (r.Type !== 'AWS::ApiGatewayV2::Route' || r.Properties === undefined) continue;
    const routeKey = typeof r.Properties.RouteKey === 'string' ? r.Properties.RouteKey : showValue(r.Properties.RouteKey);
    const apiId = r.Properties.ApiId;
    const api = isPlainObject(apiId) && typeof apiId.Ref === 'string' && renamed.has(apiId.Ref) ? { Ref: renamed.get(apiId.Ref) } : apiId;
    routes.set(canonicalJson([api ?? null, r.Properties.RouteKey ?? null]), {
      id,
      routeKey,
      integration: targetIntegrationId(r.Properties.Target),
    });
  }
  return routes;
}

function routeMoves(old: Resources, now: Resources): Finding[] {
  const before = routeKeys(old);
  const findings: Finding[] = [];
  for (const [key, route] of routeKeys(now)) {
    const was = before.get(key);
    // Moved: the old ID goes away while the new one is created; an old ID that stays is a different route now.
    if (was !== undefined && was.id !== route.id && !Object.hasOwn(now, was.id)) {
      findings.push({ kind: 'route moved', routeKey: route.routeKey, from: was.id, to: route.id });
    }
  }
  return findings;
}

/**
 * Routes that keep their key and logical ID but go to another stack: CloudFormation creates the route in its new
 * stack before the old stack deletes it, and API Gateway refuses the key twice, as for a moved route.
 */
function routeStackChanges(old: Resources, now: Resources, stacks: RouteStacks): Finding[] {
  if (stacks.before === undefined && stacks.after === undefined) return [];
  const before = routeKeys(old);
  const findings: Finding[] = [];
  for (const [key, route] of routeKeys(now)) {
    if (before.get(key)?.id !== route.id) continue;
    const from = stacks.before?.[route.id] ?? TOP_LEVEL_STACK;
    const to = stacks.after?.[route.id] ?? TOP_LEVEL_STACK;
    if (from !== to) findings.push({ kind: 'route changes stack', routeKey: route.routeKey, logicalId: route.id, from, to });
  }
  return findings;
}

/**
 * Resources of `type` removed and added under another logical ID, paired in ID order where `same` says the new one
 * takes the old one's place: what CloudFormation creates anew and deletes after.
 */
function renamed(old: Resources, now: Resources, type: string, same: (before: Resource, after: Resource) => boolean) {
  const only = (from: Resources, other: Resources) =>
    Object.entries(from)
      .sort(byKey)
      .filter(([id, r]) => r.Type === type && !Object.hasOwn(other, id));
  const added = only(now, old);
  const pairs: { from: string; to: string; before: Resource; after: Resource }[] = [];
  for (const [from, before] of only(old, now)) {
    const match = added.findIndex(([, after]) => same(before, after));
    if (match < 0) continue;
    const [to, after] = added.splice(match, 1)[0];
    pairs.push({ from, to, before, after });
  }
  return pairs;
}

/** An Api removed and one of the same protocol added: the API's logical ID changed. Or its Name, in place. */
function apiRenames(old: Resources, now: Resources): Finding[] {
  const name = (r: Resource) => r.Properties?.Name as Json;
  const findings: Finding[] = renamed(old, now, 'AWS::ApiGatewayV2::Api', (a, b) => a.Properties?.ProtocolType === b.Properties?.ProtocolType).map(
    ({ from, to, before, after }) => ({ kind: 'api renamed', from, to, oldName: name(before), newName: name(after) }),
  );
  for (const [id, r] of Object.entries(now).sort(byKey)) {
    const was = old[id];
    if (r.Type !== 'AWS::ApiGatewayV2::Api' || was === undefined || was.Type !== r.Type) continue;
    if (canonicalJson(name(was) ?? null) !== canonicalJson(name(r) ?? null)) {
      findings.push({ kind: 'api name changed', logicalId: id, oldName: name(was), newName: name(r) });
    }
  }
  return findings;
}

/**
 * A Stage removed and one added on the same API: the stage was renamed (its logical ID follows its name). The new
 * stage has another invoke URL, and the old one is deleted.
 */
function stageRenames(old: Resources, now: Resources): Finding[] {
  const sameApi = (a: Resource, b: Resource) => canonicalJson(a.Properties?.ApiId ?? null) === canonicalJson(b.Properties?.ApiId ?? null);
  return renamed(old, now, 'AWS::ApiGatewayV2::Stage', sameApi).map(({ from, to, before, after }) => ({
    kind: 'stage renamed',
    from,
    to,
    oldName: before.Properties?.StageName as Json,
    newName: after.Properties?.StageName as Json,
  }));
}

/** A route whose integration is replaced by a new one (the old one removed): the integration's settings changed. */
function integrationChanges(old: Resources, now: Resources, renames: readonly Finding[]): Finding[] {
  const before = routeKeys(old, new Map(renames.flatMap((f) => (f.kind === 'api renamed' ? [[f.from, f.to] as const] : []))));
  const pairs = new Map<string, { from: string; to: string; routes: string[] }>();
  for (const [key, route] of routeKeys(now)) {
    const from = before.get(key)?.integration;
    const to = route.integration;
    if (from === undefined || to === undefined || from === to || Object.hasOwn(now, from) || Object.hasOwn(old, to)) continue;
    const pair = pairs.get(`${from}\u0000${to}`) ?? { from, to, routes: [] };
    pair.routes.push(route.routeKey);
    pairs.set(`${from}\u0000${to}`, pair);
  }
  return [...pairs.values()].map(({ from, to, routes }) => ({
    kind: 'integration changed' as const,
    from,
    to,
    routes,
    properties: changedPaths(withoutApiId(old[from]), withoutApiId(now[to])),
  }));
}

function withoutApiId(resource: Resource | undefined): Record<string, unknown> {
  const { ApiId: _apiId, ...rest } = resource?.Properties ?? {};
  return rest;
}
