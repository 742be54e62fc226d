/**
 * The route review (src/review/routes.ts) and its formats: checked against the templates it describes, on every
 * fixture and example spec and on generated specs, and on the details a reader relies on (which permission covers
 * which route, authorization on WebSocket messages, Mermaid labels that survive any route key).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeSpec, Spec } from '../src/spec/spec';
import { buildTemplate } from '../src/build';
import { Template } from '../src/template/types';
import { parseYaml } from '../src/yaml/cfnYaml';
import { canonicalJson } from '../src/value';
import { ApiReview, reviewRoutes, reviewSpec } from '../src/review/routes';
import { authorizationText, formatRoutes, permissionText, routesMermaid } from '../src/review/routesFormat';
import { formatTable, showValue } from '../src/review/text';
import { FIXTURES, ROOT } from './helpers/paths';
import { errorsOf, unwrap } from './helpers/either';
import { validSpec } from './helpers/arbitraries';
import { validWebSocketSpec } from './helpers/webSocketArbitraries';

function built(input: unknown): { spec: Spec; template: Template } {
  const spec = unwrap(decodeSpec(input));
  return { spec, template: unwrap(buildTemplate(spec, { unknownReferences: 'collect' })).template };
}

/** What must hold for any review: it describes the template, route by route, and misses no permission. */
function checkReview(spec: Spec, template: Template, review: ApiReview, where: string): void {
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  assert.equal(review.routes.map((r) => r.routeKey).sort(), Object.keys(spec.routes).sort(), `${where}: every route once`);
  for (const r of review.routes) {
    const at = `${where} ${r.routeKey}`;
    assert.is(resources[r.logicalId]?.Properties.RouteKey, r.routeKey, `${at}: the route's logical ID`);
    assert.is(resources[r.integration.logicalId]?.Type, 'AWS::ApiGatewayV2::Integration', `${at}: its integration`);
    assert.is(resources[r.integration.logicalId].Properties.IntegrationType, r.integration.integrationType, at);
    assert.is(r.integration.kind, (spec.routes as Record<string, { integration: { type: string } }>)[r.routeKey].integration.type, at);
    const p = r.permission;
    if (p.kind === 'lambda') {
      for (const f of p.functions) {
        // permission: false: the owner grants the call, so nothing in the template may claim to.
        if (f.grantedByOwner) {
          assert.equal(f.statements, [], `${at}: granted by the function's owner, outside the template`);
          continue;
        }
        assert.ok(f.statements.length > 0, `${at}: a permission covers it`);
        for (const s of f.statements) {
          assert.is(resources[s.logicalId].Type, 'AWS::Lambda::Permission', at);
          assert.is(canonicalJson(resources[s.logicalId].Properties.FunctionName), canonicalJson(f.function), at);
          assert.is(canonicalJson(resources[s.logicalId].Properties.SourceArn), canonicalJson(s.sourceArn), at);
        }
      }
    } else if (p.kind === 'role') {
      assert.is(canonicalJson(resources[r.integration.logicalId].Properties.CredentialsArn), canonicalJson(p.role), at);
      if (p.logicalId !== undefined) assert.is(resources[p.logicalId].Type, 'AWS::IAM::Role', at);
    } else {
      assert.is(resources[r.integration.logicalId].Properties.CredentialsArn, undefined, `${at}: no role`);
    }
  }
}

const specFiles = [
  ...fs.readdirSync(FIXTURES).flatMap((name) => ['spec.yaml', 'spec.json'].map((f) => path.join(FIXTURES, name, f))),
  ...fs.readdirSync(path.join(FIXTURES, 'review')).map((name) => path.join(FIXTURES, 'review', name, 'spec.yaml')),
  ...fs.readdirSync(path.join(ROOT, 'examples')).map((name) => path.join(ROOT, 'examples', name, 'api.yaml')),
].filter((file) => fs.existsSync(file));

test('every fixture and example spec that builds gets a review that matches its template', () => {
  let reviewed = 0;
  for (const file of specFiles) {
    const document = unwrap(parseYaml(fs.readFileSync(file, 'utf8'), file));
    const spec = decodeSpec(document);
    if (spec._tag === 'Left' || buildTemplate(spec.right, { unknownReferences: 'collect' })._tag === 'Left') continue;
    const { template } = built(document);
    checkReview(spec.right, template, reviewRoutes(spec.right, template), path.relative(ROOT, file));
    reviewed++;
  }
  assert.ok(reviewed >= 40, `reviewed ${reviewed} specs`);
});

test('generated specs of both protocols get a review that matches their template', () => {
  const check = ({ spec: input }: { spec: unknown }) => {
    const { spec, template } = built(input);
    const review = reviewRoutes(spec, template);
    checkReview(spec, template, review, 'generated');
    // Every format prints, and prints the same twice.
    for (const format of ['table', 'mermaid', 'json'] as const) assert.is(formatRoutes(review, format), formatRoutes(reviewRoutes(spec, template), format));
  };
  fc.assert(fc.property(validSpec(), check), { numRuns: 40 });
  fc.assert(fc.property(validWebSocketSpec(), check), { numRuns: 40 });
});

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

test('the statement that covers a route is found by matching its SourceArn as AWS does', () => {
  const { spec, template } = built({
    api: { name: 'books', stage: { name: 'live' } },
    routes: {
      'GET /books/{id}': { integration: { type: 'lambda', function: fn('books') } },
      'GET /books/{id}/pages/{proxy+}': { integration: { type: 'lambda', function: fn('books') } },
      'ANY /admin': { integration: { type: 'lambda', function: fn('admin') } },
    },
  });
  const review = reviewRoutes(spec, template);
  const scope = (key: string) => permissionText(review.routes.find((r) => r.routeKey === key)!.permission);
  assert.is(scope('GET /books/{id}'), '${ApiBooks}/*/GET/books/*');
  assert.is(scope('GET /books/{id}/pages/{proxy+}'), '${ApiBooks}/*/GET/books/*/pages/*');
  assert.is(scope('ANY /admin'), '${ApiBooks}/*/*/admin');
  // `*` matches across "/": the statement of GET /books/* also covers the deeper route, after the route's own.
  const deep = review.routes.find((r) => r.routeKey === 'GET /books/{id}/pages/{proxy+}')!.permission;
  assert.equal(deep.kind === 'lambda' && deep.functions[0].statements.map((s) => s.resource), ['${ApiBooks}/*/GET/books/*/pages/*', '${ApiBooks}/*/GET/books/*']);

  // Without its statement a route shows that nothing lets API Gateway call the function.
  const resources = { ...template.Resources };
  for (const [id, r] of Object.entries(resources)) if (r.Type === 'AWS::Lambda::Permission' && canonicalJson(r.Properties.FunctionName).includes('admin')) delete resources[id];
  const stripped = reviewRoutes(spec, { ...template, Resources: resources });
  assert.is(permissionText(stripped.routes.find((r) => r.routeKey === 'ANY /admin')!.permission), 'NONE: no permission lets API Gateway invoke the function');
});

test('a function whose owner grants the call (permission: false) reads so, not as a route nothing lets API Gateway call', () => {
  const other = 'arn:aws:lambda:us-east-1:210987654321:function:partners';
  const review = unwrap(
    reviewSpec({
      api: { name: 'partners' },
      routes: {
        'GET /partners': { integration: { type: 'lambda', function: other, permission: false } },
        'GET /health': { integration: { type: 'lambda', function: fn('health') } },
      },
    }),
  );
  const scope = (key: string) => permissionText(review.routes.find((r) => r.routeKey === key)!.permission);
  assert.is(scope('GET /partners'), "the function's owner (permission: false)");
  assert.is(scope('GET /health'), '${ApiPartners}/*/GET/health');
});

test('permissions collapsed into one statement for the API read api-wide; permissionScope route keeps one per route', () => {
  const routes = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`GET /r${i}`, { integration: { type: 'lambda', function: fn('many') } }]));
  const collapsed = unwrap(reviewSpec({ api: { name: 'many' }, routes }));
  assert.equal([...new Set(collapsed.routes.map((r) => permissionText(r.permission)))], ['api-wide']);
  const perRoute = unwrap(reviewSpec({ api: { name: 'many', permissionScope: 'route' }, routes }));
  assert.is(new Set(perRoute.routes.map((r) => permissionText(r.permission))).size, 21);
});

test('WebSocket messages show the authorization of $connect; API keys are shown', () => {
  const review = unwrap(
    reviewSpec({
      api: { name: 'chat', protocol: 'websocket', stage: { name: 'prod' }, authorization: 'iam' },
      routes: {
        $connect: { integration: { type: 'mock' } },
        sendmessage: { apiKeyRequired: true, integration: { type: 'lambda', function: fn('chat') } },
      },
    }),
  );
  assert.equal(review.routes.map((r) => [r.routeKey, authorizationText(r.authorization)]), [
    ['$connect', 'iam'],
    ['sendmessage', 'via $connect (iam) + API key'],
  ]);
  assert.is(review.routes[0].backend, undefined, 'a mock calls nothing');
  assert.is(permissionText(review.routes[1].permission), '${ApiChat}/*/sendmessage');
});

test('routes on an existing API are reviewed although the API is defined elsewhere', () => {
  const review = unwrap(
    reviewSpec({ api: { existing: { Ref: 'HttpApi' } }, routes: { 'GET /a': { integration: { type: 'lambda', function: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } } }),
  );
  assert.is(review.name, undefined);
  assert.is(permissionText(review.routes[0].permission), '${HttpApi}/*/GET/a');
  assert.match(formatRoutes(review, 'table'), /^routes on the HTTP API !Ref HttpApi: 1 route, 1 integration\n/);
});

test('an invalid spec gives its errors, each at its place', () => {
  assert.equal(errorsOf(reviewSpec({ api: { name: 'x' }, routes: { 'GET /a': { integration: { type: 'lambda' } } } })), [
    'routes["GET /a"].integration.function: missing; expected a Lambda function ARN',
  ]);
});

test('Mermaid labels keep any route key and value inside their quotes', () => {
  const keys = ['a"b', '<b>bold</b>', '#quot; & #35;', 'end', 'x] --> y["z'];
  const review = unwrap(
    reviewSpec({
      api: { name: 'odd', protocol: 'websocket', stage: { name: 'dev' } },
      routes: Object.fromEntries(keys.map((k) => [k, { integration: { type: 'http', url: `https://example.com/${encodeURIComponent(k)}"` } }])),
    }),
  );
  const chart = routesMermaid(review);
  for (const line of chart.split('\n').slice(1)) {
    // Every label is one quoted string: exactly two quotes, and no raw <, >, & or stray # inside it.
    const labels = line.match(/"[^"]*"/g) ?? [];
    assert.ok(line.split('"').length - 1 === labels.length * 2, line);
    for (const l of labels) assert.not.match(l.replace(/<br\/>/g, ''), /[<>&]|#(?!35;|quot;|lt;|gt;|amp;)/, l);
  }
  assert.ok(chart.includes('a#quot;b') && chart.includes('#lt;b#gt;bold#lt;/b#gt;') && chart.includes('#35;quot; #amp; #35;35;'));
});

test('showValue writes intrinsics in short form; tables pad columns and trim line ends', () => {
  assert.is(showValue({ 'Fn::GetAtt': ['Fn', 'Arn'] }), '!GetAtt Fn.Arn');
  assert.is(showValue({ 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] }), '!Sub ${A}-x (A=!Ref B)');
  assert.is(showValue({ 'Fn::ImportValue': 'stack-Out' }), '!ImportValue stack-Out');
  assert.is(showValue({ 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] }), '!Select [0,{"Fn::Split":[",","a,b"]}]');
  assert.is(formatTable(['A', 'B'], [['long cell', ''], ['x', 'two\nlines']]), 'A          B\n-          -\nlong cell\nx          two\n           lines\n');
});

test.run();
