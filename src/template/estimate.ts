/**
 * What a spec will need, counted before anything is built: a spec that no CloudFormation operation can hold, even
 * split into nested stacks, is refused at once with the numbers and what to do, instead of after building (and
 * rendering) hundreds of thousands of resources only to be refused.
 *
 * The count is a lower bound: every resource it counts is certainly built (an API and its stage, one Route per
 * route, an integration, each authorizer and new VPC link); integrations beyond the first, Lambda permissions, roles
 * and responses come on top. So it never refuses a spec that would build.
 */
import { BuildError, pathTo } from '../errors';
import { isPlainObject } from '../value';
import { thousands } from '../yaml/limits';

/** Resources CloudFormation creates in one operation, across all nested stacks (not adjustable). */
export const OPERATION_RESOURCE_LIMIT = 2_500;

export interface ResourceEstimate {
  /** Resources the spec certainly builds. */
  readonly atLeast: number;
  /** The parts of that count, for messages: `1 Api`, `200,000 Routes`, ... */
  readonly parts: readonly string[];
}

/**
 * The resources a spec certainly builds. It reads the spec as written (decoded or not), so that a spec far past the
 * limit is refused before the codecs walk all of it; what it cannot read (a field of the wrong kind) counts nothing.
 */
export function estimateResources(spec: unknown): ResourceEstimate {
  const section = (key: string): Record<string, unknown> => {
    const value = isPlainObject(spec) ? spec[key] : undefined;
    return isPlainObject(value) ? value : {};
  };
  const api = section('api');
  const parts: Array<[number, string]> = [];
  if (isPlainObject(spec) && isPlainObject(spec.api) && api.existing === undefined) {
    parts.push([1, 'Api'], [1, 'Stage']);
    if (api.protocol === 'websocket' && isPlainObject(api.stage) && api.stage.autoDeploy === false) parts.push([1, 'Deployment']);
  }
  const routes = Object.keys(section('routes')).length;
  parts.push([routes, 'Route']);
  if (routes > 0) parts.push([1, 'Integration']);
  const authorizers = Object.keys(section('authorizers')).length;
  if (authorizers > 0) parts.push([authorizers, 'Authorizer']);
  const newLinks = Object.values(section('vpcLinks')).filter((link) => isPlainObject(link) && link.id === undefined).length;
  if (newLinks > 0) parts.push([newLinks, 'VpcLink']);
  return {
    atLeast: parts.reduce((sum, [n]) => sum + n, 0),
    parts: parts.map(([n, what]) => `${thousands(n)} ${what}${n === 1 ? '' : 's'}`),
  };
}

/** The error for a spec past what one CloudFormation operation can create, or undefined. */
export function operationLimitProblem(spec: unknown): BuildError | undefined {
  const estimate = estimateResources(spec);
  if (estimate.atLeast <= OPERATION_RESOURCE_LIMIT) return undefined;
  const routes = isPlainObject(spec) && isPlainObject(spec.routes) ? Object.keys(spec.routes).length : 0;
  return {
    path: 'routes',
    message:
      `${thousands(routes)} routes need at least ${thousands(estimate.atLeast)} resources (${estimate.parts.join(', ')}; more integrations, permissions and ` +
      `roles come on top), and CloudFormation creates at most ${thousands(OPERATION_RESOURCE_LIMIT)} in one operation, even with nested stacks: ` +
      `split the spec into an API stack and route stacks that add their routes to it (api: {existing: ...}), each well under ` +
      `${thousands(OPERATION_RESOURCE_LIMIT)} resources, and deploy the API stack first`,
  };
}

/**
 * The longest texts of a spec (at least `minBytes` each, the `count` longest), with their paths: what to look at
 * when a template is too large. Iterative.
 */
export function longestTexts(input: unknown, minBytes = 10_000, count = 3): Array<{ path: string; bytes: number }> {
  const found: Array<{ path: string; bytes: number }> = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value: input, path: '' }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length * 3 >= minBytes) {
        const bytes = Buffer.byteLength(value, 'utf8');
        if (bytes >= minBytes) found.push({ path, bytes });
      }
    } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
      for (const [key, v] of entries) stack.push({ value: v, path: pathTo(path, key) });
    }
  }
  return found.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1)).slice(0, count);
}
