/**
 * What every HTTP proxy integration of an HTTP API shares, whether it reaches a public URL or a private resource
 * through a VPC link: IntegrationType HTTP_PROXY, the method it calls the backend with, payload format 1.0 (the only
 * one HTTP_PROXY takes), the timeout, and request and response parameter mapping.
 *
 * ```yaml
 *   method: ANY                 # ANY (default: the client's method), GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS
 *   timeout: 10s                # 50 ms to 30 s; default: API Gateway's 30 s
 *   requestParameters: {...}    # see shared/parameterMapping.ts
 *   responseParameters: {...}   # per status code; see shared/parameterMapping.ts
 *   description: ...
 * ```
 */
import { IntegrationProperties } from 'cloudform-types/types/apiGatewayV2/integration';
import { doc, oneOf } from '../spec/codec';
import { integrationDescription } from '../integrations/kind';
import { Plain } from '../template/types';
import { Value } from '../value';
import { httpTimeout } from './duration';
import { RequestParameters, ResponseParameters, requestParameters, responseParameters, toCloudFormationResponseParameters } from './parameterMapping';

/** The methods IntegrationMethod takes for HTTP proxy integrations; ANY passes the client's method on. */
export const INTEGRATION_METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type IntegrationMethod = (typeof INTEGRATION_METHODS)[number];

export const integrationMethod = doc(
  oneOf(INTEGRATION_METHODS, ' (upper case)'),
  "the method API Gateway calls the backend with: ANY (default: the client's method), GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS",
);

/** The optional fields of every HTTP proxy integration descriptor. */
export const HTTP_PROXY_OPTIONS = {
  method: integrationMethod,
  timeout: httpTimeout,
  requestParameters,
  responseParameters,
  description: integrationDescription,
};

export interface HttpProxyOptions {
  readonly method?: IntegrationMethod;
  readonly timeout?: number;
  readonly requestParameters?: RequestParameters;
  readonly responseParameters?: ResponseParameters;
  readonly description?: string;
}

type Properties = Omit<Plain<IntegrationProperties>, 'ApiId'>;

/**
 * The integration properties of an HTTP proxy to `uri`, with `connection` (ConnectionType, ConnectionId, TlsConfig)
 * for private integrations placed after the method, so related properties read together.
 */
export function httpProxyProperties(uri: Value, options: HttpProxyOptions, connection: Partial<Properties> = {}): Properties {
  return {
    IntegrationType: 'HTTP_PROXY',
    IntegrationUri: uri,
    IntegrationMethod: options.method ?? 'ANY',
    ...connection,
    PayloadFormatVersion: '1.0',
    ...(options.timeout !== undefined && { TimeoutInMillis: options.timeout }),
    ...(options.requestParameters !== undefined && { RequestParameters: options.requestParameters }),
    ...(options.responseParameters !== undefined && { ResponseParameters: toCloudFormationResponseParameters(options.responseParameters) }),
    ...(options.description !== undefined && { Description: options.description }),
  };
}
