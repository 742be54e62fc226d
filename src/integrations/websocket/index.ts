/**
 * The integration kinds of WebSocket APIs, by the `type` a spec writes. Adding a kind: write its file, list it here.
 */
import { DescriptorOf, IntegrationContext, IntegrationPlan, integrationKinds } from '../kind';
import { webSocketLambdaIntegration } from './lambda';
import { webSocketMockIntegration } from './mock';
import { webSocketAwsIntegration } from './aws';
import { webSocketHttpIntegration } from './http';
import { webSocketHttpProxyIntegration } from './httpProxy';

/** The integration kinds of WebSocket APIs by `type`: each a codec of what users write and a builder. */
export const WEBSOCKET_INTEGRATION_KINDS = {
  lambda: webSocketLambdaIntegration,
  mock: webSocketMockIntegration,
  aws: webSocketAwsIntegration,
  http: webSocketHttpIntegration,
  httpProxy: webSocketHttpProxyIntegration,
} as const;

/** Answers for types that belong to the other protocol. */
const OTHER_PROTOCOL = Object.fromEntries(
  ['alb', 'nlb', 'cloudMap'].map((kind) => [
    kind,
    `${kind} integrations belong to HTTP APIs; a WebSocket API reaches a private Network Load Balancer with type: http or httpProxy and vpcLink: <an existing VPC link id>`,
  ]),
);

const kinds = integrationKinds(WEBSOCKET_INTEGRATION_KINDS, OTHER_PROTOCOL);
/** The codec of a WebSocket API integration, chosen by `type`; `WebSocketIntegration` is also its decoded type. */
export type WebSocketIntegration = DescriptorOf<typeof WEBSOCKET_INTEGRATION_KINDS>;
export const WebSocketIntegration = kinds.codec;
/** The plan of a WebSocket API integration: its Integration properties, responses and what else it needs. */
export const buildWebSocketIntegration: (descriptor: WebSocketIntegration, context: IntegrationContext) => IntegrationPlan = kinds.build;
