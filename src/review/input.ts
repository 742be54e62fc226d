/**
 * What `apigw-cfn diff` compares: a template as it is, or a spec, built first into what `apigw-cfn build` prints for
 * it (so a spec can be compared with the golden template it should produce, or with the spec it replaces).
 */
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { decodeSpec } from '../spec/spec';
import { buildSpec, buildTemplate } from '../build';
import { checkHost } from '../template/host';
import { BuildError } from '../errors';
import { isPlainObject } from '../value';
import { TemplateData } from './diff';

export interface Compared {
  readonly template: TemplateData;
  /** A template read as it is, or what `build` makes of a spec: a template, or a fragment (`build --fragment`). */
  readonly from: 'template' | 'spec' | 'fragment';
}

/** A spec has the shape of one (api, routes) and no Resources; anything else must be a template. */
export function isSpecDocument(document: unknown): boolean {
  return isPlainObject(document) && document.Resources === undefined && (document.api !== undefined || document.routes !== undefined);
}

/** A parsed document to the template it stands for, or every error that keeps it from being one. */
export function templateOf(document: unknown, source: string): Either<BuildError[], Compared> {
  if (!isSpecDocument(document)) {
    if (isPlainObject(document) && document.Resources === undefined) {
      return left([{ path: '', message: `${source}: expected a CloudFormation template (with Resources) or a spec (with api and routes), got neither` }]);
    }
    const host = checkHost(document, source);
    return isLeft(host) ? host : right({ template: host.right, from: 'template' });
  }
  // What `build` prints for it: a complete template, or a fragment when it refers to IDs a host must define.
  const spec = decodeSpec(document);
  if (isLeft(spec)) return spec;
  const probe = buildTemplate(spec.right, { unknownReferences: 'collect' });
  if (isLeft(probe)) return probe;
  const kind = probe.right.expected === undefined ? 'template' : 'fragment';
  const built = buildSpec(document, 'json', { kind });
  return isLeft(built) ? built : right({ template: JSON.parse(built.right.text) as TemplateData, from: kind === 'fragment' ? 'fragment' : 'spec' });
}
