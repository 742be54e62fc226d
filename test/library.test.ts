/**
 * The library as a deploy script uses it: objects in (typed as a user writes them), template data or text out,
 * errors as values or, for scripts without fp-ts, as a plain result or a thrown SpecError.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import {
  BuildOutput,
  SpecError,
  SpecInput,
  buildFragments,
  buildSpec,
  buildSpecText,
  buildTemplate,
  decodeSpec,
  getAtt,
  mergeFragments,
  mergeSpecText,
  orThrow,
  parseYaml,
  ref,
  render,
  toResult,
} from '../src/index';
import { Spec } from '../src/spec/spec';
import { FIXTURES, ROOT } from './helpers/paths';
import { errorsOf, unwrap } from './helpers/either';

const spec = {
  api: { name: 'books' },
  routes: {
    'GET /books': { integration: { type: 'lambda', function: { 'Fn::GetAtt': 'BooksFunction.Arn' } } },
  },
} satisfies SpecInput;

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:x';

test('decode, build fragments and merge them with the host IDs a script knows about', () => {
  const decoded = unwrap(decodeSpec(spec));
  const integration = decoded.routes['GET /books'].integration;
  assert.equal(integration.type === 'lambda' && integration.function, { 'Fn::GetAtt': ['BooksFunction', 'Arn'] }, 'GetAtt "A.B" normalised');
  assert.ok(errorsOf(buildTemplate(decoded))[0].includes('!GetAtt BooksFunction.Arn refers to BooksFunction'));
  const built = unwrap(mergeFragments(buildFragments(decoded), { externalIds: new Set(['BooksFunction']) }));
  const route = Object.values(built.template.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route');
  assert.is((route!.Properties as { RouteKey: string }).RouteKey, 'GET /books');
  assert.match(render(built.template, 'yaml'), /IntegrationUri: !GetAtt BooksFunction\.Arn/);
});

test('buildSpec returns text, and every error at once for a bad object', () => {
  const ok = unwrap(buildSpec({ ...spec, routes: { 'GET /x': { integration: { type: 'lambda', function: LAMBDA } } } }, 'json'));
  assert.is(JSON.parse(ok.text).AWSTemplateFormatVersion, '2010-09-09');
  // What a script may hold without a type (a parsed document): checked when decoded.
  const untyped: unknown = { api: {}, routes: { 'get /x': {} }, extra: 1 };
  const errors = errorsOf(buildSpec(untyped as SpecInput, 'yaml'));
  assert.equal(errors, [
    "api.name: missing; expected the API's name (text, or an intrinsic beside logicalName)",
    'routes["get /x"]: invalid route key: expected "METHOD /path" (METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY) or "$default", got method "get" (methods are upper case: GET)',
    'extra: unknown field; spec takes api, routes, description, parameters, vpcLinks, authorizers, tags, exportPrefix, domains, stacks',
  ]);
});

test('the input object is not mutated', () => {
  const input = JSON.parse(JSON.stringify(spec));
  const before = JSON.stringify(input);
  buildSpec(input, 'yaml');
  assert.is(JSON.stringify(input), before);
});

test('spec objects are typed as users write them: durations as text, intrinsics as plain objects', () => {
  const typed: SpecInput = {
    parameters: { BooksFunctionArn: { type: 'String' } },
    api: { name: 'books', cors: { allowOrigins: ['https://books.example.com'], allowMethods: ['GET'] } },
    routes: {
      'GET /books': { integration: { type: 'lambda', function: ref('BooksFunctionArn'), timeout: '10s', payloadFormatVersion: '1.0' } },
      'POST /books': { integration: { type: 'lambda', function: { Ref: 'BooksFunctionArn' }, timeout: 2500 } },
      'POST /orders': {
        integration: {
          type: 'aws',
          subtype: 'SQS-SendMessage',
          target: 'arn:aws:sqs:us-east-1:123456789012:orders',
          parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', MessageBody: '$request.body', DelaySeconds: 5 },
        },
      },
    },
  };
  unwrap(buildSpec(typed, 'yaml'));
  const webSocket: SpecInput = {
    api: { name: 'chat', protocol: 'websocket', stage: { name: 'dev' } },
    authorizers: { tokens: { type: 'lambda', function: LAMBDA, identitySources: ['route.request.header.Authorization'] } },
    routes: {
      $connect: { authorization: 'tokens', integration: { type: 'lambda', function: getAtt('ConnectFunction', 'Arn') } },
      ping: { returnResponse: true, integration: { type: 'mock', requestTemplates: { $default: '{"statusCode": 200}' } } },
    },
  };
  assert.ok(errorsOf(buildSpec(webSocket, 'yaml')).some((e) => e.includes('ConnectFunction')), 'ConnectFunction is not defined');

  // Mistakes a compiler catches (each line fails to compile without its @ts-expect-error, so tsc checks them).
  const mistakes: SpecInput[] = [
    // @ts-expect-error a duration is text with a unit, or milliseconds as a number
    { api: { name: 'a' }, routes: { $default: { integration: { type: 'lambda', function: LAMBDA, timeout: 'ten seconds' } } } },
    // @ts-expect-error a misspelt field
    { api: { name: 'a' }, routes: { $default: { integration: { type: 'lambda', fucntion: LAMBDA } } } },
    // @ts-expect-error an intrinsic is one function call
    { api: { name: 'a' }, routes: { $default: { integration: { type: 'lambda', function: {} } } } },
    // @ts-expect-error a subtype's required parameter (MessageBody) is missing
    { api: { name: 'a' }, routes: { $default: { integration: { type: 'aws', subtype: 'SQS-SendMessage', target: 'x', parameters: { QueueUrl: 'q' } } } } },
    // @ts-expect-error "1.0" is text: unquoted, YAML reads a number
    { api: { name: 'a' }, routes: { $default: { integration: { type: 'lambda', function: LAMBDA, payloadFormatVersion: 1.0 } } } },
    // @ts-expect-error a WebSocket API needs a stage
    { api: { name: 'a', protocol: 'websocket' }, routes: { $default: { integration: { type: 'mock' } } } },
  ];
  // The compiler's opinion is not the only check: each is refused when built, too.
  for (const mistake of mistakes) assert.ok(errorsOf(buildSpec(mistake, 'yaml')).length > 0, JSON.stringify(mistake));
});

test('a decoded spec encodes back into a spec that decodes the same (the input types are what decoding reads)', () => {
  const specs = [
    ...fs.readdirSync(FIXTURES).filter((n) => n !== 'errors').map((n) => path.join(FIXTURES, n)),
    ...fs.readdirSync(path.join(ROOT, 'examples')).map((n) => path.join(ROOT, 'examples', n)),
  ]
    .flatMap((dir) => ['spec.yaml', 'spec.json', 'api.yaml'].map((f) => path.join(dir, f)))
    .filter((f) => fs.existsSync(f));
  assert.ok(specs.length > 40);
  for (const file of specs) {
    const decoded = unwrap(decodeSpec(unwrap(parseYaml(fs.readFileSync(file, 'utf8'), file))));
    const encoded = Spec.encode(decoded);
    assert.equal(unwrap(decodeSpec(encoded)), decoded, path.relative(ROOT, file));
  }
  // Decoding changes the form of what it reads (cache times in seconds, GetAtt as a list); encoding writes it back.
  const authorizer = { type: 'lambda', function: LAMBDA, identitySources: ['$request.header.Authorization'], resultTtl: '300s' } as const;
  const decoded = unwrap(decodeSpec({ ...spec, authorizers: { tokens: authorizer } }));
  assert.equal((decoded.authorizers as Record<string, { resultTtl: number }>).tokens.resultTtl, 300);
  assert.equal((Spec.encode(decoded).authorizers as Record<string, { resultTtl: unknown }>).tokens.resultTtl, '300s');
});

test('without fp-ts: orThrow returns the result or throws every error; toResult gives a plain object', () => {
  const good = { api: { name: 'books' }, routes: { 'GET /x': { integration: { type: 'lambda', function: LAMBDA } } } } satisfies SpecInput;
  assert.match(orThrow(buildSpec(good, 'yaml')).text, /AWS::ApiGatewayV2::Api/);
  const bad = { api: { name: 'books' }, routes: { 'GET /x': { integration: { type: 'lambda', function: LAMBDA, timeout: '45s' } } } } satisfies SpecInput;
  try {
    orThrow(buildSpec(bad, 'yaml'));
    assert.unreachable('orThrow did not throw');
  } catch (e) {
    assert.instance(e, SpecError);
    assert.instance(e, Error);
    const error = e as SpecError;
    assert.is(error.message, '1 error:\nroutes["GET /x"].integration.timeout: must be between 50 ms and 30 s, got 45 s');
    assert.equal(error.errors, [{ path: 'routes["GET /x"].integration.timeout', message: 'must be between 50 ms and 30 s, got 45 s' }]);
  }
  const result = toResult(buildSpec(bad, 'yaml'));
  assert.equal(result.ok ? undefined : result.message, 'routes["GET /x"].integration.timeout: must be between 50 ms and 30 s, got 45 s');
  const fine = toResult(buildSpec(good, 'json'));
  assert.ok(fine.ok && JSON.parse(fine.value.text).Resources);
});

test('mergeSpecText and the output argument of buildSpecText are exported; YAML errors come as a list', () => {
  const host = 'Resources:\n  BooksFunction:\n    Type: AWS::Lambda::Function\n    Properties: {Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}, Handler: i.h, Runtime: nodejs20.x}\n';
  const specText = 'api: {name: books}\nroutes:\n  GET /books: {integration: {type: lambda, function: !GetAtt BooksFunction.Arn}}\n';
  const merged = unwrap(mergeSpecText(host, 'template.yaml', specText, 'api.yaml', 'yaml'));
  assert.match(merged.text, /BooksFunction:\n/);
  assert.match(merged.text, /ApiBooks:\n/);
  const fragment: BuildOutput = { kind: 'fragment' };
  assert.equal(unwrap(buildSpecText(specText, 'api.yaml', 'yaml', fragment)).expected, ['BooksFunction']);
  const broken = parseYaml('a: [1\n', 'api.yaml');
  assert.is(broken._tag, 'Left');
  assert.equal(errorsOf(broken), ['api.yaml: invalid YAML at line 2, column 1: unexpected end of the stream within a flow collection']);
});

test('every export of the library has a doc comment', () => {
  const index = path.join(ROOT, 'src', 'index.ts');
  const program = ts.createProgram([index], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  const exports = checker.getExportsOfModule(moduleSymbol);
  assert.ok(exports.length > 50, `only ${exports.length} exports`);
  const undocumented = exports
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '';
    })
    .map((symbol) => symbol.name);
  assert.equal(undocumented, [], 'exports without a doc comment');
});

test('two builds of one decoded spec share nothing: a template changed by its caller leaves the next build as it was', () => {
  for (const api of [{ existing: { 'Fn::ImportValue': 'shared-ApiId' } }, { name: 'books' }]) {
    const spec = unwrap(
      decodeSpec({
        api,
        routes: {
          'GET /a': { integration: { type: 'http', url: 'https://books.example.com' } },
          'GET /b': { integration: { type: 'http', url: 'https://books.example.com' } },
        },
      }),
    );
    const first = unwrap(buildTemplate(spec)).template;
    const pristine = JSON.stringify(first);
    for (const resource of Object.values(first.Resources)) (resource as { Properties: Record<string, unknown> }).Properties.Changed = true;
    assert.is(JSON.stringify(unwrap(buildTemplate(spec)).template), pristine, JSON.stringify(api));
  }
});

test.run();
