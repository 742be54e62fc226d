/**
 * HTTP API -> private Network Load Balancer through a VPC link (HTTP_PROXY, ConnectionType VPC_LINK).
 *
 * ```yaml
 * integration:
 *   type: nlb
 *   listener: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/orders/50dc6c495c0c9188/f2f7dc8efc522ab2
 *                                   # required: the NLB listener's ARN (listener/net/NAME/ID/ID), a Value
 *   vpcLink: main                   # required: a link declared under vpcLinks
 *   method: ANY                     # default ANY: the client's method
 *   tlsServerName: orders.internal.example.com   # default: none (plain HTTP to the listener)
 *   timeout: 10s                    # 50 ms to 30 s; default: API Gateway's 30 s
 *   requestParameters: {...}        # see shared/parameterMapping.ts
 *   responseParameters: {...}
 *   description: ...
 * ```
 * Shared mechanics (VPC link, TLS, payload format 1.0): shared/privateIntegration.ts.
 */
import { object, oneOf, InputOf, doc } from '../../spec/codec';
import { PRIVATE_OPTIONS, PRIVATE_REQUIRED, buildPrivateIntegration, listenerArn } from '../../shared/privateIntegration';
import { IntegrationKind } from '../kind';

export const NlbIntegration = object(
  'nlb integration',
  { type: oneOf(['nlb'] as const), listener: doc(listenerArn('net'), "the listener's ARN (a Value, e.g. !Ref OrdersListener): a Network Load Balancer listener, listener/net/NAME/ID/ID"), ...PRIVATE_REQUIRED },
  PRIVATE_OPTIONS,
);
export type NlbIntegration = typeof NlbIntegration._A;

export const nlbIntegration: IntegrationKind<NlbIntegration, InputOf<typeof NlbIntegration>> = {
  type: 'nlb',
  codec: NlbIntegration,
  build: (d, context) => buildPrivateIntegration('Nlb', d.listener, d, context),
};
