/**
 * The Lambda invocation URI: what API Gateway calls to invoke a function where it needs a URI rather than the
 * plain function ARN (WebSocket integrations, and Lambda authorizers of both protocols).
 */
import { Intrinsic, Value, sub, subPart } from '../value';

/**
 * `arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`. The URI names
 * the Lambda endpoint of the function's own Region: for a literal ARN, its partition and Region, written out; for an
 * intrinsic, the stack's (`${AWS::Partition}`, `${AWS::Region}`), where a function given by reference lives.
 */
export function lambdaInvocationUri(fn: Value): Intrinsic | string {
  const literal = typeof fn === 'string' ? /^arn:([^:]+):lambda:([^:]+):/.exec(fn) : null;
  if (literal !== null) return `arn:${literal[1]}:apigateway:${literal[2]}:lambda:path/2015-03-31/functions/${fn}/invocations`;
  const part = subPart(fn, 'FunctionArn');
  return sub(`arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${part.text}/invocations`, part.variables);
}
