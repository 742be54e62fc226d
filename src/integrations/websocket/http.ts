/**
 * WebSocket API -> HTTP endpoint, with mapping templates (HTTP). `httpProxy.ts` is the proxy variant.
 *
 * ```yaml
 * integration:
 *   type: http
 *   url: https://chat.example.com/messages   # required: http:// or https://
 *   method: POST                             # default ANY
 *   requestTemplates: { $default: '{"text": $input.json(''$.text'')}' }
 *   templateSelectionExpression: \$default
 *   passthroughBehavior: WHEN_NO_MATCH
 *   requestParameters: { integration.request.header.x-connection: context.connectionId }
 *   contentHandling: CONVERT_TO_TEXT
 *   timeout: 10s                             # 50 ms to 29 s
 *   vpcLink: !ImportValue Network-NlbVpcLinkId   # an existing REST-style VPC link to a Network Load Balancer
 *   responses: { $default: { templates: { $default: '$input.body' } } }
 * ```
 */
import { object, oneOf, InputOf, doc } from '../../spec/codec';
import { stringValue } from '../../spec/values';
import { webSocketTimeout } from '../../shared/duration';
import { valueWords } from '../../shared/logicalId';
import { urlValue } from '../../shared/url';
import {
  HTTP_ONLY_OPTIONS,
  contentHandling,
  integrationResponses,
  passthroughBehavior,
  templateSelectionExpression,
  templates,
  toResponseSettings,
  webSocketRequestParameters,
} from '../../shared/webSocketMapping';
import { IntegrationKind, IntegrationPlan, integrationDescription } from '../kind';
import { Value } from '../../value';


/** Options both WebSocket HTTP kinds take. */
export const WEBSOCKET_HTTP_OPTIONS = {
  method: doc(oneOf(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const, ' (upper case)'), 'the method of the backend call; default ANY'),
  requestParameters: webSocketRequestParameters,
  contentHandling,
  timeout: webSocketTimeout,
  /** The id of an existing VPC link (API Gateway's REST-style link to a Network Load Balancer), as a Value. */
  vpcLink: doc(stringValue, 'the id of an existing VPC link to a Network Load Balancer (a Value, e.g. !ImportValue network-NlbVpcLinkId); default: the public endpoint'),
  description: integrationDescription,
};

interface CommonOptions {
  readonly url: Value;
  readonly method?: string;
  readonly requestParameters?: Record<string, Value>;
  readonly contentHandling?: string;
  readonly timeout?: number;
  readonly vpcLink?: Value;
  readonly description?: string;
}

export function webSocketHttpProperties(integrationType: 'HTTP' | 'HTTP_PROXY', d: CommonOptions): IntegrationPlan['properties'] {
  return {
    IntegrationType: integrationType,
    IntegrationUri: d.url,
    IntegrationMethod: d.method ?? 'ANY',
    ...(d.vpcLink !== undefined && { ConnectionType: 'VPC_LINK', ConnectionId: d.vpcLink }),
    ...(d.requestParameters !== undefined && { RequestParameters: d.requestParameters }),
    ...(d.contentHandling !== undefined && { ContentHandlingStrategy: d.contentHandling }),
    ...(d.timeout !== undefined && { TimeoutInMillis: d.timeout }),
    ...(d.description !== undefined && { Description: d.description }),
  };
}

export const WebSocketHttpIntegration = object(
  'WebSocket http integration',
  { type: oneOf(['http'] as const), url: urlValue },
  {
    ...WEBSOCKET_HTTP_OPTIONS,
    requestTemplates: templates,
    templateSelectionExpression,
    passthroughBehavior,
    responses: integrationResponses,
  },
  HTTP_ONLY_OPTIONS,
);
export type WebSocketHttpIntegration = typeof WebSocketHttpIntegration._A;

export const webSocketHttpIntegration: IntegrationKind<WebSocketHttpIntegration, InputOf<typeof WebSocketHttpIntegration>> = {
  type: 'http',
  codec: WebSocketHttpIntegration,
  build: (d) => ({
    name: `Http ${valueWords(d.url)}`,
    properties: {
      ...webSocketHttpProperties('HTTP', d),
      ...(d.requestTemplates !== undefined && { RequestTemplates: d.requestTemplates }),
      ...(d.templateSelectionExpression !== undefined && { TemplateSelectionExpression: d.templateSelectionExpression }),
      ...(d.passthroughBehavior !== undefined && { PassthroughBehavior: d.passthroughBehavior }),
    },
    responses: toResponseSettings(d.responses),
  }),
};
