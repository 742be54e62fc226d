/**
 * HTTP API -> public HTTP endpoint (HTTP_PROXY): API Gateway passes the request to a URL and the response back.
 *
 * ```yaml
 * integration:
 *   type: http
 *   url: https://orders.example.com/v1/{proxy}   # required: http:// or https://, a host; the path may hold the
 *                                   #   route's own variables ({id}, {proxy} for a {proxy+} route; see
 *                                   #   unboundUrlVariablesProblem) and ${stageVariables.NAME}
 *   method: ANY                     # default ANY: the client's method
 *   timeout: 10s                    # 50 ms to 30 s; default: API Gateway's 30 s
 *   requestParameters: {...}        # see shared/parameterMapping.ts
 *   responseParameters: {...}
 *   description: ...
 * ```
 * PayloadFormatVersion is "1.0", the only one HTTP_PROXY takes. See shared/httpProxy.ts.
 */
import { object, oneOf, InputOf } from '../../spec/codec';
import { urlPathVariables, urlValue } from '../../shared/url';
import { HTTP_PROXY_OPTIONS, httpProxyProperties } from '../../shared/httpProxy';
import { valueWords } from '../../shared/logicalId';
import { IntegrationKind } from '../kind';
import { HttpRouteKey } from '../../routes/routeKey';
import { Value } from '../../value';

export const UrlIntegration = object('http integration', { type: oneOf(['http'] as const), url: urlValue }, HTTP_PROXY_OPTIONS);
export type UrlIntegration = typeof UrlIntegration._A;

/** Readable words for a URL: its host and path, without the scheme. */
function urlWords(value: UrlIntegration['url']): string {
  return (typeof value === 'string' ? value : valueWords(value)).replace(/^https?:\/\//, '');
}

export const urlIntegration: IntegrationKind<UrlIntegration, InputOf<typeof UrlIntegration>> = {
  type: 'http',
  codec: UrlIntegration,
  build: (d) => ({
    name: `Http ${urlWords(d.url)}`,
    properties: httpProxyProperties(d.url, d),
  }),
};

/**
 * Why a route cannot fill its URL, or undefined when it can. API Gateway fills `{name}` in the URL from the route's
 * path variable `{name}`, or `{name+}` for a greedy one (`{proxy}` from `{proxy+}`), and from nothing else: the
 * `$default` route binds none (it passes the whole request path on by itself). Routes whose integrations are equal
 * share one, so checking every route against its own URL keeps a shared URL fillable by each of its routes.
 */
export function unboundUrlVariablesProblem(url: Value, routeKey: string, key: HttpRouteKey): string | undefined {
  const bound = key.kind === 'default' ? [] : key.segments.flatMap((s) => (s.kind === 'literal' ? [] : [s.name]));
  const unbound = urlPathVariables(url).filter((name) => !bound.includes(name));
  if (unbound.length === 0) return undefined;
  const names = unbound.map((n) => `{${n}}`).join(', ');
  const what = unbound.length === 1 ? `${names} is not a path variable` : `${names} are not path variables`;
  const binds =
    key.kind === 'default'
      ? 'the $default route binds none, and passes the whole request path on by itself: end the URL before the variable'
      : bound.length === 0
        ? `${routeKey} binds none`
        : `${routeKey} binds ${key.segments.flatMap((s) => (s.kind === 'param' ? [`{${s.name}}`] : s.kind === 'greedy' ? [`{${s.name}} (from {${s.name}+})`] : [])).join(', ')}`;
  return `${what} of this route, so API Gateway has no value to put there when a request comes; ${binds}`;
}
