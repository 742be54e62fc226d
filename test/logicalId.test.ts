import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { routeId } from '../src/routes/route';
import { integrationId } from '../src/routes/route';
import { logicalId, valueWords } from '../src/shared/logicalId';
import { buildSpec } from '../src/build';
import { unwrap } from './helpers/either';

test('route IDs are readable, alphanumeric and distinct where the words are not', () => {
  const a = routeId('GET /a_b');
  const b = routeId('GET /ab');
  const c = routeId('GET /a-b');
  assert.match(a, /^RouteGETAB[0-9A-F]{8}$/);
  assert.match(b, /^RouteGETAb[0-9A-F]{8}$/);
  assert.is.not(a, c);
  assert.is(routeId('GET /books/{id}').slice(0, -8), 'RouteGETBooksId');
  assert.is(routeId('GET /books/{id}'), routeId('GET /books/{id}'), 'pure');
});

test('IDs stay within 255 alphanumeric characters for very long paths', () => {
  const key = `GET /${Array.from({ length: 120 }, (_, i) => `segment${i}`).join('/')}`;
  const id = routeId(key);
  assert.ok(id.length <= 255, `${id.length}`);
  assert.match(id, /^[A-Za-z0-9]+$/);
  assert.is.not(id, routeId(`${key}x`), 'a difference past the truncated words still tells them apart');
});

test('integration IDs follow their properties only', () => {
  const plan = { name: 'Lambda Fn', properties: { IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:x', PayloadFormatVersion: '2.0' } };
  const reordered = { name: 'Lambda Fn', properties: { PayloadFormatVersion: '2.0', IntegrationUri: 'arn:x', IntegrationType: 'AWS_PROXY' } };
  assert.is(integrationId(plan), integrationId(reordered), 'key order does not matter');
  assert.is.not(integrationId(plan), integrationId({ ...plan, properties: { ...plan.properties, PayloadFormatVersion: '1.0' } }));
});

test('the kind is part of the identity', () => {
  assert.is.not(logicalId('Route', 'x', 'same').slice(-8), logicalId('Integration', 'x', 'same').slice(-8));
});

test('value words name what a Value points at', () => {
  assert.is(valueWords({ Ref: 'BooksFunctionArn' }), 'BooksFunctionArn');
  assert.is(valueWords({ 'Fn::GetAtt': ['BooksFunction', 'Arn'] }), 'BooksFunction');
  assert.is(valueWords('arn:aws:lambda:us-east-1:123456789012:function:get-book'), 'get-book');
  assert.is(valueWords('arn:aws:lambda:us-east-1:123456789012:function:get-book:live'), 'get-book:live');
  assert.is(valueWords({ 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders-${Stage}' }), 'orders-Stage');
  assert.is(valueWords({ 'Fn::ImportValue': 'shared-FnArn' }), 'shared-FnArn');
  assert.is(valueWords({ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'lambda', 'function', 'delete-user']] }), 'delete-user');
});

test('renaming a path variable keeps the route ID, so CloudFormation updates the route in place', () => {
  const routeIds = (key: string) => {
    const spec = { api: { name: 'orders' }, routes: { [key]: { integration: { type: 'lambda' as const, function: 'arn:aws:lambda:us-east-1:123456789012:function:orders' } } } };
    const template = JSON.parse(unwrap(buildSpec(spec, 'json')).text) as { Resources: Record<string, { Type: string }> };
    return Object.keys(template.Resources).filter((id) => template.Resources[id].Type === 'AWS::ApiGatewayV2::Route');
  };
  const before = routeIds('GET /orders/{orderId}');
  assert.equal(routeIds('GET /orders/{id}'), before);
  assert.match(before[0], /^RouteGETOrdersParam[0-9A-F]{8}$/);
  assert.equal(routeIds('GET /orders/{rest+}'), routeIds('GET /orders/{proxy+}'), 'greedy variables too');
  assert.not.equal(routeIds('GET /orders/{proxy+}'), before, 'a greedy variable is another route');
});

test.run();
