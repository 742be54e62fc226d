/**
 * The route tree of an HTTP API (one variable per level of the path, across routes and methods) and the URL
 * variables a route can fill: rules API Gateway enforces at deploy or request time, which cfn-lint cannot see.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { routeTreeConflicts } from '../src/routes/routeTree';
import { parseHttpRouteKey } from '../src/routes/routeKey';
import { unboundUrlVariablesProblem } from '../src/integrations/http/url';
import { urlPathVariables } from '../src/shared/url';
import { buildSpec } from '../src/build';
import { SpecInput } from '../src/spec/spec';
import { Value } from '../src/value';

const pairs = (keys: string[]) => routeTreeConflicts(keys).map((c) => `${c.routeKey} ${c.variable} / ${c.otherRouteKey} ${c.otherVariable} below ${c.parent}`);

test('route tree: two names at one level conflict, across methods, and the later route is named', () => {
  assert.equal(pairs(['GET /things/{id}', 'GET /things/{other}']), ['GET /things/{other} {other} / GET /things/{id} {id} below /things']);
  assert.equal(pairs(['GET /things/{id}', 'DELETE /things/{thingId}/{proxy+}']), [
    'DELETE /things/{thingId}/{proxy+} {thingId} / GET /things/{id} {id} below /things',
  ]);
  assert.equal(pairs(['DELETE /things/{thingId}/{proxy+}', 'GET /things/{id}']), [
    'GET /things/{id} {id} / DELETE /things/{thingId}/{proxy+} {thingId} below /things',
  ]);
  assert.equal(pairs(['GET /{a}', 'POST /{b}']), ['POST /{b} {b} / GET /{a} {a} below /']);
});

test('route tree: a greedy variable and a plain one at one level conflict, even with one name', () => {
  assert.equal(pairs(['GET /things/{id}', 'ANY /things/{proxy+}']), ['ANY /things/{proxy+} {proxy+} / GET /things/{id} {id} below /things']);
  assert.equal(pairs(['GET /things/{id+}', 'GET /things/{id}/x']), ['GET /things/{id}/x {id} / GET /things/{id+} {id+} below /things']);
});

test('route tree: one name per level, literals beside variables, levels under different parents all pass', () => {
  assert.equal(
    pairs([
      'GET /things',
      'GET /things/search',
      'GET /things/{id}',
      'PUT /things/{id}',
      'DELETE /things/{id}/{proxy+}',
      'GET /things/{id}/parts/{partId}',
      'GET /others/{otherId}',
      'GET /{tenant}/things',
      'ANY /{tenant}/{proxy+}',
      '$default',
      'not a key',
    ]),
    [],
  );
});

test('route tree: every conflicting level of a route is reported, each against the route that holds it first', () => {
  assert.equal(pairs(['GET /a/{x}/{p}', 'GET /a/{y}/{q}', 'GET /a/{y}/{r}']), [
    'GET /a/{y}/{q} {y} / GET /a/{x}/{p} {x} below /a',
    'GET /a/{y}/{r} {y} / GET /a/{x}/{p} {x} below /a',
    'GET /a/{y}/{r} {r} / GET /a/{y}/{q} {q} below /a/{y}',
  ]);
});

const problemFor = (routeKey: string, url: Value) => {
  const parsed = parseHttpRouteKey(routeKey);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return unboundUrlVariablesProblem(url, routeKey, parsed.key);
};

test('URL variables: the ones written out, not stage or !Sub variables', () => {
  assert.equal(urlPathVariables('https://x.example.com/a/{id}/{proxy}?q={q}'), ['id', 'proxy', 'q']);
  assert.equal(urlPathVariables('https://${stageVariables.host}/{id}'), ['id']);
  assert.equal(urlPathVariables({ 'Fn::Sub': 'https://${Host}/v1/{orderId}' }), ['orderId']);
  assert.equal(urlPathVariables({ 'Fn::Sub': ['https://${Host}/{a}', { Host: 'x' }] }), ['a']);
  assert.equal(urlPathVariables({ 'Fn::Join': ['', ['https://', { Ref: 'Host' }, '/{b}']] }), ['b']);
  assert.equal(urlPathVariables({ Ref: 'Url' }), []);
});

test('URL variables: a route fills its own variables, {name} from {name+}, and nothing else', () => {
  assert.is(problemFor('GET /orders/{orderId}', 'https://x/orders/{orderId}'), undefined);
  assert.is(problemFor('ANY /files/{path+}', 'https://x/{path}'), undefined);
  assert.is(problemFor('GET /orders', 'https://x/orders?stage=${stageVariables.s}'), undefined);
  assert.match(problemFor('GET /orders', 'https://x/orders/{orderId}') ?? '', /^\{orderId\} is not a path variable .*GET \/orders binds none$/);
  assert.match(problemFor('$default', 'https://x/{proxy}') ?? '', /\$default route binds none/);
  assert.match(problemFor('GET /a/{id}', 'https://x/{id}/{other}/{more}') ?? '', /^\{other\}, \{more\} are not path variables .*binds \{id\}$/);
  assert.match(problemFor('ANY /files/{proxy+}', { 'Fn::Sub': 'https://${H}/{path}' }) ?? '', /binds \{proxy\} \(from \{proxy\+\}\)/);
});

const errorsOf = (spec: unknown) => {
  const r = buildSpec(spec as SpecInput, 'json');
  return r._tag === 'Left' ? r.left.map((e) => `${e.path}: ${e.message}`) : [];
};

test('a shared URL is checked per route: each route must fill it on its own', () => {
  const url = { type: 'http', url: 'https://reports.example.com/{id}' };
  const errors = errorsOf({ api: { name: 'r' }, routes: { 'GET /reports/{id}': { integration: url }, 'GET /exports/{key}': { integration: url } } });
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /^routes\["GET \/exports\/\{key\}"\]\.integration\.url: \{id\} is not a path variable/);
});

test('WebSocket URLs: {name} needs the request parameter integration.request.path.name', () => {
  const spec = (integration: object) => ({ api: { name: 'c', protocol: 'websocket', stage: { name: 'dev' } }, routes: { say: { integration } } });
  const url = 'https://chat.example.com/rooms/{room}';
  for (const type of ['http', 'httpProxy']) {
    assert.equal(errorsOf(spec({ type, url, requestParameters: { 'integration.request.path.room': 'route.request.body.room' } })), []);
    const errors = errorsOf(spec({ type, url, requestParameters: { 'integration.request.header.room': 'route.request.body.room' } }));
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^routes\.say\.integration\.url: \{room\} has no value: .*map integration\.request\.path\.room under requestParameters/);
  }
});

test.run();
