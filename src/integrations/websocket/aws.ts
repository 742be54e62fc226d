/**
 * WebSocket API -> AWS service integration (AWS): API Gateway calls a service action directly, shaping the request
 * with mapping templates (for example DynamoDB PutItem for each new connection).
 *
 * ```yaml
 * integration:
 *   type: aws
 *   uri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:dynamodb:action/PutItem   # required
 *   method: POST                           # required: the HTTP method of the service call
 *   credentials:                           # required: an existing role ARN (a Value), or a role to generate:
 *     actions: [dynamodb:PutItem]          #   exactly these actions
 *     resources: [!GetAtt Table.Arn]       #   on exactly these resources
 *   requestTemplates: { application/json: '{"TableName": "..."}' }
 *   templateSelectionExpression: \$default
 *   passthroughBehavior: WHEN_NO_MATCH     # WHEN_NO_MATCH (AWS's default), WHEN_NO_TEMPLATES or NEVER
 *   requestParameters: { integration.request.header.x-id: context.connectionId }
 *   contentHandling: CONVERT_TO_TEXT
 *   timeout: 10s                           # 50 ms to 29 s
 *   responses: { $default: { templates: { $default: '{"ok": true}' } } }
 * ```
 */

import { Codec, codec, fail, found, list, nonEmptyString, object, oneOf, refine, InputOf, doc } from '../../spec/codec';
import { ValueInput, arnValue, stringValue } from '../../spec/values';
import { webSocketTimeout } from '../../shared/duration';
import { serviceRole } from '../../shared/serviceRole';
import {
  HTTP_ONLY_OPTIONS,
  contentHandling,
  integrationResponses,
  passthroughBehavior,
  templateSelectionExpression,
  templates,
  toResponseSettings,
  webSocketRequestParameters,
} from '../../shared/webSocketMapping';
import { Value, isIntrinsic, isPlainObject } from '../../value';
import { Warning } from '../../errors';
import { IntegrationKind, integrationDescription } from '../kind';

/** `arn:aws:apigateway:us-east-1:dynamodb:action/PutItem` or `...:s3:path/bucket/key`. */
const serviceUri = arnValue(
  'an API Gateway service integration',
  /^arn:aws(-[a-z-]+)?:apigateway:[a-z0-9-]+:[a-z0-9.-]+:(action|path)\/.+$/,
  'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
);

const ACTION = /^([a-z0-9-]+:[A-Za-z0-9*]+|\*)$/;

const GeneratedRole = object(
  'role to generate',
  {
    actions: list(
      refine(
        nonEmptyString,
        (a) => (ACTION.test(a) ? undefined : `expected an IAM action such as dynamodb:PutItem, got ${JSON.stringify(a)}`),
        undefined,
        { pattern: ACTION.source },
      ),
      { min: 1 },
    ),
    resources: list(stringValue, { min: 1 }),
  },
);

/** An existing role's ARN (a Value), or the actions and resources of a role to generate. */
const credentials: Codec<Value | typeof GeneratedRole._A, ValueInput | InputOf<typeof GeneratedRole>> = codec<
  Value | typeof GeneratedRole._A,
  ValueInput | InputOf<typeof GeneratedRole>
>(
  'credentials',
  (u, c) =>
    isPlainObject(u) && !isIntrinsic(u)
      ? GeneratedRole.validate(u, c)
      : typeof u === 'string' || isIntrinsic(u)
        ? stringValue.validate(u, c)
        : fail(u, c, `expected a role ARN (a Value) or {actions: [...], resources: [...]}, got ${found(u)}`),
  (of) => ({
    description:
      "an existing role's ARN (a Value), or {actions, resources}: a generated role that trusts apigateway.amazonaws.com and allows exactly those actions on those resources",
    anyOf: [of(stringValue), of(GeneratedRole)],
  }),
  (d) => (typeof d === 'string' || isIntrinsic(d) ? stringValue.encode(d) : GeneratedRole.encode(d as typeof GeneratedRole._A)),
);

export const WebSocketAwsIntegration = object(
  'WebSocket aws integration',
  {
    type: oneOf(['aws'] as const),
    uri: doc(serviceUri, 'the service action (a Value): arn:aws:apigateway:REGION:SERVICE:action/ACTION or .../path/PATH, e.g. !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:dynamodb:action/PutItem'),
    method: oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const, ' (the method of the service call)'),
    credentials,
  },
  {
    requestTemplates: templates,
    templateSelectionExpression,
    passthroughBehavior,
    requestParameters: webSocketRequestParameters,
    contentHandling,
    timeout: webSocketTimeout,
    responses: integrationResponses,
    description: integrationDescription,
  },
  HTTP_ONLY_OPTIONS,
);
export type WebSocketAwsIntegration = typeof WebSocketAwsIntegration._A;

/** The service and action of a literal URI, for readable IDs: `dynamodb PutItem`. */
function uriWords(uri: Value): string {
  const sub = typeof uri === 'string' ? undefined : (uri as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  const text = typeof uri === 'string' ? uri : typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
  if (typeof text !== 'string') return 'Service';
  const m = /:apigateway:[^:]+:([^:]+):(?:action|path)\/([^/?]+)/.exec(text);
  return m ? `${m[1]} ${m[2]}` : 'Service';
}

export const webSocketAwsIntegration: IntegrationKind<WebSocketAwsIntegration, InputOf<typeof WebSocketAwsIntegration>> = {
  type: 'aws',
  codec: WebSocketAwsIntegration,
  build: (d, context) => {
    const generated = isPlainObject(d.credentials) && !isIntrinsic(d.credentials) ? (d.credentials as typeof GeneratedRole._A) : undefined;
    const role = generated ? serviceRole({ actions: generated.actions, resources: generated.resources }) : undefined;
    const warnings: Warning[] = generated?.actions.some((a) => a === '*' || a.endsWith(':*'))
      ? [{ path: `${context.path}.credentials.actions`, message: 'a wildcard action grants more than one service call needs; list the actions instead' }]
      : [];
    return {
      name: `Aws ${uriWords(d.uri)}`,
      properties: {
        IntegrationType: 'AWS',
        IntegrationUri: d.uri,
        IntegrationMethod: d.method,
        CredentialsArn: role ? role.arn : (d.credentials as Value),
        ...(d.requestParameters !== undefined && { RequestParameters: d.requestParameters }),
        ...(d.requestTemplates !== undefined && { RequestTemplates: d.requestTemplates }),
        ...(d.templateSelectionExpression !== undefined && { TemplateSelectionExpression: d.templateSelectionExpression }),
        ...(d.passthroughBehavior !== undefined && { PassthroughBehavior: d.passthroughBehavior }),
        ...(d.contentHandling !== undefined && { ContentHandlingStrategy: d.contentHandling }),
        ...(d.timeout !== undefined && { TimeoutInMillis: d.timeout }),
        ...(d.description !== undefined && { Description: d.description }),
      },
      responses: toResponseSettings(d.responses),
      fragments: role ? [role.fragment(context.path)] : [],
      warnings,
    };
  },
};

