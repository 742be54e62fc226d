/**
 * Host templates: an existing template (a SAM application, a Serverless Framework service's resources, any
 * CloudFormation template) that a spec's resources are merged into. The host is data to keep, not to rewrite:
 * every entry stays exactly as it was; ours are added beside them.
 */
import { Either, left, right } from 'fp-ts/Either';
import { BuildError, pathTo } from '../errors';
import { canonicalJson, isPlainObject } from '../value';
import { Template } from './types';

export type HostTemplate = Record<string, unknown>;

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Checks that the host looks like a template: a mapping with a Resources mapping. */
export function checkHost(data: unknown, source: string): Either<BuildError[], HostTemplate> {
  if (!isPlainObject(data)) {
    return left([{ path: '', message: `${source}: expected a CloudFormation template (a mapping with Resources), got ${Array.isArray(data) ? 'a list' : data === undefined || data === null ? 'an empty file' : typeof data}` }]);
  }
  if (!isPlainObject(data.Resources)) {
    // A serverless.yml is the usual mistake: its resources go in through a fragment, not a merge.
    const hint =
      data.service !== undefined && data.provider !== undefined
        ? '; this looks like a Serverless Framework service: build a fragment (apigw-cfn build --fragment) and list it under resources'
        : '';
    return left([{ path: '', message: `${source}: expected a CloudFormation template with a Resources mapping, got ${data.Resources === undefined ? 'none' : 'something else'}${hint}` }]);
  }
  for (const section of ['Parameters', 'Rules', 'Outputs'] as const) {
    if (data[section] !== undefined && !isPlainObject(data[section])) {
      return left([{ path: '', message: `${source}: expected ${section} to be a mapping` }]);
    }
  }
  return right(data);
}

function usesSam(host: HostTemplate): boolean {
  const transform = host.Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

/**
 * Every name a reference may point at in the host: its resources and parameters, and, under the SAM transform,
 * what SAM creates without being asked: `ServerlessHttpApi` / `ServerlessRestApi` for functions with HttpApi / Api
 * events that name no API, and `<Function>Role` for functions without a role.
 */
export function hostIds(host: HostTemplate): Set<string> {
  const resources = host.Resources as Record<string, unknown>;
  const ids = new Set<string>([...Object.keys(resources), ...Object.keys((host.Parameters as object | undefined) ?? {})]);
  if (!usesSam(host)) return ids;
  for (const [id, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || resource.Type !== 'AWS::Serverless::Function') continue;
    const properties = isPlainObject(resource.Properties) ? resource.Properties : {};
    if (properties.Role === undefined) ids.add(`${id}Role`);
    for (const event of Object.values(isPlainObject(properties.Events) ? properties.Events : {})) {
      if (!isPlainObject(event)) continue;
      const eventProperties = isPlainObject(event.Properties) ? event.Properties : {};
      if (event.Type === 'HttpApi' && eventProperties.ApiId === undefined) ids.add('ServerlessHttpApi');
      if (event.Type === 'Api' && eventProperties.RestApiId === undefined) ids.add('ServerlessRestApi');
    }
  }
  return ids;
}

type Section = 'Parameters' | 'Rules' | 'Resources' | 'Outputs';
const SECTIONS: readonly Section[] = ['Parameters', 'Rules', 'Resources', 'Outputs'];

/**
 * The host with the template's parameters, resources and outputs added. An ID the host already has is fine when
 * both define it alike (merging twice changes nothing) and an error otherwise; a name may not be a parameter on one
 * side and a resource on the other. The host's own entries and their order stay as they were.
 */
export function mergeIntoHost(host: HostTemplate, template: Template): Either<BuildError[], HostTemplate> {
  const errors: BuildError[] = [];
  const added: Record<Section, Record<string, unknown>> = { Parameters: {}, Rules: {}, Resources: {}, Outputs: {} };
  const hostSection = (section: Section) => (host[section] ?? {}) as Record<string, unknown>;
  for (const section of SECTIONS) {
    const ours = (template[section] ?? {}) as Record<string, unknown>;
    const theirs = hostSection(section);
    for (const [id, value] of Object.entries(ours)) {
      if (Object.hasOwn(theirs, id)) {
        if (canonicalJson(theirs[id]) !== canonicalJson(value)) {
          errors.push({ path: pathTo(section, id), message: 'the host template already defines it differently; the spec would overwrite it (rename one of them)' });
        }
        continue;
      }
      const other: Section | undefined = section === 'Parameters' ? 'Resources' : section === 'Resources' ? 'Parameters' : undefined;
      if (other !== undefined && Object.hasOwn(hostSection(other), id)) {
        errors.push({ path: pathTo(section, id), message: `the host template already uses this name for one of its ${other}` });
        continue;
      }
      added[section][id] = value;
    }
  }
  if (errors.length > 0) return left(errors);

  const merged: HostTemplate = {};
  const place = (section: Section) => {
    if (Object.keys(added[section]).length > 0 || host[section] !== undefined) {
      merged[section] = { ...hostSection(section), ...added[section] };
    }
  };
  for (const key of Object.keys(host)) {
    // Sections the host lacks go where CloudFormation documents them: Parameters before Resources, Outputs after.
    if (key === 'Resources' && host.Parameters === undefined) place('Parameters');
    if (key === 'Resources' && host.Rules === undefined) place('Rules');
    if ((SECTIONS as readonly string[]).includes(key)) place(key as Section);
    else merged[key] = host[key];
    if (key === 'Resources' && host.Outputs === undefined) place('Outputs');
  }
  return right(merged);
}
