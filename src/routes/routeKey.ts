/**
 * HTTP API route keys: `METHOD /path` or `$default`.
 * METHOD is GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY. The path starts with `/`, does not end with `/`
 * (except `/` itself), and holds literal segments, `{param}` segments, and at most one greedy `{proxy+}`, last.
 */
import { memoized } from '../shared/memo';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type HttpRouteKey =
  | { readonly kind: 'default' }
  | { readonly kind: 'route'; readonly method: HttpMethod; readonly path: string; readonly segments: readonly Segment[] };

export type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

/** Characters API Gateway accepts in a literal path segment. */
const LITERAL_SEGMENT = /^[A-Za-z0-9._~:@!$&'()*+,;=-]+$/;
const PARAM_NAME = /^[A-Za-z0-9._-]+$/;

/** Parses a route key, or says why it is not one. Each key is parsed once (several checks and builders ask). */
export const parseHttpRouteKey: (key: string) => { key: HttpRouteKey } | { problem: string } = memoized(parseRouteKey, 10_000);

function parseRouteKey(key: string): { key: HttpRouteKey } | { problem: string } {
  if (key === '$default') return { key: { kind: 'default' } };
  if (key === '$connect' || key === '$disconnect') {
    return { problem: `${key} is a WebSocket route key; an HTTP API takes "METHOD /path" or "$default" (for a WebSocket API, set api.protocol: websocket)` };
  }
  const example = 'expected "METHOD /path" (METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY) or "$default"';
  const space = key.indexOf(' ');
  if (space < 0) return { problem: `${example}, got ${JSON.stringify(key)}` };
  const method = key.slice(0, space);
  const path = key.slice(space + 1);
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    const upper = method.toUpperCase();
    const hint = (HTTP_METHODS as readonly string[]).includes(upper) ? ` (methods are upper case: ${upper})` : '';
    return { problem: `${example}, got method ${JSON.stringify(method)}${hint}` };
  }
  if (!path.startsWith('/')) return { problem: `the path must start with "/", got ${JSON.stringify(path)}` };
  if (path === '/') return { key: { kind: 'route', method: method as HttpMethod, path, segments: [] } };
  if (path.endsWith('/')) return { problem: `the path must not end with "/", got ${JSON.stringify(path)}` };
  const parts = path.slice(1).split('/');
  const segments: Segment[] = [];
  const names = new Set<string>();
  // An index loop: each of a thousand route keys is parsed while V8 still interprets this code, where an entries()
  // iterator and its destructuring cost more than the checks themselves.
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === '') return { problem: `the path has an empty segment ("//"), got ${JSON.stringify(path)}` };
    const param = part.charCodeAt(0) === 0x7b /* { */ ? /^\{(.*)\}$/.exec(part) : null;
    if (param === null) {
      if (part.includes('{') || part.includes('}')) {
        return { problem: `a path parameter must fill its whole segment, as in /books/{id}, got ${JSON.stringify(part)}` };
      }
      if (!LITERAL_SEGMENT.test(part)) return { problem: `the path segment ${JSON.stringify(part)} holds a character API Gateway does not accept` };
      segments.push({ kind: 'literal', text: part });
      continue;
    }
    const greedy = param[1].endsWith('+');
    const name = greedy ? param[1].slice(0, -1) : param[1];
    if (!PARAM_NAME.test(name)) return { problem: `expected a path parameter name of letters, digits, ".", "_" or "-", got ${JSON.stringify(part)}` };
    if (names.has(name)) return { problem: `the path parameter {${name}} appears twice` };
    names.add(name);
    if (greedy && i !== parts.length - 1) return { problem: `the greedy parameter {${name}+} must be the last segment of the path` };
    segments.push(greedy ? { kind: 'greedy', name } : { kind: 'param', name });
  }
  return { key: { kind: 'route', method: method as HttpMethod, path, segments } };
}

/**
 * The method and path in an execute-api ARN: `GET/books/*` for `GET /books/{id}`, `*` for ANY, parameters and
 * greedy segments as `*`; `$default` for the default route.
 */
export function executeApiResourcePath(key: HttpRouteKey): string {
  if (key.kind === 'default') return '$default';
  const method = key.method === 'ANY' ? '*' : key.method;
  const path = key.segments.map((s) => (s.kind === 'literal' ? s.text : '*')).join('/');
  return `${method}/${path}`;
}

/**
 * The route key with its variables renamed to `{param}` (greedy: `{proxy+}`): what a route's logical ID is made of.
 * Renaming a path variable (`GET /orders/{orderId}` to `GET /orders/{id}`) then updates the route in place
 * (RouteKey is updatable); were the ID to follow the raw key, CloudFormation would create the new route while the
 * old one still holds the key, and API Gateway refuses that with a ConflictException. One API never holds two
 * routes that differ only in variable names (API Gateway refuses those too), so the normalised key is still unique.
 */
export function normalizedRouteKey(key: HttpRouteKey): string {
  if (key.kind === 'default') return '$default';
  const path = key.segments.map((s) => (s.kind === 'literal' ? s.text : s.kind === 'param' ? '{param}' : '{proxy+}')).join('/');
  return `${key.method} /${path}`;
}
