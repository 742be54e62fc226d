/**
 * The production API's pure pieces: tags in both of CloudFormation's forms, export names, derived logical IDs, the
 * stage-variable scan, and what a stage rename or an added stage does to logical IDs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tagCountProblem, withDefaultTags } from '../src/tags/tags';
import { exportName } from '../src/api/outputs';
import { childId } from '../src/stages/stage';
import { stageVariableUses, usePath } from '../src/stages/variables';
import { accessLogFormat } from '../src/stages/accessLogs';
import { buildSpec } from '../src/build';
import { SpecInput } from '../src/spec/spec';
import { Fragment } from '../src/template/types';
import { unwrap } from './helpers/either';

test('default tags go under a resource\'s own, as a map on API Gateway v2 and as a list elsewhere', () => {
  const fragments: Fragment[] = [
    {
      source: 'x',
      resources: {
        Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'a', ProtocolType: 'HTTP', Tags: { tier: 'own', team: 'api' } } },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } },
        Route: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: 'a', RouteKey: '$default' } },
      },
    },
  ];
  const [tagged] = withDefaultTags(fragments, { team: 'books', env: { Ref: 'Env' } });
  assert.equal((tagged.resources!.Api.Properties as { Tags: unknown }).Tags, { team: 'api', env: { Ref: 'Env' }, tier: 'own' });
  assert.equal((tagged.resources!.Logs.Properties as { Tags: unknown }).Tags, [
    { Key: 'team', Value: 'books' },
    { Key: 'env', Value: { Ref: 'Env' } },
  ]);
  assert.not.ok('Tags' in tagged.resources!.Route.Properties, 'a route takes no tags');
  assert.is(withDefaultTags(fragments, undefined)[0], fragments[0]);
});

test('more than 50 tags on one resource, defaults included, is a problem', () => {
  const many = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));
  assert.is(tagCountProblem(many('a', 25), many('b', 25)), undefined);
  assert.is(tagCountProblem(many('a', 25), many('a', 30)), undefined, 'shared keys count once');
  assert.match(tagCountProblem(many('a', 26), many('b', 25)) ?? '', /51 tags; AWS allows at most 50/);
});

test('export names: text, inside a !Sub, or joined', () => {
  assert.is(exportName('books', 'ApiBooksId'), 'books-ApiBooksId');
  assert.equal(exportName({ 'Fn::Sub': '${AWS::StackName}' }, 'ApiBooksId'), { 'Fn::Sub': '${AWS::StackName}-ApiBooksId' });
  assert.equal(exportName({ 'Fn::Sub': ['${S}', { S: { Ref: 'X' } }] }, 'Id'), { 'Fn::Sub': ['${S}-Id', { S: { Ref: 'X' } }] });
  assert.equal(exportName({ Ref: 'Prefix' }, 'Id'), { 'Fn::Join': ['-', [{ Ref: 'Prefix' }, 'Id']] });
});

test('a derived logical ID stays within 255 characters, and distinct parents stay distinct', () => {
  const long = `Api${'A'.repeat(250)}`;
  assert.is(childId('ApiBooksStageProd', 'AccessLogs'), 'ApiBooksStageProdAccessLogs');
  assert.is(childId(long, 'AccessLogs').length, 255);
  assert.is.not(childId(long, 'AccessLogs'), childId(`${long}B`, 'AccessLogs'));
});

test('stage variables are found in every form API Gateway reads, but not in descriptions', () => {
  const spec = {
    routes: {
      'GET /a': { operationName: 'stageVariables.nope', integration: { url: 'https://${stageVariables.host}/$stageVariables.path', description: '$stageVariables.no' } },
      sendmessage: { integration: { requestParameters: { 'integration.request.header.x': 'stageVariables.tenant' }, uri: { 'Fn::Sub': 'x/${!stageVariables.fn}' } } },
    },
    authorizers: { a: { identitySources: ['$stageVariables.key'] } },
  };
  assert.equal(
    stageVariableUses(spec).map((u) => `${usePath(u)} ${u.name}`),
    [
      'routes["GET /a"].integration.url host',
      'routes["GET /a"].integration.url path',
      'routes.sendmessage.integration.requestParameters["integration.request.header.x"] tenant',
      'routes.sendmessage.integration.uri["Fn::Sub"] fn',
      'authorizers.a.identitySources[0] key',
    ],
  );
});

test('the JSON preset is one line of JSON with the request id, per protocol', () => {
  for (const protocol of ['http', 'websocket'] as const) {
    const format = accessLogFormat('json', protocol);
    assert.not.match(format, /\n/);
    assert.is(JSON.parse(format).requestId, '$context.requestId');
  }
  assert.ok(JSON.parse(accessLogFormat('json', 'websocket')).connectionId);
  assert.is(accessLogFormat('$context.requestId x', 'http'), '$context.requestId x');
});

/** A one-route spec with these api fields (untyped: some tests write fields as a user might, to see them refused). */
const spec = (api: object) =>
  ({
    api: { name: 'books', ...api },
    routes: { 'GET /books': { throttle: { rateLimit: 5 }, integration: { type: 'http', url: 'https://books.example.com' } } },
  }) as SpecInput;
const resourcesOf = (input: SpecInput) => JSON.parse(unwrap(buildSpec(input, 'json')).text).Resources as Record<string, { Type: string }>;

test('adding a stage, or renaming the API with logicalName, leaves every other logical ID and resource as it was', () => {
  const one = resourcesOf(spec({ stages: { prod: {} } }));
  const two = resourcesOf(spec({ stages: { prod: {}, dev: {} } }));
  for (const [id, resource] of Object.entries(one)) assert.equal(two[id], resource, id);
  assert.equal(Object.keys(two).filter((id) => !(id in one)), ['ApiBooksStageDev']);
  const renamed = resourcesOf(spec({ name: 'library', logicalName: 'books', stages: { prod: {} } }));
  assert.equal(Object.keys(renamed), Object.keys(one));
});

test('a stage with route settings depends on those routes, whose keys must exist first', () => {
  const resources = resourcesOf(spec({ stage: { name: 'prod' } })) as Record<string, { Type: string; DependsOn?: string[] }>;
  const route = Object.keys(resources).find((id) => resources[id].Type === 'AWS::ApiGatewayV2::Route')!;
  assert.equal(resources.ApiBooksStageProd.DependsOn, [route]);
});

test.run();
