/**
 * Identity sources: where in a request an authorizer finds what it checks. API Gateway answers 401 without calling
 * the authorizer when one of them is missing or empty, and a Lambda authorizer's cache is keyed by their values.
 *
 * HTTP APIs write selection expressions with `$`: `$request.header.NAME`, `$request.querystring.NAME`,
 * `$context.VARIABLE`, `$stageVariables.NAME`. WebSocket APIs write mapping expressions without it:
 * `route.request.header.NAME`, `route.request.querystring.NAME`, `context.VARIABLE`, `stageVariables.NAME`.
 */
import * as t from 'io-ts';
import { Codec, codec, extend, fail, found, list } from '../spec/codec';

/** An HTTP header name (an RFC 9110 token). */
const HEADER = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
const QUERY = '[^\\s&=#]+';
const VARIABLE = '[A-Za-z0-9_.]+';

const HTTP_FORMS = new RegExp(`^\\$(?:request\\.header\\.${HEADER}|request\\.querystring\\.${QUERY}|context\\.${VARIABLE}|stageVariables\\.[A-Za-z0-9_]+)$`);
const WEBSOCKET_FORMS = new RegExp(`^(?:route\\.request\\.header\\.${HEADER}|route\\.request\\.querystring\\.${QUERY}|context\\.${VARIABLE}|stageVariables\\.[A-Za-z0-9_]+)$`);

const HTTP_EXPECTED = 'expected $request.header.NAME, $request.querystring.NAME, $context.VARIABLE or $stageVariables.NAME';
const WEBSOCKET_EXPECTED = 'expected route.request.header.NAME, route.request.querystring.NAME, context.VARIABLE or stageVariables.NAME';

/** One identity source of an HTTP API Lambda authorizer. */
export const httpIdentitySource: Codec<string> = codec(
  'identity source',
  (u, c) => {
    if (typeof u === 'string' && HTTP_FORMS.test(u)) return t.success(u);
    const hint = typeof u === 'string' && WEBSOCKET_FORMS.test(u) ? ` (HTTP APIs write it $${u.replace(/^route\./, '')})` : '';
    return fail(u, c, `${HTTP_EXPECTED}${hint}, got ${found(u)}`);
  },
  { type: 'string', pattern: HTTP_FORMS.source, description: '$request.header.NAME, $request.querystring.NAME, $context.VARIABLE or $stageVariables.NAME' },
);

/** One identity source of a WebSocket API Lambda authorizer. */
export const webSocketIdentitySource: Codec<string> = codec(
  'identity source',
  (u, c) => {
    if (typeof u === 'string' && WEBSOCKET_FORMS.test(u)) return t.success(u);
    const http = typeof u === 'string' && HTTP_FORMS.test(u);
    const hint = http ? ` (WebSocket APIs write it ${u.startsWith('$request.') ? `route.${u.slice(1)}` : u.slice(1)})` : '';
    return fail(u, c, `${WEBSOCKET_EXPECTED}${hint}, got ${found(u)}`);
  },
  { type: 'string', pattern: WEBSOCKET_FORMS.source, description: 'route.request.header.NAME, route.request.querystring.NAME, context.VARIABLE or stageVariables.NAME' },
);

/** The one place a JWT authorizer reads the token from: a header or a query string (AWS takes exactly one). */
const JWT_FORMS = new RegExp(`^\\$request\\.(?:header\\.${HEADER}|querystring\\.${QUERY})$`);

export const jwtIdentitySource: Codec<string> = codec(
  'JWT identity source',
  (u, c) => {
    if (typeof u === 'string' && JWT_FORMS.test(u)) return t.success(u);
    if (Array.isArray(u)) return fail(u, c, 'expected one identity source (a JWT authorizer reads the token from exactly one place), got a list');
    return fail(u, c, `expected $request.header.NAME or $request.querystring.NAME (a JWT authorizer reads the token from a header or a query string), got ${found(u)}`);
  },
  {
    type: 'string',
    pattern: JWT_FORMS.source,
    description: 'where the token is: $request.header.NAME or $request.querystring.NAME; default $request.header.Authorization',
  },
);

/** A non-empty list of identity sources without repeats. */
export function identitySources(item: Codec<string>): Codec<string[], readonly string[]> {
  const unique = list(item, { unique: true, min: 1 });
  return extend(unique, (u, c) => {
    if (!Array.isArray(u)) return fail(u, c, `expected a list of identity sources, got ${found(u)}`);
    if (u.length === 0) return fail(u, c, 'expected at least 1 identity source, got an empty list (omit identitySources for none)');
    return unique.validate(u, c);
  }, 'list of identity sources');
}
