/**
 * CORS with authorization (src/api/cors.ts): what golden files show only by example. OPTIONS routes never take the
 * api's authorization; authorized ANY and $default routes get OPTIONS routes in front of them, or a warning; "*"
 * with credentials is refused field by field.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTemplate } from '../src/build';
import { decodeSpec } from '../src/spec/spec';
import { formatProblem } from '../src/errors';
import { Template } from '../src/template/types';
import { errorsOf, unwrap } from './helpers/either';

const fn = 'arn:aws:lambda:us-east-1:123456789012:function:books';
const lambda = { type: 'lambda', function: fn };
const preflightFn = 'arn:aws:lambda:us-east-1:123456789012:function:preflight';

function build(spec: unknown): { template: Template; warnings: string[] } {
  const built = unwrap(buildTemplate(unwrap(decodeSpec(spec))));
  return { template: built.template, warnings: built.warnings.map(formatProblem) };
}

function routes(t: Template): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.values(t.Resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => [(r.Properties as { RouteKey: string }).RouteKey, r.Properties as Record<string, unknown>]),
  );
}

const withCors = (extra: Record<string, unknown> = {}) => ({ allowOrigins: ['https://app.example.com'], ...extra });

test('an OPTIONS route never takes api.authorization: it is written NONE, so an update away from an authorizer removes it', () => {
  const { template } = build({ api: { name: 'a', authorization: 'iam' }, routes: { 'OPTIONS /x': { integration: lambda }, 'GET /x': { integration: lambda } } });
  const r = routes(template);
  assert.is(r['OPTIONS /x'].AuthorizationType, 'NONE');
  assert.is(r['GET /x'].AuthorizationType, 'AWS_IAM');
  // Without a default, nothing is written at all (as for any route).
  const plain = routes(build({ api: { name: 'a' }, routes: { 'OPTIONS /x': { integration: lambda } } }).template);
  assert.is(plain['OPTIONS /x'].AuthorizationType, undefined);
});

test('authorization on an OPTIONS route is an error unless it is none', () => {
  const errors = errorsOf(decodeSpec({ api: { name: 'a' }, routes: { 'OPTIONS /x': { integration: lambda, authorization: 'iam' }, 'OPTIONS /y': { integration: lambda, authorization: 'none' } } }));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^routes\["OPTIONS \/x"\]\.authorization: an OPTIONS route takes CORS preflight requests/);
});

test('an authorized ANY or $default route warns with CORS, unless an OPTIONS route stands in front of it', () => {
  const spec = (routesSpec: Record<string, unknown>, cors: unknown = withCors()) => ({ api: { name: 'a', authorization: 'iam', cors }, routes: routesSpec });
  const warned = build(spec({ 'ANY /x/{id}': { integration: lambda }, $default: { integration: lambda }, 'GET /y': { integration: lambda } })).warnings;
  assert.equal(warned.map((w) => w.slice(0, w.indexOf(':'))), ['routes["ANY /x/{id}"]', 'routes["$default"]']);
  assert.match(warned[0], /an unauthenticated OPTIONS \/x\/\{id\} route/);
  // A hand-written OPTIONS route (any variable names) and OPTIONS /{x+} cover them; without CORS nothing warns.
  assert.equal(build(spec({ 'ANY /x/{id}': { integration: lambda }, 'OPTIONS /x/{id}': { integration: lambda }, $default: { integration: lambda }, 'OPTIONS /{all+}': { integration: lambda } })).warnings, []);
  assert.equal(build({ api: { name: 'a', authorization: 'iam' }, routes: { 'ANY /x': { integration: lambda } } }).warnings, []);
  // An unauthorized ANY route takes preflights too, but answers them through its integration: no warning.
  assert.equal(build({ api: { name: 'a', cors: withCors() }, routes: { 'ANY /x': { integration: lambda } } }).warnings, []);
});

test('cors.preflight generates unauthenticated OPTIONS routes on its integration, and permissions for them', () => {
  const { template, warnings } = build({
    api: { name: 'a', authorization: 'iam', cors: withCors({ preflight: { integration: { type: 'lambda', function: preflightFn } } }) },
    routes: {
      'GET /books/{bookId}': { integration: lambda },
      'ANY /books/{bookId}/files/{proxy+}': { integration: lambda },
      $default: { integration: lambda },
      'ANY /{bookId}': { integration: lambda },
    },
  });
  assert.equal(warnings, []);
  const r = routes(template);
  // $default's greedy variable takes the name routes use at that level (API Gateway refuses two names at one level).
  assert.equal(Object.keys(r).filter((k) => k.startsWith('OPTIONS')).sort(), ['OPTIONS /books/{bookId}/files/{proxy+}', 'OPTIONS /{bookId+}', 'OPTIONS /{bookId}']);
  for (const key of Object.keys(r).filter((k) => k.startsWith('OPTIONS'))) assert.is(r[key].AuthorizationType, 'NONE', key);
  const sourceArns = Object.values(template.Resources)
    .filter((x) => x.Type === 'AWS::Lambda::Permission' && (x.Properties as { FunctionName: string }).FunctionName === preflightFn)
    .map((x) => ((x.Properties as { SourceArn: { 'Fn::Sub': string } }).SourceArn['Fn::Sub']).replace(/^.*\$\{ApiA\}\//, ''));
  assert.equal(sourceArns.sort(), ['*/OPTIONS/*', '*/OPTIONS/books/*/files/*']);
});

test('a generated OPTIONS route has the logical ID of the same route written by hand (moving between them updates in place)', () => {
  const generated = build({
    api: { name: 'a', authorization: 'iam', cors: withCors({ preflight: { integration: lambda } }) },
    routes: { 'ANY /x': { integration: lambda } },
  }).template;
  const written = build({ api: { name: 'a', authorization: 'iam', cors: withCors() }, routes: { 'ANY /x': { integration: lambda }, 'OPTIONS /x': { integration: lambda } } }).template;
  const id = (t: Template) => Object.keys(t.Resources).find((k) => (t.Resources[k].Properties as { RouteKey?: string }).RouteKey === 'OPTIONS /x');
  assert.ok(id(generated));
  assert.is(id(generated), id(written));
});

test('cors.preflight that covers nothing warns', () => {
  const { warnings } = build({ api: { name: 'a', cors: withCors({ preflight: { integration: lambda } }) }, routes: { 'ANY /x': { integration: lambda } } });
  assert.equal(warnings.map((w) => w.slice(0, w.indexOf(':'))), ['api.cors.preflight']);
});

test('allowHeaders "*" warns when an authorizer reads the Authorization header, which "*" never covers', () => {
  const spec = (allowHeaders: string[], identitySource?: string) => ({
    api: { name: 'a', cors: withCors({ allowHeaders }) },
    authorizers: { jwt: { type: 'jwt', issuer: 'https://auth.example.com', audiences: ['a'], ...(identitySource && { identitySource }) } },
    routes: { 'GET /x': { integration: lambda, authorization: 'jwt' } },
  });
  assert.equal(build(spec(['*'])).warnings.map((w) => w.slice(0, w.indexOf(':'))), ['api.cors.allowHeaders']);
  assert.equal(build(spec(['*', 'Authorization'])).warnings, []);
  assert.equal(build(spec(['*'], '$request.querystring.token')).warnings, []);
});

test('"*" with allowCredentials: true is refused at each field; without credentials it stands', () => {
  const errors = errorsOf(
    decodeSpec({
      api: { name: 'a', cors: { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['x', '*'], exposeHeaders: ['*'], allowCredentials: true } },
      routes: { 'GET /x': { integration: lambda } },
    }),
  );
  assert.equal(
    errors.map((e) => e.slice(0, e.indexOf(':'))),
    ['api.cors.allowOrigins', 'api.cors.allowMethods', 'api.cors.allowHeaders', 'api.cors.exposeHeaders'],
  );
  assert.match(errors[2], /never covers Authorization/);
  unwrap(decodeSpec({ api: { name: 'a', cors: { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], exposeHeaders: ['*'] } }, routes: { 'GET /x': { integration: lambda } } }));
});

test('the preflight integration is not part of the CorsConfiguration', () => {
  const { template } = build({ api: { name: 'a', cors: withCors({ maxAge: 5, preflight: { integration: lambda } }) }, routes: { 'GET /x': { integration: lambda } } });
  assert.equal((template.Resources.ApiA.Properties as { CorsConfiguration: unknown }).CorsConfiguration, { AllowOrigins: ['https://app.example.com'], MaxAge: 5 });
});

test.run();
