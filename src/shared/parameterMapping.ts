/**
 * Parameter mapping for HTTP API integrations: how API Gateway rewrites a request before it reaches the backend
 * (request mapping), and the backend's response before it reaches the client (response mapping).
 *
 * Request keys: `append|overwrite|remove:header.NAME`, `append|overwrite|remove:querystring.NAME`, `overwrite:path`.
 * Request values: a source (`$request.header.N`, `$request.querystring.N`, `$request.body.N`, `$request.path`,
 * `$request.path.N`, `$context.V`, `$stageVariables.V`, each also as `${...}`), a static value, or a Value; a
 * removal takes "".
 *
 * Response mapping is set per status code the backend returns (an exact code from 200 to 599; API Gateway takes no
 * ranges such as 4XX). Keys: `append|overwrite|remove:header.NAME`, `overwrite:statuscode`. Values: a source
 * (`$response.header.N`, `$response.body`, `$response.body.N`, `$context.V`, `$stageVariables.V`), a static value,
 * or a Value; a removal takes "". CloudFormation nests it: see `toCloudFormationResponseParameters`.
 */
import * as t from 'io-ts';
import { Codec, JsonSchema, SchemaOf, codec, definition, fail, found } from '../spec/codec';
import { ValueInput, stringValue } from '../spec/values';
import { Json, Value, isIntrinsic, isPlainObject } from '../value';

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

// `${...}` is the bracketed form API Gateway documents for combining variables ("${request.path.a}-${request.path.b}").
const SOURCE = /^\$\{?(request\.(header|querystring)\.[^\s}]+|request\.body(\.[^\s}]+)?|request\.path(\.[^\s}]+)?|context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+)/;

/** Why a mapping value is not a valid source, or undefined when it is one (or a static value). */
export function sourceProblem(value: string): string | undefined {
  if (!value.startsWith('$') || SOURCE.test(value)) return undefined;
  return `expected a source such as $request.header.NAME, $request.querystring.NAME, $request.body.NAME, $request.path, $request.path.NAME, $context.VARIABLE or $stageVariables.NAME, or a static value, got ${JSON.stringify(value)}`;
}

export type RequestParameters = Record<string, Value>;

/** Request parameter mapping: every key and value checked; all problems reported, each at its key. */
export const requestParameters: Codec<RequestParameters, Readonly<Record<string, ValueInput>>> = definition('RequestParameters', codec<RequestParameters, Readonly<Record<string, ValueInput>>>('request parameter mapping', (u, c) => {
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
}, (of) => ({
  description:
    'request parameter mapping: append|overwrite|remove:header.NAME, append|overwrite|remove:querystring.NAME or overwrite:path -> a source ($request.header.NAME, $request.path.NAME, $context.VARIABLE, ...), a static value or an intrinsic; a remove: takes ""',
  type: 'object',
  propertyNames: { pattern: '^(?:overwrite:path|(?:append|overwrite|remove):(?:header|querystring)\\..+)$' },
  additionalProperties: mappingValueSchema(of),
}), encodeValues));

/** A mapping value's schema: text (a source, a static value, or "" for a removal) or an intrinsic. */
function mappingValueSchema(of: SchemaOf): JsonSchema {
  return { anyOf: [{ type: 'string' }, of(stringValue)] };
}

/** Mapping values as a spec writes them: literals as they are, intrinsics as Values. */
function encodeValues(mappings: Readonly<Record<string, Value>>): Readonly<Record<string, ValueInput>> {
  return Object.fromEntries(Object.entries(mappings).map(([k, v]) => [k, stringValue.encode(v)]));
}

function valueProblem(key: string, value: unknown): string | undefined {
  if (key.startsWith('remove:')) return value === '' ? undefined : `a removal takes the empty value "", got ${found(value)}`;
  if (typeof value === 'string') return value === '' ? `expected a source or a static value, got ""` : sourceProblem(value);
  if (isIntrinsic(value)) {
    const r = stringValue.validate(value, []);
    return r._tag === 'Left' ? r.left[0].message : undefined;
  }
  return `expected a source, a static value or an intrinsic, got ${found(value)}`;
}


const RESPONSE_KEY = /^(append|overwrite|remove):header\.(.+)$/;

/** Why a response mapping key is malformed, or undefined when it is well formed. */
export function responseKeyProblem(key: string): string | undefined {
  if (key === 'overwrite:statuscode') return undefined;
  if (/^(append|remove):statuscode$/.test(key)) return `the status code can only be overwritten: write overwrite:statuscode, got ${JSON.stringify(key)}`;
  if (/^(append|overwrite|remove):(querystring\..*|path)$/.test(key)) {
    return `a response mapping changes headers and the status code only, got ${JSON.stringify(key)}`;
  }
  const m = RESPONSE_KEY.exec(key);
  if (m === null) {
    return `expected a key of the form append|overwrite|remove:header.NAME or overwrite:statuscode, got ${JSON.stringify(key)}`;
  }
  const name = m[2];
  if (!HEADER_NAME.test(name)) return `expected a header name of letters, digits and -_.!#$%&'*+^\`|~, got ${JSON.stringify(name)}`;
  return reservedHeaderProblem(name);
}

const RESPONSE_SOURCE = /^\$\{?(response\.header\.[^\s}]+|response\.body(\.[^\s}]+)?|context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+)/;

/** Why a response mapping value is not a valid source, or undefined when it is one (or a static value). */
export function responseSourceProblem(value: string): string | undefined {
  if (!value.startsWith('$') || RESPONSE_SOURCE.test(value)) return undefined;
  const hint = /^\$\{?request\./.test(value) ? ' (a response mapping cannot read the request)' : '';
  return `expected a source such as $response.header.NAME, $response.body, $response.body.NAME, $context.VARIABLE or $stageVariables.NAME, or a static value${hint}, got ${JSON.stringify(value)}`;
}

/** Why a status code key is not one API Gateway accepts, or undefined when it is. */
export function statusCodeProblem(key: string): string | undefined {
  const code = /^\d{3}$/.test(key) ? Number(key) : NaN;
  if (code >= 200 && code <= 599) return undefined;
  const range = /^[1-5]xx$/i.test(key) ? ' (API Gateway matches exact codes, not ranges: list each code)' : '';
  return `expected an HTTP status code from 200 to 599${range}, got ${JSON.stringify(key)}`;
}

/** Response mappings of one status code: destination (`overwrite:statuscode`, `append:header.x`) -> source. */
export type ResponseMappings = Record<string, Value>;
/** Response parameter mapping as a spec writes it: status code -> mappings. */
export type ResponseParameters = Record<string, ResponseMappings>;

function responseValue(key: string, value: unknown): { value: Value } | { problem: string } {
  if (key.startsWith('remove:')) return value === '' ? { value } : { problem: `a removal takes the empty value "", got ${found(value)}` };
  if (key === 'overwrite:statuscode') {
    // An unquoted `410` in YAML is a number; CloudFormation takes the source as a string.
    const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
    if (typeof text === 'string' && !text.startsWith('$')) {
      return /^\d{3}$/.test(text) && Number(text) >= 200 && Number(text) <= 599
        ? { value: text }
        : { problem: `expected a status code from 200 to 599 or a source such as $response.body.status, got ${found(value)}` };
    }
    value = text;
  }
  if (typeof value === 'string') {
    if (value === '') return { problem: 'expected a source or a static value, got ""' };
    const problem = responseSourceProblem(value);
    return problem === undefined ? { value } : { problem };
  }
  if (isIntrinsic(value)) {
    const r = stringValue.validate(value, []);
    return r._tag === 'Left' ? { problem: r.left[0].message ?? 'expected an intrinsic that yields a string' } : { value: r.right };
  }
  return { problem: `expected a source, a static value or an intrinsic, got ${found(value)}` };
}

/** Response parameter mapping: every status code, key and value checked; all problems reported, each at its place. */
export const responseParameters: Codec<ResponseParameters, ResponseParametersInput> = definition('ResponseParameters', codec<ResponseParameters, ResponseParametersInput>('response parameter mapping', (u, c) => {
  const example = 'such as {"404": {"overwrite:statuscode": "410"}}';
  if (!isPlainObject(u)) return fail(u, c, `expected a mapping from status codes to mappings, ${example}, got ${found(u)}`);
  if (Object.keys(u).length === 0) return fail(u, c, `expected at least one status code, ${example}, got an empty mapping`);
  const errors: t.ValidationError[] = [];
  const out: ResponseParameters = {};
  for (const [code, mappings] of Object.entries(u)) {
    const codeContext = t.appendContext(c, code, t.unknown, mappings);
    const codeProblem = statusCodeProblem(code);
    if (codeProblem !== undefined) {
      errors.push({ value: code, context: codeContext, message: codeProblem });
      continue;
    }
    if (!isPlainObject(mappings) || Object.keys(mappings).length === 0) {
      errors.push({
        value: mappings,
        context: codeContext,
        message: `expected a mapping such as {"overwrite:statuscode": "410", "append:header.x-reason": "$response.header.x-error"}, got ${found(mappings)}`,
      });
      continue;
    }
    const converted: ResponseMappings = {};
    for (const [key, value] of Object.entries(mappings)) {
      const ctx = t.appendContext(codeContext, key, stringValue, value);
      const keyProblem = responseKeyProblem(key);
      const checked = keyProblem === undefined ? responseValue(key, value) : { problem: keyProblem };
      if ('problem' in checked) errors.push({ value, context: ctx, message: checked.problem });
      else converted[key] = checked.value;
    }
    out[code] = converted;
  }
  return errors.length > 0 ? t.failures(errors) : t.success(out);
}, (of) => ({
  description:
    'response parameter mapping per status code the backend returns (200 to 599): append|overwrite|remove:header.NAME or overwrite:statuscode -> a source ($response.header.NAME, $response.body.NAME, $context.VARIABLE, ...), a static value or an intrinsic',
  type: 'object',
  propertyNames: { pattern: '^[2-5][0-9][0-9]$' },
  minProperties: 1,
  additionalProperties: {
    type: 'object',
    propertyNames: { pattern: '^(?:overwrite:statuscode|(?:append|overwrite|remove):header\\..+)$' },
    minProperties: 1,
    // overwrite:statuscode takes a code as a number too (410).
    additionalProperties: { anyOf: [...(mappingValueSchema(of).anyOf as JsonSchema[]), { type: 'integer' }] },
  },
}), (parameters) => Object.fromEntries(Object.entries(parameters).map(([code, mappings]) => [code, encodeValues(mappings)]))));

/** Response parameter mapping as a spec writes it: status code -> destination -> source (a code may be a number). */
export type ResponseParametersInput = Readonly<Record<string, Readonly<Record<string, ValueInput | number>>>>;

/**
 * CloudFormation's nested shape of response parameters, one list per status code:
 * `{"404": {"ResponseParameters": [{"Destination": "overwrite:statuscode", "Source": "410"}]}}`.
 */
export function toCloudFormationResponseParameters(parameters: ResponseParameters): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [code, mappings] of Object.entries(parameters)) {
    out[code] = {
      ResponseParameters: Object.entries(mappings).map(([destination, source]) => ({ Destination: destination, Source: source as Json })),
    };
  }
  return out;
}
