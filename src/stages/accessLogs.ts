/**
 * Access logs of a stage: one line per request (HTTP) or per connection event and message (WebSocket), written to a
 * CloudWatch Logs log group that the template creates or that exists already.
 *
 * ```yaml
 * accessLogs:
 *   format: json                  # json (default), clf, or your own text holding $context.requestId
 *   retentionDays: 30             # a new log group (AWS::Logs::LogGroup) that keeps events this many days
 *   kmsKey: !GetAtt LogKey.Arn    # optional: encrypt the new group with this KMS key
 * # or
 * accessLogs:
 *   logGroupArn: !ImportValue shared-ApiLogsArn   # an existing group; nothing is created
 * ```
 * The new group has no name of its own (CloudFormation names it), so replacing it never collides with the old one;
 * removing `accessLogs` deletes it with its events.
 */
import * as t from 'io-ts';
import { Codec, InputOf, codec, described, doc, fail, found, nonEmptyString, object, refine } from '../spec/codec';
import { ACCOUNT, PARTITION, REGION, arnValue } from '../spec/values';
import { isPlainObject, Value } from '../value';

/** The retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const retentionDays: Codec<number> = described(
  codec('retention in days', (u, c) =>
    typeof u === 'number' && (RETENTION_DAYS as readonly number[]).includes(u)
      ? t.success(u)
      : fail(u, c, `expected one of CloudWatch Logs' retention periods in days (${RETENTION_DAYS.join(', ')}), got ${found(u)}`),
    { type: 'integer', enum: [...RETENTION_DAYS] },
  ),
  'how many days the new log group keeps events (without it CloudWatch keeps them forever), or logGroupArn to log to an existing group',
);

const kmsKeyArn = arnValue(
  'a KMS key',
  new RegExp(`^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/[A-Za-z0-9-]+$`),
  'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
);

const logGroupArn = arnValue(
  'a CloudWatch Logs log group',
  new RegExp(`^arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:[A-Za-z0-9_/.#-]{1,512}(?::\\*)?$`),
  'arn:aws:logs:us-east-1:123456789012:log-group:books-access',
);

/** The presets' fields, per protocol: the ones AWS's own examples log. */
const JSON_FIELDS = {
  http: {
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  },
  websocket: {
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    eventType: '$context.eventType',
    routeKey: '$context.routeKey',
    status: '$context.status',
    connectionId: '$context.connectionId',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  },
} as const;

const CLF = {
  http: '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId',
  websocket:
    '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.eventType $context.routeKey $context.connectionId" $context.status $context.requestId',
} as const;

export type Protocol = 'http' | 'websocket';

/** The Format of a preset or the user's own text. */
export function accessLogFormat(format: string, protocol: Protocol): string {
  if (format === 'json') {
    // One line of JSON with every value a string: what CloudWatch Logs Insights parses without help.
    return JSON.stringify(JSON_FIELDS[protocol]);
  }
  if (format === 'clf') return CLF[protocol];
  return format;
}

const format = refine(nonEmptyString, (f) =>
  f === 'json' || f === 'clf' || /\$context\.(?:requestId|extendedRequestId)\b|\$\{context\.(?:requestId|extendedRequestId)\}/.test(f)
    ? undefined
    : `expected json, clf, or a format of your own that logs $context.requestId or $context.extendedRequestId (API Gateway requires one of them), got ${found(f)}`,
);

const documentedFormat = doc(format, 'json (the default: one line of JSON per request), clf (Common Log Format), or your own text with $context.requestId');
const NewLogGroup = object(
  'access log settings',
  { retentionDays: doc(retentionDays, 'days the new log group keeps events: 1, 3, 5, 7, 14, 30, 60, 90, ... 3653') },
  { format: documentedFormat, kmsKey: doc(kmsKeyArn, 'a KMS key ARN that encrypts the new log group (its key policy must allow CloudWatch Logs)') },
);
const ExistingLogGroup = object('access log settings', { logGroupArn }, { format: documentedFormat });

export type NewLogGroupLogs = typeof NewLogGroup._A;
export type ExistingLogGroupLogs = typeof ExistingLogGroup._A;
export type AccessLogs = NewLogGroupLogs | ExistingLogGroupLogs;

/** A new group (`retentionDays`, `kmsKey`) or an existing one (`logGroupArn`), never both. */
export const AccessLogs = codec<AccessLogs, InputOf<typeof NewLogGroup> | InputOf<typeof ExistingLogGroup>>(
  'access log settings',
  (u, c) => {
    const expected = 'retentionDays (a new log group) or logGroupArn (an existing one)';
    if (!isPlainObject(u)) return fail(u, c, `expected a mapping with ${expected}, got ${found(u)}`);
    if ('logGroupArn' in u) {
      const extra = ['retentionDays', 'kmsKey'].filter((k) => k in u);
      return extra.length > 0
        ? fail(u, c, `${extra.join(' and ')} describe a new log group, and logGroupArn names an existing one: give one or the other`)
        : ExistingLogGroup.validate(u, c);
    }
    return NewLogGroup.validate(u, c);
  },
  (of) => ({ if: { type: 'object', required: ['logGroupArn'] }, then: of(ExistingLogGroup), else: of(NewLogGroup) }),
  (logs) => (isExistingLogGroup(logs) ? ExistingLogGroup.encode(logs) : NewLogGroup.encode(logs)),
);

export const isExistingLogGroup = (logs: AccessLogs): logs is ExistingLogGroupLogs => 'logGroupArn' in logs;

/** The DestinationArn: the existing group's ARN, or the new group's. */
export function destinationArn(logs: AccessLogs, newGroupArn: Value): Value {
  return isExistingLogGroup(logs) ? logs.logGroupArn : newGroupArn;
}
