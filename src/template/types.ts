/**
 * The shapes of what we emit. Resource properties are typed by cloudform-types, so a misspelt property fails to
 * compile; its `Value<T>` (a class with private fields) is swapped for our plain long-form intrinsics, because
 * templates are kept as plain JSON data throughout (equality, hashing and serialization need no special cases).
 */
import { IntrinsicFunction } from 'cloudform-types/types/dataTypes';
import { ApiProperties } from 'cloudform-types/types/apiGatewayV2/api';
import { StageProperties } from 'cloudform-types/types/apiGatewayV2/stage';
import { IntegrationProperties } from 'cloudform-types/types/apiGatewayV2/integration';
import { RouteProperties } from 'cloudform-types/types/apiGatewayV2/route';
import { VpcLinkProperties } from 'cloudform-types/types/apiGatewayV2/vpcLink';
import { DeploymentProperties } from 'cloudform-types/types/apiGatewayV2/deployment';
import { RouteResponseProperties } from 'cloudform-types/types/apiGatewayV2/routeResponse';
import { IntegrationResponseProperties } from 'cloudform-types/types/apiGatewayV2/integrationResponse';
import { PermissionProperties } from 'cloudform-types/types/lambda/permission';
import { RoleProperties } from 'cloudform-types/types/iam/role';
import { AuthorizerProperties } from 'cloudform-types/types/apiGatewayV2/authorizer';
import { DomainNameConfiguration, DomainNameProperties } from 'cloudform-types/types/apiGatewayV2/domainName';
import { ApiMappingProperties } from 'cloudform-types/types/apiGatewayV2/apiMapping';
import { LogGroupProperties } from 'cloudform-types/types/logs/logGroup';
import { RecordSetProperties } from 'cloudform-types/types/route53/recordSet';
import { PolicyProperties } from 'cloudform-types/types/iam/policy';
import { AccountProperties } from 'cloudform-types/types/apiGateway/account';
import { UsagePlanProperties } from 'cloudform-types/types/apiGateway/usagePlan';
import { ApiKeyProperties } from 'cloudform-types/types/apiGateway/apiKey';
import { UsagePlanKeyProperties } from 'cloudform-types/types/apiGateway/usagePlanKey';
import { StackProperties } from 'cloudform-types/types/cloudFormation/stack';
import { BuildError, Warning } from '../errors';
import { Notice } from '../notices';
import { Intrinsic, Json } from '../value';

/** cloudform-types' property shape with its intrinsic class replaced by plain long-form intrinsics. */
export type Plain<T> = T extends IntrinsicFunction
  ? Intrinsic
  : T extends (infer U)[]
    ? Plain<U>[]
    : T extends string | number | boolean
      ? T
      : T extends object
        ? { [K in keyof T]: Plain<T[K]> }
        : T;

interface ResourceOf<TypeName extends string, Properties> {
  readonly Type: TypeName;
  readonly Properties: Plain<Properties>;
  readonly DependsOn?: string[];
  readonly Metadata?: Json;
}

/** IpAddressType (ipv4 or dualstack) is newer than cloudform-types; CloudFormation and cfn-lint know it. */
type IpAddressType = { IpAddressType?: 'ipv4' | 'dualstack' };

export type ApiResource = ResourceOf<'AWS::ApiGatewayV2::Api', ApiProperties & IpAddressType>;
export type StageResource = ResourceOf<'AWS::ApiGatewayV2::Stage', StageProperties>;
export type IntegrationResource = ResourceOf<'AWS::ApiGatewayV2::Integration', IntegrationProperties>;
export type RouteResource = ResourceOf<'AWS::ApiGatewayV2::Route', RouteProperties>;
export type VpcLinkResource = ResourceOf<'AWS::ApiGatewayV2::VpcLink', VpcLinkProperties>;
export type DeploymentResource = ResourceOf<'AWS::ApiGatewayV2::Deployment', DeploymentProperties>;
export type RouteResponseResource = ResourceOf<'AWS::ApiGatewayV2::RouteResponse', RouteResponseProperties>;
export type IntegrationResponseResource = ResourceOf<'AWS::ApiGatewayV2::IntegrationResponse', IntegrationResponseProperties>;
export type PermissionResource = ResourceOf<'AWS::Lambda::Permission', PermissionProperties>;
export type RoleResource = ResourceOf<'AWS::IAM::Role', RoleProperties>;
export type AuthorizerResource = ResourceOf<'AWS::ApiGatewayV2::Authorizer', AuthorizerProperties>;
export type DomainNameResource = ResourceOf<
  'AWS::ApiGatewayV2::DomainName',
  Omit<DomainNameProperties, 'DomainNameConfigurations'> & {
    DomainNameConfigurations?: Array<DomainNameConfiguration & IpAddressType>;
  }
>;
export type ApiMappingResource = ResourceOf<'AWS::ApiGatewayV2::ApiMapping', ApiMappingProperties>;
export type LogGroupResource = ResourceOf<'AWS::Logs::LogGroup', LogGroupProperties>;
export type RecordSetResource = ResourceOf<'AWS::Route53::RecordSet', RecordSetProperties>;
export type PolicyResource = ResourceOf<'AWS::IAM::Policy', PolicyProperties>;
export type AccountResource = ResourceOf<'AWS::ApiGateway::Account', AccountProperties>;
export type UsagePlanResource = ResourceOf<'AWS::ApiGateway::UsagePlan', UsagePlanProperties>;
export type ApiKeyResource = ResourceOf<'AWS::ApiGateway::ApiKey', ApiKeyProperties>;
export type UsagePlanKeyResource = ResourceOf<'AWS::ApiGateway::UsagePlanKey', UsagePlanKeyProperties>;
/** A nested stack (src/split/): routes and permissions that one template cannot hold. */
export type StackResource = ResourceOf<'AWS::CloudFormation::Stack', StackProperties>;

/** Every kind of resource a build emits, each typed by its CloudFormation properties. */
export type Resource =
  | ApiResource
  | StageResource
  | IntegrationResource
  | RouteResource
  | VpcLinkResource
  | DeploymentResource
  | RouteResponseResource
  | IntegrationResponseResource
  | PermissionResource
  | RoleResource
  | AuthorizerResource
  | DomainNameResource
  | ApiMappingResource
  | LogGroupResource
  | RecordSetResource
  | PolicyResource
  | AccountResource
  | UsagePlanResource
  | ApiKeyResource
  | UsagePlanKeyResource
  | StackResource;

export interface Parameter {
  readonly Type: string;
  readonly Description?: string;
  readonly Default?: string | number;
  readonly AllowedValues?: (string | number)[];
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
  readonly MinLength?: number;
  readonly MaxLength?: number;
  readonly MinValue?: number;
  readonly MaxValue?: number;
  readonly NoEcho?: boolean;
}

/**
 * A template rule: assertions CloudFormation checks before it creates or updates anything (for example that the
 * stack deploys in the Region its literal ARNs name), each failing with its AssertDescription.
 */
export interface Rule {
  readonly RuleCondition?: Json;
  readonly Assertions: ReadonlyArray<{ readonly Assert: Json; readonly AssertDescription?: string }>;
}

export interface Output {
  readonly Description?: string;
  readonly Value: Json;
  readonly Export?: { readonly Name: Json };
}

/**
 * A piece of a template, with the warnings its builder raised. `source` names what the fragment was built from
 * (a path in the spec), so the combinator can name both sides of a conflict.
 */
export interface Fragment {
  readonly source: string;
  readonly parameters?: Readonly<Record<string, Parameter>>;
  readonly rules?: Readonly<Record<string, Rule>>;
  readonly resources?: Readonly<Record<string, Resource>>;
  readonly outputs?: Readonly<Record<string, Output>>;
  readonly warnings?: readonly Warning[];
  /** What must happen outside the template (a permission another account grants), see notices.ts. */
  readonly notices?: readonly Notice[];
}

/** A complete template in CloudFormation's JSON form. Key order here is the order of the emitted text. */
export interface Template {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description?: string;
  readonly Parameters?: Readonly<Record<string, Parameter>>;
  readonly Rules?: Readonly<Record<string, Rule>>;
  readonly Resources: Readonly<Record<string, Resource>>;
  readonly Outputs?: Readonly<Record<string, Output>>;
}

/** What a build yields: the template and its warnings, or every error found. */
export interface Built {
  readonly template: Template;
  readonly warnings: readonly Warning[];
  readonly notices: readonly Notice[];
  /** Logical IDs the template refers to but does not define, which a host template must provide (fragments). */
  readonly expected?: readonly string[];
}

export type Problems = readonly BuildError[];
