/**
 * WebSocket callbacks: a backend that answers clients posts to the connection callback URL
 * (`https://{api}.execute-api.{region}.{suffix}/{stage}/@connections/{connectionId}`) and needs
 * `execute-api:ManageConnections` on exactly this API and stage. The spec grants it to roles by name.
 *
 * ```yaml
 * callbacks:
 *   - role: !Ref ChatFunctionRole        # an IAM role's name (a Value; SAM's <Function>Role included)
 *     allow: [POST]                      # POST (send, the default), GET (read a connection), DELETE (close it)
 * ```
 * Each grant is an AWS::IAM::Policy attached to the role, allowing `execute-api:ManageConnections` on
 * `arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiId}/${Stage}/POST/@connections/*` (one
 * resource per method allowed), nothing else.
 */
import * as t from 'io-ts';
import { doc, extend, fail, found, list, object, oneOf } from '../spec/codec';
import { stringValue } from '../spec/values';
import { Fragment, PolicyResource } from '../template/types';
import { pathTo } from '../errors';
import { Intrinsic, canonicalJson, describeValue, intrinsicName, isPlainObject, sub } from '../value';
import { digest, logicalId, valueWords } from '../shared/logicalId';
import { executeApiArn } from '../shared/lambdaPermission';

const METHODS = ['POST', 'GET', 'DELETE'] as const;

/** A role's name: AWS::IAM::Policy attaches to roles by name, not ARN. */
const roleName = extend(stringValue, (u, c) => {
  const r = stringValue.validate(u, c);
  if (r._tag === 'Left') return r;
  const v = r.right;
  if (typeof v === 'string') {
    if (/^arn:/.test(v)) {
      return fail(u, c, `expected a role's name, not its ARN (an AWS::IAM::Policy attaches to roles by name): write ${JSON.stringify(v.replace(/^.*:role\/(?:.*\/)?/, ''))}, got ${found(v)}`);
    }
    return /^[\w+=,.@-]{1,64}$/.test(v) ? r : fail(u, c, `expected an IAM role name (1 to 64 letters, digits and _+=,.@-), got ${found(v)}`);
  }
  if (intrinsicName(v) === 'Fn::GetAtt') {
    const [id, attribute] = (v as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    if (attribute === 'Arn') return fail(u, c, `${describeValue(v)} yields the role's ARN; an AWS::IAM::Policy attaches to roles by name: write !Ref ${id}`);
  }
  return r;
}, 'role name');

const Grant = object(
  'callback grant',
  { role: doc(roleName, "the IAM role's name (not its ARN): !Ref MyRole, or SAM's <Function>Role") },
  { allow: doc(list(oneOf(METHODS), { min: 1, unique: true }), 'POST (send; the default), GET (read a connection), DELETE (close it)') },
);
export type CallbackGrant = typeof Grant._A;

/** `callbacks`: grants, one per role (a role listed twice is an error: merge its methods). */
export const Callbacks = (() => {
  const base = list(Grant, { min: 1 });
  return extend(base, (u, c) => {
    const r = base.validate(u, c);
    if (!Array.isArray(u)) return r;
    const seen = new Map<string, number>();
    const errors: t.ValidationError[] = r._tag === 'Left' ? [...r.left] : [];
    // On the raw input, so that a repeated role shows beside any other error.
    u.forEach((item, i) => {
      const role = isPlainObject(item) ? item.role : undefined;
      if (role === undefined) return;
      const key = canonicalJson(role);
      const earlier = seen.get(key);
      if (earlier === undefined) seen.set(key, i);
      else {
        errors.push({
          value: role,
          context: t.appendContext(t.appendContext(c, String(i), t.unknown, item), 'role', t.unknown, role),
          message: `${describeValue(role)} is granted already (callbacks[${earlier}]); list every method it needs there`,
        });
      }
    });
    return errors.length > 0 ? t.failures(errors) : r;
  });
})();

/** The policy name: unique per role, API and stage (inline policy names are per role), at most 128 characters. */
function policyName(apiId: string, stage: string): Intrinsic {
  const stagePart = stage.length <= 90 ? stage : `${stage.slice(0, 82)}${digest(stage)}`;
  return sub(`\${${apiId}}-${stagePart}-manage-connections`);
}

export function buildCallbacks(grants: readonly CallbackGrant[], input: { apiId: string; stage: string }): Fragment[] {
  return grants.map((grant, i) => {
    const methods = METHODS.filter((m) => (grant.allow ?? ['POST']).includes(m));
    const policy: PolicyResource = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: policyName(input.apiId, input.stage),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'execute-api:ManageConnections',
              Resource: methods.map((m) => executeApiArn({ Ref: input.apiId }, `${input.stage}/${m}/@connections/*`)),
            },
          ],
        },
        Roles: [grant.role],
      },
    };
    // The ID follows the role, so changing the methods updates the policy in place.
    const id = logicalId('CallbackPolicy', valueWords(grant.role), canonicalJson(grant.role));
    return { source: pathTo('callbacks', i), resources: { [id]: policy } };
  });
}
