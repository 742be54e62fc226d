/**
 * Authorizers and authorization, where a golden file cannot show it: how defaults and opt-outs resolve, what the
 * authorizer's permission grants, which names are refused, and what each protocol takes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildFragments, buildTemplate } from '../src/build';
import { decodeSpec } from '../src/spec/spec';
import { buildAuthorizers } from '../src/authorizers';
import { resolveAuthorization, routeAuthorizationProperties } from '../src/authorizers/authorization';
import { authorizerLogicalId, authorizerNameProblem } from '../src/authorizers/names';
import { resultTtl } from '../src/authorizers/lambda';
import { Resource, Template } from '../src/template/types';
import { errorsOf, unwrap } from './helpers/either';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const lambda = (name: string) => ({ type: 'lambda' as const, function: fn(name) });

function template(spec: unknown): Template {
  return unwrap(buildTemplate(unwrap(decodeSpec(spec)))).template;
}

function routeProperties(t: Template, routeKey: string): Record<string, unknown> {
  const route = Object.values(t.Resources).find(
    (r) => r.Type === 'AWS::ApiGatewayV2::Route' && (r.Properties as { RouteKey: string }).RouteKey === routeKey,
  );
  assert.ok(route, `no route ${routeKey}`);
  return route!.Properties as Record<string, unknown>;
}

const authorizationOf = (props: Record<string, unknown>) => ({
  type: props.AuthorizationType,
  id: props.AuthorizerId,
  scopes: props.AuthorizationScopes,
});

const permissions = (resources: Readonly<Record<string, Resource>>) =>
  Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission');

test('a route without authorization takes the api default; its own wins; none opts out and says so', () => {
  const t = template({
    api: { name: 'books', authorization: { authorizer: 'cognito', scopes: ['books/read'] } },
    authorizers: {
      cognito: { type: 'jwt', issuer: 'https://issuer.example.com', audiences: ['app'] },
      tokens: lambda('tokens'),
    },
    routes: {
      'GET /books': { integration: lambda('books') },
      'POST /books': { authorization: 'cognito', integration: lambda('books') },
      'GET /admin': { authorization: 'tokens', integration: lambda('books') },
      'GET /signed': { authorization: 'iam', integration: lambda('books') },
      'GET /health': { authorization: 'none', integration: lambda('books') },
    },
  });
  assert.equal(authorizationOf(routeProperties(t, 'GET /books')), { type: 'JWT', id: { Ref: 'AuthorizerCognito' }, scopes: ['books/read'] });
  // A route's own authorization replaces the default whole: no scopes inherited.
  assert.equal(authorizationOf(routeProperties(t, 'POST /books')), { type: 'JWT', id: { Ref: 'AuthorizerCognito' }, scopes: undefined });
  assert.equal(authorizationOf(routeProperties(t, 'GET /admin')), { type: 'CUSTOM', id: { Ref: 'AuthorizerTokens' }, scopes: undefined });
  assert.equal(authorizationOf(routeProperties(t, 'GET /signed')), { type: 'AWS_IAM', id: undefined, scopes: undefined });
  assert.equal(authorizationOf(routeProperties(t, 'GET /health')), { type: 'NONE', id: undefined, scopes: undefined });
});

test('without any authorization written, routes carry no authorization properties at all', () => {
  const t = template({ api: { name: 'books' }, routes: { 'GET /books': { integration: lambda('books') } } });
  assert.equal(Object.keys(routeProperties(t, 'GET /books')).sort(), ['ApiId', 'RouteKey', 'Target']);
  assert.equal(routeAuthorizationProperties(resolveAuthorization(undefined, undefined), undefined), {});
});

test("a WebSocket api default authorizes $connect only; other routes may say none, nothing else", () => {
  const spec = {
    api: { name: 'chat', protocol: 'websocket', stage: { name: 'dev' }, authorization: 'tokens' },
    authorizers: { tokens: lambda('tokens') },
    routes: {
      $connect: { integration: { type: 'mock' } },
      $disconnect: { authorization: 'none', integration: { type: 'mock' } },
      sendmessage: { integration: lambda('chat') },
    },
  };
  const t = template(spec);
  assert.equal(authorizationOf(routeProperties(t, '$connect')), { type: 'CUSTOM', id: { Ref: 'AuthorizerTokens' }, scopes: undefined });
  assert.equal(authorizationOf(routeProperties(t, 'sendmessage')), { type: undefined, id: undefined, scopes: undefined });
  assert.equal(authorizationOf(routeProperties(t, '$disconnect')), { type: 'NONE', id: undefined, scopes: undefined });
  // $connect may opt out of the default.
  const open = template({ ...spec, routes: { ...spec.routes, $connect: { authorization: 'none', integration: { type: 'mock' } } } });
  assert.equal(authorizationOf(routeProperties(open, '$connect')), { type: 'NONE', id: undefined, scopes: undefined });
  assert.equal(errorsOf(decodeSpec({ ...spec, routes: { ...spec.routes, sendmessage: { authorization: 'iam', integration: lambda('chat') } } })), [
    'routes.sendmessage.authorization: WebSocket APIs authorize on $connect only: a client is authorized once, when it connects, and that covers every message on the connection; move this to routes.$connect.authorization',
  ]);
});

test("the authorizer's permission is scoped to the authorizer, for our API and for an existing one", () => {
  const ours = buildAuthorizers({ Ref: 'ApiBooks' }, { tokens: { type: 'lambda', function: fn('tokens') } }, 'http');
  const [permission] = permissions(ours[0].resources!);
  assert.equal(permission.Properties, {
    Action: 'lambda:InvokeFunction',
    FunctionName: fn('tokens'),
    Principal: 'apigateway.amazonaws.com',
    SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiBooks}/authorizers/${AuthorizerTokens}' },
  });
  const existing = buildAuthorizers({ 'Fn::ImportValue': 'shared-ApiId' }, { tokens: { type: 'lambda', function: fn('tokens') } }, 'http');
  assert.equal(permissions(existing[0].resources!)[0].Properties.SourceArn, {
    'Fn::Sub': [
      'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiId}/authorizers/${AuthorizerTokens}',
      { ApiId: { 'Fn::ImportValue': 'shared-ApiId' } },
    ],
  });
});

test('with credentials API Gateway invokes as the role: no permission, on either protocol', () => {
  const role = 'arn:aws:iam::123456789012:role/invoke-authorizer';
  for (const protocol of ['http', 'websocket'] as const) {
    const [fragment] = buildAuthorizers({ Ref: 'Api' }, { tokens: { type: 'lambda', function: fn('tokens'), credentials: role } }, protocol);
    assert.equal(permissions(fragment.resources!), [], protocol);
    assert.is((fragment.resources!.AuthorizerTokens.Properties as { AuthorizerCredentialsArn: string }).AuthorizerCredentialsArn, role);
  }
});

test('a WebSocket Lambda authorizer carries no HTTP-only properties; an HTTP one always states format and TTL', () => {
  const [ws] = buildAuthorizers({ Ref: 'Api' }, { tokens: { type: 'lambda', function: fn('tokens') } }, 'websocket');
  assert.equal(Object.keys(ws.resources!.AuthorizerTokens.Properties).sort(), ['ApiId', 'AuthorizerType', 'AuthorizerUri', 'Name']);
  const [http] = buildAuthorizers({ Ref: 'Api' }, { tokens: { type: 'lambda', function: fn('tokens') } }, 'http');
  const props = http.resources!.AuthorizerTokens.Properties as Record<string, unknown>;
  assert.is(props.AuthorizerPayloadFormatVersion, '2.0');
  assert.is(props.AuthorizerResultTtlInSeconds, 0);
});

test('reserved and malformed names are refused; names with the same words are one logical ID', () => {
  for (const name of ['none', 'iam', 'IAM', 'None']) assert.ok(authorizerNameProblem(name)?.includes('reserved'), name);
  for (const name of ['1st', '-x', 'a b', '']) assert.ok(authorizerNameProblem(name)?.startsWith('expected'), name);
  assert.is(authorizerNameProblem('cognito-users_v2'), undefined);
  assert.is(authorizerLogicalId('cognito-users'), authorizerLogicalId('cognito_users'));
  assert.equal(
    errorsOf(decodeSpec({
      api: { name: 'books' },
      authorizers: { 'cognito-users': lambda('a'), CognitoUsers: lambda('b') },
      routes: { 'GET /books': { integration: lambda('books') } },
    })),
    ['authorizers.CognitoUsers: gives the same logical ID (AuthorizerCognitoUsers) as "cognito-users"; rename one of them'],
  );
});

test('adding an authorizer or a route renames nothing that exists', () => {
  const base = {
    api: { name: 'books', authorization: 'tokens' },
    authorizers: { tokens: lambda('tokens') },
    routes: { 'GET /books': { integration: lambda('books') } },
  };
  const ids = (spec: unknown) => new Set(buildFragments(unwrap(decodeSpec(spec))).flatMap((f) => Object.keys(f.resources ?? {})));
  const before = ids(base);
  const after = ids({
    ...base,
    authorizers: { ...base.authorizers, admins: lambda('admins') },
    routes: { ...base.routes, 'GET /admin': { authorization: 'admins', integration: lambda('books') } },
  });
  for (const id of before) assert.ok(after.has(id), id);
});

test('cache TTLs: whole seconds with a unit, 0 to 3600 s', () => {
  const decode = (u: unknown) => resultTtl.decode(u);
  assert.equal(decode('300s'), { _tag: 'Right', right: 300 });
  assert.equal(decode('3600s'), { _tag: 'Right', right: 3600 });
  assert.equal(decode('0s'), { _tag: 'Right', right: 0 });
  assert.equal(decode(0), { _tag: 'Right', right: 0 });
  assert.equal(decode('2000ms'), { _tag: 'Right', right: 2 });
  for (const bad of ['3601s', '1.5s', 300, '5 minutes', -1]) assert.is(decode(bad)._tag, 'Left', String(bad));
});

test('more than 10 authorizers builds, with a warning: AWS raises that quota on request', () => {
  const authorizers = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, lambda(`a${i}`)]));
  const fragments = buildAuthorizers({ Ref: 'Api' }, authorizers, 'http');
  const warnings = fragments.flatMap((f) => f.warnings ?? []);
  assert.equal(warnings, [{ path: 'authorizers', message: 'declares 11 authorizers; API Gateway allows 10 per API unless you have asked AWS to raise the quota' }]);
  assert.equal(buildAuthorizers({ Ref: 'Api' }, Object.fromEntries(Object.entries(authorizers).slice(0, 10)), 'http').flatMap((f) => f.warnings ?? []), []);
});

test.run();
