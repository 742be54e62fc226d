import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lambdaPermissions, executeApiArn, MAX_STATEMENTS_PER_FUNCTION } from '../src/shared/lambdaPermission';
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

test.run();
