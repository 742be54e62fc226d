/**
 * CORS of an HTTP API, and how it meets authorization.
 *
 * ```yaml
 * api:
 *   cors:
 *     allowOrigins: [https://books.example.com]   # "*" for any origin (not with allowCredentials)
 *     allowMethods: [GET, POST]                   # or "*" (not with allowCredentials)
 *     allowHeaders: [authorization, content-type] # "*" never covers Authorization: list it
 *     exposeHeaders: [x-request-id]
 *     allowCredentials: true
 *     maxAge: 600                                 # seconds a browser may cache a preflight answer, -1 to 86400
 *     preflight:                                  # unauthenticated OPTIONS routes in front of authorized ANY and
 *       integration:                              #   $default routes, on this integration (any HTTP API kind;
 *         type: lambda                            #   HTTP APIs have no mock integration)
 *         function: !Ref PreflightFunctionArn
 * ```
 *
 * With CORS configured, API Gateway answers a browser's preflight `OPTIONS` request itself only when no route takes
 * it. `OPTIONS` routes, `ANY` routes and `$default` take it, and a browser sends it without credentials, so an
 * authorizer on such a route turns every preflight into 401 or 403 and every cross-origin call fails (AWS:
 * "Configuring CORS for an HTTP API"). Hence:
 * - `OPTIONS` routes never take `api.authorization` (they are written `AuthorizationType: NONE` when it is set), and
 *   authorization other than `none` written on one is an error;
 * - an authorized `ANY` or `$default` route warns, unless an `OPTIONS` route stands in front of it: one the spec
 *   writes, or one `preflight` generates (`OPTIONS <same path>`, and `OPTIONS /{proxy+}` for `$default`, as AWS
 *   advises), unauthenticated, on the preflight integration. API Gateway adds the CORS headers to its answer.
 * - browsers read `*` literally on credentialed requests, and never let `*` stand for `Authorization`: with
 *   `allowCredentials: true`, `*` in allowMethods, allowHeaders or exposeHeaders is an error.
 */
import * as t from 'io-ts';
import type { HttpSpec } from '../spec/spec';
import { boolean, doc, errorAt, integer, list, nonEmptyString, object, oneOf, withFieldChecks } from '../spec/codec';
import { HttpIntegration } from '../integrations/http';
import { Authorization, authorizerNameOf, resolveAuthorization } from '../authorizers/authorization';
import { DEFAULT_JWT_IDENTITY_SOURCE } from '../authorizers/jwt';
import { parseHttpRouteKey, normalizedRouteKey, HttpRouteKey } from '../routes/routeKey';
import { Warning, pathTo } from '../errors';
import { isPlainObject } from '../value';

const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'] as const;

const CREDENTIALED = 'browsers read "*" literally when allowCredentials is true (a credentialed request gets no wildcard)';

export const Cors = withFieldChecks(
  object(
    'cors configuration',
    {},
    {
      allowOrigins: doc(list(nonEmptyString, { min: 1 }), 'origins that may call the API, such as https://books.example.com, or * (not with allowCredentials)'),
      allowMethods: doc(list(oneOf(CORS_METHODS), { min: 1 }), 'methods that may be used: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or * (not with allowCredentials)'),
      allowHeaders: doc(list(nonEmptyString, { min: 1 }), 'request headers that may be sent; * never covers Authorization'),
      exposeHeaders: doc(list(nonEmptyString, { min: 1 }), 'response headers a browser may read'),
      allowCredentials: doc(boolean, 'whether credentials (cookies, Authorization) may be sent; then no * in origins, methods, headers'),
      maxAge: doc(integer(-1, 86_400), 'seconds a browser may cache the preflight answer: -1 to 86400'),
      preflight: doc(
        object('preflight', { integration: doc(HttpIntegration, 'the integration the generated OPTIONS routes call: any HTTP integration (HTTP APIs have no mock)') }),
        'unauthenticated OPTIONS routes in front of authorized ANY and $default routes, so that preflights are not refused',
      ),
    },
  ),
  (cors) =>
    cors.allowCredentials !== true
      ? []
      : [
          ...(cors.allowOrigins?.includes('*')
            ? [{ field: 'allowOrigins', message: 'allowCredentials: true cannot be combined with allowOrigins "*" (browsers and API Gateway refuse it); list the origins' }]
            : []),
          ...(cors.allowMethods?.includes('*')
            ? [{ field: 'allowMethods', message: `"*" with allowCredentials: true allows no method: ${CREDENTIALED}; list the methods` }]
            : []),
          ...(cors.allowHeaders?.includes('*')
            ? [{ field: 'allowHeaders', message: `"*" with allowCredentials: true allows no header: ${CREDENTIALED}, and "*" never covers Authorization; list the headers clients send, Authorization among them if they send it` }]
            : []),
          ...(cors.exposeHeaders?.includes('*')
            ? [{ field: 'exposeHeaders', message: `"*" with allowCredentials: true exposes no header: ${CREDENTIALED}; list the headers scripts may read` }]
            : []),
        ],
);
export type Cors = typeof Cors._A;

/** The Api's CorsConfiguration: every field but `preflight`, which builds routes. */
export function corsConfiguration(cors: Cors) {
  return {
    ...(cors.allowOrigins && { AllowOrigins: cors.allowOrigins }),
    ...(cors.allowMethods && { AllowMethods: cors.allowMethods }),
    ...(cors.allowHeaders && { AllowHeaders: cors.allowHeaders }),
    ...(cors.exposeHeaders && { ExposeHeaders: cors.exposeHeaders }),
    ...(cors.allowCredentials !== undefined && { AllowCredentials: cors.allowCredentials }),
    ...(cors.maxAge !== undefined && { MaxAge: cors.maxAge }),
  };
}

const isNone = (raw: unknown) => raw === 'none' || (isPlainObject(raw) && raw.authorizer === 'none');

/** Authorization written on an OPTIONS route (anything but `none`) is an error, at that route's `authorization`. */
export function corsCrossFieldErrors(u: unknown, c: t.Context): t.ValidationError[] {
  if (!isPlainObject(u) || !isPlainObject(u.routes)) return [];
  const errors: t.ValidationError[] = [];
  for (const [routeKey, route] of Object.entries(u.routes)) {
    if (!routeKey.startsWith('OPTIONS ') || !isPlainObject(route) || route.authorization === undefined || isNone(route.authorization)) continue;
    errors.push(
      errorAt(
        u,
        c,
        ['routes', routeKey, 'authorization'],
        'an OPTIONS route takes CORS preflight requests, which browsers send without credentials: any authorization turns ' +
          'every preflight into 401 or 403 ("Configuring CORS for an HTTP API"); remove it (OPTIONS routes never take ' +
          'api.authorization either)',
      ),
    );
  }
  return errors;
}

/** The authorization a route of an HTTP API gets: an OPTIONS route never takes the api's default. */
export function httpRouteAuthorization(routeKey: string, route: Authorization | undefined, apiDefault: Authorization | undefined): Authorization | undefined {
  if (!routeKey.startsWith('OPTIONS ')) return resolveAuthorization(route, apiDefault);
  // Written out as none when a default exists, so the template says so and an update away from an authorizer works.
  return route ?? (apiDefault === undefined ? undefined : 'none');
}

const authorized = (a: Authorization | undefined) => a !== undefined && authorizerNameOf(a) !== 'none';

/** An OPTIONS route to generate in front of an authorized route, and the route it stands for. */
export interface PreflightRoute {
  readonly routeKey: string;
  /** The route it covers: `routes["ANY /books"]`. */
  readonly covers: string;
}

/** `OPTIONS` and the path of an ANY route; for $default, `OPTIONS /{name+}` with the name routes use at level one. */
function preflightKey(key: HttpRouteKey, keys: readonly HttpRouteKey[]): string {
  if (key.kind === 'route') return `OPTIONS ${key.path}`;
  // API Gateway refuses differently named variables at one level of the path, so the greedy one takes theirs.
  const first = keys.flatMap((k) => (k.kind === 'route' && k.segments[0] !== undefined && k.segments[0].kind !== 'literal' ? [k.segments[0].name] : []))[0];
  return `OPTIONS /{${first ?? 'proxy'}+}`;
}

/**
 * The OPTIONS routes `cors.preflight` generates, and the warnings of CORS with authorization: an authorized ANY or
 * $default route that nothing stands in front of; a `preflight` that covers nothing; `allowHeaders: ["*"]` while an
 * authorizer reads the Authorization header.
 */
export function corsPlan(spec: HttpSpec): { routes: PreflightRoute[]; warnings: Warning[] } {
  const cors = 'cors' in spec.api ? spec.api.cors : undefined;
  if (cors === undefined) return { routes: [], warnings: [] };
  const parsed = Object.keys(spec.routes).flatMap((k) => {
    const p = parseHttpRouteKey(k);
    return 'key' in p ? [{ routeKey: k, key: p.key }] : [];
  });
  const present = new Set(parsed.map((p) => normalizedRouteKey(p.key)));
  const routes: PreflightRoute[] = [];
  const warnings: Warning[] = [];
  for (const { routeKey, key } of parsed) {
    const catchesOptions = key.kind === 'default' || key.method === 'ANY';
    if (!catchesOptions || !authorized(httpRouteAuthorization(routeKey, spec.routes[routeKey].authorization, spec.api.authorization))) continue;
    const optionsKey = preflightKey(key, parsed.map((p) => p.key));
    const normalized = parseHttpRouteKey(optionsKey);
    if ('key' in normalized && present.has(normalizedRouteKey(normalized.key))) continue; // the spec stands one in front
    const source = pathTo('routes', routeKey);
    if (cors.preflight !== undefined) {
      if (!routes.some((r) => r.routeKey === optionsKey)) routes.push({ routeKey: optionsKey, covers: source });
      continue;
    }
    warnings.push({
      path: source,
      message:
        `takes the CORS preflight (OPTIONS) requests for its paths, and its authorization rejects them: browsers send ` +
        `preflights without credentials, so cross-origin calls fail with 401 or 403 ("Configuring CORS for an HTTP API"); ` +
        `add api.cors.preflight with an integration for an unauthenticated ${optionsKey} route, or write that route`,
    });
  }
  if (cors.preflight !== undefined && routes.length === 0) {
    warnings.push({ path: 'api.cors.preflight', message: 'no authorized ANY or $default route lacks an OPTIONS route in front of it, so it generates nothing; remove it' });
  }
  const readsAuthorization = Object.entries(spec.authorizers ?? {}).some(([, d]) =>
    (d.type === 'jwt' ? [d.identitySource ?? DEFAULT_JWT_IDENTITY_SOURCE] : (d.identitySources ?? [])).some(
      (source) => source.toLowerCase() === DEFAULT_JWT_IDENTITY_SOURCE.toLowerCase(),
    ),
  );
  const headers = (cors.allowHeaders ?? []).map((h) => h.toLowerCase());
  if (readsAuthorization && headers.includes('*') && !headers.includes('authorization')) {
    warnings.push({
      path: 'api.cors.allowHeaders',
      message: '"*" never covers the Authorization header, which an authorizer reads: browsers block requests that send it; add Authorization to the list',
    });
  }
  return { routes, warnings };
}
