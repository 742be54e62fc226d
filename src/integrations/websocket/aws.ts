/**
 * WebSocket API -> AWS service integration (AWS): API Gateway calls a service action directly, shaping the request
 * with mapping templates (for example DynamoDB PutItem for each new connection).
 *
 * ```yaml
 * integration:
 *   type: aws
 *   uri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:dynamodb:action/PutItem   # required
 *   method: POST                           # required: the HTTP method of the service call
 *   credentials:                           # required: an existing role ARN (a Value), arn:aws:iam::*:user/* (the
 *                                          #   caller's own identity), or a role to generate:
 *     actions: [dynamodb:PutItem]          #   exactly these actions
 *     resources: [!GetAtt Table.Arn]       #   on exactly these resources
 *     allowWildcards: true                 #   "*" or "?" in actions or resources is refused unless this says so
 *   requestTemplates: { application/json: '{"TableName": "..."}' }
 *   templateSelectionExpression: \$default
 *   passthroughBehavior: WHEN_NO_MATCH     # WHEN_NO_MATCH (AWS's default), WHEN_NO_TEMPLATES or NEVER
 *   requestParameters: { integration.request.header.x-id: context.connectionId }
 *   contentHandling: CONVERT_TO_TEXT
 *   timeout: 10s                           # 50 ms to 29 s
 *   responses: { $default: { templates: { $default: '{"ok": true}' } } }
 * ```
 * A generated role's wildcards (`dynamodb:Put*`, `resources: ['*']`, a `!Sub` whose text holds `*`) widen it from
 * what one call needs to everything they match, and IAM takes them without a word: they are refused unless
 * `allowWildcards: true` says they are meant, and then the build warns. A literal Lambda invocation URI
 * (`...:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations`) names the Lambda endpoint of the
 * function's own Region: the two Regions must agree.
 */

import * as t from 'io-ts';
import { Codec, boolean, codec, errorAt, fail, found, list, nonEmptyString, object, oneOf, refine, InputOf, doc } from '../../spec/codec';
import { ValueInput, arnValue, stringValue } from '../../spec/values';
import { webSocketTimeout } from '../../shared/duration';
import { CALLER_IDENTITY_METADATA, isCallerIdentity, serviceRole } from '../../shared/serviceRole';
import { hasWildcard, textHasWildcard } from '../../shared/wildcards';
import { functionArnRegion } from '../../shared/deployRegion';
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
import { Value, describeValue, isIntrinsic, isPlainObject } from '../../value';
import { Warning, pathTo } from '../../errors';
import { IntegrationKind, integrationDescription } from '../kind';

/** `arn:aws:apigateway:us-east-1:dynamodb:action/PutItem` or `...:s3:path/bucket/key`. */
const serviceUri = refine(
  arnValue(
    'an API Gateway service integration',
    /^arn:aws(-[a-z-]+)?:apigateway:[a-z0-9-]+:[a-z0-9.-]+:(action|path)\/.+$/,
    'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
  ),
  (uri) => {
    if (typeof uri !== 'string') return undefined;
    const m = /^arn:[^:]+:apigateway:([^:]+):lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri);
    const functionRegion = m === null ? undefined : functionArnRegion(m[2]);
    return functionRegion === undefined || functionRegion === m![1]
      ? undefined
      : `invokes a function in ${functionRegion} through the Lambda endpoint of ${m![1]}, which does not reach it ("Functions from '${functionRegion}' are not reachable in this region"); write ${functionRegion} after apigateway:`;
  },
);

const ACTION = /^([a-z0-9-]+:[A-Za-z0-9*]+|\*)$/;

const GeneratedRoleFields = object(
  'role to generate',
  {
    actions: doc(
      list(
        refine(
          nonEmptyString,
          (a) => (ACTION.test(a) ? undefined : `expected an IAM action such as dynamodb:PutItem, got ${JSON.stringify(a)}`),
          undefined,
          { pattern: ACTION.source },
        ),
        { min: 1 },
      ),
      'the IAM actions the generated role allows, exactly these (dynamodb:PutItem)',
    ),
    resources: doc(list(stringValue, { min: 1 }), 'the resources it allows them on, exactly these (!GetAtt Table.Arn)'),
  },
  { allowWildcards: doc(boolean, 'true lets actions or resources hold a wildcard, widening the role on purpose (warned)') },
);

/** The role's fields, then its wildcards: each refused, at its place, unless allowWildcards says they are meant. */
const GeneratedRole = codec<typeof GeneratedRoleFields._A>(GeneratedRoleFields.name, (u, c) => {
  const r = GeneratedRoleFields.validate(u, c);
  if (r._tag === 'Left' || r.right.allowWildcards === true) return r;
  const errors = [
    ...r.right.actions.flatMap((action, i) =>
      textHasWildcard(action)
        ? [errorAt(u, c, ['actions', String(i)], `${action} holds a wildcard: the role would allow every action it matches, not the one call this integration makes; list the actions, or set allowWildcards: true to grant them on purpose`)]
        : [],
    ),
    ...r.right.resources.flatMap((resource, i) =>
      hasWildcard(resource)
        ? [errorAt(u, c, ['resources', String(i)], `${describeValue(resource)} holds a wildcard ("*" or "?"): the role would allow its actions on everything it matches; name the resources, or set allowWildcards: true to grant it on purpose`)]
        : [],
    ),
  ];
  return errors.length > 0 ? t.failures(errors) : r;
}, (of) => of(GeneratedRoleFields));

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
    method: doc(oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const, ' (the method of the service call)'), 'the HTTP method of the service call (POST for most actions)'),
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

/** What allowWildcards lets through (a warning per field that holds a wildcard), or that it lets nothing through. */
function wildcardWarnings(role: typeof GeneratedRole._A, path: string): Warning[] {
  if (role.allowWildcards !== true) return [];
  const at = (field: string) => pathTo(pathTo(path, 'credentials'), field);
  const warnings: Warning[] = [];
  const actions = role.actions.filter(textHasWildcard);
  const resources = role.resources.filter(hasWildcard);
  if (actions.length > 0) warnings.push({ path: at('actions'), message: `${actions.join(', ')}: wildcard actions, allowed by allowWildcards, grant more than one service call needs` });
  if (resources.length > 0) {
    warnings.push({ path: at('resources'), message: `${resources.map(describeValue).join(', ')}: wildcard resources, allowed by allowWildcards, grant the actions on everything they match` });
  }
  if (warnings.length === 0) warnings.push({ path: at('allowWildcards'), message: 'is true, but no action or resource holds a wildcard: nothing is widened; remove it' });
  return warnings;
}

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
    const warnings = generated === undefined ? [] : wildcardWarnings(generated, context.path);
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
      ...(isCallerIdentity(d.credentials) && { metadata: CALLER_IDENTITY_METADATA }),
      responses: toResponseSettings(d.responses),
      fragments: role ? [role.fragment(context.path)] : [],
      warnings,
    };
  },
};

