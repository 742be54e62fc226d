/**
 * HTTP API -> Lambda proxy integration (AWS_PROXY).
 *
 * ```yaml
 * integration:
 *   type: lambda
 *   function: !GetAtt BooksFunction.Arn   # required: function ARN (a Value); qualified ARNs select an alias/version
 *   payloadFormatVersion: "2.0"           # "2.0" (default) or "1.0"
 *   timeout: 10s                          # 50 ms to 30 s; default: API Gateway's 30 s
 *   requestParameters: {...}              # parameter mapping, see shared/parameterMapping.ts
 *   description: ...
 *   permission: false                     # default true: no Lambda permission here (a function in another account,
 *                                         #   whose owner grants it); the build prints the statement to add
 * ```
 * HTTP APIs take the plain function ARN as IntegrationUri. The route builder grants API Gateway the right to
 * invoke the function (see shared/lambdaPermission.ts).
 */
import { boolean, object, oneOf, InputOf, doc } from '../../spec/codec';
import { invokedFunctions } from '../../shared/lambdaPermission';
import { lambdaFunctionArn } from '../../spec/values';
import { httpTimeout } from '../../shared/duration';
import { requestParameters } from '../../shared/parameterMapping';
import { valueWords } from '../../shared/logicalId';
import { IntegrationKind, integrationDescription } from '../kind';

export const LambdaIntegration = object(
  'lambda integration',
  { type: oneOf(['lambda'] as const), function: doc(lambdaFunctionArn, "the function's ARN (a Value); a qualified ARN (...:function:name:alias) invokes that alias or version") },
  {
    payloadFormatVersion: doc(oneOf(['2.0', '1.0'] as const, ' (quoted, so YAML keeps it a string)'), 'the event format the function gets: "2.0" (default) or "1.0", quoted'),
    timeout: httpTimeout,
    requestParameters,
    description: integrationDescription,
    permission: doc(boolean, 'false: no Lambda permission (a function in another account); its owner adds the statement apigw-cfn prints'),
  },
);
export type LambdaIntegration = typeof LambdaIntegration._A;

export const lambdaIntegration: IntegrationKind<LambdaIntegration, InputOf<typeof LambdaIntegration>> = {
  type: 'lambda',
  codec: LambdaIntegration,
  build: (d) => ({
    name: `Lambda ${valueWords(d.function)}`,
    properties: {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: d.function,
      PayloadFormatVersion: d.payloadFormatVersion ?? '2.0',
      ...(d.timeout !== undefined && { TimeoutInMillis: d.timeout }),
      ...(d.requestParameters !== undefined && { RequestParameters: d.requestParameters }),
      ...(d.description !== undefined && { Description: d.description }),
    },
    ...invokedFunctions(d.function, d.permission),
  }),
};
