/**
 * The library as a deploy script uses it: objects in, template data or text out, errors as values.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSpec, buildTemplate, decodeSpec, buildFragments, mergeFragments, render } from '../src/index';
import { errorsOf, unwrap } from './helpers/either';

const spec = {
  api: { name: 'books' },
  routes: {
    'GET /books': { integration: { type: 'lambda', function: { 'Fn::GetAtt': 'BooksFunction.Arn' } } },
  },
};

test('decode, build fragments and merge them with the host IDs a script knows about', () => {
  const decoded = unwrap(decodeSpec(spec));
  const integration = decoded.routes['GET /books'].integration;
  assert.equal(integration.type === 'lambda' && integration.function, { 'Fn::GetAtt': ['BooksFunction', 'Arn'] }, 'GetAtt "A.B" normalised');
  assert.ok(errorsOf(buildTemplate(decoded))[0].includes('refers to BooksFunction'));
  const built = unwrap(mergeFragments(buildFragments(decoded), { externalIds: new Set(['BooksFunction']) }));
  const route = Object.values(built.template.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route');
  assert.is((route!.Properties as { RouteKey: string }).RouteKey, 'GET /books');
  assert.match(render(built.template, 'yaml'), /IntegrationUri: !GetAtt BooksFunction\.Arn/);
});

test('buildSpec returns text, and every error at once for a bad object', () => {
  const ok = unwrap(buildSpec({ ...spec, routes: { 'GET /x': { integration: { type: 'lambda', function: 'arn:aws:lambda:us-east-1:123456789012:function:x' } } } }, 'json'));
  assert.is(JSON.parse(ok.text).AWSTemplateFormatVersion, '2010-09-09');
  const errors = errorsOf(buildSpec({ api: {}, routes: { 'get /x': {} }, extra: 1 }, 'yaml'));
  assert.equal(errors, [
    'api.name: missing; expected a non-empty string',
    'routes["get /x"]: invalid route key: expected "METHOD /path" (METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY) or "$default", got method "get" (methods are upper case: GET)',
    'extra: unknown field; spec takes api, routes, description, parameters, vpcLinks, authorizers, stacks',
  ]);
});

test('the input object is not mutated', () => {
  const input = JSON.parse(JSON.stringify(spec));
  const before = JSON.stringify(input);
  buildSpec(input, 'yaml');
  assert.is(JSON.stringify(input), before);
});

test.run();
