/**
 * HTTP API -> private Application Load Balancer through a VPC link (HTTP_PROXY, ConnectionType VPC_LINK).
 *
 * ```yaml
 * integration:
 *   type: alb
 *   listener: !Ref OrdersListener   # required: the ALB listener's ARN (listener/app/NAME/ID/ID), a Value
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

export const AlbIntegration = object(
  'alb integration',
  { type: oneOf(['alb'] as const), listener: doc(listenerArn('app'), "the listener's ARN (a Value, e.g. !Ref OrdersListener): an Application Load Balancer listener, listener/app/NAME/ID/ID"), ...PRIVATE_REQUIRED },
  PRIVATE_OPTIONS,
);
export type AlbIntegration = typeof AlbIntegration._A;

export const albIntegration: IntegrationKind<AlbIntegration, InputOf<typeof AlbIntegration>> = {
  type: 'alb',
  codec: AlbIntegration,
  build: (d, context) => buildPrivateIntegration('Alb', d.listener, d, context),
};
