/**
 * APIs without routes, WebSocket stages that do not deploy themselves, API keys without usage plans, and VPC links
 * past the default subnet quota: what builds, what warns, and what is refused.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSpec } from '../src/build';
import { SpecInput } from '../src/spec/spec';
import { Warning } from '../src/errors';

interface Built {
  readonly types: string[];
  readonly resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  readonly warnings: readonly Warning[];
}

function build(spec: unknown): Built {
  const r = buildSpec(spec as SpecInput, 'json');
  if (r._tag === 'Left') throw new Error(r.left.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const resources = (JSON.parse(r.right.text) as { Resources: Built['resources'] }).Resources;
  return { types: Object.values(resources).map((x) => x.Type).sort(), resources, warnings: r.right.warnings };
}

const errorPaths = (spec: unknown) => {
  const r = buildSpec(spec as SpecInput, 'json');
  return r._tag === 'Left' ? r.left.map((e) => e.path) : [];
};

const stageOf = (b: Built) => Object.values(b.resources).find((x) => x.Type === 'AWS::ApiGatewayV2::Stage')!.Properties;
const webSocket = (stage: object, routes?: object) => ({ api: { name: 'chat', protocol: 'websocket', stage: { name: 'dev', ...stage } }, ...(routes && { routes }) });
const mock = { integration: { type: 'mock' } };

test('an API without routes builds its API and stage, with routes: {} or none', () => {
  for (const routes of [{}, undefined]) {
    const http = build({ api: { name: 'books' }, ...(routes && { routes }) });
    assert.equal(http.types, ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage']);
    assert.equal(http.warnings, []);
    const ws = build(webSocket({}, routes));
    assert.equal(ws.types, ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage']);
    assert.is(stageOf(ws).AutoDeploy, true);
  }
});

test('an API defined elsewhere needs a route: without one the template would hold nothing', () => {
  assert.equal(errorPaths({ api: { existing: 'abc123' } }), ['routes']);
  assert.equal(errorPaths({ api: { existing: 'abc123', protocol: 'websocket' }, routes: {} }), ['routes']);
});

test('a WebSocket stage without autoDeploy warns that removed routes stay live; without routes it has no Deployment', () => {
  const deployed = build(webSocket({ autoDeploy: false }, { ping: mock }));
  assert.ok(deployed.types.includes('AWS::ApiGatewayV2::Deployment'));
  assert.equal(deployed.warnings.map((w) => w.path), ['api.stage.autoDeploy']);
  assert.match(deployed.warnings[0].message, /stays live on the stage after the update that removes it/);

  const empty = build(webSocket({ autoDeploy: false }));
  assert.equal(empty.types, ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage']);
  assert.equal(Object.keys(stageOf(empty)).sort(), ['ApiId', 'StageName']);
  assert.match(empty.warnings[0].message, /At least one route is required before deploying the Api/);

  assert.equal(build(webSocket({}, { ping: mock })).warnings, []);
});

test('apiKeyRequired warns: without a usage plan every connection is refused', () => {
  const b = build(webSocket({}, { $connect: { ...mock, apiKeyRequired: true }, ping: { ...mock, apiKeyRequired: false } }));
  assert.equal(b.warnings.map((w) => w.path), ['routes["$connect"].apiKeyRequired']);
  assert.match(b.warnings[0].message, /usage plan/);
});

test('a VPC link with more than 10 subnets builds, with a warning (the quota is adjustable)', () => {
  const subnets = (n: number) => Array.from({ length: n }, (_, i) => `subnet-0a1b2c3d4e5f607${String(i).padStart(2, '0')}`);
  const spec = (n: number) => ({
    api: { name: 'orders' },
    vpcLinks: { main: { subnetIds: subnets(n), securityGroupIds: ['sg-0123456789abcdef0'] } },
    routes: {
      'GET /x': {
        integration: {
          type: 'alb',
          listener: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2',
          vpcLink: 'main',
        },
      },
    },
  });
  assert.equal(build(spec(10)).warnings, []);
  const eleven = build(spec(11));
  assert.equal(eleven.warnings.map((w) => w.path), ['vpcLinks.main.subnetIds']);
  assert.match(eleven.warnings[0].message, /^11 subnets: API Gateway allows 10 per VPC link unless/);
});

test.run();
