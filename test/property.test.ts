/**
 * Property-based tests: generated specs (test/helpers/arbitraries.ts) instead of hand-picked ones.
 *
 * 1. Every valid spec builds, from the object and from its YAML/JSON text alike, into a sound template.
 * 2. Adding or removing one route changes no other resource, save the permissions of a function that crosses the
 *    collapse threshold, exactly as the permission model says.
 * 3. Every spec made invalid by one mutation fails, with an error at the mutated path.
 * 4. A batch of generated templates passes cfn-lint (one run).
 *
 * No fixed seed: every run explores new specs. On a failure fast-check prints the seed and path; replay them with
 * PROPERTY_SEED=<seed> PROPERTY_PATH=<path> (PROPERTY_RUNS=<n> overrides the number of runs of every property).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSpec, buildSpecText } from '../src/build';
import { BuildError, Warning } from '../src/errors';
import { Format } from '../src/output/render';
import { MAX_STATEMENTS_PER_FUNCTION } from '../src/shared/lambdaPermission';
import { collectReferences } from '../src/template/references';
import { parseYaml } from '../src/yaml/cfnYaml';
import {
  GeneratedSpec,
  Json,
  JsonObject,
  Mutation,
  RoutePair,
  SpecForm,
  canonical,
  integrationGenerator,
  invalidSpec,
  resourcePathOf,
  routePair,
  specPath,
  specText,
  validSpec,
  withoutUnusedParameters,
} from './helpers/arbitraries';
import { checkEnums } from './helpers/enums';
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

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object') {
    Object.values(x).forEach(deepFreeze);
    Object.freeze(x);
  }
  return x;
}

interface Template {
  Parameters?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, Json> }>;
  Outputs?: Record<string, unknown>;
}

interface Build {
  readonly text: string;
  readonly warnings: readonly Warning[];
}

/**
 * Equal data, keys in the same order. Not uvu's assert.equal: its dequal compares `constructor` properties first,
 * so two equal objects with a key named "constructor" (a parameter may be named so) compare unequal.
 */
function sameJson(actual: unknown, expected: unknown, message: string): void {
  assert.is(JSON.stringify(actual, null, 1), JSON.stringify(expected, null, 1), message);
}

function show(problems: readonly (BuildError | Warning)[]): string {
  return problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
}

/** Builds a spec object; the input is frozen, so a builder that mutates it throws. */
function build(spec: JsonObject, format: Format): Build {
  const r = buildSpec(deepFreeze(structuredClone(spec)), format);
  if (r._tag === 'Left') throw new Error(`a valid spec failed to build:\n${show(r.left)}\nspec: ${JSON.stringify(spec)}`);
  return r.right;
}

function templateOf(spec: JsonObject): Template {
  return JSON.parse(build(spec, 'json').text) as Template;
}

// ---------------------------------------------------------------------------------------------------------------
// Models of what a spec must yield, written apart from src/

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId',
  'AWS::StackName', 'AWS::URLSuffix',
]);
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

function routesOf(spec: JsonObject): Array<[string, JsonObject]> {
  return Object.entries(spec.routes as Record<string, JsonObject>);
}

/** Per function (by canonical text): the function, its distinct execute-api resources, and its first route. */
function grantsOf(spec: JsonObject): Map<string, { fn: Json; resources: Set<string>; firstRoute: string }> {
  const out = new Map<string, { fn: Json; resources: Set<string>; firstRoute: string }>();
  for (const [key, route] of routesOf(spec)) {
    const d = route.integration as JsonObject;
    for (const fn of integrationGenerator(d).invokes(d)) {
      const entry = out.get(canonical(fn)) ?? { fn, resources: new Set<string>(), firstRoute: key };
      entry.resources.add(resourcePathOf(key));
      out.set(canonical(fn), entry);
    }
  }
  return out;
}

function collapses(spec: JsonObject, resources: number): boolean {
  const scope = ((spec.api as JsonObject).permissionScope as string | undefined) ?? 'auto';
  return scope === 'api' || (scope === 'auto' && resources > MAX_STATEMENTS_PER_FUNCTION);
}

/** The permission resources' properties a spec must yield (canonical text each, sorted). */
function expectedPermissions(spec: JsonObject, apiId: string): string[] {
  const out: string[] = [];
  for (const { fn, resources } of grantsOf(spec).values()) {
    const targets = collapses(spec, resources.size) ? ['*'] : [...resources].map((r) => `*/${r}`);
    for (const target of targets) {
      out.push(
        canonical({
          Action: 'lambda:InvokeFunction',
          FunctionName: fn,
          Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}}/${target}` },
        }),
      );
    }
  }
  return out.sort();
}

/** Functions whose permissions `auto` collapses into one API-wide statement: they warn, at their first route. */
function expectedCollapseWarnings(spec: JsonObject): string[] {
  const scope = ((spec.api as JsonObject).permissionScope as string | undefined) ?? 'auto';
  if (scope !== 'auto') return [];
  return [...grantsOf(spec).values()]
    .filter((g) => g.resources.size > MAX_STATEMENTS_PER_FUNCTION)
    .map((g) => specPath(['routes', g.firstRoute]))
    .sort();
}

function idsOfType(t: Template, type: string): string[] {
  return Object.keys(t.Resources).filter((id) => t.Resources[id].Type === type);
}

function permissionContents(t: Template, ids: readonly string[]): string[] {
  return ids.map((id) => canonical(t.Resources[id].Properties)).sort();
}

/** The integration a route's Target points at: `{"Fn::Join": ["", ["integrations/", {"Ref": X}]]}`. */
function targetOf(route: { Properties: Record<string, Json> }): string {
  const join = (route.Properties.Target as JsonObject)['Fn::Join'] as [string, [string, { Ref: string }]];
  assert.is(join[0], '');
  assert.is(join[1][0], 'integrations/');
  return join[1][1].Ref;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Valid specs build into sound templates

function checkTemplate(spec: JsonObject, t: Template, warnings: readonly Warning[], bytes: number): void {
  assert.equal(checkEnums(t as never), [], 'enum check');

  // Logical IDs: alphanumeric, at most 255, one namespace for parameters and resources.
  const ids = [...Object.keys(t.Parameters ?? {}), ...Object.keys(t.Resources), ...Object.keys(t.Outputs ?? {})];
  for (const id of ids) assert.ok(LOGICAL_ID.test(id), `logical ID ${id} (${id.length} characters) is not 1 to 255 letters and digits`);
  for (const id of Object.keys(t.Parameters ?? {})) assert.not.ok(Object.hasOwn(t.Resources, id), `parameter ${id} is also a resource`);
  assert.ok(Object.keys(t.Resources).length <= 500, 'at most 500 resources');

  // Every reference resolves.
  // Own keys only: a reference to `toString` must not resolve to Object.prototype's.
  const known = (name: string) => Object.hasOwn(t.Resources, name) || Object.hasOwn(t.Parameters ?? {}, name) || PSEUDO_PARAMETERS.has(name);
  for (const [section, entries] of [['Resources', t.Resources], ['Outputs', t.Outputs ?? {}]] as const) {
    for (const [id, entry] of Object.entries(entries)) {
      for (const r of collectReferences(entry)) assert.ok(known(r.target), `${section}.${id}: ${r.via} does not resolve`);
    }
  }

  // One API and one stage; the rest is routes, integrations and permissions.
  const apis = idsOfType(t, 'AWS::ApiGatewayV2::Api');
  assert.is(apis.length, 1, 'one Api');
  assert.is(idsOfType(t, 'AWS::ApiGatewayV2::Stage').length, 1, 'one Stage');
  const apiRef = canonical({ Ref: apis[0] });

  // Exactly one Route per route key, pointing at an Integration with the properties its descriptor asks for.
  const routeIds = idsOfType(t, 'AWS::ApiGatewayV2::Route');
  const byKey = new Map<string, string[]>();
  for (const id of routeIds) {
    const key = t.Resources[id].Properties.RouteKey as string;
    byKey.set(key, [...(byKey.get(key) ?? []), id]);
  }
  const routes = routesOf(spec);
  assert.equal([...byKey.keys()].sort(), routes.map(([k]) => k).sort(), 'route keys');
  for (const [key, ids] of byKey) assert.is(ids.length, 1, `Routes for ${key}`);
  const integrationIds = idsOfType(t, 'AWS::ApiGatewayV2::Integration');
  const expectedIntegrations = new Set<string>();
  for (const [key, route] of routes) {
    const resource = t.Resources[byKey.get(key)![0]];
    assert.is(canonical(resource.Properties.ApiId), apiRef, `${key}: ApiId`);
    assert.is(resource.Properties.OperationName, route.operationName, `${key}: OperationName`);
    const integration = t.Resources[targetOf(resource)];
    assert.is(integration?.Type, 'AWS::ApiGatewayV2::Integration', `${key}: the Target is an Integration`);
    const { ApiId, ...properties } = integration.Properties;
    assert.is(canonical(ApiId), apiRef, `${key}: the Integration's ApiId`);
    const d = route.integration as JsonObject;
    const expected = canonical(integrationGenerator(d).expectedProperties(d));
    assert.is(canonical(properties), expected, `${key}: Integration properties`);
    expectedIntegrations.add(expected);
  }
  // Routes with equal integrations share one resource.
  assert.is(integrationIds.length, expectedIntegrations.size, 'one Integration per distinct integration');

  // Permissions: each scoped by SourceArn, none twice, exactly the model's.
  const permissionIds = idsOfType(t, 'AWS::Lambda::Permission');
  for (const id of permissionIds) assert.ok(t.Resources[id].Properties.SourceArn !== undefined, `${id} has a SourceArn`);
  const contents = permissionContents(t, permissionIds);
  assert.is(new Set(contents).size, contents.length, 'no two permissions are identical');
  assert.equal(contents, expectedPermissions(spec, apis[0]), 'permissions');
  assert.is(Object.keys(t.Resources).length, 2 + routeIds.length + integrationIds.length + permissionIds.length, 'no other resources');

  // Warnings: a collapse warning per function past the threshold, and the size warning past 51,200 bytes.
  const [general, located] = [warnings.filter((w) => w.path === ''), warnings.filter((w) => w.path !== '')];
  assert.equal(located.map((w) => w.path).sort(), expectedCollapseWarnings(spec), `collapse warnings:\n${show(warnings)}`);
  assert.is(general.length, bytes > 51_200 ? 1 : 0, `size warning for ${bytes} bytes:\n${show(warnings)}`);
}

const FORMS: readonly SpecForm[] = ['yaml-short', 'yaml-long', 'json'];

test('valid specs build, from objects and from text, into sound, deterministic templates', () => {
  fc.assert(
    fc.property(validSpec(), fc.constantFrom(...FORMS), ({ spec }: GeneratedSpec, form) => {
      const json = build(spec, 'json');
      const yaml = build(spec, 'yaml');
      assert.is(build(spec, 'json').text, json.text, 'JSON differs between two builds');
      assert.is(build(spec, 'yaml').text, yaml.text, 'YAML differs between two builds');

      const template = JSON.parse(json.text) as Template;
      checkTemplate(spec, template, json.warnings, Buffer.byteLength(json.text));
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
    }),
    params(200),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Logical-ID stability

let crossings = 0;

function checkStability({ small, big, routeKey }: RoutePair): void {
  const [a, b] = [templateOf(small), templateOf(big)];
  const apiId = idsOfType(b, 'AWS::ApiGatewayV2::Api')[0];
  assert.equal(idsOfType(a, 'AWS::ApiGatewayV2::Api'), [apiId], 'the API keeps its logical ID');
  sameJson(a.Outputs, b.Outputs, 'outputs');
  sameJson(a.Parameters, b.Parameters, 'parameters');

  // What is in both is the same.
  for (const id of Object.keys(a.Resources)) {
    if (Object.hasOwn(b.Resources, id)) assert.is(canonical(b.Resources[id]), canonical(a.Resources[id]), `${id} changed`);
  }

  // The permissions the model says go and come (a function crossing the collapse threshold swaps its per-route
  // statements for one API-wide statement), and nothing else goes.
  const [modelA, modelB] = [expectedPermissions(small, apiId), expectedPermissions(big, apiId)];
  const gone = modelA.filter((p) => !modelB.includes(p));
  const come = modelB.filter((p) => !modelA.includes(p));
  const removed = Object.keys(a.Resources).filter((id) => !Object.hasOwn(b.Resources, id));
  const added = Object.keys(b.Resources).filter((id) => !Object.hasOwn(a.Resources, id));
  for (const id of removed) assert.is(a.Resources[id].Type, 'AWS::Lambda::Permission', `${id} disappeared`);
  assert.equal(permissionContents(a, removed), gone, 'removed permissions');
  if (gone.length > 0) crossings++;

  // What comes: the route, its integration unless another route shares it, and the model's new permissions.
  const newRoutes = added.filter((id) => b.Resources[id].Type === 'AWS::ApiGatewayV2::Route');
  assert.is(newRoutes.length, 1, 'one new Route');
  assert.is(b.Resources[newRoutes[0]].Properties.RouteKey, routeKey);
  const integration = targetOf(b.Resources[newRoutes[0]]);
  const shared = idsOfType(b, 'AWS::ApiGatewayV2::Route').some((id) => id !== newRoutes[0] && targetOf(b.Resources[id]) === integration);
  const newIntegrations = added.filter((id) => b.Resources[id].Type === 'AWS::ApiGatewayV2::Integration');
  assert.equal(newIntegrations, shared ? [] : [integration], 'new Integration');
  const newPermissions = added.filter((id) => b.Resources[id].Type === 'AWS::Lambda::Permission');
  assert.equal(permissionContents(b, newPermissions), come, 'new permissions');
  assert.is(added.length, 1 + newIntegrations.length + newPermissions.length, 'nothing else is new');
}

test('adding or removing a route keeps every other logical ID and resource', () => {
  crossings = 0;
  const parameters = params(200);
  fc.assert(fc.property(routePair(MAX_STATEMENTS_PER_FUNCTION), checkStability), parameters);
  // The generator must reach the collapse threshold, or this property says nothing about it (a third of the pairs
  // are built around it, half of those crossing it).
  if (parameters.path === undefined && parameters.numRuns! >= 50) assert.ok(crossings > 0, 'no generated pair crossed the collapse threshold');
});

// ---------------------------------------------------------------------------------------------------------------
// 3. Invalid specs

/**
 * A path in the spec: a top-level field (lower case, as every spec field is) and what follows it, possibly with the
 * template resource it concerns in parentheses. Not a template path (`Parameters.X`) nor a fragment's name alone.
 */
const SPEC_PATH = /^[a-z][A-Za-z]*(\.|\[|$| \()/;

function checkInvalid(m: Mutation, form: SpecForm): void {
  const r = buildSpec(deepFreeze(structuredClone(m.spec)), 'yaml');
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

test('every invalid spec fails with an error that names the mutated path', () => {
  fc.assert(fc.property(invalidSpec(), fc.constantFrom(...FORMS), checkInvalid), params(600));
});

// ---------------------------------------------------------------------------------------------------------------
// 4. cfn-lint, one batch

test('cfn-lint finds nothing in a batch of generated templates', () => {
  const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
  const specs = fc.sample(validSpec().map(({ spec }) => withoutUnusedParameters(spec)), { numRuns: 25, seed });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-property-'));
  const files = specs.map((spec, i) => {
    const format: Format = i % 2 === 0 ? 'yaml' : 'json';
    const file = path.join(dir, `template-${i}.${format}`);
    fs.writeFileSync(path.join(dir, `spec-${i}.json`), JSON.stringify(spec, null, 2));
    fs.writeFileSync(file, build(spec, format).text);
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

test('regressions found by these properties', () => {
  const fn = 'arn:aws:lambda:us-east-1:123456789012:function:f';
  const spec = (extra: JsonObject = {}, integration: JsonObject = {}, api: JsonObject = {}): JsonObject => ({
    ...extra,
    api: { name: 'a', ...api },
    routes: { 'GET /x': { integration: { type: 'lambda', function: fn, ...integration } } },
  });
  const errorPaths = (s: JsonObject) => {
    const r = buildSpec(s, 'json');
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
  assert.ok(dangling.length > 0 && dangling.every((p) => p.startsWith('routes["GET /x"] (Resources.')), dangling.join('\n'));
  assert.equal(errorPaths(spec({}, { type: 'toString' })), ['routes["GET /x"].integration.type']);
  // What CloudFormation refuses, now refused by the spec: a template description over 1,024 bytes, a function ARN
  // over 140 characters (a permission's FunctionName), a qualifier that is neither a version, an alias nor $LATEST.
  assert.equal(errorPaths(spec({ description: 'x'.repeat(1025) })), ['description']);
  assert.equal(errorPaths(spec({}, { function: `${fn}:${'a'.repeat(93)}` })), ['routes["GET /x"].integration.function']);
  assert.equal(errorPaths(spec({}, { function: `${fn}:a$b` })), ['routes["GET /x"].integration.function']);
});

test.run();
