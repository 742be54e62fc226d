/**
 * Parameter mapping for HTTP API integrations: how API Gateway rewrites a request before it reaches the backend.
 *
 * Keys: `append|overwrite|remove:header.NAME`, `append|overwrite|remove:querystring.NAME`, `overwrite:path`.
 * Values: a source (`$request.header.N`, `$request.querystring.N`, `$request.body.N`, `$request.path`,
 * `$request.path.N`, `$context.V`, `$stageVariables.V`), a static value, or a Value; a removal takes "".
 */
import * as t from 'io-ts';
import { Codec, codec, fail, found } from '../spec/codec';
import { stringValue } from '../spec/values';
import { Value, isIntrinsic } from '../value';

/** Headers API Gateway does not let a mapping touch (compared without case). */
const RESERVED_HEADERS = new Set(
  [
    'authorization', 'connection', 'content-encoding', 'content-length', 'content-location', 'forwarded',
    'keep-alive', 'origin', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailers', 'transfer-encoding',
    'upgrade', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'via',
  ],
);
const RESERVED_HEADER_PREFIXES = ['access-control-', 'apigw-', 'x-amz-', 'x-amzn-'];

/** RFC 9110 token characters: what a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Why a header may not be mapped, or undefined when it may. */
export function reservedHeaderProblem(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (RESERVED_HEADERS.has(lower)) return `header ${name} is reserved by API Gateway and cannot be mapped`;
  const prefix = RESERVED_HEADER_PREFIXES.find((p) => lower.startsWith(p));
  return prefix ? `headers starting with ${prefix} are reserved by API Gateway and cannot be mapped, got ${name}` : undefined;
}

const REQUEST_KEY = /^(append|overwrite|remove):(header|querystring)\.(.+)$/;

/** Why a request mapping key is malformed, or undefined when it is well formed. */
export function requestKeyProblem(key: string): string | undefined {
  if (key === 'overwrite:path') return undefined;
  const m = REQUEST_KEY.exec(key);
  if (m === null) {
    return `expected a key of the form append|overwrite|remove:header.NAME, append|overwrite|remove:querystring.NAME or overwrite:path, got ${JSON.stringify(key)}`;
  }
  const [, , location, name] = m;
  if (location === 'header') {
    if (!HEADER_NAME.test(name)) return `expected a header name of letters, digits and -_.!#$%&'*+^\`|~, got ${JSON.stringify(name)}`;
    return reservedHeaderProblem(name);
  }
  return /^[^\s&=#]+$/.test(name) ? undefined : `expected a query string parameter name without spaces, &, = or #, got ${JSON.stringify(name)}`;
}

const SOURCE = /^\$(request\.(header|querystring|body)\.[^\s]+|request\.path(\.[^\s]+)?|context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+)/;

/** Why a mapping value is not a valid source, or undefined when it is one (or a static value). */
export function sourceProblem(value: string): string | undefined {
  if (!value.startsWith('$') || SOURCE.test(value)) return undefined;
  return `expected a source such as $request.header.NAME, $request.querystring.NAME, $request.body.NAME, $request.path, $request.path.NAME, $context.VARIABLE or $stageVariables.NAME, or a static value, got ${JSON.stringify(value)}`;
}

export type RequestParameters = Record<string, Value>;

/** Request parameter mapping: every key and value checked; all problems reported, each at its key. */
export const requestParameters: Codec<RequestParameters> = codec('request parameter mapping', (u, c) => {
  if (u === null || typeof u !== 'object' || Array.isArray(u)) {
    return fail(u, c, `expected a mapping such as {"overwrite:header.x-id": "$request.path.id"}, got ${found(u)}`);
  }
  const errors: t.ValidationError[] = [];
  const out: RequestParameters = {};
  for (const [key, value] of Object.entries(u as Record<string, unknown>)) {
    const ctx = t.appendContext(c, key, stringValue, value);
    const problem = requestKeyProblem(key) ?? valueProblem(key, value);
    if (problem !== undefined) {
      errors.push({ value, context: ctx, message: problem });
      continue;
    }
    out[key] = value as Value;
  }
  return errors.length > 0 ? t.failures(errors) : t.success(out);
});

function valueProblem(key: string, value: unknown): string | undefined {
  if (key.startsWith('remove:')) return value === '' ? undefined : `a removal takes the empty value "", got ${found(value)}`;
  if (typeof value === 'string') return value === '' ? `expected a source or a static value, got ""` : sourceProblem(value);
  if (isIntrinsic(value)) {
    const r = stringValue.validate(value, []);
    return r._tag === 'Left' ? r.left[0].message : undefined;
  }
  return `expected a source, a static value or an intrinsic, got ${found(value)}`;
}

