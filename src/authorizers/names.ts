/**
 * Authorizer names: the keys under `authorizers:`, which routes name in `authorization:`. Each gives the logical ID
 * `Authorizer` + its words (`cognito-users` -> `AuthorizerCognitoUsers`), so two names with the same words
 * (`cognito-users`, `cognito_users`) are an error.
 */
import * as t from 'io-ts';
import { Codec, extend, record } from '../spec/codec';
import { isPlainObject } from '../value';
import { logicalId, singletonId } from '../shared/logicalId';

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

/** Kinds of authorization, not names (compared without case, so `IAM` cannot pose as one). */
export const RESERVED_AUTHORIZATIONS = ['none', 'iam'] as const;
const RESERVED: ReadonlySet<string> = new Set(RESERVED_AUTHORIZATIONS);

/** Why a key cannot name an authorizer, or undefined when it can. */
export function authorizerNameProblem(name: string): string | undefined {
  if (RESERVED.has(name.toLowerCase())) {
    return `${JSON.stringify(name)} is reserved: authorization: ${name.toLowerCase()} needs no declaration${name.toLowerCase() === 'iam' ? ' (IAM authorization is built in)' : ''}; choose another name`;
  }
  return NAME.test(name)
    ? undefined
    : `expected an authorizer name of letters, digits, "-" and "_", starting with a letter (at most 128), got ${JSON.stringify(name)}`;
}

/** `Authorizer` + the declared name's words. */
export function authorizerLogicalId(name: string): string {
  return singletonId('Authorizer', name);
}

/**
 * The permission that lets API Gateway invoke a Lambda authorizer. A digest keeps it apart from every other ID:
 * readable words alone (`AuthorizerXPermission`) would meet the authorizer declared as `x-permission`.
 */
export function authorizerPermissionId(name: string): string {
  return logicalId('Permission', `Authorizer ${name}`, `authorizer\u0000${name}`);
}

/** The `authorizers:` mapping of a protocol: checked names, declarations by `declaration`, no two with one ID. */
export function authorizersCodec<A, O>(declaration: Codec<A, O>): Codec<Record<string, A>, Readonly<Record<string, O>>> {
  const base = record(
    { describe: 'authorizer names', check: authorizerNameProblem, schema: { pattern: NAME.source, not: { pattern: '^(?:[Nn][Oo][Nn][Ee]|[Ii][Aa][Mm])$' } } },
    declaration,
    { min: 1 },
  );
  return extend(base, (u, c) => {
    const r = base.validate(u, c);
    if (!isPlainObject(u)) return r;
    const errors: t.ValidationError[] = r._tag === 'Left' ? [...r.left] : [];
    const byId = new Map<string, string>();
    for (const name of Object.keys(u).filter((n) => authorizerNameProblem(n) === undefined)) {
      const id = authorizerLogicalId(name);
      const earlier = byId.get(id);
      if (earlier === undefined) byId.set(id, name);
      else errors.push({ value: u[name], context: t.appendContext(c, name, declaration, u[name]), message: `gives the same logical ID (${id}) as "${earlier}"; rename one of them` });
    }
    return errors.length > 0 ? t.failures(errors) : r;
  });
}
