/**
 * HTTP API -> JWT authorizer: API Gateway validates a JSON Web Token (OpenID Connect, OAuth 2.0) itself, against
 * the issuer's published keys; no function runs.
 *
 * ```yaml
 * authorizers:
 *   cognito:
 *     type: jwt
 *     issuer: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI   # required: an https URL (a Value)
 *     audiences: [4example5client6id]            # required: 1 to 50 (a Value each); the token's aud (or client_id)
 *     identitySource: $request.header.Authorization   # default; a header or a query string, exactly one
 *     name: cognito-users                        # the authorizer's name in API Gateway; default: the declared name
 * ```
 * Routes using it may require scopes (`authorization: { authorizer: cognito, scopes: [books/read] }`); the token
 * must then hold one of them. JWT authorizers exist for HTTP APIs only.
 */
import * as t from 'io-ts';
import { Codec, codec, doc, fail, found, object, oneOf } from '../spec/codec';
import { ValueInput, literalChecked, stringValue } from '../spec/values';
import { Value } from '../value';
import { AuthorizerPlan } from './kind';
import { jwtIdentitySource } from './identitySource';

/** API Gateway's quota of audiences per JWT authorizer (not adjustable). */
export const MAX_AUDIENCES = 50;

export const DEFAULT_JWT_IDENTITY_SOURCE = '$request.header.Authorization';

const issuer = literalChecked(
  "the token issuer's https URL (or an intrinsic)",
  (literal) =>
    /^https:\/\/[^\s/]+(?:\/\S*)?$/.test(literal)
      ? undefined
      : `expected the issuer's https URL, such as https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI (API Gateway fetches its keys over https), or an intrinsic, got ${found(literal)}`,
  "the token issuer's https URL (JwtConfiguration.Issuer), such as https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI, or an intrinsic",
);

const audiences: Codec<Value[], readonly ValueInput[]> = codec<Value[], readonly ValueInput[]>('list of audiences', (u, c) => {
  if (!Array.isArray(u)) return fail(u, c, `expected a list of audiences (client ids), got ${found(u)}`);
  if (u.length === 0) return fail(u, c, 'expected 1 to 50 audiences, got an empty list');
  if (u.length > MAX_AUDIENCES) return fail(u, c, `expected at most ${MAX_AUDIENCES} audiences (API Gateway's quota per JWT authorizer, which AWS does not raise), got ${u.length}`);
  const errors: t.ValidationError[] = [];
  const out: Value[] = [];
  const seen = new Set<string>();
  u.forEach((x, i) => {
    const ctx = t.appendContext(c, String(i), stringValue, x);
    const r = stringValue.validate(x, ctx);
    if (r._tag === 'Left') errors.push(...r.left);
    else if (typeof r.right === 'string' && seen.has(r.right)) errors.push({ value: x, context: ctx, message: `${r.right} is listed twice` });
    else {
      if (typeof r.right === 'string') seen.add(r.right);
      out.push(r.right);
    }
  });
  return errors.length > 0 ? t.failures(errors) : t.success(out);
}, (of) => ({
  description: 'the client ids a token may be issued to (JwtConfiguration.Audience): 1 to 50, each a Value',
  type: 'array',
  items: of(stringValue),
  minItems: 1,
  maxItems: MAX_AUDIENCES,
}), (values) => values.map((v) => stringValue.encode(v)));

export const JwtAuthorizer = object(
  'jwt authorizer',
  { type: oneOf(['jwt'] as const), issuer, audiences },
  { identitySource: jwtIdentitySource, name: doc(stringValue, "the authorizer's Name in API Gateway; default: the declared name") },
  {
    identitySources: 'a JWT authorizer reads the token from one place: write identitySource (singular), such as $request.header.Authorization',
    function: 'a JWT authorizer runs no function (API Gateway checks the token itself); for a function, write type: lambda',
  },
);
export type JwtAuthorizer = typeof JwtAuthorizer._A;

export function buildJwtAuthorizer(d: JwtAuthorizer): AuthorizerPlan {
  return {
    properties: {
      AuthorizerType: 'JWT',
      IdentitySource: [d.identitySource ?? DEFAULT_JWT_IDENTITY_SOURCE],
      JwtConfiguration: { Issuer: d.issuer, Audience: d.audiences },
    },
    name: d.name,
  };
}
