/**
 * Nested stacks (src/split/): the hash that places routes, the wiring between root and route stacks, when a spec
 * needs nested stacks, and the errors past CloudFormation's limits.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bucketOf, placeResources } from '../src/split/placement';
import { splitTemplate } from '../src/split/split';
import { layoutTemplate } from '../src/split/layout';
import { placementOf } from '../src/split/options';
import { buildStacks, planSpec } from '../src/split/stacks';
import { buildSpec } from '../src/build';
import { SpecInput } from '../src/spec/spec';
import { Resource, Template } from '../src/template/types';
import { errorsOf, unwrap } from './helpers/either';

test('bucketOf is deterministic, in range, and spreads IDs evenly', () => {
  assert.is(bucketOf('RouteGETBooks0A1B2C3D', 8), bucketOf('RouteGETBooks0A1B2C3D', 8));
  const counts = new Array(8).fill(0);
  for (let i = 0; i < 8000; i++) counts[bucketOf(`Route${i}`, 8)]++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, `bucket sizes ${counts.join(', ')}`);
  assert.is(bucketOf('anything', 1), 0);
});

test('bucketOf: one more bucket moves only the IDs that land in it (jump consistent hash)', () => {
  for (let i = 0; i < 2000; i++) {
    const before = bucketOf(`Route${i}`, 8);
    const after = bucketOf(`Route${i}`, 9);
    assert.ok(after === before || after === 8, `Route${i}: ${before} -> ${after}`);
  }
});

const api: Resource = { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'x', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } };
const route = (key: string, extra: Record<string, unknown> = {}): Resource =>
  ({ Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'ApiX' }, RouteKey: key, ...extra } }) as unknown as Resource;

/** Route IDs that the hash sends to the first and the second of two stacks. */
function routeIdsIn(count: number): string[][] {
  const ids: string[][] = Array.from({ length: count }, () => []);
  for (let i = 0; ids.some((b) => b.length < 2); i++) ids[bucketOf(`Route${i}`, count)].push(`Route${i}`);
  return ids;
}

test('splitTemplate wires references both ways: parameters in, outputs out, lists joined, pseudo parameters passed', () => {
  const [[a], [b]] = routeIdsIn(2);
  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Secret: { Type: 'String', NoEcho: true }, Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' } },
    Resources: {
      ApiX: api,
      [a]: route('a', { OperationName: { 'Fn::Sub': '${AWS::StackName}-${Secret}-${ApiX.ApiEndpoint}-${!Literal}' }, AuthorizationScopes: { Ref: 'Subnets' } }),
      [b]: route('b', { OperationName: { 'Fn::GetAtt': ['ApiX', 'ApiEndpoint'] } }),
      Deployment: {
        Type: 'AWS::ApiGatewayV2::Deployment',
        DependsOn: [b, a],
        Properties: { ApiId: { Ref: 'ApiX' }, Description: { 'Fn::Sub': 'after ${' + a + '}' } },
      } as unknown as Resource,
    },
    Outputs: { RouteA: { Value: { Ref: a } } },
  };
  const split = unwrap(splitTemplate(template, { count: 2, format: 'yaml' }));
  const [first, second] = split.nested;
  assert.equal(first.template.Parameters, {
    ApiX: { Type: 'String' },
    ApiXApiEndpoint: { Type: 'String' },
    ParentStackName: { Type: 'String' },
    Secret: { Type: 'String', NoEcho: true },
    Subnets: { Type: 'CommaDelimitedList' },
  });
  assert.equal(first.template.Resources[a].Properties, {
    ApiId: { Ref: 'ApiX' },
    RouteKey: 'a',
    OperationName: { 'Fn::Sub': '${ParentStackName}-${Secret}-${ApiXApiEndpoint}-${!Literal}' },
    AuthorizationScopes: { Ref: 'Subnets' },
  });
  assert.equal(first.template.Outputs, { [a]: { Value: { Ref: a } } });
  assert.equal(second.template.Resources[b].Properties, { ApiId: { Ref: 'ApiX' }, RouteKey: 'b', OperationName: { Ref: 'ApiXApiEndpoint' } });
  const root = split.root.Resources;
  assert.equal(root.RouteStack1.Properties, {
    TemplateURL: 'route-stack-1.yaml',
    Parameters: {
      ApiX: { Ref: 'ApiX' },
      ApiXApiEndpoint: { 'Fn::GetAtt': ['ApiX', 'ApiEndpoint'] },
      ParentStackName: { Ref: 'AWS::StackName' },
      Secret: { Ref: 'Secret' },
      Subnets: { 'Fn::Join': [',', { Ref: 'Subnets' }] },
    },
  });
  assert.equal(root.RouteStack2.DependsOn, ['RouteStack1'], 'one stack at a time by default');
  assert.equal(root.Deployment.DependsOn, ['RouteStack1', 'RouteStack2']);
  assert.equal((root.Deployment.Properties as Record<string, unknown>).Description, { 'Fn::Sub': `after \${RouteStack1.Outputs.${a}}` });
  assert.equal(split.root.Outputs, { RouteA: { Value: { 'Fn::GetAtt': ['RouteStack1', `Outputs.${a}`] } } });
});

test('splitTemplate: maxParallel chains stacks in groups, a URL prefix replaces the relative path, and stack IDs are reserved', () => {
  const ids = routeIdsIn(4).map(([id]) => id);
  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { ApiX: api, ...Object.fromEntries(ids.map((id, i) => [id, route(`r${i}`)])) },
  };
  const split = unwrap(splitTemplate(template, { count: 4, format: 'json', maxParallel: 2, templateUrlPrefix: 'https://b.s3.amazonaws.com/api/' }));
  const stacks = split.root.Resources;
  assert.equal(
    [1, 2, 3, 4].map((i) => stacks[`RouteStack${i}`].DependsOn),
    [undefined, undefined, ['RouteStack1'], ['RouteStack2']],
  );
  assert.is((stacks.RouteStack3.Properties as { TemplateURL: string }).TemplateURL, 'https://b.s3.amazonaws.com/api/route-stack-3.json');
  assert.is(stacks.RouteStack3.Metadata, undefined, 'an S3 URL needs no cfn-lint exception');
  const clash = splitTemplate({ ...template, Parameters: { RouteStack2: { Type: 'String' } } }, { count: 4, format: 'yaml' });
  assert.equal(errorsOf(clash), ['parameters.RouteStack2: is the logical ID of a nested stack (route stacks are RouteStack1 to RouteStack4); rename the parameter']);
});

test('placement: a route permission hashes by its own ID; an authorizer and its permission stay in the root', () => {
  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      ApiX: api,
      AuthorizerA: { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: { ApiId: { Ref: 'ApiX' }, AuthorizerType: 'REQUEST', Name: 'a' } },
      PermissionAuthorizer: {
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'f', Principal: 'apigateway.amazonaws.com', SourceArn: { 'Fn::Sub': '${ApiX}/authorizers/${AuthorizerA}' } },
      },
      PermissionRoute: {
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'f', Principal: 'apigateway.amazonaws.com', SourceArn: { 'Fn::Sub': '${ApiX}/*/GET/a' } },
      },
    },
  };
  const homes = placeResources(template, 8);
  assert.equal([homes.get('ApiX'), homes.get('AuthorizerA'), homes.get('PermissionAuthorizer')], ['root', 'root', 'root']);
  assert.is(homes.get('PermissionRoute'), bucketOf('PermissionRoute', 8));
});

/** An HTTP spec with `n` Lambda routes over `functions` functions (one integration each), a permission per route. */
function spec(n: number, extra: Record<string, unknown> = {}, functions = 25): SpecInput {
  const routes = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`GET /r${i}`, { integration: { type: 'lambda', function: `arn:aws:lambda:us-east-1:123456789012:function:f${i % functions}` } }]),
  );
  return { api: { name: 'big', permissionScope: 'route' }, routes, ...extra } as SpecInput;
}

test('one template up to 500 resources; one more makes a root and route stacks, and build without --out-dir says so', () => {
  // Per route: a route, an integration (one per function, 25 at most) and a permission; plus the API and stage.
  const fits = (n: number) => 2 + n + Math.min(n, 25) + n;
  let n = 1;
  while (fits(n + 1) <= 500) n++;
  assert.ok(fits(n) <= 500 && fits(n + 1) > 500);
  const single = unwrap(buildStacks(spec(n), 'yaml'));
  assert.equal(single.files.map((f) => f.file), ['template.yaml']);
  assert.is(single.files[0].text, unwrap(buildSpec(spec(n), 'yaml')).text, 'byte-identical to a plain build');

  const nested = unwrap(buildStacks(spec(n + 1), 'yaml'));
  assert.ok(nested.files.length > 2 && nested.files[0].file === 'template.yaml', nested.files.map((f) => f.file).join(', '));
  const message = errorsOf(buildSpec(spec(n + 1), 'yaml'));
  assert.equal(message, [
    `as one template it would hold ${fits(n + 1)} resources (at most 500), past CloudFormation's limits for one template; it builds into a root template and ${nested.files.length - 1} nested stacks. ` +
      'Write them into a directory with apigw-cfn build SPEC --out-dir DIR (in a script: buildStacks), and deploy them with aws cloudformation package (see the README, "Nested stacks")',
  ]);
});

test('lower thresholds under stacks split earlier, and a stack past them is an error that names it', () => {
  const low = unwrap(buildStacks(spec(10, { stacks: { maxResources: 30 } }), 'yaml'));
  assert.ok(low.files.length > 1, 'split at 30 resources');
  const bytes = unwrap(buildStacks(spec(20, { stacks: { maxTemplateBytes: 4096 } }, 1), 'yaml'));
  assert.ok(bytes.files.length > 1, 'split past 4 KiB');
  const tooFew = errorsOf(buildStacks(spec(40, { stacks: { maxResources: 20, count: 2 } }), 'yaml'));
  assert.ok(tooFew.length >= 1 && tooFew.every((e) => /^(route stack \d|the root template)/.test(e)), tooFew.join('\n'));
  assert.match(tooFew.find((e) => e.startsWith('route stack'))!, /past the limits set under stacks: spread the routes over more stacks with stacks\.count \(now 2\)/);
});

test('more than 2,500 resources across the stacks is one error that says how to deploy it as separate stacks', () => {
  const errors = errorsOf(buildStacks(spec(1300, { stacks: { count: 16 } }), 'yaml'));
  assert.is(errors.length, 1);
  assert.match(errors[0], /^the API needs 2,6\d\d resources across its stacks, more than the 2,500 CloudFormation creates or updates in one operation/);
  assert.match(errors[0], /api: \{existing: !Ref ApiId\} \(a parameter that takes its ApiBigId output\); deploy this stack first, then the route stacks one at a time$/);
  const plan = unwrap(planSpec(spec(1300, { stacks: { count: 16 } })));
  assert.equal(plan.problems, errors, 'plan shows the same problem beside the stacks');
  assert.ok(plan.operation.used > 2500);
});

test('layoutTemplate keeps the single template untouched when it fits', () => {
  const template: Template = { AWSTemplateFormatVersion: '2010-09-09', Resources: { ApiX: api } };
  const layout = unwrap(layoutTemplate(template, placementOf(undefined), { format: 'json' }));
  assert.is(layout.kind, 'single');
});

test('a fragment or a merge past one template says to build a stack of its own', () => {
  const fragment = errorsOf(buildSpec(spec(250), 'yaml', { kind: 'fragment' }));
  assert.equal(fragment, [
    "the fragment alone holds 527 resources (at most 500), past CloudFormation's limits for one template. Build the spec as a stack of its own instead " +
      '(apigw-cfn build SPEC --out-dir DIR splits it into nested stacks when needed) and deploy it beside the host; ' +
      'to add the routes to an API the host defines, write api: {existing: !Ref ApiId} with a parameter that takes its id',
  ]);
  const host = JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`Queue${i}`, { Type: 'AWS::SQS::Queue' }])) });
  const merged = errorsOf(buildSpec(spec(20), 'json', { kind: 'merge', hostText: host, hostSource: 'host.json' }));
  assert.match(merged[0], /^the merged template would have 512 resources \(450 of the host's, 62 from the spec\); CloudFormation allows at most 500\. Deploy the spec as a stack of its own/);
});

test('stacks.nested: always on a fragment or a merge is a warning: the host template holds it, never split', () => {
  const nested = spec(3, { stacks: { nested: 'always' } });
  const fragment = unwrap(buildSpec(nested, 'yaml', { kind: 'fragment' }));
  assert.equal(fragment.warnings.filter((w) => w.path === 'stacks.nested').map((w) => w.message), [
    'is always, but a fragment goes into a host template as it is, never split into nested stacks; for route stacks, build the spec as a stack of its own (apigw-cfn build SPEC --out-dir DIR)',
  ]);
  const host = JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } });
  const merged = unwrap(buildSpec(nested, 'json', { kind: 'merge', hostText: host, hostSource: 'host.json' }));
  assert.match(merged.warnings.find((w) => w.path === 'stacks.nested')?.message ?? '', /^is always, but merge adds the resources to the host template as they are/);
  // Without it (auto), nothing to say: a fragment within one template's limits is what was asked for.
  assert.equal(unwrap(buildSpec(spec(3), 'yaml', { kind: 'fragment' })).warnings.filter((w) => w.path === 'stacks.nested'), []);
});

test('the stacks field is decoded like every other: bounds and unknown keys name their place', () => {
  const errors = errorsOf(buildStacks(spec(2, { stacks: { count: 0, maxResources: 600, nested: 'never', splt: true } }), 'yaml'));
  assert.equal(errors.map((e) => e.split(':')[0]), ['stacks.nested', 'stacks.count', 'stacks.maxResources', 'stacks.splt']);
});

test.run();
