/**
 * The integration kinds of WebSocket APIs, by the `type` a spec writes. Adding a kind: write its file, list it here.
 */
import { taggedUnion } from '../../spec/codec';
import { IntegrationContext, IntegrationKind, IntegrationPlan } from '../kind';
import { webSocketLambdaIntegration } from './lambda';
import { webSocketMockIntegration } from './mock';
import { webSocketAwsIntegration } from './aws';
import { webSocketHttpIntegration } from './http';
import { webSocketHttpProxyIntegration } from './httpProxy';

export const WEBSOCKET_INTEGRATION_KINDS = {
  lambda: webSocketLambdaIntegration,
  mock: webSocketMockIntegration,
  aws: webSocketAwsIntegration,
  http: webSocketHttpIntegration,
  httpProxy: webSocketHttpProxyIntegration,
} as const;

type Kinds = typeof WEBSOCKET_INTEGRATION_KINDS;
export type WebSocketIntegration = { [K in keyof Kinds]: Kinds[K] extends IntegrationKind<infer D> ? D : never }[keyof Kinds];

export const WebSocketIntegration = taggedUnion(
  'type',
  Object.fromEntries(Object.entries(WEBSOCKET_INTEGRATION_KINDS).map(([type, kind]) => [type, kind.codec])) as {
    [K in keyof Kinds]: Kinds[K]['codec'];
  },
  Object.fromEntries(
    ['alb', 'nlb', 'cloudMap'].map((kind) => [
      kind,
      `${kind} integrations belong to HTTP APIs; a WebSocket API reaches a private Network Load Balancer with type: http or httpProxy and vpcLink: <an existing VPC link id>`,
    ]),
  ),
);

export function buildWebSocketIntegration(descriptor: WebSocketIntegration, context: IntegrationContext): IntegrationPlan {
  const kind = WEBSOCKET_INTEGRATION_KINDS[descriptor.type] as IntegrationKind<WebSocketIntegration>;
  return kind.build(descriptor, context);
}
