import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeFragments, checkBodySize, TEMPLATE_LIMITS } from '../src/template/combine';
import { Fragment, Resource } from '../src/template/types';
import { errorsOf, unwrap } from './helpers/either';

const api: Resource = { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'a', ProtocolType: 'HTTP' } };
const stage = (name: string): Resource => ({
  Type: 'AWS::ApiGatewayV2::Stage',
  Properties: { ApiId: { Ref: 'Api' }, StageName: name, AutoDeploy: true },
});

test('equal definitions of one logical ID merge into one resource', () => {
  const built = unwrap(
    mergeFragments([
      { source: 'a', resources: { Api: api } },
      { source: 'b', resources: { Api: { ...api } } },
    ]),
  );
  assert.equal(Object.keys(built.template.Resources), ['Api']);
});

test('different definitions of one logical ID are an error that names both sources', () => {
  const errors = errorsOf(
    mergeFragments([
      { source: 'api', resources: { Api: api, Stage: stage('dev') } },
      { source: 'routes["GET /x"]', resources: { Stage: stage('prod') } },
    ]),
  );
  assert.equal(errors, ['Resources.Stage: defined differently by api and by routes["GET /x"]']);
});

test('references must resolve: Ref, GetAtt, Sub variables and DependsOn', () => {
  const fragment: Fragment = {
    source: 'test',
    parameters: { P: { Type: 'String' } },
    resources: {
      Api: api,
      S: {
        Type: 'AWS::ApiGatewayV2::Stage',
        DependsOn: ['Missing4'],
        Properties: {
          ApiId: { Ref: 'Missing1' },
          StageName: { 'Fn::Sub': '${P}-${AWS::Region}-${Missing2.Attr}-${!Literal}' } as never,
          Description: { 'Fn::Sub': ['${Local}', { Local: { 'Fn::GetAtt': ['Missing3', 'Arn'] } }] } as never,
        },
      },
    },
  };
  const errors = errorsOf(mergeFragments([fragment]));
  assert.equal(errors.length, 4, errors.join('\n'));
  for (const name of ['Missing1', 'Missing2', 'Missing3', 'Missing4']) assert.ok(errors.some((e) => e.includes(`refers to ${name},`)), name);
  assert.ok(!errors.some((e) => /Local|Literal|AWS::Region|refers to P,/.test(e)));
});

test('external IDs (a host template) satisfy references', () => {
  const fragment: Fragment = { source: 't', resources: { S: { ...stage('x'), Properties: { ...stage('x').Properties, ApiId: { Ref: 'HostApi' } } } as Resource } };
  assert.is(mergeFragments([fragment])._tag, 'Left');
  assert.is(mergeFragments([fragment], { externalIds: new Set(['HostApi']) })._tag, 'Right');
});

test('resources come out sorted by logical ID whatever the fragment order', () => {
  const a = unwrap(mergeFragments([{ source: '1', resources: { Zeta: api, Alpha: api } }])).template;
  assert.equal(Object.keys(a.Resources), ['Alpha', 'Zeta']);
});

test('limits: more than 500 resources, 200 parameters or 200 outputs fail with the counts', () => {
  const resources: Record<string, Resource> = {};
  for (let i = 0; i < 501; i++) resources[`Api${i}`] = api;
  const parameters = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`P${i}`, { Type: 'String' }]));
  const outputs = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`O${i}`, { Value: 'x' }]));
  const errors = errorsOf(mergeFragments([{ source: 's', resources, parameters, outputs }]));
  assert.equal(errors, [
    'the template has 501 resources; CloudFormation allows at most 500',
    'the template has 201 parameters; CloudFormation allows at most 200',
    'the template has 201 outputs; CloudFormation allows at most 200',
  ]);
  resources.Api500 = undefined as never;
  delete resources.Api500;
  assert.is(mergeFragments([{ source: 's', resources }])._tag, 'Right', '500 resources are fine');
});

test('body size: over 1 MB is an error, over 51,200 bytes a warning', () => {
  assert.equal(checkBodySize('x'.repeat(TEMPLATE_LIMITS.inlineBodyBytes)), {});
  assert.ok(checkBodySize('x'.repeat(TEMPLATE_LIMITS.inlineBodyBytes + 1)).warning);
  assert.ok(checkBodySize('x'.repeat(TEMPLATE_LIMITS.bodyBytes)).warning);
  assert.match(checkBodySize('x'.repeat(TEMPLATE_LIMITS.bodyBytes + 1)).error!.message, /1048577 bytes/);
});

test('a parameter and a resource cannot share a name', () => {
  const errors = errorsOf(mergeFragments([{ source: 's', parameters: { Api: { Type: 'String' } }, resources: { Api: api } }]));
  assert.equal(errors, ['s.Api: is also the logical ID of the AWS::ApiGatewayV2::Api built for s; rename the parameter']);
});

test('Rules: equal rules from several fragments merge, different ones conflict, and their references are checked', () => {
  const rule = (region: string) => ({ Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, region] }, AssertDescription: region }] });
  const built = unwrap(
    mergeFragments([
      { source: 'a', resources: { Api: api }, rules: { DeployRegion: rule('eu-west-1') } },
      { source: 'b', rules: { DeployRegion: rule('eu-west-1') } },
    ]),
  );
  assert.equal(Object.keys(built.template), ['AWSTemplateFormatVersion', 'Rules', 'Resources']);
  assert.equal(built.template.Rules, { DeployRegion: rule('eu-west-1') });
  assert.equal(errorsOf(mergeFragments([{ source: 'a', resources: { Api: api }, rules: { DeployRegion: rule('eu-west-1') } }, { source: 'b', rules: { DeployRegion: rule('us-east-1') } }])), [
    'Rules.DeployRegion: defined differently by a and by b',
  ]);
  const dangling = errorsOf(mergeFragments([{ source: 'a', resources: { Api: api }, rules: { R: { Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'Nope' }, 'x'] } }] } } }]));
  assert.match(dangling[0], /Ref Nope refers to Nope/);
});

test.run();
