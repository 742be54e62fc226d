/**
 * The `authorization` field of a route, and of the api (the default of every route that does not say).
 *
 * ```yaml
 * api:
 *   authorization: cognito                  # default for every route; none when absent
 * routes:
 *   GET /books: {...}                       # takes the api's default (cognito)
 *   GET /health:
 *     authorization: none                   # opts out of the default
 *   POST /books:
 *     authorization:                        # a JWT authorizer with scopes (1 to 10; the token needs one of them)
 *       authorizer: cognito
 *       scopes: [books/write]
 *   GET /admin:
 *     authorization: iam                    # AWS_IAM: callers sign requests with SigV4
 * ```
 * The value is `none`, `iam`, the name of an authorizer declared under `authorizers:`, or a mapping with
 * `authorizer` (one of those) and `scopes`. Whether a name is declared, and whether scopes suit its kind, depends on
 * other fields: spec/spec.ts checks that, with the problem texts written here.
 */
import * as t from 'io-ts';
import { Codec, closest, codec, definition, doc, extend, fail, found, list, nonEmptyString, object } from '../spec/codec';
import { RouteProperties } from 'cloudform-types/types/apiGatewayV2/route';
import { Plain } from '../template/types';
import { isPlainObject, ref } from '../value';
import { RESERVED_AUTHORIZATIONS, authorizerLogicalId } from './names';

/** API Gateway's quota of scopes per route (not adjustable). */
export const MAX_SCOPES_PER_ROUTE = 10;

/** An OAuth 2.0 scope token (RFC 6749, 3.3): printable ASCII without space, `"` and `\`. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

const scope: Codec<string> = codec(
  'scope',
  (u, c) =>
    typeof u === 'string' && SCOPE.test(u)
      ? t.success(u)
      : fail(u, c, `expected a scope such as books/read (printable characters without spaces, quotes or backslashes), got ${found(u)}`),
  { type: 'string', pattern: SCOPE.source },
);

const uniqueScopes = list(scope, { unique: true, max: MAX_SCOPES_PER_ROUTE, min: 1 });

const scopes = extend(doc(uniqueScopes, 'OAuth scopes, 1 to 10; the token must hold at least one (JWT authorizers only)'), (u, c) => {
  if (!Array.isArray(u)) return fail(u, c, `expected a list of scopes, got ${found(u)}`);
  if (u.length === 0) return fail(u, c, 'expected 1 to 10 scopes, got an empty list (omit scopes for none)');
  if (u.length > MAX_SCOPES_PER_ROUTE) {
    return fail(u, c, `expected at most ${MAX_SCOPES_PER_ROUTE} scopes (API Gateway's quota of scopes per route, which AWS does not raise), got ${u.length}`);
  }
  return uniqueScopes.validate(u, c);
});

const AuthorizationWithScopes = object('authorization', { authorizer: nonEmptyString }, { scopes });

/** A decoded `authorization`: `none`, `iam`, an authorizer's name, or `{ authorizer, scopes }`. */
export type Authorization = string | { readonly authorizer: string; readonly scopes?: readonly string[] };

/** What a spec writes: `none`, `iam`, a declared authorizer's name, or `{ authorizer, scopes }`. */
export type AuthorizationInput = string | { readonly authorizer: string; readonly scopes?: readonly string[] };

export const Authorization: Codec<Authorization, AuthorizationInput> = definition('Authorization', codec<Authorization, AuthorizationInput>(
  'authorization',
  (u, c) => {
    if (typeof u === 'string' && u !== '') return t.success(u);
    if (isPlainObject(u)) return AuthorizationWithScopes.validate(u, c) as t.Validation<Authorization>;
    return fail(u, c, `expected none, iam, the name of a declared authorizer, or a mapping with authorizer and scopes, got ${found(u)}`);
  },
  (of) => ({
    description: 'none, iam (SigV4-signed requests), the name of an authorizer declared under authorizers, or {authorizer, scopes}',
    anyOf: [{ type: 'string', anyOf: [{ enum: [...RESERVED_AUTHORIZATIONS] }, { minLength: 1 }] }, of(AuthorizationWithScopes)],
  }),
  (a) => (typeof a === 'string' ? a : AuthorizationWithScopes.encode({ authorizer: a.authorizer, ...(a.scopes !== undefined && { scopes: [...a.scopes] }) })),
));

export function authorizerNameOf(authorization: Authorization): string {
  return typeof authorization === 'string' ? authorization : authorization.authorizer;
}

/** The authorization a route gets: its own, else the api's default, else none written at all. */
export function resolveAuthorization(route: Authorization | undefined, apiDefault: Authorization | undefined): Authorization | undefined {
  return route ?? apiDefault;
}

/** The declared kinds by name, as the route builder needs them (`jwt`, `lambda`). */
export type DeclaredKinds = Readonly<Record<string, { readonly type: string }>>;

export type RouteAuthorizationProperties = Pick<Plain<RouteProperties>, 'AuthorizationType' | 'AuthorizerId' | 'AuthorizationScopes'>;

/**
 * The Route properties for an authorization. Nothing when none is written anywhere, so routes of specs without
 * authorization stay as they were; `AuthorizationType: NONE` when `none` is written, so a route that opts out of a
 * default says so in the template, and an update that removes its authorizer really removes it.
 */
export function routeAuthorizationProperties(
  authorization: Authorization | undefined,
  authorizers: DeclaredKinds | undefined,
): RouteAuthorizationProperties {
  if (authorization === undefined) return {};
  const name = authorizerNameOf(authorization);
  if (name === 'none') return { AuthorizationType: 'NONE' };
  if (name === 'iam') return { AuthorizationType: 'AWS_IAM' };
  const declared = authorizers !== undefined && Object.hasOwn(authorizers, name) ? authorizers[name] : undefined;
  // Decoding rejects undeclared names (spec/spec.ts), so a miss here is a bug.
  if (declared === undefined) throw new Error(`bug: authorizer ${name} is not declared but passed decoding`);
  const routeScopes = typeof authorization === 'string' ? undefined : authorization.scopes;
  return {
    AuthorizationType: declared.type === 'jwt' ? 'JWT' : 'CUSTOM',
    AuthorizerId: ref(authorizerLogicalId(name)),
    ...(routeScopes !== undefined && { AuthorizationScopes: [...routeScopes] }),
  };
}

/** A problem at a place below the `authorization` field (`[]` is the field itself). */
export interface AuthorizationProblem {
  readonly at: readonly string[];
  readonly message: string;
}

/**
 * What is wrong with one `authorization` value (raw input) given the declared authorizers (name -> `type`, or
 * undefined when a declaration has no readable type): an undeclared name, with a suggestion; scopes on anything
 * but a JWT authorizer. Shapes its codec rejects give no problem here (the codec reports them).
 */
export function authorizationProblems(raw: unknown, declared: ReadonlyMap<string, unknown>): AuthorizationProblem[] {
  const isObject = isPlainObject(raw);
  const name = typeof raw === 'string' ? raw : isObject && typeof raw.authorizer === 'string' ? raw.authorizer : undefined;
  if (name === undefined || name === '') return [];
  const nameAt = isObject ? ['authorizer'] : [];
  const hasScopes = isObject && raw.scopes !== undefined;
  if (name === 'none' || name === 'iam') {
    if (!hasScopes) return [];
    const what = name === 'none' ? 'a route without authorization has' : 'IAM authorization has';
    return [{ at: ['scopes'], message: `scopes apply to JWT authorizers only (API Gateway matches them against the token's scope claim); ${what} no token to match` }];
  }
  if (!declared.has(name)) return [{ at: nameAt, message: undeclaredAuthorizerProblem(name, [...declared.keys()]) }];
  const type = declared.get(name);
  if (hasScopes && typeof type === 'string' && type !== 'jwt') {
    return [{ at: ['scopes'], message: `scopes apply to JWT authorizers only (API Gateway matches them against the token's scope claim); "${name}" is a ${type} authorizer, which decides by itself` }];
  }
  return [];
}

/** Why `name` names no declared authorizer, with a suggestion when one is close. */
export function undeclaredAuthorizerProblem(name: string, declared: readonly string[]): string {
  const candidates = [...declared, ...RESERVED_AUTHORIZATIONS];
  const guess = closest(name, candidates);
  const known = declared.length > 0 ? `declared: ${declared.join(', ')}` : 'declare it under authorizers (none are declared)';
  return `no authorizer named ${JSON.stringify(name)} is declared${guess ? ` (did you mean "${guess}"?)` : ''}; ${known}; or write none or iam`;
}
