/**
 * WebSocket API -> HTTP endpoint as a proxy (HTTP_PROXY): the message goes to the URL as is, and the endpoint's
 * answer comes back as is. Takes what `http` takes except templates, passthrough behaviour and responses.
 *
 * ```yaml
 * integration:
 *   type: httpProxy
 *   url: https://chat.example.com/{proxy}    # {proxy} needs requestParameters: {integration.request.path.proxy: ...}
 *   method: ANY
 * ```
 */
import { object, oneOf, InputOf } from '../../spec/codec';
import { valueWords } from '../../shared/logicalId';
import { HTTP_ONLY_OPTIONS } from '../../shared/webSocketMapping';
import { IntegrationKind } from '../kind';
import { WEBSOCKET_HTTP_OPTIONS, webSocketHttpProperties, withUrlVariablesMapped } from './http';
import { urlValue } from '../../shared/url';

const PROXY_HINTS = {
  ...HTTP_ONLY_OPTIONS,
  requestTemplates: 'requestTemplates apply to type: http; a proxy passes the message on unchanged',
  templateSelectionExpression: 'templateSelectionExpression applies to type: http; a proxy passes the message on unchanged',
  passthroughBehavior: 'passthroughBehavior applies to type: http; a proxy passes the message on unchanged',
  responses: 'responses apply to type: http; a proxy returns the endpoint\'s answer unchanged',
};

export const WebSocketHttpProxyIntegration = withUrlVariablesMapped(
  object('WebSocket httpProxy integration', { type: oneOf(['httpProxy'] as const), url: urlValue }, WEBSOCKET_HTTP_OPTIONS, PROXY_HINTS),
);
export type WebSocketHttpProxyIntegration = typeof WebSocketHttpProxyIntegration._A;

export const webSocketHttpProxyIntegration: IntegrationKind<WebSocketHttpProxyIntegration, InputOf<typeof WebSocketHttpProxyIntegration>> = {
  type: 'httpProxy',
  codec: WebSocketHttpProxyIntegration,
  build: (d) => ({ name: `HttpProxy ${valueWords(d.url)}`, properties: webSocketHttpProperties('HTTP_PROXY', d) }),
};
