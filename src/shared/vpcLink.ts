/**
 * VPC links of HTTP APIs: declared once at the top of a spec, named by every private integration that uses them.
 *
 * ```yaml
 * vpcLinks:
 *   main:                                   # a new link: one AWS::ApiGatewayV2::VpcLink, logical ID VpcLinkMain
 *     subnetIds: [subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788]   # required: at least 1 (more than 10
 *                                           #   warns: AWS's default quota, raised on request), or a list-valued
 *                                           #   intrinsic such as !Ref PrivateSubnetIds (List<AWS::EC2::Subnet::Id>)
 *     securityGroupIds: [sg-0123456789abcdef0]   # required; [] is allowed (with a warning): the VPC's default group
 *     name: orders-main                     # the link's name in API Gateway; default: the declared name (main)
 *   legacy:                                 # an existing link: nothing is emitted
 *     id: !ImportValue NetworkStack-VpcLinkId
 * ```
 * An integration names a link with `vpcLink: main`; its ConnectionId is `!Ref VpcLinkMain`, or the existing link's
 * id. Every integration naming one link shares the one resource.
 */
import * as t from 'io-ts';
import { Codec, InputOf, closest, codec, described, doc, fail, found, list, object } from '../spec/codec';
import { IntrinsicInput, ValueInput, literalChecked, stringValue } from '../spec/values';
import { Fragment, VpcLinkResource } from '../template/types';
import { Warning, pathTo } from '../errors';
import { Intrinsic, Value, intrinsicName, isPlainObject, ref } from '../value';
import { singletonId } from './logicalId';
import { declaredNames } from '../spec/declaredNames';

/** API Gateway's default quota of subnets per VPC link; AWS raises it on request, so more is a warning. */
export const MAX_SUBNETS_PER_VPC_LINK = 10;

/** Intrinsics that can yield a list of strings. */
const LIST_INTRINSICS = new Set(['Ref', 'Fn::Split', 'Fn::If', 'Fn::FindInMap', 'Fn::GetAtt']);

/** An intrinsic standing for a whole list: `!Ref PrivateSubnetIds` (a List<...> parameter), `!Split`, ... */
const listIntrinsic: Codec<Intrinsic, IntrinsicInput> = codec<Intrinsic, IntrinsicInput>('list-valued intrinsic', (u, c) => {
  const name = intrinsicName(u);
  if (name === undefined || !LIST_INTRINSICS.has(name)) {
    return fail(u, c, `expected an intrinsic that yields a list (!Ref, !Split, !If, !FindInMap, !GetAtt), got ${name ?? found(u)}`);
  }
  if (name === 'Fn::Split') {
    const arg = (u as Record<string, unknown>)[name];
    return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string'
      ? t.success(u as Intrinsic)
      : fail(u, c, `expected Fn::Split to take [delimiter, string], got ${found(arg)}`);
  }
  // stringValue checks the shape of Ref, GetAtt and the rest, and turns GetAtt "A.B" into its list form.
  return stringValue.validate(u, c) as t.Validation<Intrinsic>;
}, {
  description: 'one intrinsic that yields the whole list: !Ref of a List<...> parameter, !Split, !If, !FindInMap or !GetAtt',
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  propertyNames: { enum: [...LIST_INTRINSICS] },
}, (intrinsic) => intrinsic as IntrinsicInput);

/**
 * A list of EC2 ids (`subnet-...`, `sg-...`), each a Value, or one intrinsic that yields the whole list. Literal ids
 * are checked against their form, and a literal listed twice is an error.
 */
function idList(what: string, prefix: string, min: number): Codec<Value[] | Intrinsic, readonly ValueInput[] | IntrinsicInput> {
  const pattern = new RegExp(`^${prefix}-[0-9a-f]{8}(?:[0-9a-f]{9})?$`);
  const id = literalChecked(
    `${what} id`,
    (v) => (pattern.test(v) ? undefined : `expected a ${what} id such as ${prefix}-0123456789abcdef0, or an intrinsic, got ${found(v)}`),
    `a ${what} id such as ${prefix}-0123456789abcdef0, or an intrinsic`,
  );
  const items = list(id);
  return codec<Value[] | Intrinsic, readonly ValueInput[] | IntrinsicInput>(`list of ${what} ids`, (u, c) => {
    if (intrinsicName(u) !== undefined) return listIntrinsic.validate(u, c);
    if (Array.isArray(u) && u.length < min) {
      return fail(u, c, `expected at least ${min} ${what} id${min === 1 ? '' : 's'}, got ${u.length === 0 ? 'an empty list' : u.length}`);
    }
    const r = items.validate(u, c);
    if (r._tag === 'Left') return r;
    const seen = new Set<string>();
    for (const [i, v] of r.right.entries()) {
      if (typeof v !== 'string') continue;
      if (seen.has(v)) return fail(v, t.appendContext(c, String(i), id, v), `${v} is listed twice`);
      seen.add(v);
    }
    return r;
  }, (of) => ({
    anyOf: [
      { type: 'array', items: of(id), ...(min > 0 && { minItems: min }) },
      of(listIntrinsic),
    ],
  }), (ids) => (Array.isArray(ids) ? items.encode(ids) : listIntrinsic.encode(ids as Intrinsic)));
}

const subnetIds = idList('subnet', 'subnet', 1);
const securityGroupIds = idList('security group', 'sg', 0);

const NewVpcLink = object(
  'VPC link',
  {
    subnetIds: doc(subnetIds, `subnet ids, each a Value, no repeats: at least 1 (more than ${MAX_SUBNETS_PER_VPC_LINK} warns); or one intrinsic that yields the list (!Ref PrivateSubnetIds)`),
    securityGroupIds: doc(securityGroupIds, "security group ids, or one intrinsic that yields the list; [] gets the VPC's default group (with a warning)"),
  },
  { name: doc(stringValue, "the link's Name in API Gateway; default: the declared name") },
);
const ExistingVpcLink = object('existing VPC link', {
  id: literalChecked(
    'VPC link id',
    (v) => (/^[a-z0-9]+$/.test(v) ? undefined : `expected a VPC link id such as abcd123, or an intrinsic, got ${found(v)}`),
    "an existing link's id, such as !ImportValue NetworkStack-VpcLinkId or abcd123: nothing is emitted for it",
  ),
});

const NEW_FIELDS: ReadonlySet<string> = new Set(['subnetIds', 'securityGroupIds', 'name']);

export type NewVpcLink = typeof NewVpcLink._A;
export type ExistingVpcLink = typeof ExistingVpcLink._A;
export type VpcLinkDeclaration = NewVpcLink | ExistingVpcLink;

/** One declaration: `id` (an existing link) or `subnetIds` and `securityGroupIds` (a new one), never both. */
export const VpcLinkDeclaration: Codec<VpcLinkDeclaration, InputOf<typeof NewVpcLink> | InputOf<typeof ExistingVpcLink>> = codec<
  VpcLinkDeclaration,
  InputOf<typeof NewVpcLink> | InputOf<typeof ExistingVpcLink>
>('VPC link declaration', (u, c) => {
  const expected = 'subnetIds and securityGroupIds (to create a VPC link) or id (to use an existing one)';
  if (!isPlainObject(u)) return fail(u, c, `expected a mapping with ${expected}, got ${found(u)}`);
  if ('id' in u) {
    const extra = Object.keys(u).filter((k) => k !== 'id');
    return extra.some((k) => NEW_FIELDS.has(k))
      ? fail(u, c, `expected either id (an existing link) or subnetIds and securityGroupIds (a new one), not both`)
      : ExistingVpcLink.validate(u, c);
  }
  if (!('subnetIds' in u) && !('securityGroupIds' in u)) return fail(u, c, `expected ${expected}, got ${found(u)}`);
  return NewVpcLink.validate(u, c);
}, (of) => ({
  description: 'a new VPC link (subnetIds and securityGroupIds) or an existing one (id)',
  if: { type: 'object', required: ['id'] },
  then: of(ExistingVpcLink),
  else: of(NewVpcLink),
}), (d) => (isExistingVpcLink(d) ? ExistingVpcLink.encode(d) : NewVpcLink.encode(d)));

export const isExistingVpcLink = (d: VpcLinkDeclaration): d is ExistingVpcLink => 'id' in d;

export type VpcLinks = Readonly<Record<string, VpcLinkDeclaration>>;

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

/** The logical ID of a declared link: `VpcLink` and the declared name's words (`orders-vpc` -> `VpcLinkOrdersVpc`). */
export function vpcLinkLogicalId(name: string): string {
  return singletonId('VpcLink', name);
}

/** The `vpcLinks:` mapping. Two names that give one logical ID (`main`, `Main`) are an error at the second. */
export const VpcLinks = declaredNames(
  {
    describe: 'VPC link names',
    check: (name) =>
      NAME.test(name) ? undefined : `expected a VPC link name of letters, digits, "-" and "_", starting with a letter (at most 128), got ${JSON.stringify(name)}`,
    schema: { pattern: NAME.source },
  },
  VpcLinkDeclaration,
  vpcLinkLogicalId,
  { min: 1 },
);

/**
 * The name an integration gives in `vpcLink:`; whether it is declared is checked by `undeclaredVpcLinkProblem`.
 * Missing or malformed, it says what it must name (a link of the spec, not any string).
 */
export const vpcLinkName: Codec<string> = described(
  codec(
    'VPC link name',
    (u, c) => (typeof u === 'string' && u !== '' ? t.success(u) : fail(u, c, `expected the name of a link declared under vpcLinks, got ${found(u)}`)),
    { type: 'string', minLength: 1, description: 'the name of a link declared under vpcLinks' },
  ),
  'the name of a link declared under vpcLinks (a private integration reaches its target through one)',
);

/** Why `name` does not name a declared link (with a suggestion when one is close), or undefined when it does. */
export function undeclaredVpcLinkProblem(name: string, declared: readonly string[]): string | undefined {
  if (declared.includes(name)) return undefined;
  const guess = closest(name, declared);
  const known = declared.length > 0 ? `declared: ${declared.join(', ')}` : 'declare it under vpcLinks (none are declared)';
  return `no VPC link named ${JSON.stringify(name)} is declared${guess ? ` (did you mean "${guess}"?)` : ''}; ${known}`;
}

/** The ConnectionId of an integration through the link declared as `name`. */
export function vpcLinkConnectionId(name: string, links: VpcLinks | undefined): Value {
  const declaration = links?.[name];
  // Decoding rejects undeclared names (see spec/spec.ts), so a miss here is a bug.
  if (declaration === undefined) throw new Error(`bug: VPC link ${name} is not declared but passed decoding`);
  return isExistingVpcLink(declaration) ? declaration.id : ref(vpcLinkLogicalId(name));
}

/** One AWS::ApiGatewayV2::VpcLink per newly declared link; existing links emit nothing. */
export function buildVpcLinks(links: VpcLinks): Fragment[] {
  const fragments: Fragment[] = [];
  for (const [name, declaration] of Object.entries(links)) {
    if (isExistingVpcLink(declaration)) continue;
    const source = pathTo('vpcLinks', name);
    const resource: VpcLinkResource = {
      Type: 'AWS::ApiGatewayV2::VpcLink',
      Properties: {
        Name: declaration.name ?? name,
        SubnetIds: declaration.subnetIds,
        SecurityGroupIds: declaration.securityGroupIds,
      },
    };
    const warnings: Warning[] = [];
    if (Array.isArray(declaration.subnetIds) && declaration.subnetIds.length > MAX_SUBNETS_PER_VPC_LINK) {
      warnings.push({
        path: pathTo(source, 'subnetIds'),
        message:
          `${declaration.subnetIds.length} subnets: API Gateway allows ${MAX_SUBNETS_PER_VPC_LINK} per VPC link unless you have asked ` +
          'AWS to raise the quota; without that, creating the link fails',
      });
    }
    if (Array.isArray(declaration.securityGroupIds) && declaration.securityGroupIds.length === 0) {
      warnings.push({
        path: pathTo(source, 'securityGroupIds'),
        message:
          "empty: the link's network interfaces get the VPC's default security group, and API Gateway refuses the link " +
          'if its subnets are shared from another account ("For a shared subnet, at least one security-group-id should be provided"); ' +
          'list the security groups that may reach your load balancers or services',
      });
    }
    fragments.push({ source, resources: { [vpcLinkLogicalId(name)]: resource }, warnings });
  }
  return fragments;
}
