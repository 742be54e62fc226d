import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lambdaPermissions, executeApiArn, MAX_STATEMENTS_PER_FUNCTION } from '../src/shared/lambdaPermission';
import { buildSpec } from '../src/build';
import { SpecInput, decodeSpec } from '../src/spec/spec';
import { formatNotice } from '../src/notices';
import { errorsOf, unwrap } from './helpers/either';
import { executeApiResourcePath, parseHttpRouteKey } from '../src/routes/routeKey';

const path = (key: string) => {
  const parsed = parseHttpRouteKey(key);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return executeApiResourcePath(parsed.key);
};

test('execute-api resource paths: parameters and greedy segments as *, ANY as *, $default as is', () => {
  assert.is(path('GET /books'), 'GET/books');
  assert.is(path('GET /books/{id}'), 'GET/books/*');
  assert.is(path('ANY /files/{proxy+}'), '*/files/*');
  assert.is(path('POST /'), 'POST/');
  assert.is(path('$default'), '$default');
});

test('SourceArn inlines a Ref to our API, and passes any other API id as a Sub variable', () => {
  assert.equal(executeApiArn({ Ref: 'ApiBooks' }, '*/GET/books'), {
    'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiBooks}/*/GET/books',
  });
  assert.equal(executeApiArn({ 'Fn::ImportValue': 'shared-ApiId' }, '*'), {
    'Fn::Sub': ['arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiId}/*', { ApiId: { 'Fn::ImportValue': 'shared-ApiId' } }],
  });
  assert.equal(executeApiArn('a1b2c3', '*'), {
    'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:a1b2c3/*',
  });
});

const grants = (n: number, fn = 'arn:aws:lambda:us-east-1:123456789012:function:f') =>
  Array.from({ length: n }, (_, i) => ({ function: fn, resourcePath: `GET/r${i}`, source: `routes["GET /r${i}"]` }));

const sourceArns = (fragment: ReturnType<typeof lambdaPermissions>) =>
  Object.values(fragment.resources ?? {}).map((r) => ((r.Properties as { SourceArn: { 'Fn::Sub': string } }).SourceArn['Fn::Sub']));

test(`auto scope: ${MAX_STATEMENTS_PER_FUNCTION} statements stay per route, one more collapses with a warning`, () => {
  const at = lambdaPermissions({ Ref: 'Api' }, grants(MAX_STATEMENTS_PER_FUNCTION), 'auto');
  assert.is(Object.keys(at.resources!).length, MAX_STATEMENTS_PER_FUNCTION);
  assert.equal(at.warnings, []);
  const over = lambdaPermissions({ Ref: 'Api' }, grants(MAX_STATEMENTS_PER_FUNCTION + 1), 'auto');
  assert.equal(sourceArns(over), ['arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*']);
  assert.is(over.warnings!.length, 1);
});

test('duplicates (same function and path) give one statement; functions are counted separately', () => {
  const g = [...grants(3), ...grants(3), ...grants(20, 'arn:aws:lambda:us-east-1:123456789012:function:g')];
  const fragment = lambdaPermissions({ Ref: 'Api' }, g, 'auto');
  assert.is(Object.keys(fragment.resources!).length, 23);
  assert.equal(fragment.warnings, []);
});

test('forced scopes: route keeps every statement, api always collapses (without a warning)', () => {
  assert.is(Object.keys(lambdaPermissions({ Ref: 'Api' }, grants(30), 'route').resources!).length, 30);
  const api = lambdaPermissions({ Ref: 'Api' }, grants(2), 'api');
  assert.is(Object.keys(api.resources!).length, 1);
  assert.equal(api.warnings, []);
});

test('every permission is for API Gateway, lambda:InvokeFunction, with a SourceArn', () => {
  for (const r of Object.values(lambdaPermissions({ Ref: 'Api' }, grants(5), 'auto').resources!)) {
    const p = r.Properties as Record<string, unknown>;
    assert.is(p.Principal, 'apigateway.amazonaws.com');
    assert.is(p.Action, 'lambda:InvokeFunction');
    assert.ok(p.SourceArn);
  }
});

test('a "${" in a route key stays literal in the SourceArn (escaped for Fn::Sub)', () => {
  const fragment = lambdaPermissions({ Ref: 'Api' }, [{ function: 'arn:aws:lambda:us-east-1:123456789012:function:f', resourcePath: 'say${hi}', source: 's' }], 'auto');
  assert.equal(sourceArns(fragment), ['arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/say${!hi}']);
});

const f = (account: string, name: string, region = 'us-east-1') => `arn:aws:lambda:${region}:${account}:function:${name}`;

test('permission: false writes no permission, and a notice per statement the owner must add, computed as ours would be', () => {
  const owner = [...grants(2, f('210987654321', 'p'))].map((g) => ({ ...g, grantedByOwner: true }));
  const fragment = lambdaPermissions({ Ref: 'Api' }, [...owner, ...grants(1)], 'auto');
  assert.is(Object.keys(fragment.resources!).length, 1, 'only the function of this account');
  assert.equal(
    fragment.notices!.map((n) => [n.path, (n.statement!.sourceArn as { 'Fn::Sub': string })['Fn::Sub'].replace(/^.*\$\{Api\}\//, '')]),
    [
      ['routes["GET /r0"].integration.permission', '*/GET/r0'],
      ['routes["GET /r1"].integration.permission', '*/GET/r1'],
    ],
  );
  // Past the collapse threshold, one API-wide statement, as for a permission of this stack.
  const many = lambdaPermissions({ Ref: 'Api' }, grants(21, f('210987654321', 'p')).map((g) => ({ ...g, grantedByOwner: true })), 'auto');
  assert.equal(many.resources, {});
  assert.equal(many.notices!.map((n) => (n.statement!.sourceArn as { 'Fn::Sub': string })['Fn::Sub'].endsWith('${Api}/*')), [true]);
});

test('the notice reads as the command the owner runs', () => {
  const r = unwrap(
    buildSpec(
      { api: { name: 'p' }, routes: { 'GET /x': { integration: { type: 'lambda', function: f('210987654321', 'p'), permission: false } } } },
      'yaml',
    ),
  );
  // The statement id is the permission's would-be logical ID (its digest aside).
  assert.equal(r.notices.map((n) => formatNotice(n).replace(/PermissionPGETX[0-9A-F]{8}/, 'PermissionPGETX<digest>')), [
    `routes["GET /x"].integration.permission: false: no Lambda permission is written for ${f('210987654321', 'p')}; its owner must allow API Gateway to invoke it\n` +
      `  aws lambda add-permission --function-name ${f('210987654321', 'p')} --statement-id PermissionPGETX<digest> --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn 'arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${ApiP}/*/GET/x'\n` +
      "  (in --source-arn, ${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId} and the API's id are those of this stack once deployed)",
  ]);
  assert.not.match(r.text, /AWS::Lambda::Permission/);
});

test('a function granted here on one use and by its owner on another is an error', () => {
  const fn = { 'Fn::GetAtt': 'Partner.Arn' };
  const errors = errorsOf(
    decodeSpec({
      api: { name: 'p' },
      routes: {
        'GET /a': { integration: { type: 'lambda', function: fn, permission: false } },
        'GET /b': { integration: { type: 'lambda', function: { 'Fn::GetAtt': ['Partner', 'Arn'] } } },
      },
    }),
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^routes\["GET \/b"\]\.integration\.function: routes\["GET \/a"\]\.integration leaves this function's permission to its owner/);
});

test('literal function ARNs that get permissions pin the Region with a rule; two Regions are an error', () => {
  const spec = (routes: Record<string, unknown>) => ({ api: { name: 'r' }, routes });
  const rules = (s: unknown) => JSON.parse(unwrap(buildSpec(s as SpecInput, 'json')).text).Rules;
  assert.equal(rules(spec({ 'GET /a': { integration: { type: 'lambda', function: f('123456789012', 'a', 'eu-west-1') } } })).DeployRegion.Assertions[0].Assert, {
    'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'],
  });
  // By reference, or left to the owner: nothing pinned.
  assert.is(rules(spec({ 'GET /a': { integration: { type: 'lambda', function: { 'Fn::ImportValue': 'f' } } } })), undefined);
  assert.is(rules(spec({ 'GET /a': { integration: { type: 'lambda', function: f('123456789012', 'a', 'eu-west-1'), permission: false } } })), undefined);
  const errors = errorsOf(
    decodeSpec(
      spec({
        'GET /a': { integration: { type: 'lambda', function: f('123456789012', 'a', 'eu-west-1') } },
        'GET /b': { integration: { type: 'lambda', function: f('123456789012', 'b', 'us-east-1') } },
        'GET /c': { integration: { type: 'lambda', function: f('123456789012', 'c', 'us-east-1'), permission: false } },
      }),
    ),
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^routes\["GET \/b"\]\.integration\.function: names a function in us-east-1, but routes\["GET \/a"\]\.integration\.function is in eu-west-1/);
});

test('a literal function ARN writes its own Region into the invocation URI; an intrinsic takes the stack\'s', async () => {
  const { lambdaInvocationUri } = await import('../src/shared/lambdaUri');
  assert.is(
    lambdaInvocationUri('arn:aws-cn:lambda:cn-north-1:123456789012:function:f'),
    'arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:f/invocations',
  );
  assert.equal(lambdaInvocationUri({ Ref: 'Fn' }), { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn}/invocations' });
});

test('SourceArns name one API and one route: wildcards in an existing API id or a Lambda route key are refused', () => {
  const lambda = { type: 'lambda', function: f('123456789012', 'a') };
  const paths = (s: unknown) => errorsOf(decodeSpec(s)).map((e) => e.slice(0, e.indexOf(': ')));
  assert.equal(paths({ api: { existing: '*' }, routes: { 'GET /a': { integration: lambda } } }), ['api.existing']);
  assert.equal(paths({ api: { existing: 'abc/*' }, routes: { 'GET /a': { integration: lambda } } }), ['api.existing']);
  assert.equal(paths({ api: { existing: { 'Fn::Sub': '${AWS::StackName}*' } }, routes: { 'GET /a': { integration: lambda } } }), ['api.existing']);
  unwrap(decodeSpec({ api: { existing: { 'Fn::ImportValue': 'x' } }, routes: { 'GET /a': { integration: lambda } } }));
  assert.equal(paths({ api: { name: 'a' }, routes: { 'GET /a/*': { integration: lambda }, 'GET /b/*': { integration: { type: 'http', url: 'https://x.example.com' } } } }), [
    'routes["GET /a/*"]',
  ]);
  const ws = (key: string, integration: unknown) => ({ api: { name: 'c', protocol: 'websocket', stage: { name: 'p' } }, routes: { [key]: { integration } } });
  assert.equal(paths(ws('*', lambda)), ['routes["*"]']);
  assert.equal(paths(ws('a?', lambda)), ['routes["a?"]']);
  unwrap(decodeSpec(ws('*', { type: 'mock' })));
  // An ANY route gets an OPTIONS route on a Lambda preflight integration: its path lands in a SourceArn too.
  const preflight = { type: 'lambda', function: f('123456789012', 'p') };
  assert.equal(
    paths({ api: { name: 'a', cors: { allowOrigins: ['*'], preflight: { integration: preflight } } }, routes: { 'ANY /x*': { integration: { type: 'http', url: 'https://x.example.com' } } } }),
    ['routes["ANY /x*"]'],
  );
});

test.run();
