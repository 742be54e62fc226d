/**
 * Custom domain names: a regional AWS::ApiGatewayV2::DomainName (or one that exists already, by name), API mappings
 * from base paths to this API's stages, and optional Route 53 alias records.
 *
 * ```yaml
 * domains:
 *   public:                                   # a declared name: gives the logical IDs (DomainPublic, ...)
 *     domainName: api.example.com             # a Value
 *     certificate: arn:aws:acm:us-east-1:123456789012:certificate/...   # ACM, in the API's own Region
 *     securityPolicy: TLS_1_2                 # TLS_1_2 (default) or TLS_1_0
 *     ipAddressType: dualstack                # ipv4 (AWS's default) or dualstack (then an AAAA record too)
 *     mutualTls:                              # optional: clients must present a certificate
 *       truststoreUri: s3://books-truststore/ca.pem
 *       truststoreVersion: "3"                # the S3 object version
 *       ownershipVerificationCertificate: arn:aws:acm:...   # for an imported or private CA certificate
 *     mappings:
 *       - { path: books/v1, stage: prod }     # base path (one or more levels; none: the root) -> a stage of this API
 *     route53: { hostedZoneName: example.com. }   # or hostedZoneId: Z123...; A (and AAAA) alias records
 *     tags: { ... }
 *   shared:
 *     existing: api.example.com               # a domain name defined elsewhere: only the mappings are emitted
 *     mappings: [{ path: books }]
 * ```
 * A mapping names its stage with `!Ref`, so CloudFormation creates it after the stage (a mapping to a stage that
 * does not exist yet fails: "Invalid stage identifier specified").
 */
import * as t from 'io-ts';
import { Codec, described, doc, extend, fail, found, list, object, oneOf, refine } from '../spec/codec';
import { declaredNames } from '../spec/declaredNames';
import { ACCOUNT, PARTITION, REGION, arnValue, stringValue } from '../spec/values';
import { ApiMappingResource, DomainNameResource, Fragment, Output, RecordSetResource, Resource } from '../template/types';
import { Warning, pathTo } from '../errors';
import { Value, getAtt, isPlainObject, ref } from '../value';
import { logicalId, singletonId } from '../shared/logicalId';
import { newOrExisting } from '../api/existingApi';
import { Tags, tagsProperty } from '../tags/tags';
import { IpAddressType } from '../api/apiName';
import { stageLogicalId } from '../stages/stageSpec';

const HOST = /^(?:\*\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]$/;

const domainNameValue = refine(stringValue, (v) =>
  typeof v !== 'string' || (HOST.test(v) && v.length <= 253)
    ? undefined
    : `expected a domain name such as api.example.com (or *.example.com), or an intrinsic, got ${found(v)}`,
);

const certificateArn = arnValue(
  'an ACM certificate',
  new RegExp(`^arn:${PARTITION}:acm:${REGION}:${ACCOUNT}:certificate/[A-Za-z0-9-]+$`),
  'arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab',
);

const truststoreUri = described(
  refine(stringValue, (v) =>
    typeof v !== 'string' || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/.test(v)
      ? undefined
      : `expected the truststore's S3 URI, s3://BUCKET/KEY, or an intrinsic, got ${found(v)}`,
  ),
  'the S3 URI of the truststore (s3://BUCKET/KEY, a PEM bundle of the CAs whose client certificates are accepted)',
);

const MutualTls = object(
  'mutual TLS configuration',
  { truststoreUri },
  { truststoreVersion: stringValue, ownershipVerificationCertificate: certificateArn },
);

/** A base path: one or more segments of letters, digits and $-_.+!*'(), joined by "/", at most 300 characters. */
const SEGMENT = /^[A-Za-z0-9$\-_.+!*'()]+$/;
export function basePathProblem(path: string): string | undefined {
  if (path.length > 300) return `expected a base path of at most 300 characters, got ${path.length}`;
  if (path.startsWith('/') || path.endsWith('/')) return `expected a base path without a leading or trailing "/" (books/v1), got ${JSON.stringify(path)}`;
  const bad = path.split('/').find((s) => !SEGMENT.test(s));
  return bad === undefined
    ? undefined
    : `expected segments of letters, digits and $-_.+!*'() joined by "/", got ${JSON.stringify(path)}${bad === '' ? ' (an empty segment)' : ''}`;
}

const Mapping = object(
  'API mapping',
  {},
  {
    path: refine(stringValue, (v) => (typeof v === 'string' ? basePathProblem(v) : 'expected the base path as text (it names the mapping\'s logical ID)')),
    stage: refine(stringValue, (v) => (typeof v === 'string' ? undefined : 'expected the name of a stage of this API')),
  },
);
export type Mapping = { readonly path?: string; readonly stage?: string };

const Route53Zone = object(
  'Route 53 hosted zone',
  {},
  {
    hostedZoneId: refine(stringValue, (v) =>
      typeof v !== 'string' || /^Z[A-Z0-9]{1,32}$/.test(v) ? undefined : `expected a hosted zone id such as Z0123456789ABCDEFGHIJ, or an intrinsic, got ${found(v)}`,
    ),
    hostedZoneName: refine(stringValue, (v) =>
      typeof v !== 'string' || /\.$/.test(v) ? undefined : `expected the zone's name with its final dot (${v}.), as CloudFormation requires, got ${found(v)}`,
    ),
  },
);
const Route53 = extend(Route53Zone, (u, c) => {
  const r = Route53Zone.validate(u, c);
  if (r._tag === 'Left') return r;
  const given = ['hostedZoneId', 'hostedZoneName'].filter((k) => (r.right as Record<string, unknown>)[k] !== undefined);
  return given.length === 1 ? r : fail(u, c, `expected hostedZoneId or hostedZoneName (one of them), got ${given.length === 0 ? 'neither' : 'both'}`);
});

const mappings = doc(list(Mapping as unknown as Codec<Mapping>, { min: 1 }), 'API mappings: {path (a base path; none: the root), stage (one of the API\'s stages)}');

const NewDomain = object(
  'domain',
  { domainName: domainNameValue, certificate: certificateArn, mappings },
  {
    securityPolicy: doc(oneOf(['TLS_1_2', 'TLS_1_0'] as const), 'TLS_1_2 (the default) or TLS_1_0'),
    ipAddressType: IpAddressType,
    mutualTls: doc(MutualTls, 'mutual TLS: truststoreUri (s3://...), truststoreVersion, ownershipVerificationCertificate'),
    route53: doc(Route53, 'alias records (A; AAAA too for dualstack) in the hosted zone: hostedZoneId or hostedZoneName (with its final dot)'),
    tags: doc(Tags, "the domain name's tags"),
  },
);
const ExistingDomain = object(
  'existing domain',
  { existing: domainNameValue, mappings },
  {},
  {
    certificate: 'the certificate of an existing domain is set where the domain is defined',
    route53: 'the DNS records of an existing domain belong where the domain is defined',
    mutualTls: 'mutual TLS of an existing domain is set where the domain is defined',
    securityPolicy: 'the security policy of an existing domain is set where the domain is defined',
    ipAddressType: 'the IP address type of an existing domain is set where the domain is defined',
    tags: 'the tags of an existing domain are set where the domain is defined',
  },
);
export type NewDomain = typeof NewDomain._A;
export type ExistingDomain = typeof ExistingDomain._A;
export type Domain = NewDomain | ExistingDomain;

export const isExistingDomain = (d: Domain): d is ExistingDomain => 'existing' in d;

/** One domain: `existing` (mapped by name) or a new one; mutual TLS only with TLS 1.2; no base path twice. */
const NewOrExistingDomain = newOrExisting(NewDomain, ExistingDomain, 'a custom domain: domainName and certificate (a new domain), or existing (the name of a domain defined elsewhere)');
const DomainDeclaration = extend(NewOrExistingDomain, (u, c) => {
  const r = NewOrExistingDomain.validate(u, c);
  if (r._tag === 'Left' || !isPlainObject(u)) return r;
  const errors: t.ValidationError[] = [];
  const d = r.right;
  if (!isExistingDomain(d) && d.mutualTls !== undefined && d.securityPolicy === 'TLS_1_0') {
    errors.push({
      value: u.securityPolicy,
      context: t.appendContext(c, 'securityPolicy', t.unknown, u.securityPolicy),
      message: 'mutual TLS needs TLS_1_2 (API Gateway refuses TLS_1_0 with a truststore)',
    });
  }
  const seen = new Map<string, number>();
  d.mappings.forEach((m, i) => {
    const key = m.path ?? '';
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const items = u.mappings as unknown[];
      errors.push({
        value: items[i],
        context: t.appendContext(t.appendContext(c, 'mappings', t.unknown, items), String(i), t.unknown, items[i]),
        message: `maps the base path ${key === '' ? '(none, the root)' : JSON.stringify(key)} again (mappings[${earlier}]); a domain maps each base path once`,
      });
    } else seen.set(key, i);
  });
  if (!isExistingDomain(d) && d.route53 !== undefined && typeof d.domainName === 'string' && typeof d.route53.hostedZoneName === 'string') {
    const zone = d.route53.hostedZoneName.replace(/\.$/, '').toLowerCase();
    const name = d.domainName.toLowerCase();
    if (name !== zone && !name.endsWith(`.${zone}`)) {
      errors.push({
        value: u.route53,
        context: t.appendContext(t.appendContext(c, 'route53', t.unknown, u.route53), 'hostedZoneName', t.unknown, d.route53.hostedZoneName),
        message: `${d.domainName} is not in the zone ${d.route53.hostedZoneName}; Route 53 would refuse the record ("RRSet with DNS name ${d.domainName}. is not permitted in zone ${d.route53.hostedZoneName}")`,
      });
    }
  }
  return errors.length > 0 ? t.failures(errors) : r;
});

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

export function domainLogicalId(name: string): string {
  return singletonId('Domain', name);
}

export const Domains = declaredNames(
  {
    describe: 'domain names (declared names such as public)',
    check: (name) => (NAME.test(name) ? undefined : `expected a name of letters, digits, "-" and "_", starting with a letter (at most 128), got ${JSON.stringify(name)}`),
  },
  DomainDeclaration,
  domainLogicalId,
  { min: 1 },
);

/** Why a mapping's stage is not one of the API's, or undefined when it is (the only stage when it names none). */
export function mappingStageProblem(stage: unknown, stages: readonly string[]): string | undefined {
  if (stage === undefined) {
    return stages.length === 1 ? undefined : `missing; the API has ${stages.length} stages (${stages.join(', ')}): name the one this path maps to`;
  }
  if (typeof stage !== 'string' || stages.includes(stage)) return undefined;
  return `no stage named ${JSON.stringify(stage)}; the API's stages: ${stages.join(', ')}`;
}

export interface DomainInput {
  readonly apiId: string;
  /** The API's stage names (the first is the default of a mapping that names none, when it is the only one). */
  readonly stages: readonly string[];
  readonly disableExecuteApiEndpoint?: boolean;
}

/** The domain names, their mappings and DNS records, and outputs of their targets. */
export function buildDomains(domains: Readonly<Record<string, Domain>>, input: DomainInput): Fragment[] {
  const fragments: Fragment[] = [];
  for (const [name, domain] of Object.entries(domains)) {
    const source = pathTo('domains', name);
    const id = domainLogicalId(name);
    const resources: Record<string, Resource> = {};
    const outputs: Record<string, Output> = {};
    const warnings: Warning[] = [];
    let domainNameRef: Value;
    if (isExistingDomain(domain)) {
      domainNameRef = domain.existing;
    } else {
      domainNameRef = ref(id);
      const resource: DomainNameResource = {
        Type: 'AWS::ApiGatewayV2::DomainName',
        Properties: {
          DomainName: domain.domainName,
          DomainNameConfigurations: [
            {
              CertificateArn: domain.certificate,
              EndpointType: 'REGIONAL',
              SecurityPolicy: domain.securityPolicy ?? 'TLS_1_2',
              ...(domain.ipAddressType !== undefined && { IpAddressType: domain.ipAddressType }),
              ...(domain.mutualTls?.ownershipVerificationCertificate !== undefined && {
                OwnershipVerificationCertificateArn: domain.mutualTls.ownershipVerificationCertificate,
              }),
            },
          ],
          ...(domain.mutualTls !== undefined && {
            MutualTlsAuthentication: {
              TruststoreUri: domain.mutualTls.truststoreUri,
              ...(domain.mutualTls.truststoreVersion !== undefined && { TruststoreVersion: domain.mutualTls.truststoreVersion }),
            },
          }),
          ...(domain.tags !== undefined && { Tags: tagsProperty('AWS::ApiGatewayV2::DomainName', domain.tags) as never }),
        } as DomainNameResource['Properties'],
      };
      resources[id] = resource;
      if (domain.route53 !== undefined) {
        const types = domain.ipAddressType === 'dualstack' ? ['A', 'AAAA'] : ['A'];
        for (const type of types) {
          const record: RecordSetResource = {
            Type: 'AWS::Route53::RecordSet',
            Properties: {
              ...(domain.route53.hostedZoneId !== undefined ? { HostedZoneId: domain.route53.hostedZoneId } : { HostedZoneName: domain.route53.hostedZoneName }),
              Name: ref(id),
              Type: type,
              AliasTarget: {
                DNSName: getAtt(id, 'RegionalDomainName'),
                HostedZoneId: getAtt(id, 'RegionalHostedZoneId'),
                EvaluateTargetHealth: false,
              },
            } as RecordSetResource['Properties'],
          };
          resources[`${id}Record${type}`] = record;
        }
      }
      outputs[`${id}Target`] = {
        Description: `Target of the custom domain ${typeof domain.domainName === 'string' ? domain.domainName : name}: point a CNAME or an alias record at it`,
        Value: getAtt(id, 'RegionalDomainName'),
      };
      outputs[`${id}HostedZoneId`] = {
        Description: `Hosted zone id of the custom domain ${typeof domain.domainName === 'string' ? domain.domainName : name}'s target, for alias records`,
        Value: getAtt(id, 'RegionalHostedZoneId'),
      };
      if (domain.mutualTls !== undefined && input.disableExecuteApiEndpoint !== true) {
        warnings.push({
          path: pathTo(source, 'mutualTls'),
          message:
            "clients can still reach the API without a certificate through its default execute-api endpoint: set api.disableExecuteApiEndpoint: true so that mutual TLS is the only way in",
        });
      }
    }
    for (const mapping of domain.mappings) {
      const stage = mapping.stage ?? input.stages[0];
      const resource: ApiMappingResource = {
        Type: 'AWS::ApiGatewayV2::ApiMapping',
        Properties: {
          ApiId: ref(input.apiId),
          DomainName: domainNameRef,
          // A Ref, not the name: the mapping then waits for the stage.
          Stage: ref(stageLogicalId(input.apiId, stage)),
          ...(mapping.path !== undefined && { ApiMappingKey: mapping.path }),
        },
      };
      resources[logicalId(`${id}Mapping`, mapping.path ?? 'Root', mapping.path ?? '')] = resource;
    }
    fragments.push({ source, resources, outputs, warnings });
  }
  return fragments;
}
