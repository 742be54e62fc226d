/**
 * What `apigw-cfn diff` compares: a template as it is, or a spec, built first into what `apigw-cfn build` prints for
 * it (so a spec can be compared with the golden template it should produce, or with the spec it replaces).
 */
import { Either, isLeft, isRight, left, right } from 'fp-ts/Either';
import { decodeSpec, SpecInput } from '../spec/spec';
import { buildSpec, buildTemplate } from '../build';
import { readHost } from '../host/read';
import { parseYaml } from '../yaml/cfnYaml';
import { BuildError } from '../errors';
import { isPlainObject } from '../value';
import { placeSpec } from '../split/stacks';
import { render } from '../output/render';
import { TemplateData } from './diff';

export interface Compared {
  readonly template: TemplateData;
  /** A template read as it is, or what `build` makes of a spec: a template, or a fragment (`build --fragment`). */
  readonly from: 'template' | 'spec' | 'fragment';
  /**
   * A spec that builds into a root and route stacks: `template` holds every resource as one template would, and this
   * says which route stack holds each resource that is not in the root.
   */
  readonly routeStacks?: Readonly<Record<string, string>>;
}

/** A spec has the shape of one (api, routes) and no Resources; anything else must be a template. */
export function isSpecDocument(document: unknown): boolean {
  return isPlainObject(document) && document.Resources === undefined && (document.api !== undefined || document.routes !== undefined);
}

/** A parsed document (a template, or a spec) to the template it stands for, or every error that keeps it from being one. */
export function templateOf(document: unknown, source: string): Either<BuildError[], Compared> {
  if (!isSpecDocument(document)) {
    if (isPlainObject(document) && isPlainObject(document.Resources)) return asTemplate(document, source);
    return left([{ path: '', message: `${source}: expected a CloudFormation template (with a Resources mapping) or a spec (with api and routes), got neither` }]);
  }
  // What `build` prints for it: a complete template, or a fragment when it refers to IDs a host must define.
  const spec = decodeSpec(document);
  if (isLeft(spec)) return spec;
  // Counts are not checked here: past one template's limits, the spec builds into nested stacks (below).
  const probe = buildTemplate(spec.right, { unknownReferences: 'collect', checkCounts: false });
  if (isLeft(probe)) return probe;
  const kind = probe.right.expected === undefined ? 'template' : 'fragment';
  const built = buildSpec(document as SpecInput, 'json', { kind });
  if (isRight(built)) return right({ template: JSON.parse(built.right.text) as TemplateData, from: kind === 'fragment' ? 'fragment' : 'spec' });
  // Not one template: a root and route stacks, as `build --out-dir` builds it (past one template's limits, or asked
  // to), or else the errors as `build` reports them.
  const placed = kind === 'template' ? placeSpec(document) : undefined;
  if (placed !== undefined && isRight(placed) && placed.right.routeStacks !== undefined) {
    return right({ template: JSON.parse(render(placed.right.template, 'json')) as TemplateData, from: 'spec', routeStacks: placed.right.routeStacks });
  }
  return built;
}

/**
 * A file's text to the template it stands for: a spec (read as `build` reads specs) is built; anything else is read
 * as `merge` reads a host template, as CloudFormation reads it (YAML 1.1 scalars, short-form tags, merge keys).
 */
export function templateOfText(text: string, source: string): Either<BuildError[], Compared> {
  const parsed = parseYaml(text, source);
  // A mapping without Resources is a spec, or neither a spec nor a template: templateOf says which.
  if (isRight(parsed) && isPlainObject(parsed.right) && parsed.right.Resources === undefined) return templateOf(parsed.right, source);
  const host = readHost(text, source);
  return isLeft(host) ? host : asTemplate(host.right.data, source);
}

/** A route stack's file, as build --out-dir names it (after --template-url-prefix, if any). */
const ROUTE_STACK_URL = /(?:^|\/)route-stack-[0-9]+\.(?:yaml|json)$/;

/**
 * A template compared as it is; not the root of nested stacks that build wrote. Its routes are in the route stacks,
 * so compared alone it would show every route as added or removed and no route that changes stack: a review that
 * looks safe and is not.
 */
function asTemplate(template: TemplateData, source: string): Either<BuildError[], Compared> {
  const resources = isPlainObject(template.Resources) ? Object.values(template.Resources) : [];
  const routeStack = resources.some(
    (r) => isPlainObject(r) && r.Type === 'AWS::CloudFormation::Stack' && isPlainObject(r.Properties) && typeof r.Properties.TemplateURL === 'string' && ROUTE_STACK_URL.test(r.Properties.TemplateURL),
  );
  if (!routeStack) return right({ template, from: 'template' });
  return left([
    {
      path: '',
      message:
        `${source} is the root template of nested stacks (its routes are in route-stack-N files), which diff does not read: ` +
        'compare the specs they were built from instead (an earlier one from git, say: git show HEAD:api.yaml > old.yaml)',
    },
  ]);
}
