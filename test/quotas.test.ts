import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkApiQuotas } from '../src/api/quotas';
import { Resource, Template } from '../src/template/types';

function template(integrations: number, routes: number): Template {
  const resources: Record<string, Resource> = {};
  for (let i = 0; i < integrations; i++) {
    resources[`I${i}`] = { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Api' }, IntegrationType: 'MOCK' } };
  }
  for (let i = 0; i < routes; i++) {
    resources[`R${i}`] = { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Api' }, RouteKey: `GET /r${i}` } };
  }
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
}

test('300 integrations and 300 routes per API are fine', () => {
  assert.equal(checkApiQuotas(template(300, 300)), { errors: [], warnings: [] });
});

test('301 integrations are an error (HTTP APIs cannot raise the quota); 301 routes a warning', () => {
  const r = checkApiQuotas(template(301, 301));
  assert.equal(r.errors.map((e) => e.message), [
    'API !Ref Api has 301 distinct integrations; API Gateway allows at most 300 per API, and HTTP APIs cannot raise that quota (routes with equal integration settings share one)',
  ]);
  assert.equal(r.warnings.map((w) => w.message), ['API !Ref Api has 301 routes; API Gateway allows 300 per API unless you have asked AWS to raise the quota']);
});

test('more than 10 stages on one API are a warning (the quota is adjustable)', () => {
  const stages = (n: number): Template => ({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: Object.fromEntries(
      Array.from({ length: n }, (_, i) => [`S${i}`, { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: `s${i}` } } as Resource]),
    ),
  });
  assert.equal(checkApiQuotas(stages(10)), { errors: [], warnings: [] });
  assert.equal(checkApiQuotas(stages(11)).warnings.map((w) => w.message), [
    'API !Ref Api has 11 stages; API Gateway allows 10 per API unless you have asked AWS to raise the quota',
  ]);
});

test.run();
