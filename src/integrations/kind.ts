/**
 * What an integration kind is: a codec for what users write, and a pure builder from that descriptor to the
 * integration's properties plus whatever else it needs (Lambda invoke grants, roles, VPC links).
 * One file per kind implements this; `http/index.ts` lists the kinds of HTTP APIs.
 */
import { IntegrationProperties } from 'cloudform-types/types/apiGatewayV2/integration';
import { IntegrationResponseProperties } from 'cloudform-types/types/apiGatewayV2/integrationResponse';
import { Codec, doc, nonEmptyString, taggedUnion } from '../spec/codec';
import { Fragment, Plain } from '../template/types';
import { Json, Value } from '../value';
import { Warning } from '../errors';
import { VpcLinks } from '../shared/vpcLink';

/** What a builder knows about the integration's place: its API, its spec path, the declared VPC links. */
export interface IntegrationContext {
  /** The API the integration belongs to (a Ref to our Api, or the id of an existing one). */
  readonly apiId: Value;
  /** Where the descriptor sits in the spec, for warnings and for the sources of fragments. */
  readonly path: string;
  /** The VPC links the spec declares (`vpcLinks:`), for private integrations to name; absent when it declares none. */
  readonly vpcLinks?: VpcLinks;
}

/** Every integration kind's `description` field. */
export const integrationDescription = doc(nonEmptyString, "the integration's Description");

/** An AWS::ApiGatewayV2::IntegrationResponse's properties, less the ones the route builder fills in. */
export type IntegrationResponseSettings = Omit<
  Plain<IntegrationResponseProperties>,
  'ApiId' | 'IntegrationId' | 'IntegrationResponseKey'
>;

/** What an integration builder yields: the Integration's properties, its responses, and what it needs besides. */
export interface IntegrationPlan {
  /** Readable words for the integration's logical ID (the digest of its properties makes it unique). */
  readonly name: string;
  /** The AWS::ApiGatewayV2::Integration properties, except ApiId, which the route builder adds. */
  readonly properties: Omit<Plain<IntegrationProperties>, 'ApiId'>;
  /** Lambda functions that API Gateway invokes for a route using this integration. */
  readonly invokes?: readonly Value[];
  /**
   * Functions it invokes whose owner grants the permission (`permission: false`, a function in another account):
   * no AWS::Lambda::Permission here, a notice with the statement to add instead.
   */
  readonly invokesGrantedByOwner?: readonly Value[];
  /**
   * Integration responses (WebSocket non-proxy integrations), by IntegrationResponseKey. They are part of what the
   * integration is, so they count in its identity.
   */
  readonly responses?: Readonly<Record<string, IntegrationResponseSettings>>;
  /** The Integration's Metadata (a cfn-lint exception for a value AWS documents and cfn-lint refuses). */
  readonly metadata?: Json;
  /** Other resources the integration needs (roles, VPC links), merged by the combinator. */
  readonly fragments?: readonly Fragment[];
  readonly warnings?: readonly Warning[];
}

/** `D` is the decoded descriptor, `W` what a user writes for it (`InputOf<typeof ItsCodec>`). */
export interface IntegrationKind<D extends { readonly type: string }, W = unknown> {
  readonly type: D['type'];
  readonly codec: Codec<D, W>;
  readonly build: (descriptor: D, context: IntegrationContext) => IntegrationPlan;
}

/** The descriptor type of any kind in a list of kinds. */
export type DescriptorOf<K> = { [T in keyof K]: K[T] extends IntegrationKind<infer D, any> ? D : never }[keyof K];

/** What a user writes for any kind in a list of kinds. */
export type WrittenOf<K> = { [T in keyof K]: K[T] extends IntegrationKind<any, infer W> ? W : never }[keyof K];

/**
 * A protocol's kinds as one codec (chosen by `type`) and one builder. `hints` answers types that belong to the
 * other protocol.
 */
export function integrationKinds<K extends Record<string, IntegrationKind<any, any>>>(
  kinds: K,
  hints: Readonly<Record<string, string>> = {},
): { codec: Codec<DescriptorOf<K>, WrittenOf<K>>; build: (descriptor: DescriptorOf<K>, context: IntegrationContext) => IntegrationPlan } {
  const codecs = Object.fromEntries(Object.entries(kinds).map(([type, kind]) => [type, kind.codec]));
  return {
    codec: taggedUnion('type', codecs, hints) as Codec<DescriptorOf<K>, WrittenOf<K>>,
    build: (descriptor, context) => (kinds[descriptor.type] as IntegrationKind<DescriptorOf<K>, unknown>).build(descriptor, context),
  };
}
