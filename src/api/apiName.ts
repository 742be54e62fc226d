/**
 * What names an API, for both protocols: its `name` in API Gateway, and the `logicalName` its logical IDs are made
 * of. Today's IDs come from the name (`name: books` gives `ApiBooks`); renaming the API then renames every ID, and
 * CloudFormation replaces the API (a new id, a new URL). With `logicalName` the IDs stay put while the name changes,
 * and the name may be an intrinsic (`!Sub ${Env}-books`).
 */
import * as t from 'io-ts';
import { Codec, boolean, described, doc, extend, nonEmptyString, oneOf, refine } from '../spec/codec';
import { literalChecked } from '../spec/values';
import { Value, describeValue, isPlainObject, ref } from '../value';
import { singletonId } from '../shared/logicalId';

const API_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}$/;

/** Why a name cannot name an API (and its logical IDs), or undefined when it can. Shared by both protocols. */
export const API_NAME_PROBLEM = (name: string): string | undefined =>
  API_NAME.test(name)
    ? undefined
    : `expected a name of letters, digits, spaces, ".", "_" and "-", starting with a letter or digit (at most 128), got ${JSON.stringify(name)}`;

/** `api.name` of either protocol: text of the API name's form, or an intrinsic that yields it at deploy time. */
export const ApiName = doc(
  described(
    literalChecked('API name', API_NAME_PROBLEM, "the API's name, or an intrinsic (then logicalName names the IDs)"),
    "the API's name (text, or an intrinsic beside logicalName)",
  ),
  "the API's name: letters, digits, spaces, ., _, - (at most 128); also names the logical IDs (name: books gives ApiBooks) unless logicalName does; an intrinsic (!Sub ${Env}-books) needs logicalName",
);

/** `api.logicalName`: the words of the logical IDs, of the same form as a literal name. */
export const LogicalName = doc(
  refine(nonEmptyString, API_NAME_PROBLEM, undefined, { pattern: API_NAME.source }),
  'the words of every logical ID (logicalName: books gives ApiBooks), so that renaming the API replaces nothing; default: the name',
);

export const IpAddressType = doc(oneOf(['ipv4', 'dualstack'] as const), 'ipv4 (the default) or dualstack (IPv4 and IPv6 clients)');

/** `disableExecuteApiEndpoint` of either protocol. */
export const DisableExecuteApiEndpoint = doc(boolean, 'turn off the default execute-api endpoint (when clients must use a custom domain); default false');

/** `permissionScope` of every kind of api. */
export const PermissionScopeField = doc(
  oneOf(['auto', 'route', 'api'] as const),
  'how Lambda permissions are scoped: auto (default: per method and path, one API-wide statement past 20 per function), route, or api',
);

export interface NamedApi {
  readonly name: Value;
  readonly logicalName?: string;
}

/** `Api<Words>`, from `logicalName`, else from the (literal) name. */
export function apiLogicalId(api: NamedApi): string {
  const words = api.logicalName ?? api.name;
  if (typeof words !== 'string') throw new Error('bug: an API named by an intrinsic passed decoding without logicalName');
  return singletonId('Api', words);
}

/** The Ref that every route, integration and permission of the API uses. */
export function apiIdValue(api: NamedApi): Value {
  return ref(apiLogicalId(api));
}

/** How output descriptions name the API: its literal name, else its logical name. */
export function apiDisplayName(api: NamedApi): string {
  return typeof api.name === 'string' ? api.name : api.logicalName!;
}

/**
 * An api codec with the checks across its fields: an intrinsic name needs `logicalName` (IDs are made before the
 * name is known), and fields that exclude each other (`stage` and `stages`).
 */
export function withApiNameCheck<A, O>(fields: Codec<A, O>, options: { exclusive?: readonly [string, string] } = {}): Codec<A, O> {
  return extend(fields, (u, c) => {
    const r = fields.validate(u, c);
    if (!isPlainObject(u)) return r;
    const errors: t.ValidationError[] = r._tag === 'Left' ? [...r.left] : [];
    const at = (key: string) => t.appendContext(c, key, t.unknown, u[key]);
    const taken = new Set(errors.map((e) => e.context.map((x) => x.key).join('.')));
    const place = (key: string) => [...c.map((x) => x.key), key].join('.');
    if (u.name !== undefined && typeof u.name !== 'string' && u.logicalName === undefined && !taken.has(place('name'))) {
      errors.push({
        value: u.name,
        context: at('name'),
        message: `is an intrinsic (${describeValue(u.name)}), known only at deploy time: add logicalName (letters, digits, spaces, ".", "_", "-") for the logical IDs`,
      });
    }
    const [a, b] = options.exclusive ?? [];
    if (a !== undefined && b !== undefined && u[a] !== undefined && u[b] !== undefined) {
      errors.push({ value: u[b], context: at(b), message: `give ${a} (one stage) or ${b} (several), not both` });
    }
    return errors.length > 0 ? t.failures(errors) : r;
  });
}
