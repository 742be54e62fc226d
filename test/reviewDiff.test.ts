/**
 * The template diff (src/review/diff.ts): what CloudFormation adds, removes, updates and replaces, and the changes
 * that break a deploy (a route that moves, an API that is renamed, an integration that is replaced), on small
 * templates written for each rule and on generated specs (adding or removing a route never replaces or moves
 * anything).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import { buildSpec } from '../src/build';
import { SpecInput } from '../src/spec/spec';
import { TOP_LEVEL_STACK, TemplateData, diffTemplates, isDisruptive, changedPaths } from '../src/review/diff';
import { diffText, findingText } from '../src/review/diffFormat';
import { isSpecDocument, templateOf } from '../src/review/input';
import { canonicalJson } from '../src/value';
import { errorsOf, unwrap } from './helpers/either';
import { RoutePair, routePair } from './helpers/arbitraries';
import { webSocketRoutePair } from './helpers/webSocketArbitraries';

const ref = (id: string) => ({ Ref: id });

/** A small HTTP API template: an API, its stage, one route on one integration. */
function api(overrides: { api?: object; route?: object; routeId?: string; integrationId?: string; integration?: object } = {}): TemplateData {
  const integrationId = overrides.integrationId ?? 'IntegrationA';
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      ApiBooks: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'books', ProtocolType: 'HTTP', ...overrides.api } },
      ApiBooksStageDefault: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: ref('ApiBooks'), StageName: '$default', AutoDeploy: true } },
      [integrationId]: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: { ApiId: ref('ApiBooks'), IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:f', ...overrides.integration },
      },
      [overrides.routeId ?? 'RouteGetBooks']: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: { ApiId: ref('ApiBooks'), RouteKey: 'GET /books', Target: { 'Fn::Join': ['', ['integrations/', ref(integrationId)]] }, ...overrides.route },
      },
      Permission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:f',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiBooks}/*/GET/books' },
        },
      },
    },
  };
}

const changes = (before: TemplateData, after: TemplateData) =>
  Object.fromEntries(diffTemplates(before, after).resources.map((r) => [r.logicalId, r.change]));

test('equal templates: no differences, nothing disruptive', () => {
  const diff = diffTemplates(api(), api());
  assert.equal(diff.resources, []);
  assert.equal(diff.entries, []);
  assert.is(isDisruptive(diff), false);
  assert.is(diffText(diff), 'No differences.\n');
});

test('an updatable property is changed in place, with its path', () => {
  const diff = diffTemplates(api(), api({ api: { CorsConfiguration: { MaxAge: 300 } }, integration: { TimeoutInMillis: 5000 } }));
  assert.equal(changes(api(), api({ api: { CorsConfiguration: { MaxAge: 300 } } })), { ApiBooks: 'changed' });
  assert.equal(diff.resources.map((r) => [r.logicalId, r.change, r.properties?.map((p) => p.path)]), [
    ['ApiBooks', 'changed', ['CorsConfiguration']],
    ['IntegrationA', 'changed', ['TimeoutInMillis']],
  ]);
  assert.is(isDisruptive(diff), false);
  assert.equal(changedPaths({ A: { B: 1, C: [1] }, D: 1 }, { A: { B: 2, C: [1, 2] }, D: 1 }), ['A.B', 'A.C']);
  assert.equal(changedPaths({ M: { '404': 1 } }, { M: { '404': 2 } }), ['M["404"]']);
});

test('a create-only property replaces the resource, and what refers to it in a create-only property is replaced too', () => {
  const after = api({ api: { ProtocolType: 'WEBSOCKET' } });
  const diff = diffTemplates(api(), after);
  // The API gets a new id: ApiId of the stage, integration and route, and the permission's SourceArn, all change.
  assert.equal(changes(api(), after), {
    ApiBooks: 'replaced',
    ApiBooksStageDefault: 'replaced',
    IntegrationA: 'replaced',
    Permission: 'replaced',
    RouteGetBooks: 'replaced',
  });
  const route = diff.resources.find((r) => r.logicalId === 'RouteGetBooks')!;
  assert.equal(route.properties, [
    { path: 'ApiId', createOnly: true, refersToReplaced: 'ApiBooks' },
    // Target is updatable, but the integration it names is replaced: its value changes too.
    { path: 'Target', createOnly: false, refersToReplaced: 'IntegrationA' },
  ]);
  assert.is(diff.replaced, 5);
  assert.ok(isDisruptive(diff));
  assert.match(diffText(diff), /REPLACED  ApiBooks +AWS::ApiGatewayV2::Api +books \(WEBSOCKET\) +ProtocolType \(create-only\)\n/);
});

test('a route whose logical ID changes while its key stays moves: ConflictException', () => {
  const diff = diffTemplates(api(), api({ routeId: 'RouteGetBooksNew' }));
  assert.equal(diff.findings, [{ kind: 'route moved', routeKey: 'GET /books', from: 'RouteGetBooks', to: 'RouteGetBooksNew' }]);
  assert.is(diff.moved, 1);
  assert.ok(isDisruptive(diff));
  assert.match(findingText(diff.findings[0]), /Route with key GET \/books already exists for this API", 409 ConflictException/);
  // A changed RouteKey on the same logical ID is an update in place.
  const rekeyed = diffTemplates(api(), api({ route: { RouteKey: 'GET /volumes' } }));
  assert.equal([rekeyed.findings, isDisruptive(rekeyed)], [[], false]);
});

test('a route that keeps its logical ID but changes stack (nested stacks) moves too: ConflictException', () => {
  const t = api();
  const diff = diffTemplates(t, t, { before: { RouteGetBooks: 'RouteStack1' }, after: { RouteGetBooks: 'RouteStack2' } });
  assert.equal(diff.findings, [{ kind: 'route changes stack', routeKey: 'GET /books', logicalId: 'RouteGetBooks', from: 'RouteStack1', to: 'RouteStack2' }]);
  assert.equal([diff.resources, diff.moved, isDisruptive(diff)], [[], 1, true]);
  assert.match(diffText(diff), /409 ConflictException\), so the update fails and rolls back\. Keep stacks\.count as it was/);
  // From one template into a route stack (the first split) moves it as well; staying in its stack does not.
  const split = diffTemplates(t, t, { after: { RouteGetBooks: 'RouteStack1' } });
  assert.equal(split.findings.map((f) => f.kind === 'route changes stack' && f.from), [TOP_LEVEL_STACK]);
  assert.match(diffText(split), /Splitting a deployed template moves every route/);
  assert.match(diffText(diffTemplates(t, t, { before: { RouteGetBooks: 'RouteStack1' } })), /Keep the API in nested stacks \(stacks: \{nested: always\}\)/);
  assert.equal(diffTemplates(t, t, { before: { RouteGetBooks: 'RouteStack1' }, after: { RouteGetBooks: 'RouteStack1' } }).findings, []);
});

test('an API whose logical ID changes is renamed: a new API; its routes do not move, they are rebuilt on it', () => {
  const renamed = JSON.parse(JSON.stringify(api()).replace(/ApiBooks/g, 'ApiLibrary').replace('"books"', '"library"')) as TemplateData;
  const diff = diffTemplates(api(), renamed);
  assert.equal(diff.findings, [{ kind: 'api renamed', from: 'ApiBooks', to: 'ApiLibrary', oldName: 'books', newName: 'library' }]);
  assert.is(diff.moved, 0);
  assert.equal(changes(api(), renamed), {
    ApiBooks: 'removed',
    ApiBooksStageDefault: 'removed',
    ApiLibrary: 'added',
    ApiLibraryStageDefault: 'added',
    IntegrationA: 'replaced',
    Permission: 'replaced',
    RouteGetBooks: 'replaced',
  });
  // A new Name on the same logical ID is an update in place, said plainly.
  const named = diffTemplates(api(), api({ api: { Name: 'library' } }));
  assert.equal(named.findings, [{ kind: 'api name changed', logicalId: 'ApiBooks', oldName: 'books', newName: 'library' }]);
  assert.is(isDisruptive(named), false);
});

test('a stage whose logical ID changes on the same API is renamed: a new invoke URL', () => {
  const base = api().Resources as Record<string, { Properties: object }>;
  const after = { Resources: { ...base, ApiBooksStageDefault: undefined, ApiBooksStageLive: { ...base.ApiBooksStageDefault, Properties: { ...base.ApiBooksStageDefault.Properties, StageName: 'live' } } } };
  delete (after.Resources as Record<string, unknown>).ApiBooksStageDefault;
  const diff = diffTemplates(api(), after);
  assert.equal(diff.findings, [{ kind: 'stage renamed', from: 'ApiBooksStageDefault', to: 'ApiBooksStageLive', oldName: '$default', newName: 'live' }]);
  assert.ok(isDisruptive(diff));
  assert.match(findingText(diff.findings[0]), /clients of the old stage URL break/);
});

test('an integration replaced under its routes is shown with what changed; a switch to a kept integration is not', () => {
  const after = api({ integrationId: 'IntegrationB', integration: { TimeoutInMillis: 5000 } });
  const diff = diffTemplates(api(), after);
  assert.equal(diff.findings, [{ kind: 'integration changed', from: 'IntegrationA', to: 'IntegrationB', routes: ['GET /books'], properties: ['TimeoutInMillis'] }]);
  assert.ok(isDisruptive(diff));
  // Both integrations exist before: the route only points at another one.
  const both = api();
  const withB = { ...both, Resources: { ...(both.Resources as object), IntegrationB: (after.Resources as Record<string, unknown>).IntegrationB } };
  const switched = { ...after, Resources: { ...(after.Resources as object), IntegrationA: (both.Resources as Record<string, unknown>).IntegrationA } };
  const quiet = diffTemplates(withB, switched);
  assert.equal([quiet.findings, isDisruptive(quiet)], [[], false]);
});

test('a changed type is refused by CloudFormation; a type outside the table is not guessed at', () => {
  const before = { Resources: { X: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'a' } } } };
  const typeChanged = diffTemplates(before, { Resources: { X: { Type: 'AWS::SNS::Topic', Properties: {} } } });
  assert.equal(typeChanged.findings, [{ kind: 'type changed', logicalId: 'X', from: 'AWS::SQS::Queue', to: 'AWS::SNS::Topic' }]);
  assert.ok(isDisruptive(typeChanged));
  const unknown = diffTemplates(before, { Resources: { X: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'b' } } } });
  assert.equal(unknown.resources, [
    { logicalId: 'X', change: 'changed', type: 'AWS::SQS::Queue', summary: '', properties: [{ path: 'QueueName', createOnly: false }], replacementUnknown: true },
  ]);
  assert.is(isDisruptive(unknown), false);
  assert.match(diffText(unknown), /QueueName \(whether this replaces it is not known for AWS::SQS::Queue\)/);
});

test('a resource that is not a mapping with a Type is compared, not a crash', () => {
  const diff = diffTemplates({ Resources: { X: null, Y: { Properties: {} } } }, { Resources: { X: { Type: 'AWS::SQS::Queue' }, Y: 'text' } });
  assert.equal(diff.resources.map((r) => [r.logicalId, r.change, r.oldType, r.type]), [
    ['X', 'type changed', '(no Type)', 'AWS::SQS::Queue'],
    ['Y', 'changed', undefined, '(no Type)'],
  ]);
});

test('attributes, parameters, outputs and top-level keys are compared too', () => {
  const before = { ...api(), Description: 'a', Parameters: { P: { Type: 'String' } }, Outputs: { O: { Value: 'x' } } };
  const base = api().Resources as Record<string, object>;
  const after = {
    ...api(),
    Description: 'b',
    Parameters: { Q: { Type: 'String' } },
    Outputs: { O: { Value: 'y' } },
    Resources: { ...base, RouteGetBooks: { ...base.RouteGetBooks, DependsOn: ['IntegrationA'] } },
  };
  const diff = diffTemplates(before, after);
  assert.equal(diff.resources.map((r) => [r.logicalId, r.change, r.attributes]), [['RouteGetBooks', 'changed', ['DependsOn']]]);
  assert.equal(diff.entries, [
    { section: 'Description', change: 'changed' },
    { section: 'Parameters', name: 'P', change: 'removed' },
    { section: 'Parameters', name: 'Q', change: 'added' },
    { section: 'Outputs', name: 'O', change: 'changed' },
  ]);
});

test('a document with api or routes and no Resources is a spec, built as build builds it', () => {
  assert.ok(isSpecDocument({ api: { name: 'x' }, routes: {} }));
  assert.not.ok(isSpecDocument({ Resources: {}, api: 1 }));
  const spec = { api: { name: 'x' }, routes: { 'GET /a': { integration: { type: 'lambda', function: 'arn:aws:lambda:us-east-1:123456789012:function:a' } } } };
  const compared = unwrap(templateOf(spec, 'spec.yaml'));
  assert.equal([compared.from, compared.template], ['spec', JSON.parse(unwrap(buildSpec(spec as SpecInput, 'json')).text)]);
  // Routes on an API defined elsewhere build into a fragment, as `build --fragment` prints it.
  const fragment = { api: { existing: ref('HttpApi') }, routes: spec.routes };
  const asFragment = unwrap(templateOf(fragment, 'fragment.yaml'));
  assert.equal([asFragment.from, asFragment.template], ['fragment', JSON.parse(unwrap(buildSpec(fragment as SpecInput, 'json', { kind: 'fragment' })).text)]);
  assert.equal(errorsOf(templateOf({ Description: 'x' }, 'x.yaml')), ['x.yaml: expected a CloudFormation template (with a Resources mapping) or a spec (with api and routes), got neither']);
  assert.equal(errorsOf(templateOf({ api: { name: 'x' }, routes: { 'GET /a': {} } }, 'x.yaml')), ['routes["GET /a"].integration: missing; expected one of lambda, aws, http, alb, nlb, cloudMap']);
});

/** Adding or removing one route: only that route's resources come and go; nothing is replaced, nothing moves. */
function checkRoutePair({ small, big, routeKey }: RoutePair): void {
  const [before, after] = [small, big].map((s) => unwrap(templateOf(s, 'spec')).template);
  for (const [from, to, change] of [[before, after, 'added'], [after, before, 'removed']] as const) {
    const diff = diffTemplates(from, to);
    assert.is(isDisruptive(diff), false, diffText(diff));
    assert.equal(diff.findings.filter((f) => f.kind !== 'api name changed'), [], 'no findings');
    const route = diff.resources.find((r) => r.type === 'AWS::ApiGatewayV2::Route' && r.summary === routeKey);
    assert.is(route?.change, change, `the route ${routeKey} is ${change}`);
    // Changed in place, at most: the stage of a WebSocket API that moves to a new Deployment.
    for (const r of diff.resources.filter((x) => x.change === 'changed')) assert.is(r.type, 'AWS::ApiGatewayV2::Stage', diffText(diff));
    assert.equal(diffTemplates(to, to).resources, []);
  }
}

test('generated specs: adding or removing a route never replaces or moves anything (HTTP)', () => {
  fc.assert(fc.property(routePair(20), checkRoutePair), { numRuns: 50 });
});

test('generated specs: adding or removing a route never replaces or moves anything (WebSocket)', () => {
  fc.assert(fc.property(webSocketRoutePair, checkRoutePair), { numRuns: 40 });
});

test('a spec past one template\'s limits is compared as the nested build it makes, not refused', () => {
  // 250 Lambda routes with a permission each: 527 resources, so `build` splits it without being asked.
  const routes = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`GET /r${i}`, { integration: { type: 'lambda', function: `arn:aws:lambda:us-east-1:123456789012:function:f${i % 25}` } }]));
  const big = (n: number) => ({ api: { name: 'big', permissionScope: 'route' }, routes: routes(n) });
  const [before, after] = [big(250), big(251)].map((s) => unwrap(templateOf(s, 'spec.yaml')));
  assert.ok(before.routeStacks !== undefined && after.routeStacks !== undefined, 'nested');
  const diff = diffTemplates(before.template, after.template, { before: before.routeStacks, after: after.routeStacks });
  assert.equal(diff.resources.map((r) => `${r.change} ${r.type}`).sort(), ['added AWS::ApiGatewayV2::Route', 'added AWS::Lambda::Permission']);
  assert.equal([diff.findings, isDisruptive(diff)], [[], false]);
});

test('generated specs in nested stacks: compared as one deploy, adding or removing a route moves no other route', () => {
  const nested = (spec: object) => ({ ...spec, stacks: { nested: 'always', count: 4 } });
  fc.assert(
    fc.property(routePair(20), ({ small, big, routeKey }) => {
      const [before, after] = [small, big].map((s) => unwrap(templateOf(nested(s), 'spec')));
      assert.ok(before.routeStacks !== undefined && after.routeStacks !== undefined, 'built into route stacks');
      // The whole deploy, as one template would hold it: the same resources as the spec built without stacks. (As
      // text: uvu's deep equality takes an own `constructor` key, a parameter's name here, for the object's class.)
      assert.is(canonicalJson(after.template), canonicalJson(unwrap(templateOf(big, 'spec')).template));
      for (const [from, to] of [[before, after], [after, before]]) {
        const diff = diffTemplates(from.template, to.template, { before: from.routeStacks, after: to.routeStacks });
        assert.equal(diff.findings.filter((f) => f.kind !== 'api name changed'), [], diffText(diff));
        assert.ok(diff.resources.some((r) => r.summary === routeKey), `the route ${routeKey} comes or goes`);
      }
    }),
    { numRuns: 25 },
  );
});

test.run();
