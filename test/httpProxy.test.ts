/**
 * HTTP proxy integrations (URL, ALB, NLB, Cloud Map), VPC links and response parameter mapping: the rules the
 * golden fixtures do not spell out one by one.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTemplate, decodeSpec } from '../src/index';
import { urlProblem } from '../src/shared/url';
import { statusCodeProblem, toCloudFormationResponseParameters } from '../src/shared/parameterMapping';
import { errorsOf, unwrap } from './helpers/either';

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2';
const LINKS = {
  main: { subnetIds: ['subnet-0a1b2c3d4e5f60718'], securityGroupIds: ['sg-0123456789abcdef0'] },
  old: { id: 'a1b2c3' },
};
const alb = (extra: object = {}) => ({ integration: { type: 'alb', listener: LISTENER, vpcLink: 'main', ...extra } });

function resources(spec: unknown) {
  return unwrap(buildTemplate(unwrap(decodeSpec(spec)))).template.Resources;
}

test('URLs: scheme, host, path variables and stage variables', () => {
  for (const ok of [
    'https://example.com',
    'http://10.0.0.1:8080/a/{id}/{proxy}',
    'https://${stageVariables.host}/v1',
    'https://api-${stageVariables.env}.example.com/x?q=${stageVariables.q}',
  ]) {
    assert.is(urlProblem(ok), undefined, ok);
  }
  const problems: Record<string, RegExp> = {
    'example.com/x': /http:\/\/ or https:\/\//,
    'https://': /host name/,
    'https://a@example.com': /host name/,
    'https://example.com/{proxy+}': /written \{proxy\}, without "\+"/,
    'https://example.com/${request.path.id}': /stageVariables/,
    'https://example.com/{a b}': /spaces/,
    'https://example.com/{a': /\{name\}/,
  };
  for (const [url, problem] of Object.entries(problems)) assert.match(urlProblem(url) ?? '', problem, url);
});

test('status codes: exact codes 200 to 599 only', () => {
  assert.is(statusCodeProblem('200'), undefined);
  assert.is(statusCodeProblem('599'), undefined);
  for (const bad of ['199', '600', '4XX', '40', '0404', 'default']) assert.ok(statusCodeProblem(bad), bad);
  assert.match(statusCodeProblem('5xx') ?? '', /not ranges/);
});

test("response mapping: CloudFormation's nested shape, in the order written", () => {
  assert.equal(
    toCloudFormationResponseParameters({ '404': { 'overwrite:statuscode': '410', 'append:header.x-a': '$context.requestId' } }),
    {
      '404': {
        ResponseParameters: [
          { Destination: 'overwrite:statuscode', Source: '410' },
          { Destination: 'append:header.x-a', Source: '$context.requestId' },
        ],
      },
    },
  );
});

test('one VPC link resource, shared by every integration naming it; existing links emit none', () => {
  const r = resources({
    api: { name: 'orders' },
    vpcLinks: LINKS,
    routes: { 'GET /a': alb(), 'GET /b': alb({ method: 'GET' }), 'GET /c': alb({ vpcLink: 'old' }) },
  });
  const links = Object.entries(r).filter(([, x]) => x.Type === 'AWS::ApiGatewayV2::VpcLink');
  assert.equal(links.map(([id]) => id), ['VpcLinkMain']);
  const connections = Object.values(r)
    .filter((x) => x.Type === 'AWS::ApiGatewayV2::Integration')
    .map((x) => (x.Properties as { ConnectionId: unknown }).ConnectionId);
  assert.equal(connections.sort(), [{ Ref: 'VpcLinkMain' }, { Ref: 'VpcLinkMain' }, 'a1b2c3'].sort());
});

test('adding a route or a link renames nothing', () => {
  const before = Object.keys(resources({ api: { name: 'orders' }, vpcLinks: LINKS, routes: { 'GET /a': alb() } }));
  const after = Object.keys(
    resources({
      api: { name: 'orders' },
      vpcLinks: { ...LINKS, other: { subnetIds: ['subnet-0f1e2d3c4b5a69788'], securityGroupIds: ['sg-0fedcba9876543210'] } },
      routes: { 'GET /a': alb(), 'GET /z': alb({ vpcLink: 'other' }) },
    }),
  );
  for (const id of before) assert.ok(after.includes(id), id);
});

test('an undeclared link is reported with every other error, once', () => {
  const errors = errorsOf(
    decodeSpec({
      api: { name: 'orders' },
      vpcLinks: LINKS,
      routes: {
        'GET /a': alb({ vpcLink: 'mian', timeout: '31s' }),
        'GET /b': { integration: { type: 'lambda', function: 'arn:aws:lambda:us-east-1:123456789012:function:f', vpcLink: 'nope' } },
      },
    }),
  );
  assert.equal(errors, [
    'routes["GET /a"].integration.timeout: must be between 50 ms and 30 s, got 31 s',
    'routes["GET /b"].integration.vpcLink: unknown field; lambda integration takes type, function, payloadFormatVersion, timeout, requestParameters, description, permission',
    'routes["GET /a"].integration.vpcLink: no VPC link named "mian" is declared (did you mean "main"?); declared: main, old',
  ]);
});

test('VPC link declarations: one form or the other, distinct logical IDs, list intrinsics', () => {
  const decl = (vpcLinks: unknown) => errorsOf(decodeSpec({ api: { name: 'orders' }, vpcLinks, routes: { 'GET /a': alb() } }));
  assert.match(decl({ main: { id: 'abc', subnetIds: ['subnet-0a1b2c3d4e5f60718'] } })[0], /not both/);
  assert.match(decl({ main: {} })[0], /subnetIds and securityGroupIds .* or id/);
  assert.equal(decl({ ...LINKS, Main: { id: 'abd' } }), ['vpcLinks.Main: gives the same logical ID (VpcLinkMain) as "main"; rename one of them']);
  assert.match(decl({ main: { ...LINKS.main, subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60718'] } })[0], /listed twice/);
  const r = resources({
    api: { name: 'orders' },
    parameters: { Groups: { type: 'List<AWS::EC2::SecurityGroup::Id>' } },
    vpcLinks: { main: { subnetIds: { 'Fn::Split': [',', { 'Fn::ImportValue': 'Subnets' }] }, securityGroupIds: { Ref: 'Groups' } } },
    routes: { 'GET /a': alb() },
  });
  assert.equal(r.VpcLinkMain.Properties, {
    Name: 'main',
    SubnetIds: { 'Fn::Split': [',', { 'Fn::ImportValue': 'Subnets' }] },
    SecurityGroupIds: { Ref: 'Groups' },
  });
});

test('an empty security group list warns once, however many integrations use the link', () => {
  const spec = {
    api: { name: 'orders' },
    vpcLinks: { main: { ...LINKS.main, securityGroupIds: [] } },
    routes: { 'GET /a': alb(), 'GET /b': alb({ method: 'GET' }) },
  };
  const warnings = unwrap(buildTemplate(unwrap(decodeSpec(spec)))).warnings;
  assert.equal(warnings.map((w) => w.path), ['vpcLinks.main.securityGroupIds']);
  assert.match(warnings[0].message, /shared/);
});

test.run();
