/**
 * The account-level CloudWatch role of API Gateway (`AWS::ApiGateway::Account`), which WebSocket (and REST) APIs
 * need before a stage may write access or execution logs; without it the stage fails with "CloudWatch Logs role ARN
 * must be set in account settings to enable logging (BadRequestException)". HTTP APIs do not need it.
 *
 * ```yaml
 * api:
 *   protocol: websocket
 *   cloudWatchRole: true     # emit the role and the account setting here; false: the account has one already
 * ```
 * The setting is one per account and Region, shared by every API there: emitted only when asked, with a warning.
 */
import { AccountResource, Fragment, RoleResource } from '../template/types';
import { getAtt, sub } from '../value';

export const ACCOUNT_ID = 'ApiGatewayAccount';
export const CLOUDWATCH_ROLE_ID = 'ApiGatewayAccountCloudWatchRole';

export function cloudWatchRoleFragment(source: string): Fragment {
  const role: RoleResource = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      // The AWS managed policy for exactly this: create log groups and streams, put events.
      ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    },
  };
  const account: AccountResource = {
    Type: 'AWS::ApiGateway::Account',
    Properties: { CloudWatchRoleArn: getAtt(CLOUDWATCH_ROLE_ID, 'Arn') },
  };
  return {
    source,
    resources: { [CLOUDWATCH_ROLE_ID]: role, [ACCOUNT_ID]: account },
    warnings: [
      {
        path: source,
        message:
          "AWS::ApiGateway::Account is one setting per account and Region: this stack sets the CloudWatch role of every API Gateway API there (REST and WebSocket), replacing any role set before, and deleting the stack leaves the setting pointing at a deleted role. Keep it in one stack per account and Region, and set cloudWatchRole: false in the others",
      },
    ],
  };
}
