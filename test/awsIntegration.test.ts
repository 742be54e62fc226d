/**
 * HTTP API AWS service integrations and the shared service role: the IAM resources each form of target yields
 * (checked by evaluating the intrinsics), role sharing, and the warnings about literals that disagree.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AwsIntegration, awsIntegration, executionArnPattern } from '../src/integrations/http/aws';
import { serviceRole } from '../src/shared/serviceRole';
import { Json, Value } from '../src/value';
import { unwrap } from './helpers/either';
import { report } from '../src/spec/reporter';
import { left, right } from 'fp-ts/Either';

/** Evaluates the intrinsics we emit in resources, with the given parameter values and pseudo parameters. */
function evaluate(node: Json, refs: Record<string, string>): string {
  const all: Record<string, string> = { 'AWS::Partition': 'aws-cn', 'AWS::Region': 'cn-north-1', 'AWS::AccountId': '210987654321', ...refs };
  const value = (n: Json): Json => {
    if (typeof n === 'string' || typeof n === 'number') return n;
    if (Array.isArray(n)) return n.map(value);
    const [name, arg] = Object.entries(n as Record<string, Json>)[0];
    const a = arg as Json[];
    switch (name) {
      case 'Ref':
        return all[arg as string];
      case 'Fn::ImportValue':
        return all[`import:${arg as string}`];
      case 'Fn::If':
        return value(all[`condition:${a[0] as string}`] === 'true' ? a[1] : a[2]);
      case 'Fn::Join':
        return (value(a[1]) as string[]).join(a[0] as string);
      case 'Fn::Split':
        return (value(a[1]) as string).split(a[0] as string);
      case 'Fn::Select': {
        const list = value(a[1]) as string[];
        const index = Number(a[0]);
        if (index >= list.length) throw new Error(`Fn::Select index ${index} out of range`);
        return list[index];
      }
      case 'Fn::Sub': {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : [a[0] as string, a[1] as Record<string, Json>];
        return text.replace(/\$\{([^}]+)\}/g, (_, v: string) => (v in vars ? (value(vars[v]) as string) : all[v]));
      }
      default:
        throw new Error(`cannot evaluate ${name}`);
    }
  };
  return value(node) as string;
}

test('StopExecution: the executions of the target state machine, for every form of target', () => {
  const expected = 'arn:aws-cn:states:cn-north-1:210987654321:execution:checkout:*';
  const arn = 'arn:aws-cn:states:cn-north-1:210987654321:stateMachine:checkout';
  const refs = { Machine: arn, QualifiedMachine: `${arn}:live`, 'import:shared-Machine': arn, 'condition:Prod': 'true', Name: 'checkout' };
  const forms: Value[] = [
    arn,
    `${arn}:3`,
    { Ref: 'Machine' },
    { Ref: 'QualifiedMachine' },
    { 'Fn::ImportValue': 'shared-Machine' },
    { 'Fn::If': ['Prod', { Ref: 'Machine' }, 'arn:aws:states:us-east-1:123456789012:stateMachine:other'] },
    { 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${Name}' },
    { 'Fn::Sub': ['arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${N}', { N: { Ref: 'Name' } }] },
    { 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${Name}:live' },
  ];
  for (const form of forms) assert.is(evaluate(executionArnPattern(form) as Json, refs), expected, JSON.stringify(form));
});

test('StopExecution: a readable !Sub stays a !Sub, a literal stays text', () => {
  assert.equal(executionArnPattern({ 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:orders-${Stage}' }), {
    'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:orders-${Stage}:*',
  });
  assert.is(executionArnPattern('arn:aws:states:us-east-1:123456789012:stateMachine:refund:v3'), 'arn:aws:states:us-east-1:123456789012:execution:refund:*');
});

test('StopExecution: an intrinsic that yields no state machine ARN fails at deploy time instead of granting', () => {
  assert.throws(() => evaluate(executionArnPattern({ Ref: 'Queue' }) as Json, { Queue: 'arn:aws:sqs:us-east-1:123456789012:q' }), /out of range/);
});

const decode = (u: unknown): AwsIntegration => {
  const r = AwsIntegration.decode(u);
  return unwrap(r._tag === 'Right' ? right(r.right) : left(report(r.left)));
};
const build = (u: unknown) => awsIntegration.build(decode(u), { apiId: { Ref: 'Api' }, path: 'routes["POST /x"].integration' });
const roleOf = (plan: ReturnType<typeof build>) => Object.entries(plan.fragments![0].resources!)[0];

test('AppConfig: the application, its environments and its configuration profiles, for every form of target', () => {
  const app = 'arn:aws-cn:appconfig:cn-north-1:210987654321:application/abc1234';
  const refs = { App: app, AppId: 'abc1234', 'import:shared-App': app };
  const targets: Value[] = [
    app,
    { Ref: 'App' },
    { 'Fn::ImportValue': 'shared-App' },
    { 'Fn::Sub': 'arn:${AWS::Partition}:appconfig:${AWS::Region}:${AWS::AccountId}:application/${AppId}' },
  ];
  for (const target of targets) {
    const plan = build({
      type: 'aws',
      subtype: 'AppConfig-GetConfiguration',
      target,
      parameters: { Application: 'a', Environment: 'e', Configuration: 'c', ClientId: '$context.requestId' },
    });
    const [, role] = roleOf(plan);
    const statement = (role.Properties as { Policies: Array<{ PolicyDocument: { Statement: Array<{ Resource: Json[] }> } }> }).Policies[0]
      .PolicyDocument.Statement[0];
    assert.equal(statement.Resource.map((r) => evaluate(r, refs)).sort(), [app, `${app}/configurationprofile/*`, `${app}/environment/*`]);
  }
});

test('one role per (action, resources): shared by equal grants, whatever the order; distinct otherwise', () => {
  const a = serviceRole({ actions: ['sqs:SendMessage'], resources: [{ Ref: 'QueueArn' }] });
  const b = serviceRole({ actions: ['sqs:SendMessage', 'sqs:SendMessage'], resources: [{ Ref: 'QueueArn' }] });
  assert.is(a.logicalId, b.logicalId);
  assert.equal(a.fragment('x').resources, b.fragment('y').resources);
  assert.match(a.logicalId, /^RoleQueueArnSqsSendMessage[0-9A-F]{8}$/);
  const two = serviceRole({ actions: ['dynamodb:PutItem', 'dynamodb:GetItem'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/t'] });
  const swapped = serviceRole({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/t'] });
  assert.is(two.logicalId, swapped.logicalId);
  assert.equal(two.fragment('x').resources, swapped.fragment('x').resources);
  assert.is.not(serviceRole({ actions: ['sqs:ReceiveMessage'], resources: [{ Ref: 'QueueArn' }] }).logicalId, a.logicalId);
  assert.is.not(serviceRole({ actions: ['sqs:SendMessage'], resources: [{ Ref: 'OtherArn' }] }).logicalId, a.logicalId);
});

test('credentials: no role, and an unused target is a warning', () => {
  const plan = build({
    type: 'aws',
    subtype: 'SQS-PurgeQueue',
    credentials: 'arn:aws:iam::123456789012:role/r',
    target: 'arn:aws:sqs:us-east-1:123456789012:q',
    parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' },
  });
  assert.equal(plan.fragments, []);
  assert.is(plan.properties.CredentialsArn, 'arn:aws:iam::123456789012:role/r');
  assert.equal(plan.warnings!.map((w) => w.path), ['routes["POST /x"].integration.target']);
});

test('literal parameters that point elsewhere than a literal target are warnings; agreeing ones are not', () => {
  const queue = 'arn:aws:sqs:us-east-1:123456789012:orders';
  const warn = (subtype: string, target: string, parameters: Record<string, unknown>) =>
    (build({ type: 'aws', subtype, target, parameters }).warnings ?? []).map((w) => `${w.path}: ${w.message}`);
  assert.equal(warn('SQS-PurgeQueue', queue, { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', Region: 'us-east-1' }), []);
  assert.equal(warn('SQS-PurgeQueue', queue, { QueueUrl: 'https://us-east-1.queue.amazonaws.com/123456789012/orders' }), []);
  assert.equal(warn('SQS-PurgeQueue', queue, { QueueUrl: { Ref: 'Url' } }), []);
  assert.equal(warn('SQS-PurgeQueue', queue, { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/payments', Region: 'eu-west-1' }), [
    'routes["POST /x"].integration.parameters.Region: is eu-west-1, but target arn:aws:sqs:us-east-1:123456789012:orders is in us-east-1: the generated role allows sqs:PurgeQueue only on the target',
    'routes["POST /x"].integration.parameters.QueueUrl: names "https://sqs.us-east-1.amazonaws.com/123456789012/payments", but target is arn:aws:sqs:us-east-1:123456789012:orders: the generated role allows sqs:PurgeQueue only on the target',
  ]);
  const bus = 'arn:aws:events:us-east-1:123456789012:event-bus/orders';
  const event = { Detail: '$request.body', DetailType: 't', Source: 's' };
  assert.equal(warn('EventBridge-PutEvents', bus, { ...event, EventBusName: 'orders' }), []);
  assert.equal(warn('EventBridge-PutEvents', bus, { ...event, EventBusName: bus }), []);
  assert.equal(warn('EventBridge-PutEvents', bus, event), [
    'routes["POST /x"].integration.parameters.EventBusName: is not given, so EventBridge-PutEvents uses "default", but target is arn:aws:events:us-east-1:123456789012:event-bus/orders: the generated role allows events:PutEvents only on the target',
  ]);
  assert.equal(warn('EventBridge-PutEvents', 'arn:aws:events:us-east-1:123456789012:event-bus/default', event), []);
  const stream = 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks';
  assert.equal(warn('Kinesis-PutRecord', stream, { StreamName: 'clicks', Data: 'd', PartitionKey: 'k' }), []);
  assert.is(warn('Kinesis-PutRecord', stream, { StreamName: 'views', Data: 'd', PartitionKey: 'k' }).length, 1);
  assert.is(warn('Kinesis-PutRecord', stream, { StreamName: '$request.header.stream', Data: 'd', PartitionKey: 'k' }).length, 0);
});

test('parameters come out in the subtype\'s documented order, numbers as text', () => {
  const plan = build({
    type: 'aws',
    subtype: 'SQS-SendMessage',
    target: { Ref: 'QueueArn' },
    parameters: { DelaySeconds: 5, MessageBody: '$request.body', QueueUrl: { Ref: 'QueueUrl' } },
  });
  assert.equal(Object.entries(plan.properties.RequestParameters as Record<string, Json>), [
    ['QueueUrl', { Ref: 'QueueUrl' }],
    ['MessageBody', '$request.body'],
    ['DelaySeconds', '5'],
  ]);
  assert.is(plan.properties.IntegrationUri, undefined);
});

type Statement = { Action: Json; Resource: Json };
const statementsOf = (role: { Properties: unknown }) =>
  (role.Properties as { Policies: Array<{ PolicyDocument: { Statement: Statement[] } }> }).Policies[0].PolicyDocument.Statement;

test('kmsKey: exactly the kms: actions the call needs, on that key only, in a statement of its own', () => {
  const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const queue = 'arn:aws:sqs:us-east-1:123456789012:orders';
  const url = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';
  const kms = (subtype: string, target: string, parameters: Record<string, unknown>) =>
    statementsOf(roleOf(build({ type: 'aws', subtype, target, kmsKey: key, parameters }))[1]).slice(1);
  assert.equal(kms('SQS-SendMessage', queue, { QueueUrl: url, MessageBody: 'b' }), [
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key },
  ] as unknown as Statement[]);
  assert.equal(kms('SQS-ReceiveMessage', queue, { QueueUrl: url }), [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }] as unknown as Statement[]);
  assert.equal(kms('Kinesis-PutRecord', 'arn:aws:kinesis:us-east-1:123456789012:stream/s', { StreamName: 's', Data: 'd', PartitionKey: 'k' }), [
    { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: key },
  ] as unknown as Statement[]);
  // A role without a key keeps the logical ID it always had; with one it is another role.
  const plain = build({ type: 'aws', subtype: 'SQS-SendMessage', target: queue, parameters: { QueueUrl: url, MessageBody: 'b' } });
  assert.is(roleOf(plain)[0], serviceRole({ actions: ['sqs:SendMessage'], resources: [queue], words: 'orders' }).logicalId);
  assert.is.not(roleOf(build({ type: 'aws', subtype: 'SQS-SendMessage', target: queue, kmsKey: key, parameters: { QueueUrl: url, MessageBody: 'b' } }))[0], roleOf(plain)[0]);
});

test('kmsKey is refused where no role holds it, where the call uses no key, and as an alias', () => {
  const key = 'arn:aws:kms:us-east-1:123456789012:key/k';
  const errors = (d: Record<string, unknown>) => {
    const r = AwsIntegration.decode(d);
    return r._tag === 'Left' ? report(r.left).map((e) => `${e.path}: ${e.message}`) : [];
  };
  const bus = { type: 'aws', subtype: 'EventBridge-PutEvents', target: 'arn:aws:events:us-east-1:123456789012:event-bus/b', parameters: { Detail: 'd', DetailType: 't', Source: 's' } };
  assert.match(errors({ ...bus, kmsKey: key })[0], /^kmsKey: EventBridge-PutEvents needs no kms: permission: EventBridge uses an encrypted bus's key itself/);
  assert.match(errors({ ...bus, kmsKey: 'arn:aws:kms:us-east-1:123456789012:alias/b' })[0], /^kmsKey: expected a KMS key ARN .*an alias ARN in a policy matches only alias operations/);
  const withRole = { type: 'aws', subtype: 'SQS-PurgeQueue', credentials: 'arn:aws:iam::123456789012:role/r', parameters: { QueueUrl: 'q' } };
  assert.equal(errors({ ...withRole, kmsKey: key, allowWildcards: true }).map((e) => e.slice(0, e.indexOf(':'))), ['kmsKey', 'allowWildcards']);
});

test('a wildcard in a target, literal or in a !Sub\'s text, is refused unless allowWildcards says it is meant, and then warns', () => {
  const start = (target: unknown, extra: Record<string, unknown> = {}) => ({
    type: 'aws',
    subtype: 'StepFunctions-StartExecution',
    target,
    parameters: { StateMachineArn: '$request.body.arn' },
    ...extra,
  });
  const decodeErrors = (d: unknown) => {
    const r = AwsIntegration.decode(d);
    return r._tag === 'Left' ? report(r.left).map((e) => `${e.path}: ${e.message}`) : [];
  };
  for (const target of [
    'arn:aws:states:us-east-1:123456789012:stateMachine:*',
    'arn:aws:states:us-east-1:123456789012:stateMachine:jobs-?',
    { 'Fn::Sub': 'arn:${AWS::Partition}:states:*:*:stateMachine:jobs' },
    { 'Fn::Sub': ['arn:${AWS::Partition}:states:${R}:123456789012:stateMachine:jobs', { R: '*' }] },
    { 'Fn::Join': [':', ['arn', 'aws', 'states', 'us-east-1', '123456789012', 'stateMachine', '*']] },
  ]) {
    assert.match(decodeErrors(start(target))[0] ?? '', /^target: .* holds a wildcard \("\*" or "\?"\)/, JSON.stringify(target));
    const plan = build(start(target, { allowWildcards: true }) as AwsIntegration);
    assert.equal(plan.warnings!.map((w) => w.path), ['routes["POST /x"].integration.target']);
  }
  // Variables are not wildcards; allowWildcards with nothing to allow warns.
  assert.equal(decodeErrors(start({ 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:jobs' })), []);
  const idle = build(start('arn:aws:states:us-east-1:123456789012:stateMachine:jobs', { allowWildcards: true }) as AwsIntegration);
  assert.equal(idle.warnings!.map((w) => w.path), ['routes["POST /x"].integration.allowWildcards']);
});

test('credentials: the caller\'s identity as AWS spells it, with a cfn-lint exception for that check only', () => {
  const plan = build({
    type: 'aws',
    subtype: 'SQS-SendMessage',
    credentials: 'arn:aws:iam::*:user/*',
    parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: 'b' },
  });
  assert.is(plan.properties.CredentialsArn, 'arn:aws:iam::*:user/*');
  assert.equal(plan.metadata, { 'cfn-lint': { config: { ignore_checks: ['E3031'] } } });
  assert.equal(plan.fragments, []);
  // Any other wildcard in credentials is no identity AWS documents.
  const r = AwsIntegration.decode({ type: 'aws', subtype: 'SQS-PurgeQueue', credentials: 'arn:aws:iam::*:role/*', parameters: { QueueUrl: 'q' } });
  assert.is(r._tag, 'Left');
});

test.run();
