/**
 * Merging a spec into a host template, in two steps around the build (src/build.ts runs them):
 *
 * 1. `prepareMerge`: read the host, take out what the same spec's earlier merge added (the marker in its Metadata
 *    says what; src/host/marker.ts), and find out how the API the spec names is defined. Routes are never put
 *    beside an API defined by an OpenAPI body (src/host/apis.ts says why): they go into its body when merge can
 *    write there, and are refused otherwise, with the ways out.
 * 2. `completeMerge`: add the built parameters, resources and outputs (and routes into a body) to the host's text,
 *    record them in the marker, and check CloudFormation's limits on the result.
 *
 * The host's own text is kept byte for byte (src/host/edit.ts): taking out what merge added gives it back exactly.
 * After every edit the text is read again and compared with the data it must hold; a difference is a bug.
 */
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { BuildError, Warning, pathTo } from '../errors';
import { Spec, isWebSocketSpec } from '../spec/spec';
import { ExistingApiSpec, isExistingApi } from '../api/existingApi';
import { authorizerLogicalId } from '../authorizers';
import { Built } from '../template/types';
import { TEMPLATE_LIMITS, checkBodySize } from '../template/combine';
import { Format } from '../output/render';
import { canonicalJson, isPlainObject } from '../value';
import { HostDocument, readHost } from './read';
import { Addition, Pointer, applyEdits, isBlockMapping, planInsertions, planRemovals, pointerText, valueAt } from './edit';
import { MARKER_POINTER, Marker, generationName, markerValue, readMarker } from './marker';
import { HostApi, hostApi, hostIds, hostRoutes } from './apis';
import { routeTreeConflictMessage, routeTreeConflicts } from '../routes/routeTree';
import { IAM_SCHEME_NAME, liftIntoBody } from './openapi';
import { Notice, capabilityNotices } from '../notices';

export interface PreparedMerge {
  /** The host without the spec's earlier generation. */
  readonly host: HostDocument;
  /** Every generation but the spec's, and the mappings merge made. */
  readonly marker: Marker;
  readonly generation: string;
  /** How the API named by `api.existing` is defined; undefined for a new API. */
  readonly api: HostApi | undefined;
  /** The IDs references may point at in the host. */
  readonly externalIds: ReadonlySet<string>;
}

// Rules: the Region rule of src/shared/deployRegion.ts, beside the host's own rules.
const SECTIONS = ['Parameters', 'Rules', 'Resources', 'Outputs'] as const;
type Section = (typeof SECTIONS)[number];

/** Sections the host lacks go where CloudFormation documents them: Parameters and Rules before Resources. */
const placeSection = (p: Pointer) => (p.length === 1 && (p[0] === 'Parameters' || p[0] === 'Rules') ? 'Resources' : undefined);

const same = (a: Pointer, b: Pointer) => a.length === b.length && a.every((k, i) => k === b[i]);

/** What merge starts a mapping it makes from: an OpenAPI 3 skeleton for a body, as SAM writes one; `{}` otherwise. */
function skeletonOf(pointer: Pointer): Record<string, unknown> {
  if (pointer.length === 4 && pointer[0] === 'Resources' && pointer[2] === 'Properties' && pointer[3] === 'DefinitionBody') {
    return { openapi: '3.0.1', info: { version: '1.0', title: { Ref: 'AWS::StackName' } }, paths: {} };
  }
  return {};
}

/** Whether a made mapping holds nothing but its skeleton (an emptied block mapping reads as an empty value). */
function holdsOnlySkeleton(value: unknown, skeleton: unknown): boolean {
  if (isPlainObject(skeleton) && Object.keys(skeleton).length === 0) return value === null || (isPlainObject(value) && Object.keys(value).length === 0);
  if (!isPlainObject(skeleton)) return canonicalJson(value) === canonicalJson(skeleton);
  return isPlainObject(value) && Object.keys(value).length === Object.keys(skeleton).length && Object.entries(skeleton).every(([k, v]) => Object.hasOwn(value, k) && holdsOnlySkeleton(value[k], v));
}

function deleteAt(data: unknown, pointer: Pointer): void {
  const parent = valueAt(data, pointer.slice(0, -1));
  if (isPlainObject(parent)) delete parent[pointer[pointer.length - 1]];
}

function setAt(data: Record<string, unknown>, pointer: Pointer, value: unknown): void {
  let at: Record<string, unknown> = data;
  for (let i = 0; i < pointer.length - 1; i++) {
    const key = pointer[i];
    if (!isPlainObject(at[key])) at[key] = structuredClone(skeletonOf(pointer.slice(0, i + 1)));
    at = at[key] as Record<string, unknown>;
  }
  at[pointer[pointer.length - 1]] = value;
}

/** Reads text that merge wrote; failing to is a bug in the edit, never the user's doing. */
function reread(text: string, source: string, expected: unknown, what: string): HostDocument {
  const again = readHost(text, source);
  if (isLeft(again)) throw new Error(`bug: ${what} gave text that does not read back: ${again.left.map((e) => e.message).join('; ')}`);
  if (canonicalJson(again.right.data) !== canonicalJson(expected)) throw new Error(`bug: ${what} changed more than it should have`);
  return again.right;
}

/**
 * The host without what the named generations added: their places (but not those another generation shares), the
 * marker, and the mappings merge made that then hold nothing of the host's (deepest first). Taking out every
 * generation gives back the text the first merge started from.
 */
export function removeGenerations(host0: HostDocument, marker0: Marker, named: (generation: string) => boolean): { host: HostDocument; marker: Marker } {
  const others = [...marker0.merged].filter(([name]) => !named(name)).flatMap(([, pointers]) => pointers);
  const going = [...marker0.merged].filter(([name]) => named(name)).flatMap(([, pointers]) => pointers).filter((p) => !others.some((o) => same(o, p)));
  const removed: Pointer[] = [...going, MARKER_POINTER];
  const data = structuredClone(host0.data);
  const emptied = (pointer: Pointer) => {
    // A block mapping left without entries is an empty value (`Outputs:`), as the host had it before merge.
    const parent = pointer.slice(0, -1);
    const value = valueAt(data, parent);
    if (parent.length > 0 && isPlainObject(value) && Object.keys(value).length === 0 && isBlockMapping(host0, parent)) setAt(data, parent, null);
  };
  for (const pointer of removed) deleteAt(data, pointer);
  for (const pointer of removed) emptied(pointer);
  const kept: Pointer[] = [];
  for (const pointer of [...marker0.created].sort((a, b) => b.length - a.length)) {
    const value = valueAt(data, pointer);
    if (value === undefined) continue;
    if (holdsOnlySkeleton(value, skeletonOf(pointer))) {
      deleteAt(data, pointer);
      emptied(pointer);
      removed.push(pointer);
    } else {
      kept.push(pointer);
    }
  }
  const host =
    removed.length === 1 && valueAt(host0.data, MARKER_POINTER) === undefined
      ? host0
      : reread(applyEdits(host0.text, planRemovals(host0, removed)), host0.source, data, 'taking out an earlier merge');
  return { host, marker: { merged: new Map([...marker0.merged].filter(([name]) => !named(name))), created: kept.reverse() } };
}

export function prepareMerge(host0: HostDocument, spec: Spec, format: Format | undefined): Either<BuildError[], PreparedMerge> {
  const hostSource = host0.source;
  if (format !== undefined && format !== host0.syntax) {
    return left([
      {
        path: '',
        message: `${hostSource} is ${host0.syntax === 'json' ? 'JSON' : 'YAML'}, and merge keeps its text as it is, so it writes ${host0.syntax === 'json' ? 'JSON' : 'YAML'}, not ${format === 'json' ? 'JSON' : 'YAML'}: write to a .${host0.syntax} file (or leave out --format)`,
      },
    ]);
  }
  const marker0 = readMarker(host0.data, hostSource);
  if (!('merged' in marker0)) return left([marker0]);
  const generation = generationName(spec.api);

  const { host, marker } = removeGenerations(host0, marker0, (name) => name === generation);

  let api: HostApi | undefined;
  if (isExistingApi(spec.api)) {
    api = hostApi(host.data, spec.api.existing);
    if (api.kind === 'closed-body') return left([bodyRefusal(api.why)]);
    if (api.kind === 'body' && isWebSocketSpec(spec)) {
      return left([{ path: 'api.existing', message: `${api.id} is an HTTP API defined by an OpenAPI body; a WebSocket spec cannot add routes to it` }]);
    }
  }
  return right({ host, marker, generation, api, externalIds: hostIds(host.data) });
}

/** Why routes cannot go beside a body-defined API, and the ways that work. */
export function bodyRefusal(why: string): BuildError {
  return {
    path: 'api.existing',
    message:
      `${why}. API Gateway re-imports such a body in overwrite mode whenever it changes (one more SAM event, a CORS change) and ` +
      'deletes every route that is not in it, while CloudFormation still lists them (aws/serverless-application-model#1971), so ' +
      'routes added beside it would vanish on the next deploy. Instead: declare an AWS::Serverless::HttpApi with an inline ' +
      'DefinitionBody (or none), point the functions\' HttpApi events at it (ApiId: !Ref MyApi) and name it in the spec ' +
      '(api: {existing: !Ref MyApi}): merge then writes the routes into its body; or give the spec its own API ' +
      '(api: {name: ...}), built beside the SAM functions',
  };
}

export interface MergedText {
  readonly text: string;
  readonly warnings: readonly Warning[];
  readonly notices: readonly Notice[];
}

/** Adds what the spec built to the prepared host's text. */
export function completeMerge(prepared: PreparedMerge, spec: Spec, built: Built): Either<BuildError[], MergedText> {
  const { host, api } = prepared;
  const errors: BuildError[] = [];
  const warnings: Warning[] = [...built.warnings];
  const template = built.template;
  let resources = template.Resources as Record<string, unknown>;
  const additions: Addition[] = [];
  const ours: Pointer[] = [];
  const owner = (pointer: Pointer) => [...prepared.marker.merged].find(([, pointers]) => pointers.some((p) => same(p, pointer)))?.[0];

  if (api !== undefined && api.id !== undefined) {
    // A route key the host already has on this API: API Gateway refuses the second ("Route with key ... already
    // exists"), and one whose variables differ at a level of the route tree too (routes/routeTree.ts).
    const existing = hostRoutes(host.data, api.id);
    const specKeys = Object.keys(spec.routes);
    for (const routeKey of specKeys) {
      const same = existing.find((r) => r.key === routeKey);
      if (same === undefined) continue;
      errors.push({
        path: pathTo('routes', routeKey),
        message: `${api.id} already has this route, from ${same.where}; API Gateway refuses a second one ("Route with key ${routeKey} already exists"): remove one of them`,
      });
    }
    const hostKeys = new Set(existing.map((r) => r.key));
    for (const conflict of routeTreeConflicts([...existing.map((r) => r.key), ...specKeys])) {
      if (hostKeys.has(conflict.routeKey) || !hostKeys.has(conflict.otherRouteKey)) continue;
      const where = existing.find((r) => r.key === conflict.otherRouteKey)!.where;
      errors.push({ path: pathTo('routes', conflict.routeKey), message: `${routeTreeConflictMessage(conflict)} (${conflict.otherRouteKey} is ${api.id}'s, from ${where})` });
    }
  }

  if (api?.kind === 'body') {
    const authorizerNames = new Map(Object.keys(spec.authorizers ?? {}).map((name) => [authorizerLogicalId(name), name]));
    const lifted = liftIntoBody(template, (spec.api as ExistingApiSpec).existing, authorizerNames);
    errors.push(...lifted.errors);
    warnings.push(...lifted.warnings);
    resources = lifted.resources as Record<string, unknown>;
    const body: Pointer = ['Resources', api.id, 'Properties', api.property];
    for (const operation of lifted.operations) {
      const pointer = [...body, 'paths', operation.path, operation.operation];
      additions.push({ pointer, value: operation.value });
      ours.push(pointer);
    }
    const samAuth = valueAt(host.data, ['Resources', api.id, 'Properties', 'Auth']);
    const samAuthorizers = isPlainObject(samAuth) && isPlainObject(samAuth.Authorizers) ? samAuth.Authorizers : {};
    for (const [name, scheme] of Object.entries(lifted.securitySchemes)) {
      const pointer = [...body, 'components', 'securitySchemes', name];
      const theirs = valueAt(host.data, pointer);
      if (Object.hasOwn(samAuthorizers, name) || (theirs !== undefined && canonicalJson(theirs) !== canonicalJson(scheme))) {
        errors.push({
          path: name === IAM_SCHEME_NAME ? 'routes' : pathTo('authorizers', name),
          message: `${api.id} already has an authorizer named ${name} (${Object.hasOwn(samAuthorizers, name) ? 'in its Auth.Authorizers' : 'in its body\'s securitySchemes'}), defined differently; rename the spec's authorizer`,
        });
        continue;
      }
      if (theirs === undefined) {
        additions.push({ pointer, value: scheme });
        ours.push(pointer);
      } else if (owner(pointer) !== undefined) {
        ours.push(pointer);
      }
    }
    if (isPlainObject(samAuth) && samAuth.DefaultAuthorizer !== undefined) {
      const open = lifted.operations.filter((o) => o.value.security === undefined).map((o) => o.routeKey);
      if (open.length > 0) {
        warnings.push({
          path: 'routes',
          message: `${api.id} has Auth.DefaultAuthorizer, which SAM applies to every route in its body without its own authorization: ${open.join(', ')} will be authorized by it`,
        });
      }
    }
  }

  for (const section of SECTIONS) {
    const entries = section === 'Resources' ? resources : ((template[section] ?? {}) as Record<string, unknown>);
    const theirs = isPlainObject(host.data[section]) ? (host.data[section] as Record<string, unknown>) : {};
    for (const [id, value] of Object.entries(entries)) {
      const pointer = [section, id];
      if (Object.hasOwn(theirs, id)) {
        const other = owner(pointer);
        if (canonicalJson(theirs[id]) !== canonicalJson(value)) {
          errors.push({
            path: pathTo(section, id),
            message: other === undefined
              ? 'the host template already defines it differently; the spec would overwrite it (rename one of them)'
              : `the merge of the spec of ${other} already defines it differently; rename one of them`,
          });
        } else if (other !== undefined) {
          ours.push(pointer);
        }
        continue;
      }
      const clash: Section | undefined = section === 'Parameters' ? 'Resources' : section === 'Resources' ? 'Parameters' : undefined;
      if (clash !== undefined && isPlainObject(host.data[clash]) && Object.hasOwn(host.data[clash] as object, id)) {
        errors.push({ path: pathTo(section, id), message: `the host template already uses this name for one of its ${clash}` });
        continue;
      }
      additions.push({ pointer, value });
      ours.push(pointer);
    }
  }
  if (errors.length > 0) return left(errors);

  const limits = limitProblems(host, additions);
  if (limits.length > 0) return left(limits);

  // The marker goes last: it lists what this merge added, and the mappings made to hold it.
  const plan = planInsertions(host, additions, skeletonOf, placeSection);
  if (!('edits' in plan)) return left([{ path: '', message: `${host.source}: ${pointerText(plan.pointer)} ${plan.message}` }]);
  const made = [...prepared.marker.created, ...plan.created];
  if (valueAt(host.data, ['Metadata']) === undefined) made.push(['Metadata']);
  const marker: Marker = { merged: new Map([...prepared.marker.merged, [prepared.generation, ours]]), created: made };
  const markerAddition: Addition = { pointer: MARKER_POINTER, value: markerValue(marker) };
  const all = [...additions, markerAddition];
  const final = planInsertions(host, all, skeletonOf, placeSection);
  if (!('edits' in final)) return left([{ path: '', message: `${host.source}: ${pointerText(final.pointer)} ${final.message}` }]);

  const expected = structuredClone(host.data);
  for (const addition of all) setAt(expected, addition.pointer, addition.value);
  const text = reread(applyEdits(host.text, final.edits), host.source, expected, 'merging').text;
  const size = checkBodySize(text);
  if (size.error !== undefined) {
    return left([{ path: '', message: `the merged template would be ${Buffer.byteLength(text, 'utf8')} bytes; CloudFormation accepts at most ${TEMPLATE_LIMITS.bodyBytes} (1 MB, from S3). ${STANDALONE}` }]);
  }
  return right({
    text,
    warnings: [...warnings, ...(size.warning ? [size.warning] : [])],
    notices: [...built.notices, ...capabilityNotices(isPlainObject(expected.Resources) ? expected.Resources : {})],
  });
}

const STANDALONE =
  'Deploy the spec as a stack of its own instead (apigw-cfn build SPEC), with api: {existing: ...} naming the host\'s API if its routes belong there (an API not defined by an OpenAPI body), or move resources out of the host';

/** CloudFormation's counting limits on the merged template, with what to do about them. */
function limitProblems(host: HostDocument, additions: readonly Addition[]): BuildError[] {
  const problems: BuildError[] = [];
  const limits: Partial<Record<Section, number>> = { Resources: TEMPLATE_LIMITS.resources, Parameters: TEMPLATE_LIMITS.parameters, Outputs: TEMPLATE_LIMITS.outputs };
  for (const section of SECTIONS) {
    const limit = limits[section];
    if (limit === undefined) continue;
    const theirs = isPlainObject(host.data[section]) ? Object.keys(host.data[section] as object).length : 0;
    const added = additions.filter((a) => a.pointer.length === 2 && a.pointer[0] === section).length;
    if (theirs + added > limit) {
      problems.push({
        path: '',
        message: `the merged template would have ${theirs + added} ${section.toLowerCase()} (${theirs} of the host's, ${added} from the spec); CloudFormation allows at most ${limit}. ${STANDALONE}`,
      });
    }
  }
  return problems;
}
