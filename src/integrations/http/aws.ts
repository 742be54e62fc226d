/**
 * HTTP API -> AWS service integration: API Gateway calls one AWS API action itself (AWS_PROXY with an
 * IntegrationSubtype, payload format 1.0, no IntegrationUri), with the request mapped into the action's parameters.
 *
 * ```yaml
 * integration:
 *   type: aws
 *   subtype: SQS-SendMessage          # required: one of the ten subtypes in SUBTYPES below
 *   target: !GetAtt OrdersQueue.Arn   # the ARN (a Value) of the queue, event bus, stream, state machine or AppConfig
 *                                     # application the generated role may act on; required unless credentials is given
 *   parameters:                       # required: the subtype's request parameters, by their plain names
 *     QueueUrl: !Ref OrdersQueue      #   values: a mapping expression ($request.body, $request.body.NAME,
 *     MessageBody: $request.body      #   $request.header.NAME, $context.X, $stageVariables.X, ...), a static value
 *                                     #   (numbers become strings) or an intrinsic
 *   credentials: !GetAtt MyRole.Arn   # an existing IAM role for API Gateway to assume, or arn:aws:iam::*:user/*
 *                                     # (the caller's own IAM identity); default: a generated role
 *   kmsKey: !GetAtt OrdersKey.Arn     # the customer managed key of an encrypted queue or stream: the generated role
 *                                     # gets the kms: actions the subtype needs, on this key only
 *   allowWildcards: true              # a target (or key) with "*" or "?" is refused unless this says it is meant
 *   timeout: 10s                      # 50 ms to 30 s; default: API Gateway's 30 s
 *   description: ...
 * ```
 *
 * Credentials. By default we generate an IAM role (shared/serviceRole.ts) that trusts apigateway.amazonaws.com and
 * allows exactly the subtype's action on exactly the target (for StepFunctions-StopExecution: the executions of the
 * target state machine; for AppConfig-GetConfiguration: the application and its environments and configuration
 * profiles). Integrations with the same subtype action and target share that role. With `credentials`, no role is
 * generated and `target` is not needed; a `target` given anyway is unused, and the build warns about it.
 *
 * Parameters are checked against the subtype: a missing required one and an unknown one are errors that list what
 * the subtype takes. They are emitted in the subtype's documented order, whatever order the spec uses.
 *
 * When literal parameters name a different resource or Region than a literal target (say QueueUrl is another queue),
 * the generated role would not allow the call: the build warns.
 *
 * Encrypted targets. SQS with SSE-KMS needs kms:GenerateDataKey and kms:Decrypt to send and kms:Decrypt to receive;
 * Kinesis with a customer managed key needs kms:GenerateDataKey to put records. `kmsKey` adds exactly those on the
 * key. EventBridge encrypts with the key itself (the key policy allows events.amazonaws.com; AWS: "Permissions by
 * scenario", a producer needs only events:PutEvents); for the other subtypes AWS documents no kms: action of the
 * caller. There `kmsKey` is an error that says so.
 *
 * Wildcards. A `*` or `?` in the target (a literal, or the text of a `!Sub` or `!Join`), such as
 * `stateMachine:*` or `!Sub arn:${AWS::Partition}:sqs:*:*:*`, widens the role from one resource to all it matches,
 * silently. It is refused unless `allowWildcards: true` says it is meant, and then the build warns.
 */
import * as t from 'io-ts';
import { Codec, boolean, closest, codec, errorAt, fail, found, misspeltKey, nonEmptyString, object, oneOf, InputOf, choiceSchema, definition, doc } from '../../spec/codec';
import { ACCOUNT, PARTITION, REGION, ValueInput, arnValue, literalChecked, stringValue } from '../../spec/values';
import { Json, Value, describeValue, isIntrinsic, isPlainObject, join, sub, subPart } from '../../value';
import { DurationInput, httpTimeout } from '../../shared/duration';
import { sourceProblem } from '../../shared/parameterMapping';
import { CALLER_IDENTITY_METADATA, isCallerIdentity, serviceRole } from '../../shared/serviceRole';
import { hasWildcard } from '../../shared/wildcards';
import { valueWords } from '../../shared/logicalId';
import { Warning, pathTo } from '../../errors';
import { Fragment } from '../../template/types';
import { IntegrationKind } from '../kind';

/** What a subtype acts on: the service of its ARN and the resource part a literal ARN must have. */
interface TargetKind {
  readonly what: string;
  readonly service: string;
  /** Regular-expression source of the ARN's resource part (after the account). */
  readonly resource: string;
  readonly example: string;
}

const SQS_QUEUE: TargetKind = {
  what: 'an SQS queue',
  service: 'sqs',
  resource: '(?:[A-Za-z0-9_-]{1,75}\\.fifo|[A-Za-z0-9_-]{1,80})',
  example: 'arn:aws:sqs:us-east-1:123456789012:orders',
};
const EVENT_BUS: TargetKind = {
  what: 'an EventBridge event bus',
  service: 'events',
  resource: 'event-bus/[A-Za-z0-9._/-]{1,256}',
  example: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
};
const KINESIS_STREAM: TargetKind = {
  what: 'a Kinesis data stream',
  service: 'kinesis',
  resource: 'stream/[A-Za-z0-9_.-]{1,128}',
  example: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks',
};
const STATE_MACHINE: TargetKind = {
  what: 'a Step Functions state machine',
  service: 'states',
  // A version or alias qualifier may follow the name.
  resource: 'stateMachine:[^:\\s]{1,80}(?::[^:\\s]{1,80})?',
  example: 'arn:aws:states:us-east-1:123456789012:stateMachine:checkout',
};
const APPCONFIG_APPLICATION: TargetKind = {
  what: 'an AppConfig application',
  service: 'appconfig',
  resource: 'application/[a-z0-9]{4,7}',
  example: 'arn:aws:appconfig:us-east-1:123456789012:application/abc1234',
};

interface Subtype {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** The one IAM action the generated role allows. */
  readonly action: string;
  readonly target: TargetKind;
  /** The IAM resources the action needs, from the target. Default: the target itself. */
  readonly resources?: (target: Value) => Value[];
  /** The parameter that names the target resource, for the consistency check of literals. */
  readonly names?: { readonly parameter: string; readonly same: (parameter: string, target: string) => boolean; readonly absent?: string };
  /** The kms: actions the call needs on an encrypted target's key, or why it needs none. */
  readonly kms: readonly string[] | { readonly none: string };
}

/** Fields of a literal ARN: partition, service, Region, account, resource. */
function arnFields(arn: string): { region: string; account: string; resource: string } {
  const parts = arn.split(':');
  return { region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

/** `https://sqs.R.amazonaws.com/A/NAME` (or the legacy `https://R.queue.amazonaws.com/A/NAME`) names queue A/NAME. */
function sameQueue(url: string, arn: string): boolean {
  const m = /^https:\/\/(?:sqs\.([a-z0-9-]+)|([a-z0-9-]+)\.queue)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?#]+)$/.exec(url);
  if (m === null) return true; // not a literal URL we can read: nothing to compare
  const { region, account, resource } = arnFields(arn);
  return (m[1] ?? m[2]) === region && m[3] === account && m[4] === resource;
}

/** An EventBusName is a name or a bus ARN. */
function sameBus(nameOrArn: string, arn: string): boolean {
  return nameOrArn.startsWith('arn:') ? nameOrArn === arn : `event-bus/${nameOrArn}` === arnFields(arn).resource;
}

/**
 * AppConfig's GetConfiguration requires permission on three resource types at once (Service Authorization
 * Reference: application*, environment*, configurationprofile*), so allowing the application alone is denied. The
 * Environment and Configuration parameters may be names or ids (and mapping expressions), while IAM ARNs hold ids,
 * so the narrowest grant that always works is every environment and configuration profile of the one application.
 */
function appConfigResources(application: Value): Value[] {
  return [application, appendToArn(application, '/environment/*'), appendToArn(application, '/configurationprofile/*')];
}

/** `value` followed by literal `suffix`, as plain text when it can be. */
function appendToArn(value: Value, suffix: string): Value {
  if (typeof value === 'string') return value + suffix;
  const text = (value as Record<string, Json>)['Fn::Sub'];
  if (typeof text === 'string') return { 'Fn::Sub': text + suffix };
  if (Array.isArray(text) && typeof text[0] === 'string') return { 'Fn::Sub': [text[0] + suffix, text[1]] };
  const part = subPart(value, 'Arn');
  return sub(part.text + suffix, part.variables);
}

/**
 * The executions of a state machine, `arn:P:states:R:A:execution:NAME:*`, from its ARN
 * `arn:P:states:R:A:stateMachine:NAME[:QUALIFIER]`: as text for a literal or a readable Fn::Sub, else assembled
 * with Fn::Select over Fn::Split, which works for any intrinsic that yields the ARN.
 */
export function executionArnPattern(stateMachine: Value): Value {
  if (typeof stateMachine === 'string') {
    const parts = stateMachine.split(':');
    return [...parts.slice(0, 5), 'execution', parts[6], '*'].join(':');
  }
  const subArg = (stateMachine as Record<string, Json>)['Fn::Sub'];
  const subText = typeof subArg === 'string' ? subArg : Array.isArray(subArg) && typeof subArg[0] === 'string' ? subArg[0] : undefined;
  if (subText !== undefined) {
    // Hide ${...} (whose names may hold "::") before splitting the ARN at its colons.
    const variables: string[] = [];
    const masked = subText.replace(/\$\{[^}]*\}/g, (m) => `\u0000${variables.push(m) - 1}\u0000`);
    const parts = masked.split(':');
    // Only an unqualified ARN: the text keeps every part that holds a variable, so no Sub variable goes unused.
    if (parts.length === 7 && parts[5] === 'stateMachine' && parts[6] !== '') {
      const text = [...parts.slice(0, 5), 'execution', parts[6], '*']
        .join(':')
        .replace(/\u0000(\d+)\u0000/g, (_, i: string) => variables[Number(i)]);
      return typeof subArg === 'string' ? { 'Fn::Sub': text } : { 'Fn::Sub': [text, (subArg as Json[])[1]] };
    }
  }
  // The text before ":stateMachine:", then ":execution:", the name (the field after it, without a qualifier), ":*".
  // A value that is no state machine ARN fails the deployment at Fn::Select instead of granting something else.
  const halves: Json = { 'Fn::Split': [':stateMachine:', stateMachine as Json] };
  const name: Json = { 'Fn::Select': [0, { 'Fn::Split': [':', { 'Fn::Select': [1, halves] }] }] };
  return join('', [{ 'Fn::Select': [0, halves] }, ':execution:', name, ':*']);
}

/** For subtypes whose caller AWS documents no kms: action for: a role that needs one is the user's to write. */
const KMS_UNDOCUMENTED =
  'AWS documents no kms: action its caller needs; kmsKey covers SQS-SendMessage, SQS-ReceiveMessage and Kinesis-PutRecord (give credentials, a role you write, if this target needs more)';

/**
 * The ten subtypes (AWS: "Integration subtype reference" for HTTP APIs), with the parameters each takes, in AWS's
 * order, and the least-privilege grant of the generated role.
 */
export const SUBTYPES = {
  'EventBridge-PutEvents': {
    required: ['Detail', 'DetailType', 'Source'],
    optional: ['Time', 'EventBusName', 'Resources', 'Region', 'TraceHeader'],
    action: 'events:PutEvents',
    target: EVENT_BUS,
    kms: { none: 'EventBridge uses an encrypted bus\'s key itself (the key policy allows events.amazonaws.com); a producer needs only events:PutEvents' },
    // Without EventBusName, PutEvents writes to the account's default bus.
    names: { parameter: 'EventBusName', same: sameBus, absent: 'default' },
  },
  'SQS-SendMessage': {
    required: ['QueueUrl', 'MessageBody'],
    optional: ['DelaySeconds', 'MessageAttributes', 'MessageDeduplicationId', 'MessageGroupId', 'MessageSystemAttributes', 'Region'],
    action: 'sqs:SendMessage',
    target: SQS_QUEUE,
    // SSE-KMS: the sender makes and encrypts a data key (AWS: "Key management", SQS developer guide).
    kms: ['kms:GenerateDataKey', 'kms:Decrypt'],
    names: { parameter: 'QueueUrl', same: sameQueue },
  },
  'SQS-ReceiveMessage': {
    required: ['QueueUrl'],
    optional: [
      'AttributeNames', 'MaxNumberOfMessages', 'MessageAttributeNames', 'ReceiveRequestAttemptId', 'VisibilityTimeout',
      'WaitTimeSeconds', 'Region',
    ],
    action: 'sqs:ReceiveMessage',
    target: SQS_QUEUE,
    kms: ['kms:Decrypt'],
    names: { parameter: 'QueueUrl', same: sameQueue },
  },
  'SQS-DeleteMessage': {
    required: ['QueueUrl', 'ReceiptHandle'],
    optional: ['Region'],
    action: 'sqs:DeleteMessage',
    target: SQS_QUEUE,
    kms: { none: 'deleting a message reads nothing encrypted' },
    names: { parameter: 'QueueUrl', same: sameQueue },
  },
  'SQS-PurgeQueue': {
    required: ['QueueUrl'],
    optional: ['Region'],
    action: 'sqs:PurgeQueue',
    target: SQS_QUEUE,
    kms: { none: 'purging a queue reads nothing encrypted' },
    names: { parameter: 'QueueUrl', same: sameQueue },
  },
  'AppConfig-GetConfiguration': {
    required: ['Application', 'Environment', 'Configuration', 'ClientId'],
    optional: ['ClientConfigurationVersion', 'Region'],
    action: 'appconfig:GetConfiguration',
    target: APPCONFIG_APPLICATION,
    kms: { none: KMS_UNDOCUMENTED },
    resources: appConfigResources,
  },
  'Kinesis-PutRecord': {
    required: ['StreamName', 'Data', 'PartitionKey'],
    optional: ['SequenceNumberForOrdering', 'ExplicitHashKey', 'Region'],
    action: 'kinesis:PutRecord',
    target: KINESIS_STREAM,
    // Server-side encryption with a customer managed key: the producer needs GenerateDataKey (Kinesis developer guide).
    kms: ['kms:GenerateDataKey'],
    names: { parameter: 'StreamName', same: (name, arn) => `stream/${name}` === arnFields(arn).resource },
  },
  'StepFunctions-StartExecution': {
    required: ['StateMachineArn'],
    optional: ['Name', 'Input', 'Region'],
    action: 'states:StartExecution',
    target: STATE_MACHINE,
    kms: { none: KMS_UNDOCUMENTED },
    names: { parameter: 'StateMachineArn', same: (a, b) => a === b },
  },
  'StepFunctions-StartSyncExecution': {
    required: ['StateMachineArn'],
    optional: ['Name', 'Input', 'Region', 'TraceHeader'],
    // Express state machines only: Step Functions rejects StartSyncExecution on a standard one.
    action: 'states:StartSyncExecution',
    target: STATE_MACHINE,
    kms: { none: KMS_UNDOCUMENTED },
    names: { parameter: 'StateMachineArn', same: (a, b) => a === b },
  },
  'StepFunctions-StopExecution': {
    required: ['ExecutionArn'],
    optional: ['Cause', 'Error', 'Region'],
    action: 'states:StopExecution',
    target: STATE_MACHINE,
    kms: { none: KMS_UNDOCUMENTED },
    resources: (stateMachine) => [executionArnPattern(stateMachine)],
  },
} as const satisfies Record<string, Subtype>;

export type AwsSubtype = keyof typeof SUBTYPES;
const SUBTYPE_NAMES = Object.keys(SUBTYPES) as AwsSubtype[];

export interface AwsIntegration {
  readonly type: 'aws';
  readonly subtype: AwsSubtype;
  /** The subtype's parameters, in the subtype's documented order. */
  readonly parameters: Readonly<Record<string, Value>>;
  /** Present whenever credentials is absent (the codec makes sure). */
  readonly target?: Value;
  readonly credentials?: Value;
  /** The key of an encrypted target: the generated role gets the subtype's kms: actions on it. */
  readonly kmsKey?: Value;
  /** A wildcard in target or kmsKey is meant (refused otherwise). */
  readonly allowWildcards?: boolean;
  readonly timeout?: number;
  readonly description?: string;
}

/** A parameter's value as a spec writes it: a mapping expression, a static value (a number too) or an intrinsic. */
type ParameterValueInput = ValueInput | number;

/** What a spec writes for one subtype: its parameters by name, the required ones required. */
interface AwsSubtypeIntegrationInput<S extends AwsSubtype> {
  readonly type: 'aws';
  readonly subtype: S;
  readonly parameters: { readonly [K in (typeof SUBTYPES)[S]['required'][number]]: ParameterValueInput } & {
    readonly [K in (typeof SUBTYPES)[S]['optional'][number]]?: ParameterValueInput;
  };
  readonly target?: ValueInput;
  readonly credentials?: ValueInput;
  readonly timeout?: DurationInput;
  readonly description?: string;
}

/** What a spec writes for an AWS service integration, chosen by `subtype`. */
export type AwsIntegrationInput = { [S in AwsSubtype]: AwsSubtypeIntegrationInput<S> }[AwsSubtype];

/** How a message names the service of a literal ARN given for another service's target. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  sqs: 'an SQS ARN',
  events: 'an EventBridge ARN',
  kinesis: 'a Kinesis ARN',
  states: 'a Step Functions ARN',
  appconfig: 'an AppConfig ARN',
  lambda: 'a Lambda ARN',
  sns: 'an SNS ARN',
  dynamodb: 'a DynamoDB ARN',
  s3: 'an S3 ARN',
  iam: 'an IAM ARN',
};

/** A literal target ARN of the subtype's service and resource type, or any intrinsic. */
function targetArn(kind: TargetKind): Codec<Value, ValueInput> {
  const pattern = new RegExp(`^arn:${PARTITION}:${kind.service}:${REGION}:${ACCOUNT}:${kind.resource}$`);
  // With a wildcard, only the service is checked here: whether a wildcard may stand is the integration's decision.
  const wildcardPattern = new RegExp(`^arn:${PARTITION}:${kind.service}:`);
  return literalChecked(`${kind.what} ARN`, (literal) => {
    if (pattern.test(literal)) return undefined;
    if (hasWildcard(literal) && wildcardPattern.test(literal)) return undefined;
    const service = /^arn:[^:]*:([^:]+):/.exec(literal)?.[1];
    const other =
      service === undefined || service === kind.service ? '' : `${SERVICE_NAMES[service] ?? `an ARN of service ${service}`}, `;
    return `expected ${kind.what} ARN such as ${kind.example}, or an intrinsic, got ${other}${found(literal)}`;
  }, `the ARN of ${kind.what.replace(/^an? /, 'the ')} the generated role may act on, such as ${kind.example}, or an intrinsic; required unless credentials is given`);
}

const ROLE_ARN_SHAPE = arnValue(
  'an IAM role',
  new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/[A-Za-z0-9+=,.@_/-]{1,512}$`),
  'arn:aws:iam::123456789012:role/api-gateway-sqs',
);

/** An existing role's ARN, or the caller's identity as AWS spells it (`arn:aws:iam::*:user/*`). */
const credentialsArn: Codec<Value> = codec('an IAM role ARN or arn:aws:iam::*:user/*', (u, c) =>
  isCallerIdentity(u)
    ? stringValue.validate(u, c)
    : ROLE_ARN_SHAPE.validate(u, c)._tag === 'Right'
      ? ROLE_ARN_SHAPE.validate(u, c)
      : fail(u, c, `expected an IAM role ARN such as arn:aws:iam::123456789012:role/api-gateway-sqs, arn:aws:iam::*:user/* (the caller's own identity) or an intrinsic, got ${found(u)}`),
  (of) => ({ allOf: [of(stringValue)], description: "an existing IAM role's ARN, or arn:aws:iam::*:user/* (the caller's own identity)" }),
);

/** A customer managed KMS key, by key ARN (IAM matches key use against the key ARN, never an alias). */
const kmsKeyArn: Codec<Value> = codec('a KMS key ARN', (u, c) => {
  const r = stringValue.validate(u, c);
  if (r._tag === 'Left' || typeof r.right !== 'string') return r;
  if (new RegExp(`^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/[A-Za-z0-9-]{1,128}$`).test(r.right) || hasWildcard(r.right)) return r;
  const alias = /:alias\//.test(r.right)
    ? ': an alias ARN in a policy matches only alias operations, never use of the key; name the key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)'
    : '';
  return fail(u, c, `expected a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab, or an intrinsic, got ${found(u)}${alias}`);
}, (of) => ({ allOf: [of(stringValue)], description: 'a customer managed KMS key, by key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)' }));

const SOURCES =
  '$request.body, $request.body.NAME, $request.header.NAME, $request.querystring.NAME, $request.path.NAME, $context.VARIABLE or $stageVariables.NAME';

/** One parameter's value: a mapping expression, a static value (a number becomes its text) or an intrinsic. */
const parameterValue: Codec<Value, ValueInput | number> = definition('AwsParameterValue', codec<Value, ValueInput | number>(
  'a mapping expression, a static value or an intrinsic',
  (u, c) => {
    if (typeof u === 'number' && Number.isFinite(u)) return t.success(String(u));
    if (typeof u === 'string') {
      if (u === '') return fail(u, c, `expected a mapping expression such as ${SOURCES}, a static value or an intrinsic, got ""`);
      return sourceProblem(u) === undefined
        ? t.success(u)
        : fail(u, c, `expected a mapping expression such as ${SOURCES}, or a static value, got ${found(u)}`);
    }
    if (isIntrinsic(u)) return stringValue.validate(u, c);
    return fail(u, c, `expected a mapping expression such as ${SOURCES}, a static value or an intrinsic, got ${found(u)}`);
  },
  (of) => ({
    description: `a mapping expression (${SOURCES}), a static value (a number is written as its text) or an intrinsic`,
    anyOf: [of(stringValue), { type: 'number' }],
  }),
  (value) => stringValue.encode(value),
));

/** `A`, `A and B`, `A, B and C`. */
function listWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** What a subtype takes, for messages: `QueueUrl (required) and Region (optional)`. */
function takes(name: AwsSubtype): string {
  const s: Subtype = SUBTYPES[name];
  return `${s.required.join(', ')} (required)${s.optional.length > 0 ? ` and ${s.optional.join(', ')} (optional)` : ''}`;
}

/** The parameters of one subtype: every required one present, no unknown one, each value well formed. */
function parametersOf(name: AwsSubtype): Codec<Record<string, Value>, Readonly<Record<string, ValueInput | number>>> {
  const s: Subtype = SUBTYPES[name];
  const known = [...s.required, ...s.optional];
  return codec<Record<string, Value>, Readonly<Record<string, ValueInput | number>>>(`the ${name} parameters: ${takes(name)}`, (u, c) => {
    if (!isPlainObject(u)) return fail(u, c, `expected a mapping of ${name} parameters (${takes(name)}), got ${found(u)}`);
    const errors: t.ValidationError[] = [];
    const values: Record<string, Value> = {};
    const guesses = new Set<string>();
    for (const [key, value] of Object.entries(u)) {
      const ctx = t.appendContext(c, key, parameterValue, value);
      if (!known.includes(key)) {
        const guess = closest(key, known);
        if (guess !== undefined) guesses.add(guess);
        errors.push({
          value,
          context: ctx,
          message: `unknown parameter${guess ? ` (did you mean "${guess}"?)` : ''}; ${name} takes ${takes(name)}`,
        });
        continue;
      }
      const r = parameterValue.validate(value, ctx);
      if (r._tag === 'Left') errors.push(...r.left);
      else values[key] = r.right;
    }
    // A required parameter that a misspelt key already points at is reported there, once.
    const missing = s.required.filter((k) => !(k in u) && !guesses.has(k));
    if (missing.length > 0) {
      errors.unshift({ value: u, context: c, message: `${name} requires ${listWords(missing)}; it takes ${takes(name)}` });
    }
    if (errors.length > 0) return t.failures(errors);
    const ordered: Record<string, Value> = {};
    for (const k of known) if (k in values) ordered[k] = values[k];
    return t.success(ordered);
  }, (of) => ({
    description: `the ${name} request parameters by their plain names: ${takes(name)}`,
    type: 'object',
    properties: Object.fromEntries(known.map((k) => [k, of(parameterValue)])),
    required: [...s.required],
    additionalProperties: false,
  }), (parameters) => Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, stringValue.encode(v)])));
}

/**
 * The codec of one subtype: its fields, then the rules across them: a role needs a target unless credentials names
 * one; kmsKey and allowWildcards shape the generated role (none with credentials); kmsKey only where the call uses
 * the key; a wildcard in target or kmsKey only with allowWildcards.
 */
function subtypeCodec(name: AwsSubtype): Codec<AwsIntegration, AwsIntegrationInput> {
  const s: Subtype = SUBTYPES[name];
  const target = targetArn(s.target);
  const fields = object(
    `${name} integration`,
    { type: oneOf(['aws'] as const), subtype: oneOf([name]), parameters: parametersOf(name) },
    {
      target,
      credentials: doc(credentialsArn, "an existing IAM role's ARN for API Gateway to assume (or arn:aws:iam::*:user/*, the caller's identity); default: a generated role allowed exactly the subtype's action on target"),
      kmsKey: doc(kmsKeyArn, 'the customer managed KMS key (key ARN) that encrypts the target: the generated role gets the kms: actions the call needs on it'),
      allowWildcards: doc(boolean, 'true lets target or kmsKey hold a wildcard, widening the generated role on purpose (warned)'),
      timeout: httpTimeout,
      description: doc(nonEmptyString, "the integration's description"),
    },
  );
  return codec<AwsIntegration, AwsIntegrationInput>(fields.name, (u, c) => {
    const r = fields.validate(u, c);
    if (!isPlainObject(u)) return r as t.Validation<AwsIntegration>;
    const errors: t.ValidationError[] = r._tag === 'Left' ? [...r.left] : [];
    const taken = new Set(errors.map((e) => e.context[c.length]?.key));
    const add = (field: string, message: string) => {
      if (!taken.has(field)) errors.push(errorAt(u, c, [field], message));
    };
    if (u.target === undefined && u.credentials === undefined) {
      add(
        'target',
        `missing; expected ${s.target.what} ARN such as ${s.target.example}, or an intrinsic: the generated role ` +
          `allows ${s.action} on it (or give credentials, an existing role's ARN, and no role is generated)`,
      );
    }
    for (const field of ['kmsKey', 'allowWildcards'] as const) {
      if (u[field] !== undefined && u.credentials !== undefined) {
        add(field, `shapes the generated role, and credentials names the role API Gateway assumes instead (no role is generated); remove one of the two`);
      }
    }
    if (u.kmsKey !== undefined && u.credentials === undefined && !Array.isArray(s.kms)) add('kmsKey', `${name} needs no kms: permission: ${(s.kms as { none: string }).none}`);
    if (u.allowWildcards !== true && u.credentials === undefined) {
      for (const field of ['target', 'kmsKey'] as const) {
        if (u[field] !== undefined && hasWildcard(u[field])) {
          add(
            field,
            `${describeValue(u[field])} holds a wildcard ("*" or "?"): the generated role would allow ` +
              `${field === 'target' ? s.action : 'kms: actions'} on everything it matches, not on one ${field === 'target' ? s.target.what.replace(/^an? /, '') : 'key'}; ` +
              'name one, or set allowWildcards: true to grant it on purpose',
          );
        }
      }
    }
    return errors.length > 0 ? t.failures(errors) : (r as t.Validation<AwsIntegration>);
  }, (of) => ({ ...of(fields), anyOf: [{ required: ['target'] }, { required: ['credentials'] }] }), (d) => fields.encode(d) as AwsIntegrationInput);
}

const SUBTYPE_CODECS = Object.fromEntries(SUBTYPE_NAMES.map((name) => [name, subtypeCodec(name)])) as Record<AwsSubtype, Codec<AwsIntegration, AwsIntegrationInput>>;

export const AwsIntegration: Codec<AwsIntegration, AwsIntegrationInput> = codec<AwsIntegration, AwsIntegrationInput>('an AWS service integration', (u, c) => {
  if (!isPlainObject(u)) return fail(u, c, `expected an AWS service integration (a mapping), got ${found(u)}`);
  const subtype = u.subtype;
  if (typeof subtype === 'string' && Object.prototype.hasOwnProperty.call(SUBTYPE_CODECS, subtype)) {
    return SUBTYPE_CODECS[subtype as AwsSubtype].validate(u, c);
  }
  const ctx = t.appendContext(c, 'subtype', t.string, subtype);
  if (subtype === undefined) return fail(subtype, ctx, `missing; expected one of ${SUBTYPE_NAMES.join(', ')}${misspeltKey(u, 'subtype')}`);
  const guess = typeof subtype === 'string' ? closest(subtype, SUBTYPE_NAMES) : undefined;
  return fail(subtype, ctx, `expected one of ${SUBTYPE_NAMES.join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}, got ${found(subtype)}`);
}, (of) => choiceSchema('subtype', SUBTYPE_NAMES.map((name) => [name, of(SUBTYPE_CODECS[name])] as const)), (d) => SUBTYPE_CODECS[d.subtype].encode(d));

/**
 * Literal parameters that point elsewhere than a literal target: the generated role would not allow the call.
 * Values holding a mapping expression (anything with `$`) or an intrinsic are known only later: not compared.
 */
function consistencyWarnings(d: AwsIntegration, target: Value, path: string): Warning[] {
  if (typeof target !== 'string') return [];
  const s: Subtype = SUBTYPES[d.subtype];
  const warnings: Warning[] = [];
  const at = (key: string) => pathTo(pathTo(path, 'parameters'), key);
  const region = d.parameters.Region;
  if (typeof region === 'string' && !region.includes('$') && region !== arnFields(target).region) {
    warnings.push({
      path: at('Region'),
      message: `is ${region}, but target ${target} is in ${arnFields(target).region}: the generated role allows ${s.action} only on the target`,
    });
  }
  if (s.names !== undefined) {
    const given = d.parameters[s.names.parameter];
    const value = given ?? s.names.absent;
    if (typeof value === 'string' && !value.includes('$') && !s.names.same(value, target)) {
      warnings.push({
        path: at(s.names.parameter),
        message:
          `${given === undefined ? `is not given, so ${d.subtype} uses ${JSON.stringify(value)}` : `names ${JSON.stringify(value)}`}, ` +
          `but target is ${target}: the generated role allows ${s.action} only on the target`,
      });
    }
  }
  return warnings;
}

/** Warnings of allowWildcards: what it lets through, or that it lets nothing through. */
function wildcardWarnings(d: AwsIntegration, path: string): Warning[] {
  if (d.allowWildcards !== true) return [];
  const s: Subtype = SUBTYPES[d.subtype];
  const wild = (['target', 'kmsKey'] as const).filter((field) => d[field] !== undefined && hasWildcard(d[field]));
  if (wild.length === 0) {
    return [{ path: pathTo(path, 'allowWildcards'), message: 'is true, but target and kmsKey name one resource each: nothing is widened; remove it' }];
  }
  return wild.map((field) => ({
    path: pathTo(path, field),
    message: `holds a wildcard, allowed by allowWildcards: the generated role allows ${field === 'target' ? s.action : (s.kms as string[]).join(' and ')} on everything ${describeValue(d[field])} matches`,
  }));
}

export const awsIntegration: IntegrationKind<AwsIntegration, InputOf<typeof AwsIntegration>> = {
  type: 'aws',
  codec: AwsIntegration,
  build: (d, context) => {
    const s: Subtype = SUBTYPES[d.subtype];
    const fragments: Fragment[] = [];
    const warnings: Warning[] = [];
    let credentials: Value;
    if (d.credentials !== undefined) {
      credentials = d.credentials;
      if (d.target !== undefined) {
        warnings.push({
          path: pathTo(context.path, 'target'),
          message: 'is not used: credentials names the role API Gateway assumes, so no role is generated; remove one of the two',
        });
      }
    } else {
      if (d.target === undefined) throw new Error(`bug: ${context.path} has neither target nor credentials`);
      const role = serviceRole({
        actions: [s.action],
        resources: s.resources !== undefined ? s.resources(d.target) : [d.target],
        words: valueWords(d.target),
        // The codec allows kmsKey only on subtypes whose call uses the key.
        ...(d.kmsKey !== undefined && { also: [{ actions: s.kms as string[], resources: [d.kmsKey] }] }),
      });
      credentials = role.arn;
      fragments.push(role.fragment(context.path));
      warnings.push(...consistencyWarnings(d, d.target, context.path), ...wildcardWarnings(d, context.path));
    }
    return {
      name: `${d.subtype} ${valueWords(d.target ?? '')}`,
      properties: {
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: d.subtype,
        PayloadFormatVersion: '1.0',
        CredentialsArn: credentials,
        RequestParameters: d.parameters,
        ...(d.timeout !== undefined && { TimeoutInMillis: d.timeout }),
        ...(d.description !== undefined && { Description: d.description }),
      },
      ...(isCallerIdentity(credentials) && { metadata: CALLER_IDENTITY_METADATA }),
      fragments,
      warnings,
    };
  },
};
