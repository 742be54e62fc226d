/**
 * HTTP API -> AWS Cloud Map service through a VPC link (HTTP_PROXY, ConnectionType VPC_LINK). API Gateway looks the
 * service's instances up and calls one of them.
 *
 * ```yaml
 * integration:
 *   type: cloudMap
 *   service: !GetAtt OrdersService.Arn   # required: the Cloud Map service's ARN (service/srv-...), a Value
 *   vpcLink: main                   # required: a link declared under vpcLinks (Cloud Map always needs one)
 *   method: ANY                     # default ANY: the client's method
 *   tlsServerName: orders.internal.example.com   # default: none (plain HTTP to the instances)
 *   timeout: 10s                    # 50 ms to 30 s; default: API Gateway's 30 s (kept, unlike CDK, which drops it)
 *   requestParameters: {...}        # see shared/parameterMapping.ts
 *   responseParameters: {...}
 *   description: ...
 * ```
 * Shared mechanics (VPC link, TLS, payload format 1.0): shared/privateIntegration.ts.
 */
import { object, oneOf, InputOf, doc } from '../../spec/codec';
import { PRIVATE_OPTIONS, PRIVATE_REQUIRED, buildPrivateIntegration, cloudMapServiceArn } from '../../shared/privateIntegration';
import { IntegrationKind } from '../kind';

export const CloudMapIntegration = object(
  'cloudMap integration',
  { type: oneOf(['cloudMap'] as const), service: doc(cloudMapServiceArn, "the Cloud Map service's ARN (a Value), arn:aws:servicediscovery:REGION:ACCOUNT:service/srv-..."), ...PRIVATE_REQUIRED },
  PRIVATE_OPTIONS,
);
export type CloudMapIntegration = typeof CloudMapIntegration._A;

export const cloudMapIntegration: IntegrationKind<CloudMapIntegration, InputOf<typeof CloudMapIntegration>> = {
  type: 'cloudMap',
  codec: CloudMapIntegration,
  build: (d, context) => buildPrivateIntegration('CloudMap', d.service, d, context),
};
