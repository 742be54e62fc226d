/**
 * Which property changes make CloudFormation replace a resource: the `createOnlyProperties` of the CloudFormation
 * registry schema of each resource type apigw-cfn emits (and the types its hosts and stacks hold beside them).
 * A change to one of these creates a new physical resource and deletes the old one; any other property is updated in
 * place.
 *
 * Kept as data, so `apigw-cfn diff` needs nothing but Node. test/reviewCreateOnly.test.ts checks this table against
 * the schemas cfn-lint bundles (cfnlint/data/schemas, us-east-1), so a schema change shows up as a failing test.
 * JSON pointers as the schemas write them (`/properties/ApiId`); an empty list means no property forces replacement.
 */
export const CREATE_ONLY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::ApiGateway::Account': [],
  'AWS::ApiGateway::ApiKey': ['/properties/GenerateDistinctId', '/properties/Name', '/properties/Value'],
  'AWS::ApiGateway::UsagePlan': [],
  'AWS::ApiGateway::UsagePlanKey': ['/properties/KeyId', '/properties/KeyType', '/properties/UsagePlanId'],
  'AWS::ApiGatewayV2::Api': ['/properties/ProtocolType'],
  'AWS::ApiGatewayV2::ApiMapping': ['/properties/DomainName'],
  'AWS::ApiGatewayV2::Authorizer': ['/properties/ApiId'],
  'AWS::ApiGatewayV2::Deployment': ['/properties/ApiId'],
  'AWS::ApiGatewayV2::DomainName': ['/properties/DomainName'],
  'AWS::ApiGatewayV2::Integration': ['/properties/ApiId'],
  'AWS::ApiGatewayV2::IntegrationResponse': ['/properties/ApiId', '/properties/IntegrationId'],
  'AWS::ApiGatewayV2::Route': ['/properties/ApiId'],
  'AWS::ApiGatewayV2::RouteResponse': ['/properties/ApiId', '/properties/RouteId'],
  'AWS::ApiGatewayV2::Stage': ['/properties/ApiId', '/properties/StageName'],
  'AWS::ApiGatewayV2::VpcLink': ['/properties/SecurityGroupIds', '/properties/SubnetIds'],
  'AWS::CloudFormation::Stack': [],
  'AWS::IAM::Policy': [],
  'AWS::IAM::Role': ['/properties/Path', '/properties/RoleName'],
  'AWS::Lambda::Permission': [
    '/properties/Action',
    '/properties/EventSourceToken',
    '/properties/FunctionName',
    '/properties/FunctionUrlAuthType',
    '/properties/InvokedViaFunctionUrl',
    '/properties/Principal',
    '/properties/PrincipalOrgID',
    '/properties/SourceAccount',
    '/properties/SourceArn',
  ],
  'AWS::Logs::LogGroup': ['/properties/LogGroupName'],
  'AWS::Route53::RecordSet': ['/properties/HostedZoneId', '/properties/HostedZoneName', '/properties/Name'],
};

/** A create-only JSON pointer as a property path: `/properties/TlsConfig/ServerNameToVerify` -> [TlsConfig, ServerNameToVerify]. */
export function createOnlyPath(pointer: string): string[] {
  return pointer
    .replace(/^\/properties\//, '')
    .split('/')
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
}
