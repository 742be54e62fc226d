/**
 * Generators and models for what surrounds the routes (src/stages, src/domains, src/callbacks, src/usagePlans,
 * src/tags): stages with variables, access logs, throttling and tags; several HTTP stages; logical names and
 * intrinsic API names; custom domains; WebSocket callbacks and usage plans; spec-wide tags and exports. The models
 * are written apart from src/: they say what a template must hold, by reading the spec.
 */
import * as fc from 'fast-check';
import { Json, JsonObject, Mutation, canonical, pascalWords, setAt } from './arbitraries';

export type Protocol = 'http' | 'websocket';

// ---------------------------------------------------------------------------------------------------------------
// Generators

/** The production fields at each place, for the typo mutations (a typo must not land on another valid field). */
export const SPEC_FIELDS = ['tags', 'exportPrefix', 'domains', 'callbacks', 'usagePlans'];
export const API_FIELDS = ['logicalName', 'ipAddressType', 'stages', 'tags', 'cloudWatchRole'];
export const STAGE_FIELDS = ['description', 'variables', 'accessLogs', 'throttle', 'detailedMetrics', 'loggingLevel', 'dataTrace', 'tags'];

const tagKey = fc.oneof(
  fc.constantFrom('team', 'env', 'cost-center', 'Owner', 'app:tier'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:/=+@ -]{0,20}$/).filter((k) => !/^aws:/i.test(k)),
);
const tagValue = fc.oneof<fc.Arbitrary<Json>[]>(
  fc.constantFrom('books', '', 'a b', '4711'),
  fc.stringMatching(/^[A-Za-z0-9_.:/=+@ -]{0,30}$/),
  fc.constant({ Ref: 'AWS::Region' }),
);
export const tags: fc.Arbitrary<JsonObject> = fc.dictionary(tagKey, tagValue, { minKeys: 1, maxKeys: 3 });

/** Requests at once and per second; above the account's defaults (5,000 and 10,000) now and then. */
export const throttle: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      burstLimit: fc.oneof(fc.constantFrom(0, 1, 5000, 5001), fc.integer({ min: 0, max: 6000 })),
      rateLimit: fc.oneof(fc.constantFrom(0, 0.5, 10_000, 10_001), fc.integer({ min: 0, max: 24_000 }).map((n) => n / 2)),
    },
    { requiredKeys: [] },
  )
  .filter((t) => Object.keys(t).length > 0);

const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const accessLogs: fc.Arbitrary<JsonObject> = fc.oneof(
  fc.record(
    {
      format: fc.constantFrom('json', 'clf', '$context.requestId $context.status', '{"id":"$context.extendedRequestId"}'),
      retentionDays: fc.constantFrom(1, 7, 30, 3653),
      kmsKey: fc.constantFrom<Json>(KMS_KEY, { 'Fn::ImportValue': 'keys-LogsKeyArn' }),
    },
    { requiredKeys: ['retentionDays'] },
  ),
  fc.record(
    {
      format: fc.constantFrom('json', 'clf', '${context.requestId}'),
      logGroupArn: fc.constantFrom<Json>('arn:aws:logs:eu-west-1:123456789012:log-group:api-logs', { 'Fn::ImportValue': 'shared-LogsArn' }),
    },
    { requiredKeys: ['logGroupArn'] },
  ),
);

/** Extra variables nothing uses (they warn). */
const extraVariables = fc.dictionary(fc.constantFrom('unusedA', 'unused_b', 'Z9'), fc.constantFrom('x', 'a-b.c', 'https://x.example.com/p?q=1#f'), {
  minKeys: 1,
  maxKeys: 2,
});

function stageSettings(protocol: Protocol): fc.Arbitrary<JsonObject> {
  return fc.record(
    {
      description: fc.constantFrom('Production', 'a stage'),
      variables: extraVariables,
      accessLogs,
      throttle,
      detailedMetrics: fc.boolean(),
      tags,
      ...(protocol === 'websocket' && { loggingLevel: fc.constantFrom('ERROR', 'INFO', 'OFF'), dataTrace: fc.boolean() }),
    },
    { requiredKeys: [] },
  );
}

const STAGE_NAMES = ['$default', 'dev', 'prod', 'v1', 'beta-2', 'live_1'];

/** The production fields of an HTTP api: one stage with settings, or several stages. Merged over the base api. */
export function httpApiExtras(): fc.Arbitrary<JsonObject> {
  const single = stageSettings('http').map((s): JsonObject => ({ stage: { name: 'prod', ...s } }));
  const several = fc
    .uniqueArray(fc.constantFrom(...STAGE_NAMES), { minLength: 1, maxLength: 3 })
    .chain((names) => fc.tuple(...names.map(() => stageSettings('http'))).map((settings): JsonObject => ({ stages: Object.fromEntries(names.map((n, i) => [n, settings[i]])) })));
  return fc
    .record({ stages: fc.oneof(single, several), common: apiCommon })
    .map(({ stages, common }) => ({ ...stages, ...common }));
}

const apiCommon: fc.Arbitrary<JsonObject> = fc.record(
  {
    logicalName: fc.constantFrom('books', 'Orders API', 'x.y_z-1'),
    ipAddressType: fc.constantFrom('ipv4', 'dualstack'),
    tags,
  },
  { requiredKeys: [] },
);

/** The production fields of a WebSocket api; `stage` is merged over the generated one. */
export function webSocketApiExtras(): fc.Arbitrary<JsonObject> {
  return fc
    .record({ common: apiCommon, stage: stageSettings('websocket'), cloudWatchRole: fc.option(fc.boolean(), { nil: undefined }) })
    .map(({ common, stage, cloudWatchRole }) => ({ ...common, stage, ...(cloudWatchRole !== undefined && { cloudWatchRole }) }));
}

/** An intrinsic name, allowed beside a logical name. */
export const intrinsicApiName: Json = { 'Fn::Sub': '${AWS::StackName}-api' };

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab';
const basePath = fc.constantFrom('books', 'v1/books', "a$-_.+!*'()", 'x/y/z');

/** Domains whose mappings name the given stages (a mapping may leave the stage out when there is one). */
export function domains(stageNames: readonly string[]): fc.Arbitrary<JsonObject> {
  const mappings = fc
    .uniqueArray(fc.option(basePath, { nil: undefined }), { minLength: 1, maxLength: 3 })
    .chain((paths) =>
      fc.tuple(
        ...paths.map((path) =>
          fc.record({ stage: stageNames.length === 1 ? fc.option(fc.constantFrom(...stageNames), { nil: undefined }) : fc.constantFrom(...stageNames) }).map(
            ({ stage }): JsonObject => ({ ...(path !== undefined && { path }), ...(stage !== undefined && { stage }) }),
          ),
        ),
      ),
    );
  const fresh = (host: string) =>
    fc.record(
      {
        domainName: fc.constant(host),
        certificate: fc.constantFrom<Json>(CERTIFICATE, { Ref: 'AWS::NoValue' }).map((c) => (typeof c === 'string' ? c : CERTIFICATE)),
        securityPolicy: fc.constant('TLS_1_2'),
        ipAddressType: fc.constantFrom('ipv4', 'dualstack'),
        mutualTls: fc.record(
          { truststoreUri: fc.constant('s3://trust-store/ca.pem'), truststoreVersion: fc.constant('v3'), ownershipVerificationCertificate: fc.constant(CERTIFICATE) },
          { requiredKeys: ['truststoreUri'] },
        ),
        mappings,
        route53: fc.constantFrom<Json>({ hostedZoneId: 'Z0123456789ABCDEFGHIJ' }, { hostedZoneName: 'example.com.' }),
        tags,
      },
      { requiredKeys: ['domainName', 'certificate', 'mappings'] },
    );
  const existing = mappings.map((m): JsonObject => ({ existing: 'shared.example.com', mappings: m }));
  return fc
    .uniqueArray(fc.constantFrom('public', 'partners', 'shared-1'), { minLength: 1, maxLength: 2 })
    .chain((names) => fc.tuple(...names.map((n, i) => (i === 1 ? fc.oneof(existing, fresh(`${n}.example.com`)) : fresh(`${n}.example.com`)))).map((ds) => Object.fromEntries(names.map((n, i) => [n, ds[i]]))));
}

export const callbacks: fc.Arbitrary<Json> = fc
  .uniqueArray(fc.constantFrom<Json>('chat-function-role', { Ref: 'AWS::StackName' }, 'other.role@x'), { minLength: 1, maxLength: 2, selector: canonical })
  .chain((roles) =>
    fc.tuple(...roles.map((role) => fc.record({ role: fc.constant(role), allow: fc.subarray(['POST', 'GET', 'DELETE'], { minLength: 1 }) }, { requiredKeys: ['role'] }))),
  ) as fc.Arbitrary<Json>;

/** A plan's keys: new (generated) or existing ids; each key name in one plan only. */
function planKeys(names: readonly string[]): fc.Arbitrary<JsonObject> {
  return fc
    .tuple(...names.map((key) => fc.constantFrom<Json>({}, { description: key }, { id: `${key}id01` })))
    .map((ks) => Object.fromEntries(names.map((key, k) => [key, ks[k]])));
}

export const usagePlans: fc.Arbitrary<JsonObject> = fc
  .uniqueArray(fc.constantFrom('basic', 'premium', 'partners-1'), { minLength: 1, maxLength: 2 })
  .chain((plans) =>
    fc
      .uniqueArray(fc.constantFrom('acme', 'globex', 'initech', 'k1'), { maxLength: 3 })
      .chain((keys) =>
        fc.tuple(
          ...plans.map((plan, i) =>
            fc.record(
              {
                throttle,
                quota: fc.oneof(
                  fc.record({ limit: fc.nat(1_000_000), period: fc.constant('DAY') }),
                  fc.record({ limit: fc.nat(1_000_000), period: fc.constant('WEEK'), offset: fc.integer({ min: 0, max: 6 }) }, { requiredKeys: ['limit', 'period'] }),
                  fc.record({ limit: fc.nat(1_000_000), period: fc.constant('MONTH'), offset: fc.integer({ min: 0, max: 27 }) }, { requiredKeys: ['limit', 'period'] }),
                ),
                description: fc.constant(`${plan} plan`),
                name: fc.constantFrom<Json>(plan, { 'Fn::Sub': `\${AWS::StackName}-${plan}` }),
                tags,
              },
              { requiredKeys: [] },
            ).chain((plan) => {
              // Each key in one plan only: the keys are dealt round-robin; a plan dealt none has no apiKeys.
              const mine = keys.filter((_, k) => k % plans.length === i);
              return mine.length === 0 ? fc.constant(plan) : planKeys(mine).map((apiKeys) => ({ ...plan, apiKeys }));
            }),
          ),
        ),
      )
      .map((ps) => Object.fromEntries(plans.map((p, i) => [p, ps[i]]))),
  );

/** Spec-wide fields: default tags and export names. */
export const specExtras: fc.Arbitrary<JsonObject> = fc.record(
  { tags, exportPrefix: fc.constantFrom<Json>('books', 'team:books-1', { 'Fn::Sub': '${AWS::StackName}' }, { Ref: 'AWS::StackName' }) },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------------------------------------------------------
// Models

export function apiLogicalIdOf(api: JsonObject): string {
  return `Api${pascalWords((api.logicalName ?? api.name) as string)}`.slice(0, 255);
}

const MAP_TAGGED = ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::VpcLink', 'AWS::ApiGatewayV2::DomainName'];

/** A resource's properties with the spec-wide tags under its own, in the form its type takes. */
export function tagged(type: string, properties: JsonObject, spec: JsonObject, own?: Json): JsonObject {
  const merged = { ...((spec.tags as JsonObject | undefined) ?? {}), ...((own as JsonObject | undefined) ?? {}) };
  if (Object.keys(merged).length === 0) return properties;
  const value: Json = MAP_TAGGED.includes(type) ? merged : Object.entries(merged).map(([Key, Value]) => ({ Key, Value }));
  return { ...properties, Tags: value };
}

export interface StageOf {
  readonly name: string;
  readonly settings: JsonObject;
  readonly path: string[];
}

export function stagesOf(spec: JsonObject): StageOf[] {
  const api = spec.api as JsonObject;
  if (api.stages !== undefined) return Object.entries(api.stages as JsonObject).map(([name, s]) => ({ name, settings: s as JsonObject, path: ['api', 'stages', name] }));
  const stage = (api.stage as JsonObject | undefined) ?? { name: '$default' };
  return [{ name: stage.name as string, settings: stage, path: ['api', 'stage'] }];
}

/** DefaultRouteSettings, or a route's entry (its throttle over the stage's). */
export function routeSettings(stage: JsonObject, own?: JsonObject): JsonObject {
  const t = { ...((stage.throttle as JsonObject | undefined) ?? {}), ...(own ?? {}) };
  return {
    ...(t.burstLimit !== undefined && { ThrottlingBurstLimit: t.burstLimit }),
    ...(t.rateLimit !== undefined && { ThrottlingRateLimit: t.rateLimit }),
    ...(stage.detailedMetrics !== undefined && { DetailedMetricsEnabled: stage.detailedMetrics }),
    ...(stage.loggingLevel !== undefined && { LoggingLevel: stage.loggingLevel }),
    ...(stage.dataTrace !== undefined && { DataTraceEnabled: stage.dataTrace }),
  };
}

/** The Format a stage's access logs must have: its own text, or a preset that logs the request id. */
export function checkFormat(format: string, written: Json | undefined, protocol: Protocol): string | undefined {
  const want = (written as string | undefined) ?? 'json';
  if (want === 'json') {
    const parsed = JSON.parse(format) as Record<string, string>;
    if (parsed.requestId !== '$context.requestId') return 'the JSON preset logs the request id';
    if (protocol === 'websocket' && parsed.connectionId !== '$context.connectionId') return 'the WebSocket JSON preset logs the connection id';
    return Object.values(parsed).every((v) => typeof v === 'string' && v.startsWith('$context.')) ? undefined : 'the JSON preset logs context variables';
  }
  if (want === 'clf') return format.includes('$context.requestId') && format.includes('[$context.requestTime]') ? undefined : 'CLF';
  return format === want ? undefined : `the format as written: ${want}`;
}

/** The outputs a spec must have, with their export names; values are checked apart. */
export function expectedOutputIds(spec: JsonObject, protocol: Protocol): string[] {
  const api = spec.api as JsonObject;
  const apiId = apiLogicalIdOf(api);
  const ids = [`${apiId}Id`, `${apiId}Endpoint`];
  if (protocol === 'websocket') ids.push(`${apiId}CallbackUrl`);
  if (api.stages !== undefined) for (const s of stagesOf(spec)) ids.push(`${apiId}Stage${pascalWords(s.name === '$default' ? 'Default' : s.name)}Url`);
  for (const [name, d] of Object.entries((spec.domains as JsonObject | undefined) ?? {})) {
    if ((d as JsonObject).existing === undefined) ids.push(`Domain${pascalWords(name)}Target`, `Domain${pascalWords(name)}HostedZoneId`);
  }
  for (const plan of Object.values((spec.usagePlans as JsonObject | undefined) ?? {})) {
    for (const [key, k] of Object.entries(((plan as JsonObject).apiKeys as JsonObject | undefined) ?? {})) {
      if ((k as JsonObject).id === undefined) ids.push(`ApiKey${pascalWords(key)}Id`);
    }
  }
  return ids.sort();
}

/** `<prefix>-<id>` as the spec's exportPrefix asks. */
export function exportNameOf(prefix: Json, id: string): Json {
  if (typeof prefix === 'string') return `${prefix}-${id}`;
  const sub = (prefix as JsonObject)['Fn::Sub'];
  if (typeof sub === 'string') return { 'Fn::Sub': `${sub}-${id}` };
  return { 'Fn::Join': ['-', [prefix, id]] };
}

/** Warnings the production fields must raise, by path. */
export function productionWarnings(spec: JsonObject, protocol: Protocol, path: (keys: (string | number)[]) => string): string[] {
  const out: string[] = [];
  const api = spec.api as JsonObject;
  const over = (t: JsonObject | undefined, keys: (string | number)[]) => {
    if (t === undefined) return;
    if ((t.burstLimit as number | undefined) !== undefined && (t.burstLimit as number) > 5000) out.push(path([...keys, 'burstLimit']));
    if ((t.rateLimit as number | undefined) !== undefined && (t.rateLimit as number) > 10_000) out.push(path([...keys, 'rateLimit']));
  };
  for (const s of stagesOf(spec)) {
    over(s.settings.throttle as JsonObject | undefined, [...s.path, 'throttle']);
    if (s.settings.dataTrace === true) out.push(path([...s.path, 'dataTrace']));
    const logs = s.settings.accessLogs !== undefined || (s.settings.loggingLevel !== undefined && s.settings.loggingLevel !== 'OFF') || s.settings.dataTrace === true;
    if (protocol === 'websocket' && api.cloudWatchRole === undefined && logs) out.push(path(s.path));
  }
  for (const [key, route] of Object.entries(spec.routes as JsonObject)) over((route as JsonObject).throttle as JsonObject | undefined, ['routes', key, 'throttle']);
  if (api.cloudWatchRole === true) out.push(path(['api', 'cloudWatchRole']));
  for (const [name, d] of Object.entries((spec.domains as JsonObject | undefined) ?? {})) {
    if ((d as JsonObject).mutualTls !== undefined && api.disableExecuteApiEndpoint !== true) out.push(path(['domains', name, 'mutualTls']));
  }
  for (const [name, plan] of Object.entries((spec.usagePlans as JsonObject | undefined) ?? {})) over((plan as JsonObject).throttle as JsonObject | undefined, ['usagePlans', name, 'throttle']);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations: one step from a valid spec to one the production fields refuse, with the path the error names

/** Where the spec uses each stage variable: keys from the root, in spec order. */
export function stageVariableUses(spec: JsonObject): Array<{ name: string; keys: (string | number)[] }> {
  const out: Array<{ name: string; keys: (string | number)[] }> = [];
  const walk = (node: Json, keys: (string | number)[]): void => {
    if (typeof node === 'string') for (const m of node.matchAll(/(?<![A-Za-z0-9_.])stageVariables\.([A-Za-z0-9_]+)/g)) out.push({ name: m[1], keys });
    else if (Array.isArray(node)) node.forEach((n, i) => walk(n, [...keys, i]));
    else if (node !== null && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) if (k !== 'description' && k !== 'operationName') walk(v, [...keys, k]);
  };
  walk((spec.routes ?? {}) as Json, ['routes']);
  walk((spec.authorizers ?? {}) as Json, ['authorizers']);
  return out;
}

export function productionMutations(written: JsonObject, protocol: Protocol): Array<fc.Arbitrary<Mutation>> {
  // The implicit $default stage written out, so that its fields can be set.
  const spec: JsonObject =
    (written.api as JsonObject).stage === undefined && (written.api as JsonObject).stages === undefined
      ? { ...written, api: { ...(written.api as JsonObject), stage: { name: '$default' } } }
      : written;
  const api = spec.api as JsonObject;
  const out: Array<fc.Arbitrary<Mutation>> = [];
  const stages = stagesOf(spec);
  const routeKeys = Object.keys(spec.routes as JsonObject);

  // A stage that loses its variables: every use of them is an error, at the use.
  const uses = stageVariableUses(spec);
  if (uses.length > 0) {
    const s = stages[0];
    const { variables: _dropped, ...settings } = s.settings;
    out.push(fc.constant({ ...setAt(spec, s.path as string[], settings, uses[0].keys, /^uses stage variable /), exact: true }));
  }
  // Throttles out of range, on a stage or a route.
  out.push(
    fc
      .tuple(fc.constantFrom(...routeKeys), fc.constantFrom<[string, Json]>(['rateLimit', -1], ['burstLimit', 1.5], ['rateLimit', '10'], ['burstLimit', 2 ** 31]))
      .map(([key, [field, value]]) => setAt(spec, ['routes', key, 'throttle'], { [field]: value }, ['routes', key, 'throttle', field])),
    fc.constant(setAt(spec, [...(stages[0].path as string[]), 'throttle'], {}, [...stages[0].path, 'throttle'], /expected burstLimit, rateLimit or both/)),
  );
  // Access logs: a retention CloudWatch does not offer, both a new and an existing group, a format without the request id.
  out.push(
    fc
      .constantFrom<[Json, string[]]>(
        [{ retentionDays: 45 }, ['retentionDays']],
        [{ retentionDays: 30, logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x' }, []],
        [{ retentionDays: 30, format: '$context.status' }, ['format']],
      )
      .map(([logs, below]) => setAt(spec, [...(stages[0].path as string[]), 'accessLogs'], logs, [...stages[0].path, 'accessLogs', ...below])),
  );
  // An intrinsic name without logicalName.
  out.push(
    fc.constant(setAt({ ...spec, api: Object.fromEntries(Object.entries(api).filter(([k]) => k !== 'logicalName')) }, ['api', 'name'], intrinsicApiName, ['api', 'name'], /add logicalName/)),
  );
  // A reserved tag key; a number as a tag value.
  out.push(fc.constantFrom<[string, Json]>(['aws:team', 'x'], ['team', 5]).map(([k, v]) => setAt(spec, ['tags'], { [k]: v }, ['tags', k])));
  // Domains: a mapping to a stage the API does not have; mutual TLS without a truststore.
  for (const [name, raw] of Object.entries((spec.domains as JsonObject | undefined) ?? {})) {
    const d = raw as JsonObject;
    out.push(fc.constant(setAt(spec, ['domains', name, 'mappings'], [{ stage: 'nosuchstage' }], ['domains', name, 'mappings', 0, 'stage'], /no stage named "nosuchstage"/)));
    if (d.existing === undefined) {
      out.push(fc.constant(setAt(spec, ['domains', name, 'mutualTls'], { truststoreVersion: '1' }, ['domains', name, 'mutualTls', 'truststoreUri'], /^missing/)));
    }
  }
  if (protocol === 'http') {
    out.push(
      fc.constantFrom('callbacks', 'usagePlans').map((field) => setAt(spec, [field], field === 'callbacks' ? [{ role: 'r' }] : { p: {} }, [field], /WebSocket/)),
    );
    if (api.stages === undefined) out.push(fc.constant(setAt(spec, ['api', 'stages'], { dev: {} }, ['api', 'stages'], /not both/)));
    if (api.stages === undefined) out.push(fc.constant(setAt({ ...spec, api: { ...api, stage: { ...(api.stage as JsonObject), name: 'prod' } } }, ['api', 'stage', 'loggingLevel'], 'INFO', ['api', 'stage', 'loggingLevel'], /HTTP APIs have no execution logs/)));
  } else {
    out.push(
      fc.constantFrom<Json>('arn:aws:iam::123456789012:role/x', { 'Fn::GetAtt': ['Fn', 'Arn'] }).map((role) => setAt(spec, ['callbacks'], [{ role }], ['callbacks', 0, 'role'], /by name/)),
      fc.constant(setAt(spec, ['usagePlans'], { a: { apiKeys: { k: { id: 'abc' } } }, b: { apiKeys: { l: { id: 'abc' } } } }, ['usagePlans', 'b', 'apiKeys', 'l'], /one usage plan only/)),
      fc.constant(setAt(spec, ['usagePlans'], { a: { quota: { limit: 1, period: 'DAY', offset: 2 } } }, ['usagePlans', 'a', 'quota', 'offset'])),
    );
  }
  return out;
}
