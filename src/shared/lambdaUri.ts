/**
 * The Lambda invocation URI: what API Gateway calls to invoke a function where it needs a URI rather than the
 * plain function ARN (WebSocket integrations, and Lambda authorizers of both protocols).
 */
import { Intrinsic, Value, sub, subPart } from '../value';

/** `arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/<function ARN>/invocations`. */
export function lambdaInvocationUri(fn: Value): Intrinsic {
  const part = subPart(fn, 'FunctionArn');
  return sub(`arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${part.text}/invocations`, part.variables);
}
