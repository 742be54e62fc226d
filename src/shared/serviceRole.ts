/**
 * The IAM role API Gateway assumes to call an AWS service for an integration (HTTP API AWS service integrations,
 * WebSocket AWS integrations): it trusts apigateway.amazonaws.com and holds one inline policy that allows exactly
 * the given actions on exactly the given resources.
 *
 * The logical ID is a pure function of (actions, resources): `Role` + readable words + a digest, e.g.
 * `RoleOrdersQueueSqsSendMessage1A2B3C4D`. So every integration that needs the same grant emits the same role under
 * the same ID, and the combinator merges them into one; an unrelated route never renames it. Actions and resources
 * are sorted and de-duplicated first, so the order in which a caller lists them changes nothing.
 *
 * A grant may add statements on other resources (`also`): the kms: actions an encrypted target needs, on its key
 * only. Integrations may instead name the caller's own identity as credentials (`arn:aws:iam::*:user/*`, see
 * `CALLER_IDENTITY`): API Gateway then calls the service as the signed-in IAM caller, and no role is generated.
 */
import { Fragment, RoleResource } from '../template/types';
import { Intrinsic, Json, Value, canonicalJson, getAtt } from '../value';
import { PARTITION } from '../spec/values';
import { logicalId, pascalWords, valueWords } from './logicalId';

/** What a generated service role may do: actions on resources. */
export interface ServiceRoleGrant {
  /** IAM actions, such as `sqs:SendMessage`. */
  readonly actions: readonly string[];
  /** The ARNs (Values) the actions are allowed on; patterns with `*` are allowed. */
  readonly resources: readonly Value[];
  /**
   * Readable words for the logical ID. Default: words of the first resource that has some. They must be a function of
   * the actions and resources (never of the route), or equal grants would get different IDs.
   */
  readonly words?: string;
  /** More statements, each its own actions on its own resources (kms: actions on the target's key). */
  readonly also?: ReadonlyArray<{ readonly actions: readonly string[]; readonly resources: readonly Value[] }>;
}

export interface ServiceRole {
  readonly logicalId: string;
  /** `!GetAtt <Role>.Arn`: what an integration's CredentialsArn takes. */
  readonly arn: Intrinsic;
  /** The role, for the integration's fragments; `source` names the spec path that needs it. */
  readonly fragment: (source: string) => Fragment;
}

const POLICY_VERSION = '2012-10-17';

/** `sqs:SendMessage` -> `SqsSendMessage`. */
function actionWords(action: string): string {
  return pascalWords(action.replace(/:/g, ' '));
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** One value as is, several as a list: IAM takes both, and one reads better as a scalar. */
function oneOrMany(values: readonly Json[]): Json {
  return values.length === 1 ? values[0] : [...values];
}

/** The role for a grant, under a logical ID that is a function of the grant alone (equal grants share one role). */
export function serviceRole(grant: ServiceRoleGrant): ServiceRole {
  if (grant.actions.length === 0 || grant.resources.length === 0) {
    throw new Error('bug: a service role needs at least one action and one resource');
  }
  const actions = unique(grant.actions, (a) => a);
  const resources = unique(grant.resources, canonicalJson);
  const also = (grant.also ?? []).map((s) => ({ actions: unique(s.actions, (a) => a), resources: unique(s.resources, canonicalJson) }));
  const allActions = [...actions, ...also.flatMap((s) => s.actions)];
  const words = grant.words ?? resources.map(valueWords).find((w) => w !== '') ?? '';
  // A grant without `also` keeps the identity it always had, so existing roles keep their logical IDs.
  const identity = also.length === 0 ? { actions, resources } : { actions, resources, also };
  const id = logicalId('Role', `${words} ${actions.map(actionWords).join(' ')}`, canonicalJson(identity));
  const statement = (s: { actions: readonly string[]; resources: readonly Value[] }) => ({
    Effect: 'Allow',
    Action: oneOrMany(s.actions),
    Resource: oneOrMany(s.resources as Json[]),
  });
  const role: RoleResource = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: POLICY_VERSION,
        Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: [
        {
          // Inline policy names take at most 128 of [A-Za-z0-9+=,.@_-].
          PolicyName: `Allow${allActions.map(actionWords).join('')}`.slice(0, 128),
          PolicyDocument: { Version: POLICY_VERSION, Statement: [statement({ actions, resources }), ...also.map(statement)] },
        },
      ],
    },
  };
  return {
    logicalId: id,
    arn: getAtt(id, 'Arn'),
    fragment: (source) => ({ source, resources: { [id]: role } }),
  };
}

/**
 * The credentials that pass the caller's own identity through (AWS: "To require that the caller's identity be passed
 * through from the request, specify the string arn:aws:iam::*:user/*"), in any partition. The route must then use
 * IAM authorization, so that a caller identity exists.
 */
export const CALLER_IDENTITY = new RegExp(`^arn:${PARTITION}:iam::\\*:user/\\*$`);

export function isCallerIdentity(value: unknown): boolean {
  return typeof value === 'string' && CALLER_IDENTITY.test(value);
}

/**
 * cfn-lint's schema allows only account numbers in CredentialsArn (E3031) and resolves every intrinsic spelling of
 * this value (W1031, W1032), against AWS's documentation. The integration that takes it says so in its Metadata,
 * which CloudFormation ignores and cfn-lint reads: that one check, on that one resource.
 */
export const CALLER_IDENTITY_METADATA: Json = { 'cfn-lint': { config: { ignore_checks: ['E3031'] } } };
