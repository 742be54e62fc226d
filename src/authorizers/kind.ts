/**
 * What an authorizer kind builds: the AWS::ApiGatewayV2::Authorizer's properties, and the function API Gateway
 * invokes under its own identity (which then needs a Lambda permission).
 */
import { AuthorizerProperties } from 'cloudform-types/types/apiGatewayV2/authorizer';
import { Plain } from '../template/types';
import { Value } from '../value';

export interface AuthorizerPlan {
  /** The Authorizer's properties except ApiId and Name, which the builder adds. */
  readonly properties: Omit<Plain<AuthorizerProperties>, 'ApiId' | 'Name'>;
  /** The Name in API Gateway, when the declaration gives one (default: the declared name). */
  readonly name?: Value;
  /** A Lambda function API Gateway invokes with its own identity: it needs an AWS::Lambda::Permission. */
  readonly invokes?: Value;
  /** Such a function whose owner grants the permission (`permission: false`): a notice instead of a resource. */
  readonly grantedByOwner?: Value;
}
