/**
 * HTTP API -> public HTTP endpoint (HTTP_PROXY): API Gateway passes the request to a URL and the response back.
 *
 * ```yaml
 * integration:
 *   type: http
 *   url: https://orders.example.com/v1/{proxy}   # required: http:// or https://, a host; the path may hold route
 *                                   #   variables ({id}, {proxy} for a {proxy+} route) and ${stageVariables.NAME}
 *   method: ANY                     # default ANY: the client's method
 *   timeout: 10s                    # 50 ms to 30 s; default: API Gateway's 30 s
 *   requestParameters: {...}        # see shared/parameterMapping.ts
 *   responseParameters: {...}
 *   description: ...
 * ```
 * PayloadFormatVersion is "1.0", the only one HTTP_PROXY takes. See shared/httpProxy.ts.
 */
import { object, oneOf, InputOf } from '../../spec/codec';
import { urlValue } from '../../shared/url';
import { HTTP_PROXY_OPTIONS, httpProxyProperties } from '../../shared/httpProxy';
import { valueWords } from '../../shared/logicalId';
import { IntegrationKind } from '../kind';

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
