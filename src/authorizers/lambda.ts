/**
 * Lambda REQUEST authorizers: API Gateway calls a function with the request's identity sources and context, and the
 * function allows or denies.
 *
 * HTTP APIs:
 * ```yaml
 * authorizers:
 *   tokens:
 *     type: lambda
 *     function: !GetAtt AuthFunction.Arn      # required: the function's ARN (a Value)
 *     payloadFormatVersion: "2.0"             # "2.0" (default) or "1.0": the event and response formats
 *     simpleResponses: true                   # the function answers {isAuthorized: true|false}; "2.0" only; default false
 *     identitySources: [$request.header.Authorization]   # default none; required for caching (they are its key)
 *     resultTtl: 300s                         # cache the answer 0 s (default: no caching) to 3600 s
 *     credentials: !GetAtt AuthInvokeRole.Arn # a role API Gateway assumes to invoke; default none (a permission instead)
 *     name: tokens                            # the authorizer's name in API Gateway; default: the declared name
 *     permission: false                       # without credentials: default true; false writes no permission (a
 *                                             #   function in another account), and the build prints the statement
 * ```
 * WebSocket APIs take `function`, `identitySources` (route.request.header.NAME, ...), `credentials` and `name`: their
 * authorizers run once, on $connect, and are not cached.
 *
 * AuthorizerUri is the function's invocation URI (shared/lambdaUri.ts). Without `credentials`, the function gets an
 * AWS::Lambda::Permission whose SourceArn is this authorizer only (`${ApiId}/authorizers/${AuthorizerId}`), as the
 * API Gateway guide shows; with `credentials`, API Gateway invokes as that role and no permission is written. With
 * `permission: false` neither: the function's owner grants the call (shared/lambdaPermission.ts).
 */
import * as t from 'io-ts';
import { Codec, boolean, codec, doc, fail, found, object, oneOf, withFieldChecks } from '../spec/codec';
import { ACCOUNT, PARTITION, arnValue, lambdaFunctionArn, stringValue } from '../spec/values';
import { DURATION_TEXT_PATTERN, formatDuration, parseDuration } from '../shared/duration';
import { lambdaInvocationUri } from '../shared/lambdaUri';
import { Value } from '../value';
import { AuthorizerPlan } from './kind';
import { httpIdentitySource, identitySources, webSocketIdentitySource } from './identitySource';

/** The longest time API Gateway caches an authorizer's answer: one hour. */
export const MAX_RESULT_TTL_SECONDS = 3600;

/** A cache time in whole seconds, written with its unit (`300s`); a bare 0 turns caching off. */
export const resultTtl: Codec<number, 0 | `${number}s` | `${number}ms`> = codec<number, 0 | `${number}s` | `${number}ms`>(
  'cache TTL',
  (u, c) => {
    if (u === 0) return t.success(0);
    if (typeof u === 'number') return fail(u, c, `expected a duration with its unit, such as 300s (or 0 for no caching), got ${u}`);
    const ms = parseDuration(u);
    if (ms === undefined) return fail(u, c, `expected a duration such as 300s, from 0s to ${MAX_RESULT_TTL_SECONDS}s, got ${found(u)}`);
    if (ms % 1000 !== 0) return fail(u, c, `expected whole seconds (API Gateway caches for whole seconds), got ${formatDuration(ms)}`);
    if (ms > MAX_RESULT_TTL_SECONDS * 1000) return fail(u, c, `must be between 0 s and ${MAX_RESULT_TTL_SECONDS} s (one hour), got ${formatDuration(ms)}`);
    return t.success(ms / 1000);
  },
  {
    description: `how long API Gateway caches the answer (AuthorizerResultTtlInSeconds): 0s to ${MAX_RESULT_TTL_SECONDS}s in whole seconds, such as 300s; default 0 (no caching)`,
    anyOf: [{ const: 0 }, { type: 'string', pattern: DURATION_TEXT_PATTERN }],
  },
  // Decoded as seconds; written back with its unit, since a bare number other than 0 is refused.
  (seconds) => (seconds === 0 ? 0 : `${seconds}s`),
);

/** The role API Gateway assumes to invoke the function (it must trust apigateway.amazonaws.com). */
const credentials = arnValue(
  'an IAM role',
  new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/[A-Za-z0-9+=,.@_/-]+$`),
  'arn:aws:iam::123456789012:role/authorizer-invoke',
);

const payloadFormatVersion = oneOf(['2.0', '1.0'] as const, ' (quoted, so YAML keeps it a string)');

export const HttpLambdaAuthorizer = withFieldChecks(
  object(
    'lambda authorizer',
    { type: oneOf(['lambda'] as const), function: lambdaFunctionArn },
    {
      payloadFormatVersion: doc(payloadFormatVersion, 'the event the function gets and the answer it gives: "2.0" (default) or "1.0", quoted'),
      simpleResponses: doc(boolean, 'the function answers {"isAuthorized": true|false} instead of an IAM policy ("2.0" only); default false'),
      identitySources: doc(identitySources(httpIdentitySource), 'where the identity is; API Gateway answers 401 without calling the function when one is missing. They are the cache key'),
      resultTtl,
      credentials: doc(credentials, 'a role API Gateway assumes to invoke the function; without it, the function gets a Lambda permission'),
      name: doc(stringValue, "the authorizer's Name in API Gateway; default: the declared name"),
      permission: doc(boolean, 'false: no Lambda permission (a function in another account); its owner adds the statement apigw-cfn prints'),
    },
    {
      identitySource: 'write identitySources (a list), such as [$request.header.Authorization]',
    },
  ),
  (d) => [
    ...permissionProblems(d),
    ...(d.simpleResponses === true && d.payloadFormatVersion === '1.0'
      ? [{ field: 'simpleResponses', message: 'simple responses ({isAuthorized: true|false}) need payloadFormatVersion "2.0"; a "1.0" authorizer returns an IAM policy' }]
      : []),
    ...((d.resultTtl ?? 0) > 0 && d.identitySources === undefined
      ? [{ field: 'resultTtl', message: `caching (resultTtl ${d.resultTtl} s) needs identitySources: API Gateway keys its cache by their values; add identitySources, or set resultTtl: 0` }]
      : []),
  ],
);
export type HttpLambdaAuthorizer = typeof HttpLambdaAuthorizer._A;

const HTTP_ONLY = 'applies to Lambda authorizers of HTTP APIs only';

export const WebSocketLambdaAuthorizer = withFieldChecks(
  object(
    'WebSocket lambda authorizer',
    { type: oneOf(['lambda'] as const), function: lambdaFunctionArn },
    {
      identitySources: doc(identitySources(webSocketIdentitySource), 'where the identity is on $connect; API Gateway answers 401 without calling the function when one is missing'),
      credentials: doc(credentials, 'a role API Gateway assumes to invoke the function; without it, the function gets a Lambda permission'),
      name: doc(stringValue, "the authorizer's Name in API Gateway; default: the declared name"),
      permission: doc(boolean, 'false: no Lambda permission (a function in another account); its owner adds the statement apigw-cfn prints'),
    },
    {
      payloadFormatVersion: `payloadFormatVersion ${HTTP_ONLY}; a WebSocket authorizer gets the REST-style event and returns an IAM policy`,
      simpleResponses: `simpleResponses ${HTTP_ONLY}; a WebSocket authorizer returns an IAM policy`,
      resultTtl: `resultTtl ${HTTP_ONLY}; a WebSocket authorizer runs once per connection, on $connect, and is not cached`,
      identitySource: 'write identitySources (a list), such as [route.request.header.Authorization]',
    },
  ),
  permissionProblems,
);
export type WebSocketLambdaAuthorizer = typeof WebSocketLambdaAuthorizer._A;

/** `permission` decides whether this stack writes the permission; with credentials none is written anyway. */
function permissionProblems(d: { credentials?: Value; permission?: boolean }): Array<{ field: string; message: string }> {
  return d.permission !== undefined && d.credentials !== undefined
    ? [{ field: 'permission', message: 'applies without credentials only: with credentials API Gateway invokes the function through that role, and no permission is written' }]
    : [];
}

/** What both protocols share: the type, the URI, identity sources, the role or the permission. */
function lambdaPlan(
  d: { function: Value; identitySources?: string[]; credentials?: Value; name?: Value; permission?: boolean },
  httpOnly: Partial<AuthorizerPlan['properties']> = {},
): AuthorizerPlan {
  return {
    properties: {
      AuthorizerType: 'REQUEST',
      AuthorizerUri: lambdaInvocationUri(d.function),
      ...httpOnly,
      ...(d.identitySources !== undefined && { IdentitySource: d.identitySources }),
      ...(d.credentials !== undefined && { AuthorizerCredentialsArn: d.credentials }),
    },
    name: d.name,
    ...(d.credentials === undefined && (d.permission === false ? { grantedByOwner: d.function } : { invokes: d.function })),
  };
}

export function buildHttpLambdaAuthorizer(d: HttpLambdaAuthorizer): AuthorizerPlan {
  return lambdaPlan(d, {
    // Required by AWS for HTTP API Lambda authorizers, so always written.
    AuthorizerPayloadFormatVersion: d.payloadFormatVersion ?? '2.0',
    ...(d.simpleResponses !== undefined && { EnableSimpleResponses: d.simpleResponses }),
    // Written even when 0: AWS documents different defaults for an absent TTL, so the template says which.
    AuthorizerResultTtlInSeconds: d.resultTtl ?? 0,
  });
}

export function buildWebSocketLambdaAuthorizer(d: WebSocketLambdaAuthorizer): AuthorizerPlan {
  return lambdaPlan(d);
}
