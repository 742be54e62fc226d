/**
 * Tags: on every taggable resource we emit, from the spec-wide defaults (`tags:` at the top of a spec) and the
 * resource's own (`api.tags`, a stage's `tags`, a domain's, a usage plan's), the resource's own winning per key.
 *
 * ```yaml
 * tags: { team: books, cost-center: "4711" }   # every taggable resource
 * api:
 *   tags: { tier: public }                     # the Api only (with the defaults)
 * ```
 * CloudFormation spells tags two ways: API Gateway v2 resources take a map (`Tags: {team: books}`), the others a list
 * (`Tags: [{Key: team, Value: books}]`). Resources without tags (routes, integrations, permissions, mappings,
 * policies, the account setting) get none.
 */
import * as t from 'io-ts';
import { codec, extend, fail, found, record } from '../spec/codec';
import { ValueInput, stringValue } from '../spec/values';
import { Fragment, Resource } from '../template/types';
import { Json, Value } from '../value';

/** AWS's limit of tags per resource. */
export const MAX_TAGS_PER_RESOURCE = 50;

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 128) return `expected a tag key of 1 to 128 characters, got ${key.length}`;
  if (/^aws:/i.test(key)) return `the "aws:" prefix is reserved for tags AWS sets, got ${JSON.stringify(key)}`;
  if (!TAG_TEXT.test(key)) return `expected a tag key of letters, digits, spaces and _ . : / = + - @, got ${JSON.stringify(key)}`;
  return undefined;
}

const tagValue = codec<Value, ValueInput>(
  'tag value',
  (u, c) => {
    if (u === '') return t.success('');
    if (typeof u === 'number' || typeof u === 'boolean') {
      return fail(u, c, `expected text (quote it: "${String(u)}"), got ${found(u)}: CloudFormation tag values are strings`);
    }
    const r = stringValue.validate(u, c);
    if (r._tag === 'Left' || typeof r.right !== 'string') return r;
    if (r.right.length > 256) return fail(u, c, `expected a tag value of at most 256 characters, got ${r.right.length}`);
    return TAG_TEXT.test(r.right) ? r : fail(u, c, `expected a tag value of letters, digits, spaces and _ . : / = + - @, got ${found(u)}`);
  },
  // An empty value is a tag too (the key alone); otherwise a Value's schema.
  (of) => ({ anyOf: [{ const: '' }, of(stringValue)] }),
  (v) => stringValue.encode(v),
);

/** A mapping of tag keys to values (text or an intrinsic), at most 50. */
export const Tags = (() => {
  const base = record({ describe: 'tag keys', check: tagKeyProblem }, tagValue);
  return extend(base, (u, c) => {
    const r = base.validate(u, c);
    if (r._tag === 'Right' && Object.keys(r.right).length > MAX_TAGS_PER_RESOURCE) {
      return fail(u, c, `expected at most ${MAX_TAGS_PER_RESOURCE} tags (AWS's limit per resource), got ${Object.keys(r.right).length}`);
    }
    return r;
  });
})();
export type Tags = Readonly<Record<string, Value>>;

/** Resource types that take tags as a map, and those that take a list of {Key, Value}. */
const MAP_TAGGED: ReadonlySet<string> = new Set([
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::VpcLink',
  'AWS::ApiGatewayV2::DomainName',
]);
const LIST_TAGGED: ReadonlySet<string> = new Set([
  'AWS::Logs::LogGroup',
  'AWS::IAM::Role',
  'AWS::ApiGateway::UsagePlan',
  'AWS::ApiGateway::ApiKey',
]);

/** Tags in the form a resource type takes: `{k: v}` for API Gateway v2, `[{Key, Value}]` for the rest. */
export function tagsProperty(type: string, tags: Tags): Json {
  if (MAP_TAGGED.has(type)) return { ...tags } as Json;
  if (LIST_TAGGED.has(type)) return Object.entries(tags).map(([Key, Value]) => ({ Key, Value: Value as Json }));
  throw new Error(`bug: ${type} takes no tags`);
}

/** A resource's tags back as a map (from either form). */
function tagsOf(resource: Resource): Record<string, Value> {
  const tags = (resource.Properties as { Tags?: unknown }).Tags;
  if (Array.isArray(tags)) return Object.fromEntries(tags.map((t: { Key: string; Value: Value }) => [t.Key, t.Value]));
  return { ...((tags as Record<string, Value> | undefined) ?? {}) };
}

/**
 * Every taggable resource of the fragments with the spec-wide default tags under its own. Applied before fragments
 * are combined, so shared resources (one role for several integrations) stay equal.
 */
export function withDefaultTags(fragments: readonly Fragment[], defaults: Tags | undefined): Fragment[] {
  if (defaults === undefined || Object.keys(defaults).length === 0) return [...fragments];
  return fragments.map((fragment) => {
    if (fragment.resources === undefined) return fragment;
    const resources: Record<string, Resource> = {};
    for (const [id, resource] of Object.entries(fragment.resources)) {
      if (!MAP_TAGGED.has(resource.Type) && !LIST_TAGGED.has(resource.Type)) {
        resources[id] = resource;
        continue;
      }
      const tags = tagsProperty(resource.Type, { ...defaults, ...tagsOf(resource) });
      resources[id] = { ...resource, Properties: { ...resource.Properties, Tags: tags } } as Resource;
    }
    return { ...fragment, resources };
  });
}

/** The tag keys a resource would carry, defaults included: more than 50 is refused by AWS. */
export function tagCountProblem(own: Tags | undefined, defaults: Tags | undefined): string | undefined {
  const keys = new Set([...Object.keys(defaults ?? {}), ...Object.keys(own ?? {})]);
  return keys.size > MAX_TAGS_PER_RESOURCE
    ? `with the spec-wide tags this resource would carry ${keys.size} tags; AWS allows at most ${MAX_TAGS_PER_RESOURCE} per resource`
    : undefined;
}
