/**
 * WebSocket API -> HTTP endpoint, with mapping templates (HTTP). `httpProxy.ts` is the proxy variant.
 *
 * ```yaml
 * integration:
 *   type: http
 *   url: https://chat.example.com/rooms/{room}   # required: http:// or https://; each {name} in it needs a
 *                                            #   request parameter integration.request.path.name (below)
 *   method: POST                             # default ANY
 *   requestTemplates: { $default: '{"text": $input.json(''$.text'')}' }
 *   templateSelectionExpression: \$default
 *   passthroughBehavior: WHEN_NO_MATCH
 *   requestParameters: { integration.request.header.x-connection: context.connectionId,
 *                        integration.request.path.room: route.request.body.room }
 *   contentHandling: CONVERT_TO_TEXT
 *   timeout: 10s                             # 50 ms to 29 s
 *   vpcLink: !ImportValue Network-NlbVpcLinkId   # an existing REST-style VPC link to a Network Load Balancer
 *   responses: { $default: { templates: { $default: '$input.body' } } }
 * ```
 */
import * as t from 'io-ts';
import { Codec, extend, fail, object, oneOf, InputOf, doc } from '../../spec/codec';
import { stringValue } from '../../spec/values';
import { webSocketTimeout } from '../../shared/duration';
import { valueWords } from '../../shared/logicalId';
import { urlPathVariables, urlValue } from '../../shared/url';
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

/**
 * A WebSocket route has no path: API Gateway fills `{name}` in the URL from the request parameter
 * `integration.request.path.name` and from nothing else, so a URL variable without one is an error at `url`.
 */
export function withUrlVariablesMapped<A extends { readonly url: Value; readonly requestParameters?: Record<string, Value> }, O>(base: Codec<A, O>): Codec<A, O> {
  return extend(base, (u, c) => {
    const r = base.validate(u, c);
    if (r._tag === 'Left') return r;
    const mapped = Object.keys(r.right.requestParameters ?? {});
    const unmapped = urlPathVariables(r.right.url).filter((name) => !mapped.includes(`integration.request.path.${name}`));
    if (unmapped.length === 0) return r;
    const url = (u as Record<string, unknown>).url;
    const needed = unmapped.map((name) => `integration.request.path.${name}`).join(', ');
    return fail(
      url,
      t.appendContext(c, 'url', t.unknown, url),
      `${unmapped.map((n) => `{${n}}`).join(', ')} ${unmapped.length === 1 ? 'has' : 'have'} no value: a WebSocket route has no path variables, and API Gateway fills ` +
        `{name} in the URL only from the request parameter integration.request.path.name; map ${needed} under requestParameters ` +
        `(from route.request.body.FIELD, context.VARIABLE, stageVariables.NAME or a 'static value')`,
    );
  });
}

export const WebSocketHttpIntegration = withUrlVariablesMapped(
  object(
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
  ),
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
