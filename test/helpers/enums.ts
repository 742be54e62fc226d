/**
 * Our own check of the enumerated values cfn-lint does not know: it checks property names and types, not that
 * IntegrationType is one API Gateway accepts. Every generated template passes through this.
 */
const ALLOWED: Record<string, Record<string, readonly string[]>> = {
  'AWS::ApiGatewayV2::Api': {
    ProtocolType: ['HTTP', 'WEBSOCKET'],
  },
  'AWS::ApiGatewayV2::Integration': {
    IntegrationType: ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'],
    PayloadFormatVersion: ['1.0', '2.0'],
    ConnectionType: ['INTERNET', 'VPC_LINK'],
    PassthroughBehavior: ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'],
    ContentHandlingStrategy: ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'],
    IntegrationMethod: ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
    IntegrationSubtype: [
      'EventBridge-PutEvents',
      'SQS-SendMessage',
      'SQS-ReceiveMessage',
      'SQS-DeleteMessage',
      'SQS-PurgeQueue',
      'AppConfig-GetConfiguration',
      'Kinesis-PutRecord',
      'StepFunctions-StartExecution',
      'StepFunctions-StartSyncExecution',
      'StepFunctions-StopExecution',
    ],
  },
  'AWS::ApiGatewayV2::Route': {
    AuthorizationType: ['NONE', 'AWS_IAM', 'JWT', 'CUSTOM'],
  },
  'AWS::ApiGatewayV2::Authorizer': {
    AuthorizerType: ['REQUEST', 'JWT'],
    AuthorizerPayloadFormatVersion: ['1.0', '2.0'],
  },
};

interface TemplateLike {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** Problems found, one line each: `Resources.X.Properties.IntegrationType: "FOO" is not one of ...`. */
export function checkEnums(template: TemplateLike): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const rules = ALLOWED[resource.Type] ?? {};
    for (const [property, allowed] of Object.entries(rules)) {
      const value = resource.Properties?.[property];
      if (value === undefined || typeof value === 'object') continue; // absent, or an intrinsic: known at deploy time
      if (typeof value !== 'string' || !allowed.includes(value)) {
        problems.push(`Resources.${id}.Properties.${property}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
      }
    }
  }
  return problems;
}
