/**
 * WebSocket API -> Lambda proxy integration (AWS_PROXY).
 *
 * ```yaml
 * integration:
 *   type: lambda
 *   function: !GetAtt ChatFunction.Arn   # required: function ARN (a Value)
 *   timeout: 10s                         # 50 ms to 29 s; default: API Gateway's 29 s
 *   contentHandling: CONVERT_TO_TEXT     # CONVERT_TO_BINARY or CONVERT_TO_TEXT; default: pass through
 *   description: ...
 *   permission: false                    # default true: no Lambda permission here (see http/lambda.ts)
 * ```
 * Unlike HTTP APIs, WebSocket APIs need the Lambda invocation URI
 * (`arn:${Partition}:apigateway:${Region}:lambda:path/2015-03-31/functions/<arn>/invocations`). Every route using the
 * function gets its own permission (`${ApiId}/*\/<routeKey>`), also when routes share this integration.
 */
import { boolean, object, oneOf, InputOf, doc } from '../../spec/codec';
import { invokedFunctions } from '../../shared/lambdaPermission';
import { lambdaFunctionArn } from '../../spec/values';
import { webSocketTimeout } from '../../shared/duration';
import { valueWords } from '../../shared/logicalId';
import { HTTP_ONLY_OPTIONS, contentHandling } from '../../shared/webSocketMapping';
import { lambdaInvocationUri } from '../../shared/lambdaUri';
import { IntegrationKind, integrationDescription } from '../kind';

export const WebSocketLambdaIntegration = object(
  'WebSocket lambda integration',
  { type: oneOf(['lambda'] as const), function: doc(lambdaFunctionArn, "the function's ARN (a Value)") },
  {
    timeout: webSocketTimeout,
    contentHandling,
    description: integrationDescription,
    permission: doc(boolean, 'false: no Lambda permission (a function in another account); its owner adds the statement apigw-cfn prints'),
  },
  {
    ...HTTP_ONLY_OPTIONS,
    requestParameters: 'requestParameters do not apply to Lambda proxy integrations of WebSocket APIs: the function receives the whole request',
  },
);
export type WebSocketLambdaIntegration = typeof WebSocketLambdaIntegration._A;

export const webSocketLambdaIntegration: IntegrationKind<WebSocketLambdaIntegration, InputOf<typeof WebSocketLambdaIntegration>> = {
  type: 'lambda',
  codec: WebSocketLambdaIntegration,
  build: (d) => ({
    name: `Lambda ${valueWords(d.function)}`,
    properties: {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: lambdaInvocationUri(d.function),
      ...(d.timeout !== undefined && { TimeoutInMillis: d.timeout }),
      ...(d.contentHandling !== undefined && { ContentHandlingStrategy: d.contentHandling }),
      ...(d.description !== undefined && { Description: d.description }),
    },
    ...invokedFunctions(d.function, d.permission),
  }),
};
