/**
 * Property-based tests: generated specs (test/helpers/arbitraries.ts, test/helpers/webSocketArbitraries.ts) instead
 * of hand-picked ones, for HTTP APIs (every integration kind, VPC links, authorizers) and WebSocket APIs.
 *
 * 1. Every valid spec builds, from the object and from its YAML/JSON text alike, into a sound template: exactly the
 *    resources the models predict (integrations, routes, roles, VPC links, authorizers, permissions, route and
 *    integration responses, the Deployment), with the warnings they predict.
 * 2. Adding or removing one route changes no other resource, save the permissions of a function that crosses the
 *    collapse threshold, exactly as the permission model says (and, on a WebSocket stage that does not deploy
 *    itself, the Deployment, which must change).
 * 3. A WebSocket Deployment's logical ID changes exactly when the route side changes.
 * 4. Every spec made invalid by one mutation fails, with an error at the mutated path.
 * 5. A batch of generated templates of every kind passes cfn-lint (one run).
 *
 * No fixed seed: every run explores new specs. On a failure fast-check prints the seed and path; replay them with
 * PROPERTY_SEED=<seed> PROPERTY_PATH=<path> and PROPERTY_TEST=<regex of the test name> (PROPERTY_RUNS=<n> overrides
 * the number of runs of every property).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSpec, buildSpecText } from '../src/build';
import { SpecInput } from '../src/spec/spec';
import { BuildError, Warning } from '../src/errors';
import { Format } from '../src/output/render';
import { MAX_STATEMENTS_PER_FUNCTION } from '../src/shared/lambdaPermission';
import { collectReferences } from '../src/template/references';
import { estimateResources } from '../src/template/estimate';
import { parseYaml } from '../src/yaml/cfnYaml';
import {
  AWS_SUBTYPE_NAMES,
  GENERATED_ROLE,
  GeneratedSpec,
  HTTP_KINDS,
  INTEGRATION_KINDS,
  IntegrationGenerator,
  IntegrationModel,
  Json,
  JsonObject,
  Mutation,
  RoutePair,
  SpecForm,
  canonical,
  executeApiArn,
  expectedAuthorization,
  expectedAuthorizerPermissions,
  expectedAuthorizers,
  expectedVpcLinkWarnings,
  expectedRuleRegion,
  expectedVpcLinks,
  integrationGenerator,
  invalidSpec,
  pascalWords,
  resourcePathOf,
  routePair,
  specPath,
  thresholdPair,
  usedStageVariables,
  specText,
  subLiteral,
  validSpec,
} from './helpers/arbitraries';
import {
  WEBSOCKET_INTEGRATION_KINDS,
  WEBSOCKET_KINDS,
  deploymentVariant,
  invalidWebSocketSpec,
  isProxy,
  validWebSocketSpec,
  webSocketRoutePair,
} from './helpers/webSocketArbitraries';
import { checkEnums } from './helpers/enums';
import {
  apiLogicalIdOf,
  checkFormat,
  expectedOutputIds,
  exportNameOf,
  productionWarnings,
  routeSettings,
  stagesOf,
  tagged,
} from './helpers/production';
import { cfnLint } from './helpers/cfnLint';

// ---------------------------------------------------------------------------------------------------------------
// Running properties

function params(numRuns: number): fc.Parameters<unknown> {
  const env = process.env;
  return {
    numRuns: env.PROPERTY_RUNS ? Number(env.PROPERTY_RUNS) : numRuns,
    // uvu prints the message only: put the failed assertion in it, beside the seed and the counterexample.
    includeErrorInReport: true,
    ...(env.PROPERTY_SEED && { seed: Number(env.PROPERTY_SEED) }),
    ...(env.PROPERTY_PATH && { path: env.PROPERTY_PATH }),
  };
}

/** PROPERTY_TEST=<regex> runs only the tests whose names match it (the others are not registered). */
function property(name: string, fn: () => void): void {
  const only = process.env.PROPERTY_TEST;
  if (only === undefined || new RegExp(only, 'i').test(name)) test(name, fn);
}

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object') {
    Object.values(x).forEach(deepFreeze);
    Object.freeze(x);
  }
  return x;
}

interface Resource {
  Type: string;
  Properties: Record<string, Json>;
  DependsOn?: string[];
}

interface Template {
  Parameters?: Record<string, unknown>;
  Rules?: Record<string, { Assertions: Array<{ Assert: Json; AssertDescription?: string }> }>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: Json }>;
}

interface Build {
  readonly text: string;
  readonly warnings: readonly Warning[];
}

type Protocol = 'http' | 'websocket';

const KINDS: Record<Protocol, Readonly<Record<string, IntegrationGenerator>>> = { http: INTEGRATION_KINDS, websocket: WEBSOCKET_INTEGRATION_KINDS };

function protocolOf(spec: JsonObject): Protocol {
  return (spec.api as JsonObject).protocol === 'websocket' ? 'websocket' : 'http';
}

/**
 * Equal data, keys in the same order. Not uvu's assert.equal: its dequal compares `constructor` properties first,
 * so two equal objects with a key named "constructor" (a parameter may be named so) compare unequal.
 */
function sameJson(actual: unknown, expected: unknown, message: string): void {
  assert.is(JSON.stringify(actual, null, 1), JSON.stringify(expected, null, 1), message);
}

function sameCanonical(actual: unknown, expected: unknown, message: string): void {
  assert.is(canonical(actual), canonical(expected), message);
}

function show(problems: readonly (BuildError | Warning)[]): string {
  return problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
}

/** Builds a spec object; the input is frozen, so a builder that mutates it throws. */
function build(spec: JsonObject, format: Format): Build {
  const r = buildSpec(deepFreeze(structuredClone(spec)) as unknown as SpecInput, format);
  if (r._tag === 'Left') throw new Error(`a valid spec failed to build:\n${show(r.left)}\nspec: ${JSON.stringify(spec)}`);
  return r.right;
}

function templateOf(spec: JsonObject): Template {
  return JSON.parse(build(spec, 'json').text) as Template;
}

// ---------------------------------------------------------------------------------------------------------------
// Models of what a spec must yield, written apart from src/ (the integration kinds carry their own models)

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

function routesOf(spec: JsonObject): Array<[string, JsonObject]> {
  return Object.entries(spec.routes as Record<string, JsonObject>);
}

function modelOf(spec: JsonObject, route: JsonObject): IntegrationModel {
  const d = route.integration as JsonObject;
  return integrationGenerator(d, KINDS[protocolOf(spec)]).model(d, spec);
}

/** The execute-api resource a route's permission names: `GET/books/*` (HTTP), the route key (WebSocket). */
function grantResource(protocol: Protocol, key: string): string {
  return protocol === 'http' ? resourcePathOf(key) : key;
}

/** Per function (by canonical text): the function, its distinct execute-api resources, and its first route. */
function grantsOf(spec: JsonObject): Map<string, { fn: Json; resources: Set<string>; firstRoute: string }> {
  const out = new Map<string, { fn: Json; resources: Set<string>; firstRoute: string }>();
  for (const [key, route] of routesOf(spec)) {
    for (const fn of modelOf(spec, route).invokes) {
      const entry = out.get(canonical(fn)) ?? { fn, resources: new Set<string>(), firstRoute: key };
      entry.resources.add(grantResource(protocolOf(spec), key));
      out.set(canonical(fn), entry);
    }
  }
  return out;
}

function collapses(spec: JsonObject, resources: number): boolean {
  const scope = ((spec.api as JsonObject).permissionScope as string | undefined) ?? 'auto';
  return scope === 'api' || (scope === 'auto' && resources > MAX_STATEMENTS_PER_FUNCTION);
}

/** The permission resources' properties a spec must yield (canonical text each, sorted): routes' and authorizers'. */
function expectedPermissions(spec: JsonObject, apiId: string): string[] {
  const out: string[] = [];
  for (const { fn, resources } of grantsOf(spec).values()) {
    const targets = collapses(spec, resources.size) ? ['*'] : [...resources].map((r) => `*/${subLiteral(r)}`);
    for (const target of targets) {
      out.push(
        canonical({
          Action: 'lambda:InvokeFunction',
          FunctionName: fn,
          Principal: 'apigateway.amazonaws.com',
          SourceArn: executeApiArn(apiId, target),
        }),
      );
    }
  }
  out.push(...expectedAuthorizerPermissions(spec.authorizers as JsonObject | undefined, apiId).map(canonical));
  return out.sort();
}

/** The generated roles a spec must yield: one per distinct grant (canonical text each, sorted). */
function expectedRoles(spec: JsonObject): string[] {
  const roles = new Set<string>();
  for (const [, route] of routesOf(spec)) {
    const role = modelOf(spec, route).role;
    if (role !== undefined) roles.add(canonical(tagged('AWS::IAM::Role', role, spec)));
  }
  if ((spec.api as JsonObject).cloudWatchRole === true) {
    roles.add(
      canonical(
        tagged(
          'AWS::IAM::Role',
          {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            },
            ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs' }],
          },
          spec,
        ),
      ),
    );
  }
  return [...roles].sort();
}

/**
 * The warnings a spec must raise, by path: collapses, VPC links, integrations, two-way routes without responses,
 * WebSocket API keys without usage plans and stages without autoDeploy (removed routes stay deployed).
 */
function expectedWarnings(spec: JsonObject): string[] {
  const out: string[] = [];
  const stage = (spec.api as JsonObject).stage as JsonObject | undefined;
  if (protocolOf(spec) === 'websocket' && stage?.autoDeploy === false) out.push('api.stage.autoDeploy');
  const scope = ((spec.api as JsonObject).permissionScope as string | undefined) ?? 'auto';
  if (scope === 'auto') {
    for (const g of grantsOf(spec).values()) if (g.resources.size > MAX_STATEMENTS_PER_FUNCTION) out.push(specPath(['routes', g.firstRoute]));
  }
  out.push(...expectedVpcLinkWarnings(spec), ...corsWarnings(spec));
  out.push(...productionWarnings(spec, protocolOf(spec), specPath));
  // A declared stage variable that no route or authorizer uses.
  const used = new Set(usedStageVariables(spec));
  for (const { settings, path } of stagesOf(spec)) {
    for (const name of Object.keys((settings.variables as JsonObject | undefined) ?? {})) if (!used.has(name)) out.push(specPath([...path, 'variables', name]));
  }
  for (const [key, route] of routesOf(spec)) {
    const model = modelOf(spec, route);
    out.push(...model.warnings.map((w) => specPath(['routes', key, 'integration', ...w])));
    if (protocolOf(spec) === 'websocket' && route.returnResponse === true && !isProxy(model) && model.responses === undefined) {
      out.push(specPath(['routes', key, 'returnResponse']));
    }
    if (protocolOf(spec) === 'websocket' && route.apiKeyRequired === true && spec.usagePlans === undefined) {
      out.push(specPath(['routes', key, 'apiKeyRequired']));
    }
  }
  return out.sort();
}

/**
 * The authorization a route gets: its own, else the api's default (on WebSocket APIs, for $connect only; on HTTP
 * APIs, an OPTIONS route takes none: written as none when there is a default).
 */
function authorizationOf(spec: JsonObject, key: string, route: JsonObject): Json | undefined {
  const apiDefault = (spec.api as JsonObject).authorization;
  if (protocolOf(spec) === 'websocket' && key !== '$connect') return route.authorization;
  if (key.startsWith('OPTIONS ')) return route.authorization ?? (apiDefault === undefined ? undefined : 'none');
  return route.authorization ?? apiDefault;
}

const authorizes = (a: Json | undefined) => a !== undefined && a !== 'none' && !(typeof a === 'object' && (a as JsonObject)?.authorizer === 'none');

/**
 * CORS warnings (README: CORS): an authorized ANY or $default route with no OPTIONS route in front of it (same path;
 * for $default, a greedy path of one segment), and allowHeaders "*" without Authorization while an authorizer reads it.
 */
function corsWarnings(spec: JsonObject): string[] {
  const cors = (spec.api as JsonObject).cors as JsonObject | undefined;
  if (protocolOf(spec) === 'websocket' || cors === undefined) return [];
  const shape = (path: string) => path.replace(/\{[^}]*\+\}/g, '{+}').replace(/\{[^}+]*\}/g, '{}');
  const options = routesOf(spec)
    .map(([k]) => k)
    .filter((k) => k.startsWith('OPTIONS '))
    .map((k) => shape(k.slice('OPTIONS '.length)));
  const out: string[] = [];
  for (const [key, route] of routesOf(spec)) {
    if (!(key === '$default' || key.startsWith('ANY ')) || !authorizes(authorizationOf(spec, key, route))) continue;
    const covered = key === '$default' ? options.includes('/{+}') : options.includes(shape(key.slice('ANY '.length)));
    if (!covered) out.push(specPath(['routes', key]));
  }
  const readsAuthorization = Object.values((spec.authorizers as Record<string, JsonObject> | undefined) ?? {}).some((d) =>
    ((d.type === 'jwt' ? [d.identitySource ?? '$request.header.Authorization'] : ((d.identitySources as string[] | undefined) ?? [])) as string[]).some(
      (source) => source.toLowerCase() === '$request.header.authorization',
    ),
  );
  const headers = ((cors.allowHeaders as string[] | undefined) ?? []).map((h) => h.toLowerCase());
  if (readsAuthorization && headers.includes('*') && !headers.includes('authorization')) out.push('api.cors.allowHeaders');
  return out;
}

function apiIdOf(spec: JsonObject): string {
  return apiLogicalIdOf(spec.api as JsonObject);
}

function expectedApi(spec: JsonObject): JsonObject {
  const api = spec.api as JsonObject;
  const common = {
    Name: api.name,
    ...(api.description !== undefined && { Description: api.description }),
    ...(api.disableExecuteApiEndpoint !== undefined && { DisableExecuteApiEndpoint: api.disableExecuteApiEndpoint }),
    ...(api.ipAddressType !== undefined && { IpAddressType: api.ipAddressType }),
  };
  if (protocolOf(spec) === 'websocket') {
    return {
      ...common,
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: api.routeSelectionExpression ?? '$request.body.action',
      ...(api.apiKeySelectionExpression !== undefined && { ApiKeySelectionExpression: api.apiKeySelectionExpression }),
    };
  }
  const cors = api.cors as JsonObject | undefined;
  const corsKeys: Array<[string, string]> = [
    ['allowOrigins', 'AllowOrigins'],
    ['allowMethods', 'AllowMethods'],
    ['allowHeaders', 'AllowHeaders'],
    ['exposeHeaders', 'ExposeHeaders'],
    ['allowCredentials', 'AllowCredentials'],
    ['maxAge', 'MaxAge'],
  ];
  return {
    ...common,
    ProtocolType: 'HTTP',
    ...(cors !== undefined && {
      CorsConfiguration: Object.fromEntries(corsKeys.filter(([k]) => cors[k] !== undefined).map(([k, p]) => [p, cors[k]])),
    }),
  };
}

function idsOfType(t: Template, type: string): string[] {
  return Object.keys(t.Resources).filter((id) => t.Resources[id].Type === type);
}

function contentsOf(t: Template, ids: readonly string[]): string[] {
  return ids.map((id) => canonical(t.Resources[id].Properties)).sort();
}

/** The integration a route's Target points at: `{"Fn::Join": ["", ["integrations/", {"Ref": X}]]}`. */
function targetOf(route: Resource): string {
  const join = (route.Properties.Target as JsonObject)['Fn::Join'] as [string, [string, { Ref: string }]];
  assert.is(join[0], '');
  assert.is(join[1][0], 'integrations/');
  return join[1][1].Ref;
}

const ROUTE_SIDE = [
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::RouteResponse',
  'AWS::ApiGatewayV2::IntegrationResponse',
  'AWS::ApiGatewayV2::Authorizer',
];

/** The stages: one per stage of the spec, with exactly its settings, access log group and dependencies. */
function checkStages(spec: JsonObject, t: Template, apiId: string): { stages: string[]; deployments: string[]; logGroups: string[] } {
  const protocol = protocolOf(spec);
  const api = spec.api as JsonObject;
  const apiRef = { Ref: apiId };
  const stages = idsOfType(t, 'AWS::ApiGatewayV2::Stage');
  const expected = stagesOf(spec);
  assert.equal(stages.map((id) => t.Resources[id].Properties.StageName).sort(), expected.map((s) => s.name).sort(), 'one Stage per stage');
  const deployments = idsOfType(t, 'AWS::ApiGatewayV2::Deployment');
  const logGroups: string[] = [];
  const throttled = routesOf(spec).filter(([, r]) => r.throttle !== undefined);
  const routeIdOf = (key: string) => idsOfType(t, 'AWS::ApiGatewayV2::Route').find((id) => t.Resources[id].Properties.RouteKey === key)!;
  for (const s of expected) {
    const id = stages.find((x) => t.Resources[x].Properties.StageName === s.name)!;
    const stage = t.Resources[id];
    const settings = s.settings;
    const autoDeploy = protocol === 'http' || settings.autoDeploy !== false;
    // Without routes, a stage that does not deploy itself has no Deployment (API Gateway refuses one).
    const deployed = !autoDeploy && routesOf(spec).length > 0;
    assert.is(deployments.length, deployed ? 1 : 0, 'a Deployment exactly when the stage does not deploy itself and there are routes');
    const { AccessLogSettings, ...properties } = stage.Properties;
    const defaults = routeSettings(settings);
    sameCanonical(
      properties,
      tagged(
        'AWS::ApiGatewayV2::Stage',
        {
          ApiId: apiRef,
          StageName: s.name,
          ...(settings.description !== undefined && { Description: settings.description }),
          ...(autoDeploy ? { AutoDeploy: true } : deployed && { DeploymentId: { Ref: deployments[0] } }),
          ...(settings.variables !== undefined && { StageVariables: settings.variables }),
          ...(Object.keys(defaults).length > 0 && { DefaultRouteSettings: defaults }),
          ...(throttled.length > 0 && {
            RouteSettings: Object.fromEntries(throttled.map(([key, r]) => [key, routeSettings(settings, r.throttle as JsonObject)])),
          }),
        },
        spec,
        settings.tags,
      ),
      `stage ${s.name}: properties`,
    );
    assert.equal(
      [...(stage.DependsOn ?? [])].sort(),
      [...(api.cloudWatchRole === true ? ['ApiGatewayAccount'] : []), ...throttled.map(([key]) => routeIdOf(key))].sort(),
      `stage ${s.name}: depends on the account setting and on the routes its settings name`,
    );
    const logs = settings.accessLogs as JsonObject | undefined;
    if (logs === undefined) {
      assert.is(AccessLogSettings, undefined, `stage ${s.name}: no access logs`);
      continue;
    }
    const access = AccessLogSettings as JsonObject;
    const problem = checkFormat(access.Format as string, logs.format, protocol);
    assert.is(problem, undefined, `stage ${s.name}: access log format (${problem})`);
    if (logs.logGroupArn !== undefined) {
      sameCanonical(access.DestinationArn, logs.logGroupArn, `stage ${s.name}: the existing log group`);
      continue;
    }
    const [group, attribute] = (access.DestinationArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    assert.is(attribute, 'Arn');
    assert.is(t.Resources[group]?.Type, 'AWS::Logs::LogGroup', `stage ${s.name}: logs to a new group`);
    sameCanonical(
      t.Resources[group].Properties,
      tagged(
        'AWS::Logs::LogGroup',
        { RetentionInDays: logs.retentionDays, ...(logs.kmsKey !== undefined && { KmsKeyId: logs.kmsKey }) },
        spec,
        settings.tags,
      ),
      `stage ${s.name}: its log group`,
    );
    logGroups.push(group);
  }
  assert.equal(idsOfType(t, 'AWS::Logs::LogGroup').sort(), logGroups.sort(), 'a log group per stage that logs to a new one');
  return { stages, deployments, logGroups };
}

/** Domains, mappings, records, the account setting, callback policies, usage plans and keys: exactly the spec's. */
function checkProductionResources(spec: JsonObject, t: Template, apiId: string): string[][] {
  const apiRef = { Ref: apiId };
  const api = spec.api as JsonObject;
  const stageIdOf = (name: string) => idsOfType(t, 'AWS::ApiGatewayV2::Stage').find((id) => t.Resources[id].Properties.StageName === name)!;
  const names = stagesOf(spec).map((s) => s.name);
  const expectIds = (type: string, ids: string[]) => {
    assert.equal(idsOfType(t, type).sort(), [...ids].sort(), type);
    return ids;
  };

  const account = expectIds('AWS::ApiGateway::Account', api.cloudWatchRole === true ? ['ApiGatewayAccount'] : []);
  if (account.length > 0) {
    sameCanonical(t.Resources.ApiGatewayAccount.Properties, { CloudWatchRoleArn: { 'Fn::GetAtt': ['ApiGatewayAccountCloudWatchRole', 'Arn'] } }, 'the account setting');
  }

  const domainIds: string[] = [];
  const recordIds: string[] = [];
  const mappings: string[] = [];
  for (const [name, raw] of Object.entries((spec.domains as JsonObject | undefined) ?? {})) {
    const d = raw as JsonObject;
    const id = `Domain${pascalWords(name)}`;
    for (const m of d.mappings as JsonObject[]) {
      mappings.push(
        canonical({
          ApiId: apiRef,
          DomainName: d.existing ?? { Ref: id },
          Stage: { Ref: stageIdOf((m.stage as string | undefined) ?? names[0]) },
          ...(m.path !== undefined && { ApiMappingKey: m.path }),
        }),
      );
    }
    if (d.existing !== undefined) continue;
    domainIds.push(id);
    const mtls = d.mutualTls as JsonObject | undefined;
    sameCanonical(
      t.Resources[id]?.Properties,
      tagged(
        'AWS::ApiGatewayV2::DomainName',
        {
          DomainName: d.domainName,
          DomainNameConfigurations: [
            {
              CertificateArn: d.certificate,
              EndpointType: 'REGIONAL',
              SecurityPolicy: d.securityPolicy ?? 'TLS_1_2',
              ...(d.ipAddressType !== undefined && { IpAddressType: d.ipAddressType }),
              ...(mtls?.ownershipVerificationCertificate !== undefined && { OwnershipVerificationCertificateArn: mtls.ownershipVerificationCertificate }),
            },
          ],
          ...(mtls !== undefined && {
            MutualTlsAuthentication: { TruststoreUri: mtls.truststoreUri, ...(mtls.truststoreVersion !== undefined && { TruststoreVersion: mtls.truststoreVersion }) },
          }),
        },
        spec,
        d.tags,
      ),
      `${id} properties`,
    );
    if (d.route53 !== undefined) {
      for (const type of d.ipAddressType === 'dualstack' ? ['A', 'AAAA'] : ['A']) {
        recordIds.push(`${id}Record${type}`);
        sameCanonical(
          t.Resources[`${id}Record${type}`]?.Properties,
          {
            ...Object.fromEntries(Object.entries(d.route53 as JsonObject).map(([k, v]) => [k === 'hostedZoneId' ? 'HostedZoneId' : 'HostedZoneName', v])),
            Name: { Ref: id },
            Type: type,
            AliasTarget: { DNSName: { 'Fn::GetAtt': [id, 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [id, 'RegionalHostedZoneId'] }, EvaluateTargetHealth: false },
          },
          `${id}Record${type}`,
        );
      }
    }
  }
  expectIds('AWS::ApiGatewayV2::DomainName', domainIds);
  expectIds('AWS::Route53::RecordSet', recordIds);
  const mappingIds = idsOfType(t, 'AWS::ApiGatewayV2::ApiMapping');
  assert.equal(contentsOf(t, mappingIds), mappings.sort(), 'API mappings');

  // Callback grants: ManageConnections on this API's stage, one resource per method, to the role by name.
  const stage = names[0];
  // Inline policy names are unique per role and at most 128 characters: a long stage name is cut (with a digest).
  const policyName = (name: Json) => {
    const text = (name as { 'Fn::Sub': string })['Fn::Sub'];
    assert.ok(text.startsWith(`\${${apiId}}-`) && text.endsWith('-manage-connections'), `policy name ${text}`);
    assert.ok(text.length - `\${${apiId}}`.length + 10 <= 128, `policy name ${text} fits in 128 characters`);
    return stage.length <= 90 ? name : null;
  };
  const policies = ((spec.callbacks as JsonObject[] | undefined) ?? []).map((grant) =>
    canonical({
      PolicyName: stage.length <= 90 ? { 'Fn::Sub': `\${${apiId}}-${stage}-manage-connections` } : null,
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'execute-api:ManageConnections',
            Resource: ['POST', 'GET', 'DELETE']
              .filter((m) => ((grant.allow as string[] | undefined) ?? ['POST']).includes(m))
              .map((m) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}}/${stage}/${m}/@connections/*` })),
          },
        ],
      },
      Roles: [grant.role],
    }),
  );
  const policyIds = idsOfType(t, 'AWS::IAM::Policy');
  assert.equal(
    policyIds.map((id) => canonical({ ...t.Resources[id].Properties, PolicyName: policyName(t.Resources[id].Properties.PolicyName) })).sort(),
    policies.sort(),
    'callback policies',
  );

  const planIds: string[] = [];
  const keyIds: string[] = [];
  const bindings: string[] = [];
  for (const [name, raw] of Object.entries((spec.usagePlans as JsonObject | undefined) ?? {})) {
    const plan = raw as JsonObject;
    const id = `UsagePlan${pascalWords(name)}`;
    planIds.push(id);
    const th = plan.throttle as JsonObject | undefined;
    const quota = plan.quota as JsonObject | undefined;
    sameCanonical(
      t.Resources[id]?.Properties,
      tagged(
        'AWS::ApiGateway::UsagePlan',
        {
          ...(plan.name !== undefined && { UsagePlanName: plan.name }),
          ...(plan.description !== undefined && { Description: plan.description }),
          ApiStages: [{ ApiId: apiRef, Stage: { Ref: stageIdOf(stage) } }],
          ...(th !== undefined && { Throttle: { ...(th.burstLimit !== undefined && { BurstLimit: th.burstLimit }), ...(th.rateLimit !== undefined && { RateLimit: th.rateLimit }) } }),
          ...(quota !== undefined && { Quota: { Limit: quota.limit, Period: quota.period, ...(quota.offset !== undefined && { Offset: quota.offset }) } }),
        },
        spec,
        plan.tags,
      ),
      `${id} properties`,
    );
    for (const [key, k] of Object.entries((plan.apiKeys as JsonObject | undefined) ?? {})) {
      const declared = k as JsonObject;
      const keyId = `ApiKey${pascalWords(key)}`;
      if (declared.id === undefined) {
        keyIds.push(keyId);
        sameCanonical(
          t.Resources[keyId]?.Properties,
          tagged('AWS::ApiGateway::ApiKey', { Enabled: true, ...(declared.description !== undefined && { Description: declared.description }) }, spec, plan.tags),
          `${keyId} properties`,
        );
      }
      bindings.push(canonical({ KeyId: declared.id ?? { Ref: keyId }, KeyType: 'API_KEY', UsagePlanId: { Ref: id } }));
    }
  }
  expectIds('AWS::ApiGateway::UsagePlan', planIds);
  expectIds('AWS::ApiGateway::ApiKey', keyIds);
  const bindingIds = idsOfType(t, 'AWS::ApiGateway::UsagePlanKey');
  assert.equal(contentsOf(t, bindingIds), bindings.sort(), 'usage plan keys');
  return [account, domainIds, recordIds, mappingIds, policyIds, planIds, keyIds, bindingIds];
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Valid specs build into sound templates

function checkTemplate(spec: JsonObject, t: Template, warnings: readonly Warning[], bytes: number): void {
  const protocol = protocolOf(spec);
  assert.equal(checkEnums(t as never), [], 'enum check');

  // Logical IDs: alphanumeric, at most 255, one namespace for parameters and resources.
  const ids = [...Object.keys(t.Parameters ?? {}), ...Object.keys(t.Resources), ...Object.keys(t.Outputs ?? {})];
  for (const id of ids) assert.ok(LOGICAL_ID.test(id), `logical ID ${id} (${id.length} characters) is not 1 to 255 letters and digits`);
  for (const id of Object.keys(t.Parameters ?? {})) assert.not.ok(Object.hasOwn(t.Resources, id), `parameter ${id} is also a resource`);
  assert.ok(Object.keys(t.Resources).length <= 500, 'at most 500 resources');

  // Every reference resolves (own keys only: a reference to `toString` must not resolve to Object.prototype's).
  const known = (name: string) => Object.hasOwn(t.Resources, name) || Object.hasOwn(t.Parameters ?? {}, name) || PSEUDO_PARAMETERS.has(name);
  for (const [section, entries] of [
    ['Resources', t.Resources],
    ['Outputs', t.Outputs ?? {}],
  ] as const) {
    for (const [id, entry] of Object.entries(entries)) {
      for (const r of collectReferences(entry)) assert.ok(known(r.target), `${section}.${id}: ${r.via} does not resolve`);
      for (const d of (entry as Resource).DependsOn ?? [])
        assert.ok(Object.hasOwn(t.Resources, d), `${section}.${id}: DependsOn ${d} does not resolve`);
    }
  }

  // The API, its stage and outputs.
  const apiId = apiIdOf(spec);
  assert.equal(idsOfType(t, 'AWS::ApiGatewayV2::Api'), [apiId], 'one Api, Api<Name>');
  sameCanonical(t.Resources[apiId].Properties, tagged('AWS::ApiGatewayV2::Api', expectedApi(spec), spec, (spec.api as JsonObject).tags), 'Api properties');
  const apiRef = { Ref: apiId };
  const { stages, deployments, logGroups } = checkStages(spec, t, apiId);
  const outputIds = expectedOutputIds(spec, protocol);
  assert.equal(Object.keys(t.Outputs ?? {}).sort(), outputIds, 'outputs');
  for (const id of outputIds) {
    const exported = t.Outputs![id] as { Export?: { Name: Json } };
    const prefix = spec.exportPrefix as Json | undefined;
    sameCanonical(exported.Export ?? null, prefix === undefined ? null : { Name: exportNameOf(prefix, id) }, `${id}: export`);
  }
  sameCanonical(t.Outputs![`${apiId}Id`].Value, apiRef, 'the Id output');

  // Exactly one Route per route key, with the properties its spec asks for, pointing at an Integration with the
  // properties its descriptor asks for.
  const routeIds = idsOfType(t, 'AWS::ApiGatewayV2::Route');
  const byKey = new Map<string, string[]>();
  for (const id of routeIds) {
    const key = t.Resources[id].Properties.RouteKey as string;
    byKey.set(key, [...(byKey.get(key) ?? []), id]);
  }
  const routes = routesOf(spec);
  assert.equal([...byKey.keys()].sort(), routes.map(([k]) => k).sort(), 'route keys');
  for (const [key, found] of byKey) assert.is(found.length, 1, `Routes for ${key}`);
  const integrationIds = idsOfType(t, 'AWS::ApiGatewayV2::Integration');
  const integrationResponseIds = idsOfType(t, 'AWS::ApiGatewayV2::IntegrationResponse');
  const routeResponseIds = idsOfType(t, 'AWS::ApiGatewayV2::RouteResponse');
  const distinct = new Map<string, number>();
  const twoWay: string[] = [];
  for (const [key, route] of routes) {
    const routeId = byKey.get(key)![0];
    const resource = t.Resources[routeId];
    const integrationId = targetOf(resource);
    const integration = t.Resources[integrationId];
    assert.is(integration?.Type, 'AWS::ApiGatewayV2::Integration', `${key}: the Target is an Integration`);
    sameCanonical(
      resource.Properties,
      {
        ApiId: apiRef,
        RouteKey: key,
        ...expectedAuthorization(authorizationOf(spec, key, route), spec.authorizers as JsonObject | undefined),
        ...(route.apiKeyRequired !== undefined && { ApiKeyRequired: route.apiKeyRequired }),
        ...(route.operationName !== undefined && { OperationName: route.operationName }),
        ...(route.returnResponse === true && { RouteResponseSelectionExpression: '$default' }),
        Target: resource.Properties.Target,
      },
      `${key}: Route properties`,
    );

    const model = modelOf(spec, route);
    const { ApiId, ...properties } = integration.Properties;
    sameCanonical(ApiId, apiRef, `${key}: the Integration's ApiId`);
    let expected = model.properties;
    if (model.role !== undefined) {
      // The CredentialsArn names a generated role that allows exactly what the model says.
      const credentials = properties.CredentialsArn as JsonObject;
      const [roleId, attribute] = (credentials?.['Fn::GetAtt'] as [string, string] | undefined) ?? ['', ''];
      assert.is(attribute, 'Arn', `${key}: CredentialsArn is a role's Arn`);
      assert.is(t.Resources[roleId]?.Type, 'AWS::IAM::Role', `${key}: CredentialsArn names a Role`);
      sameCanonical(t.Resources[roleId].Properties, tagged('AWS::IAM::Role', model.role, spec), `${key}: the role's policy`);
      assert.is(expected.CredentialsArn, GENERATED_ROLE);
      expected = { ...expected, CredentialsArn: credentials };
    }
    sameCanonical(properties, expected, `${key}: Integration properties`);
    // Parameters keep their documented order (AWS service subtypes) or the spec's.
    assert.equal(
      Object.keys((properties.RequestParameters as JsonObject | undefined) ?? {}),
      Object.keys((expected.RequestParameters as JsonObject | undefined) ?? {}),
      `${key}: RequestParameters order`,
    );

    // Its integration responses, exactly.
    const responses = integrationResponseIds.filter(
      (id) => canonical(t.Resources[id].Properties.IntegrationId) === canonical({ Ref: integrationId }),
    );
    const byResponseKey = Object.fromEntries(
      responses.map((id) => {
        const { ApiId: responseApi, IntegrationId: _i, IntegrationResponseKey, ...rest } = t.Resources[id].Properties;
        sameCanonical(responseApi, apiRef, `${key}: the IntegrationResponse's ApiId`);
        return [IntegrationResponseKey as string, rest];
      }),
    );
    sameCanonical(byResponseKey, model.responses ?? {}, `${key}: integration responses`);
    distinct.set(
      canonical({ properties: model.properties, role: model.role ?? null, responses: model.responses ?? null }),
      Object.keys(model.responses ?? {}).length,
    );

    // A RouteResponse exactly for two-way routes.
    const routeResponses = routeResponseIds.filter((id) => canonical(t.Resources[id].Properties.RouteId) === canonical({ Ref: routeId }));
    if (route.returnResponse === true) {
      assert.is(routeResponses.length, 1, `${key}: one RouteResponse`);
      sameCanonical(
        t.Resources[routeResponses[0]].Properties,
        { ApiId: apiRef, RouteId: { Ref: routeId }, RouteResponseKey: '$default' },
        `${key}: RouteResponse`,
      );
      twoWay.push(key);
    } else {
      assert.is(routeResponses.length, 0, `${key}: no RouteResponse on a one-way route`);
    }
  }
  // Routes with equal integrations share one resource.
  assert.is(integrationIds.length, distinct.size, 'one Integration per distinct integration');
  assert.is(
    integrationResponseIds.length,
    [...distinct.values()].reduce((a, b) => a + b, 0),
    'integration responses of distinct integrations',
  );
  assert.is(routeResponseIds.length, twoWay.length, 'route responses');

  // Permissions: each scoped by SourceArn, none twice, exactly the model's.
  const permissionIds = idsOfType(t, 'AWS::Lambda::Permission');
  const permissions = contentsOf(t, permissionIds);
  assert.is(new Set(permissions).size, permissions.length, 'no two permissions are identical');
  assert.equal(permissions, expectedPermissions(spec, apiId), 'permissions');

  // Literal function ARNs that get permissions pin the Region: one rule asserts it (README: Lambda permissions).
  const permitted = [
    ...[...grantsOf(spec).values()].map((g) => g.fn),
    ...Object.values((spec.authorizers as Record<string, JsonObject> | undefined) ?? {})
      .filter((d) => d.type === 'lambda' && d.credentials === undefined)
      .map((d) => d.function),
  ];
  const region = expectedRuleRegion(permitted);
  sameCanonical(
    Object.fromEntries(Object.entries(t.Rules ?? {}).map(([name, rule]) => [name, rule.Assertions.map((a) => a.Assert)])),
    region === undefined ? {} : { DeployRegion: [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, region] }] },
    'rules',
  );

  // Roles: one per distinct grant.
  const roleIds = idsOfType(t, 'AWS::IAM::Role');
  assert.equal(contentsOf(t, roleIds), expectedRoles(spec), 'roles');

  // VPC links and authorizers, by logical ID.
  const vpcLinkIds = idsOfType(t, 'AWS::ApiGatewayV2::VpcLink');
  const links = expectedVpcLinks(spec);
  assert.equal(vpcLinkIds.sort(), Object.keys(links).sort(), 'VPC links');
  for (const id of vpcLinkIds) sameCanonical(t.Resources[id].Properties, tagged('AWS::ApiGatewayV2::VpcLink', links[id], spec), `${id} properties`);
  const authorizerIds = idsOfType(t, 'AWS::ApiGatewayV2::Authorizer');
  const authorizers = expectedAuthorizers(spec.authorizers as JsonObject | undefined, protocol);
  assert.equal(authorizerIds.sort(), Object.keys(authorizers).sort(), 'authorizers');
  for (const id of authorizerIds) sameCanonical(t.Resources[id].Properties, { ApiId: apiRef, ...authorizers[id] }, `${id} properties`);

  // The Deployment depends on every route-side resource but integrations (a Ref from the stage cannot order them).
  if (deployments.length === 1) {
    const deployment = t.Resources[deployments[0]];
    assert.ok(deployments[0].startsWith(`${apiId}Deployment`), `Deployment ID ${deployments[0]}`);
    sameCanonical(deployment.Properties.ApiId, apiRef, "the Deployment's ApiId");
    const routeSide = Object.keys(t.Resources)
      .filter((id) => ROUTE_SIDE.includes(t.Resources[id].Type))
      .sort();
    assert.equal([...(deployment.DependsOn ?? [])].sort(), routeSide, 'the Deployment depends on every route-side resource');
  }

  const production = checkProductionResources(spec, t, apiId);
  const counted = [
    ...production,
    stages,
    logGroups,
    deployments,
    routeIds,
    integrationIds,
    integrationResponseIds,
    routeResponseIds,
    permissionIds,
    roleIds,
    vpcLinkIds,
    authorizerIds,
  ];
  assert.is(Object.keys(t.Resources).length, 1 + counted.reduce((n, x) => n + x.length, 0), 'no other resources');

  // Warnings: exactly the model's, and the size warning past 51,200 bytes.
  const [general, located] = [warnings.filter((w) => w.path === ''), warnings.filter((w) => w.path !== '')];
  assert.equal(located.map((w) => w.path).sort(), expectedWarnings(spec), `warnings:\n${show(warnings)}`);
  assert.is(general.length, bytes > 51_200 ? 1 : 0, `size warning for ${bytes} bytes:\n${show(warnings)}`);
}

const FORMS: readonly SpecForm[] = ['yaml-short', 'yaml-long', 'json'];

function checkValid({ spec }: GeneratedSpec, form: SpecForm): void {
  const json = build(spec, 'json');
  const yaml = build(spec, 'yaml');
  assert.is(build(spec, 'json').text, json.text, 'JSON differs between two builds');
  assert.is(build(spec, 'yaml').text, yaml.text, 'YAML differs between two builds');

  const template = JSON.parse(json.text) as Template;
  checkTemplate(spec, template, json.warnings, Buffer.byteLength(json.text));
  // The count made before building is a lower bound: it never refuses a spec that builds.
  const estimate = estimateResources(spec).atLeast;
  assert.ok(estimate <= Object.keys(template.Resources).length, `estimated ${estimate} resources, built ${Object.keys(template.Resources).length}`);
  const yamlSize = Buffer.byteLength(yaml.text);
  assert.is(yaml.warnings.filter((w) => w.path === '').length, yamlSize > 51_200 ? 1 : 0, 'YAML size warning');

  // The YAML template reads back as the JSON one.
  const parsed = parseYaml(yaml.text, 'template.yaml');
  assert.ok(parsed._tag === 'Right', 'the YAML template parses');
  if (parsed._tag === 'Right') sameJson(parsed.right, template, 'YAML and JSON templates hold the same data');

  // The spec written as text builds the same template.
  const text = specText(spec, form);
  const fromText = buildSpecText(text, 'spec.yaml', 'json');
  if (fromText._tag === 'Left') assert.unreachable(`the ${form} text of a valid spec failed:\n${show(fromText.left)}\n${text}`);
  else assert.is(fromText.right.text, json.text, `built from ${form} text`);

  // The order of routes in the spec changes nothing in the template.
  const reversed = { ...spec, routes: Object.fromEntries(routesOf(spec).reverse()) };
  assert.is(build(reversed, 'json').text, json.text, 'reordering routes changed the template');
}

property('valid HTTP specs build, from objects and from text, into sound, deterministic templates', () => {
  // Some with a function at the permission collapse threshold, and one route more.
  const specs = fc.oneof(
    { weight: 9, arbitrary: validSpec() },
    { weight: 1, arbitrary: thresholdPair(MAX_STATEMENTS_PER_FUNCTION).map(({ big }) => ({ spec: big }) as GeneratedSpec) },
  );
  fc.assert(fc.property(specs, fc.constantFrom(...FORMS), checkValid), params(200));
});

property('valid WebSocket specs build, from objects and from text, into sound, deterministic templates', () => {
  // Some with more than 20 Lambda routes on one function, past the permission collapse.
  const specs = fc.oneof(
    { weight: 9, arbitrary: validWebSocketSpec() },
    { weight: 1, arbitrary: validWebSocketSpec({ kinds: ['lambda'], maxFunctions: 1, manyRoutes: true }) },
  );
  fc.assert(fc.property(specs, fc.constantFrom(...FORMS), checkValid), params(150));
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Logical-ID stability

let crossings = 0;

function checkStability({ small, big, routeKey }: RoutePair): void {
  const [a, b] = [templateOf(small), templateOf(big)];
  const apiId = apiIdOf(big);
  assert.equal(idsOfType(a, 'AWS::ApiGatewayV2::Api'), [apiId], 'the API keeps its logical ID');
  sameJson(a.Outputs, b.Outputs, 'outputs');
  // A parameter only the route used comes and goes with it; the others stay as they were.
  for (const name of Object.keys(a.Parameters ?? {}).filter((n) => Object.hasOwn(b.Parameters ?? {}, n))) {
    sameJson(a.Parameters![name], b.Parameters![name], `parameter ${name}`);
  }

  // A stage that does not deploy itself gets a new Deployment, and only its DeploymentId changes.
  const [deploymentsA, deploymentsB] = [idsOfType(a, 'AWS::ApiGatewayV2::Deployment'), idsOfType(b, 'AWS::ApiGatewayV2::Deployment')];
  assert.is(deploymentsA.length, deploymentsB.length, 'Deployments');
  if (deploymentsA.length > 0) assert.is.not(deploymentsA[0], deploymentsB[0], 'the Deployment has a new logical ID');
  // A stage's settings of the route (its throttle, and the DependsOn that orders it) come and go with the route.
  const comparable = (r: Resource) => {
    if (r.Type !== 'AWS::ApiGatewayV2::Stage') return r;
    const { [routeKey]: _own, ...settings } = (r.Properties.RouteSettings as JsonObject | undefined) ?? {};
    const dependsOn = (r.DependsOn ?? []).filter((d) => Object.hasOwn(a.Resources, d));
    return {
      ...r,
      DependsOn: dependsOn.length > 0 ? dependsOn : null,
      Properties: { ...r.Properties, DeploymentId: null, RouteSettings: Object.keys(settings).length > 0 ? settings : null },
    };
  };

  // What is in both is the same.
  for (const id of Object.keys(a.Resources)) {
    if (Object.hasOwn(b.Resources, id)) assert.is(canonical(comparable(b.Resources[id])), canonical(comparable(a.Resources[id])), `${id} changed`);
  }

  // The permissions the model says go and come (a function crossing the collapse threshold swaps its per-route
  // statements for one API-wide statement), and nothing else goes.
  const [modelA, modelB] = [expectedPermissions(small, apiId), expectedPermissions(big, apiId)];
  const gone = modelA.filter((p) => !modelB.includes(p));
  const come = modelB.filter((p) => !modelA.includes(p));
  const removed = Object.keys(a.Resources).filter((id) => !Object.hasOwn(b.Resources, id));
  const added = Object.keys(b.Resources).filter((id) => !Object.hasOwn(a.Resources, id));
  for (const id of removed)
    assert.ok(['AWS::Lambda::Permission', 'AWS::ApiGatewayV2::Deployment'].includes(a.Resources[id].Type), `${id} disappeared`);
  assert.equal(
    contentsOf(
      a,
      removed.filter((id) => a.Resources[id].Type === 'AWS::Lambda::Permission'),
    ),
    gone,
    'removed permissions',
  );
  if (gone.length > 0) crossings++;

  // What comes: the route, its integration (and integration responses) unless another route shares it, its route
  // response, the model's new permissions and roles, and a new Deployment.
  const ofType = (type: string) => added.filter((id) => b.Resources[id].Type === type);
  const newRoutes = ofType('AWS::ApiGatewayV2::Route');
  assert.is(newRoutes.length, 1, 'one new Route');
  assert.is(b.Resources[newRoutes[0]].Properties.RouteKey, routeKey);
  const integration = targetOf(b.Resources[newRoutes[0]]);
  const shared = idsOfType(b, 'AWS::ApiGatewayV2::Route').some((id) => id !== newRoutes[0] && targetOf(b.Resources[id]) === integration);
  assert.equal(ofType('AWS::ApiGatewayV2::Integration'), shared ? [] : [integration], 'new Integration');
  const newResponses = ofType('AWS::ApiGatewayV2::IntegrationResponse');
  const responsesOfIntegration = idsOfType(b, 'AWS::ApiGatewayV2::IntegrationResponse').filter(
    (id) => canonical(b.Resources[id].Properties.IntegrationId) === canonical({ Ref: integration }),
  );
  assert.equal(newResponses, shared ? [] : responsesOfIntegration, 'new integration responses: those of the new integration');
  const newRouteResponses = ofType('AWS::ApiGatewayV2::RouteResponse');
  const twoWay = ((big.routes as JsonObject)[routeKey] as JsonObject).returnResponse === true;
  assert.is(newRouteResponses.length, twoWay ? 1 : 0, 'new RouteResponse');
  assert.equal(contentsOf(b, ofType('AWS::Lambda::Permission')), come, 'new permissions');
  const [rolesA, rolesB] = [expectedRoles(small), expectedRoles(big)];
  assert.equal(
    rolesA.filter((r) => !rolesB.includes(r)),
    [],
    'a new route takes no role away',
  );
  assert.equal(
    contentsOf(b, ofType('AWS::IAM::Role')),
    rolesB.filter((r) => !rolesA.includes(r)),
    'new roles',
  );
  const expectedCount = [
    newRoutes,
    ofType('AWS::ApiGatewayV2::Integration'),
    newResponses,
    newRouteResponses,
    ofType('AWS::Lambda::Permission'),
    ofType('AWS::IAM::Role'),
    ofType('AWS::ApiGatewayV2::Deployment'),
  ];
  assert.is(
    added.length,
    expectedCount.reduce((n, x) => n + x.length, 0),
    'nothing else is new',
  );
}

property('adding or removing an HTTP route keeps every other logical ID and resource', () => {
  crossings = 0;
  const parameters = params(200);
  fc.assert(fc.property(routePair(MAX_STATEMENTS_PER_FUNCTION), checkStability), parameters);
  // The generator must reach the collapse threshold, or this property says nothing about it (a third of the pairs
  // are built around it, most of those crossing it).
  if (parameters.path === undefined && parameters.numRuns! >= 50) assert.ok(crossings > 0, 'no generated pair crossed the collapse threshold');
});

property('adding or removing a WebSocket route keeps every other logical ID and resource, and redeploys', () => {
  crossings = 0;
  const parameters = params(120);
  fc.assert(fc.property(webSocketRoutePair, checkStability), parameters);
  // A seventh of the pairs add a 21st Lambda route on one function.
  if (parameters.path === undefined && parameters.numRuns! >= 100) assert.ok(crossings > 0, 'no generated pair crossed the collapse threshold');
});

// ---------------------------------------------------------------------------------------------------------------
// 3. The Deployment of a WebSocket stage that does not deploy itself

property("a WebSocket Deployment's logical ID changes exactly when a route, integration or authorizer changes", () => {
  fc.assert(
    fc.property(deploymentVariant, ({ before, after, routeSide, what }) => {
      const [a, b] = [templateOf(before), templateOf(after)];
      const [da, db] = [idsOfType(a, 'AWS::ApiGatewayV2::Deployment'), idsOfType(b, 'AWS::ApiGatewayV2::Deployment')];
      assert.is(da.length, 1);
      assert.is(db.length, 1);
      if (routeSide) assert.is.not(db[0], da[0], `${what}: the route side changed, the Deployment kept its ID`);
      else assert.is(db[0], da[0], `${what}: nothing on the route side changed, yet the Deployment has a new ID`);
    }),
    params(100),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// 4. Invalid specs

/**
 * A path in the spec: a top-level field (lower case, as every spec field is) and what follows it, possibly with the
 * template resource it concerns in parentheses. Not a template path (`Parameters.X`) nor a fragment's name alone.
 */
const SPEC_PATH = /^[a-z][A-Za-z]*(\.|\[|$| \()/;

function checkInvalid(m: Mutation, form: SpecForm): void {
  const r = buildSpec(deepFreeze(structuredClone(m.spec)) as unknown as SpecInput, 'yaml');
  const context = `mutation: ${m.what}\nspec: ${JSON.stringify(m.spec)}`;
  if (r._tag === 'Right') return assert.unreachable(`an invalid spec built\n${context}`);
  const errors = r.left;
  for (const e of errors) {
    const named = SPEC_PATH.test(e.path) || (e.path !== '' && e.path.startsWith(m.path));
    assert.ok(named, `an error does not name a path in the spec: ${e.path}: ${e.message}\n${context}`);
  }
  const at = errors.filter((e) => (m.exact ? e.path === m.path : e.path.startsWith(m.path)));
  assert.ok(
    at.some((e) => m.message === undefined || m.message.test(e.message)),
    `expected an error at ${m.path}${m.exact ? '' : ' (prefix)'}${m.message ? ` matching ${m.message}` : ''}, got:\n${show(errors)}\n${context}`,
  );

  // The same errors from the spec's text.
  const fromText = buildSpecText(specText(m.spec, form), 'spec.yaml', 'yaml');
  assert.ok(fromText._tag === 'Left', `the ${form} text of an invalid spec built\n${context}`);
  if (fromText._tag === 'Left') assert.equal(fromText.left, errors, `errors from ${form} text\n${context}`);
}

property('every invalid HTTP spec fails with an error that names the mutated path', () => {
  fc.assert(fc.property(invalidSpec(), fc.constantFrom(...FORMS), checkInvalid), params(600));
});

property('every invalid WebSocket spec fails with an error that names the mutated path', () => {
  fc.assert(fc.property(invalidWebSocketSpec(), fc.constantFrom(...FORMS), checkInvalid), params(400));
});

// ---------------------------------------------------------------------------------------------------------------
// 5. cfn-lint, one batch

property('cfn-lint finds nothing in a batch of generated templates of every kind', () => {
  const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
  const spec = (g: GeneratedSpec) => g.spec;
  // Every HTTP kind, each AWS service subtype, every WebSocket kind, and mixed specs of both protocols.
  const batch: Array<fc.Arbitrary<JsonObject>> = [
    ...HTTP_KINDS.filter((k) => k !== 'aws').flatMap((k) => [1, 2, 3].map(() => validSpec({ kinds: [k], maxRoutes: 6 }).map(spec))),
    ...AWS_SUBTYPE_NAMES.map((s) => validSpec({ kinds: ['aws'], subtypes: [s], maxRoutes: 4 }).map(spec)),
    ...[1, 2, 3, 4, 5].map(() => validSpec({ maxRoutes: 8 }).map(spec)),
    ...WEBSOCKET_KINDS.flatMap((k) => [1, 2].map(() => validWebSocketSpec({ kinds: [k], maxRoutes: 4 }).map(spec))),
    ...[1, 2, 3, 4].map(() => validWebSocketSpec({ maxRoutes: 6 }).map(spec)),
  ];
  const specs = batch.map((arbitrary, i) => fc.sample(arbitrary, { numRuns: 1, seed: seed + i })[0]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-property-'));
  const files = specs.map((s, i) => {
    const format: Format = i % 2 === 0 ? 'yaml' : 'json';
    const file = path.join(dir, `template-${i}.${format}`);
    fs.writeFileSync(path.join(dir, `spec-${i}.json`), JSON.stringify(s, null, 2));
    fs.writeFileSync(file, build(s, format).text);
    return file;
  });
  const result = cfnLint(files);
  if (result.findings.length > 0) {
    assert.unreachable(`cfn-lint findings (seed ${seed}; specs and templates kept in ${dir}):\n${result.findings.join('\n')}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// What these properties found, kept as plain examples

property('regressions found by these properties', () => {
  const fn = 'arn:aws:lambda:us-east-1:123456789012:function:f';
  const spec = (extra: JsonObject = {}, integration: JsonObject = {}, api: JsonObject = {}): JsonObject => ({
    ...extra,
    api: { name: 'a', ...api },
    routes: { 'GET /x': { integration: { type: 'lambda', function: fn, ...integration } } },
  });
  const errorPaths = (s: JsonObject) => {
    const r = buildSpec(s as unknown as SpecInput, 'json');
    return r._tag === 'Left' ? r.left.map((e) => e.path) : [];
  };
  // `1.001s` is 1001 ms; floating point made it 1000.9999999999999 and the spec was refused.
  const timed = templateOf(spec({}, { timeout: '1.001s' }));
  assert.is(timed.Resources[idsOfType(timed, 'AWS::ApiGatewayV2::Integration')[0]].Properties.TimeoutInMillis, 1001);
  // A 128-character API name and stage name made a 264-character stage logical ID.
  const long = templateOf(spec({}, {}, { name: 'A'.repeat(128), stage: { name: 'S'.repeat(128) } }));
  for (const id of Object.keys(long.Resources)) assert.ok(id.length <= 255, `${id.length}`);
  // Names of Object.prototype's members: a parameter so named was refused, a !Ref to one passed as resolved, and an
  // integration `type: toString` crashed the decoder.
  assert.ok(templateOf(spec({ parameters: { constructor: { type: 'String' } } }, { function: { Ref: 'constructor' } })).Parameters);
  const dangling = errorPaths(spec({}, { function: { Ref: 'toString' } }));
  assert.equal(dangling, ['routes["GET /x"].integration.function']);
  assert.equal(errorPaths(spec({}, { type: 'toString' })), ['routes["GET /x"].integration.type']);
  // What CloudFormation refuses, now refused by the spec: a template description over 1,024 bytes, a function ARN
  // over 140 characters (a permission's FunctionName), a qualifier that is neither a version, an alias nor $LATEST.
  assert.equal(errorPaths(spec({ description: 'x'.repeat(1025) })), ['description']);
  assert.equal(errorPaths(spec({}, { function: `${fn}:${'a'.repeat(93)}` })), ['routes["GET /x"].integration.function']);
  assert.equal(errorPaths(spec({}, { function: `${fn}:a$b` })), ['routes["GET /x"].integration.function']);

  const webSocket = (routes: JsonObject): JsonObject => ({ api: { name: 'chat', protocol: 'websocket', stage: { name: 'dev' } }, routes });
  // A WebSocket route key may be any text: `__proto__` was dropped without a word (assigning it set the prototype
  // of the decoded routes).
  const proto = templateOf(webSocket(Object.fromEntries([['__proto__', { integration: { type: 'mock' } }]])));
  assert.equal(
    idsOfType(proto, 'AWS::ApiGatewayV2::Route').map((id) => proto.Resources[id].Properties.RouteKey),
    ['__proto__'],
  );
  // An undeclared !Ref in a WebSocket Lambda function was reported twice, the second time at "lambda permissions",
  // which names no place in the spec (`${X}` in the integration's URI and `!Ref X` in the permission).
  const undeclared = errorPaths(webSocket({ sendmessage: { integration: { type: 'lambda', function: { Ref: 'Missing' } } } }));
  assert.equal(undeclared.length, 1, undeclared.join('\n'));
  assert.is(undeclared[0], 'routes.sendmessage.integration.function');
});

test.run();
