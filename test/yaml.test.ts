import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import { dumpYaml, parseYaml } from '../src/yaml/cfnYaml';
import { unwrap } from './helpers/either';
import { buildSpecText } from '../src/build';
import { decodeSpec } from '../src/spec/spec';
import { INPUT_LIMITS } from '../src/yaml/limits';
import { canonicalJson } from '../src/value';
import { collectReferences } from '../src/template/references';

test('YAML 1.1 non-strings stay quoted strings in output', () => {
  const tricky = ['1.0', '2.0', 'on', 'off', 'yes', 'no', 'y', 'n', 'Y', 'N', '012', '12:30', '~', 'null', 'true', '0x1F', '1e3', '.inf', '2010-09-09', '<<', '=', '1_000'];
  const text = dumpYaml(Object.fromEntries(tricky.map((v, i) => [`K${i}`, v])));
  for (const [i, v] of tricky.entries()) {
    const line = text.split('\n').find((l) => l.startsWith(`K${i}:`));
    assert.is(line, `K${i}: '${v}'`, `value ${v} must be quoted`);
  }
});

test('short forms load into the long JSON form', () => {
  const doc = unwrap(
    parseYaml(
      [
        'a: !Ref X',
        'b: !GetAtt Fn.Arn',
        'c: !GetAtt [Fn, Arn]',
        'd: !GetAtt Child.Outputs.Name',
        'e: !Sub "${X}-y"',
        'f: !Sub ["${A}", {A: !Ref B}]',
        'g: !Join ["", [a, !Ref X]]',
        'h: !ImportValue shared-Id',
        'i: !If [Cond, !Ref A, !Ref AWS::NoValue]',
        'j: !Select [0, !GetAZs ""]',
        'k: !Base64 {"Fn::Sub": "x"}',
      ].join('\n'),
      'test',
    ),
  );
  assert.equal(doc, {
    a: { Ref: 'X' },
    b: { 'Fn::GetAtt': ['Fn', 'Arn'] },
    c: { 'Fn::GetAtt': ['Fn', 'Arn'] },
    d: { 'Fn::GetAtt': ['Child', 'Outputs.Name'] },
    e: { 'Fn::Sub': '${X}-y' },
    f: { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] },
    g: { 'Fn::Join': ['', ['a', { Ref: 'X' }]] },
    h: { 'Fn::ImportValue': 'shared-Id' },
    i: { 'Fn::If': ['Cond', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] },
    j: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    k: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
  });
});

test('intrinsics dump as short forms, nested direct arguments in long form, and load back equal', () => {
  const data = {
    a: { Ref: 'X' },
    b: { 'Fn::GetAtt': ['Fn', 'Arn'] },
    c: { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] },
    d: { 'Fn::Base64': { 'Fn::Sub': 'x-${AWS::Region}' } },
    e: { 'Fn::Join': ['', ['integrations/', { Ref: 'I' }]] },
    f: { 'Fn::GetAtt': ['Fn', { Ref: 'AttrName' }] },
  };
  const text = dumpYaml(data);
  assert.match(text, /^a: !Ref X$/m);
  assert.match(text, /^b: !GetAtt Fn\.Arn$/m);
  assert.match(text, /^d: !Base64\n {2}Fn::Sub: x-\$\{AWS::Region\}$/m, 'the inner Sub of a short form is long form');
  assert.match(text, /^e: !Join\n/m, 'no trailing space after a tag');
  assert.equal(unwrap(parseYaml(text, 'test')), data);
});

test('long strings are never folded', () => {
  const long = `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/${'segment/'.repeat(40)}x`;
  const text = dumpYaml({ SourceArn: { 'Fn::Sub': long } });
  assert.is(text, `SourceArn: !Sub ${long}\n`);
});

test('trailing spaces inside block scalars are data and are kept', () => {
  const data = { Template: 'line one \nx: !Join \nthree' };
  assert.equal(unwrap(parseYaml(dumpYaml(data), 'test')), data);
});

test('duplicate keys, aliases-free output and invalid YAML', () => {
  const dup = parseYaml('a: 1\na: 2\n', 'spec.yaml');
  assert.is(dup._tag, 'Left');
  const shared = { x: 1 };
  assert.not.match(dumpYaml({ a: shared, b: shared }), /[&*]/, 'no anchors or aliases');
});

test('booleans are read as YAML 1.1 (and CloudFormation) reads them', () => {
  const doc = unwrap(parseYaml('a: yes\nb: off\nc: "yes"\nd: y\ne: True\nf: No\ng: yess\n', 'test')) as Record<string, unknown>;
  assert.equal(doc, { a: true, b: false, c: 'yes', d: true, e: true, f: false, g: 'yess' });
  assert.is(dumpYaml(doc), "a: true\nb: false\nc: 'yes'\nd: true\ne: true\nf: false\ng: yess\n");
});


// ---------------------------------------------------------------------------------------------------------------
// Values kept exactly (issue 12, section 3)

const fail = (text: string) => {
  const r = parseYaml(text, 'spec.yaml');
  assert.is(r._tag, 'Left', `expected ${JSON.stringify(text.slice(0, 80))} to be refused`);
  return r._tag === 'Left' ? r.left[0].message : '';
};

test('mapping keys are the text written: yes, 0x1F, ~, 010 and friends are never resolved', () => {
  const keys = ['yes', 'No', 'on', 'y', '0x1F', '~', 'null', '010', '0o10', '1e3', '1.0', '12345678901234567890', '.nan', 'true', '-0', '1_000'];
  const doc = unwrap(parseYaml(keys.map((k, i) => `${k}: ${i}`).join('\n'), 'test')) as Record<string, unknown>;
  assert.equal(Object.keys(doc), keys);
  assert.equal(Object.values(doc), keys.map((_, i) => i));
  // And in flow mappings, and in JSON (quoted keys were always text).
  assert.equal(unwrap(parseYaml('{yes: 1, ~: 2, 0x1F: 3}', 'test')), { yes: 1, '~': 2, '0x1F': 3 });
  // Two keys that are one value but different text are two keys; the same text twice is still a duplicate.
  assert.equal(unwrap(parseYaml('yes: 1\nYes: 2\n', 'test')), { yes: 1, Yes: 2 });
  assert.match(fail('yes: 1\nyes: 2\n'), /duplicated mapping key/);
});

test('a WebSocket route key yes keeps its text into the template', () => {
  const spec = [
    'api: {name: chat, protocol: websocket, stage: {name: prod}}',
    'routes:',
    '  yes: {integration: {type: mock}}',
    '  ~: {integration: {type: mock}}',
    '  0x1F: {integration: {type: mock}}',
  ].join('\n');
  const template = JSON.parse(unwrap(buildSpecText(spec, 'spec.yaml', 'json')).text) as { Resources: Record<string, { Type: string; Properties: { RouteKey?: string } }> };
  const keys = Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
    .map((r) => r.Properties.RouteKey)
    .sort();
  assert.equal(keys, ['0x1F', 'yes', '~']);
  // And YAML output quotes them, so that CloudFormation (YAML 1.1) reads them back as text.
  const yamlText = unwrap(buildSpecText(spec, 'spec.yaml', 'yaml')).text;
  assert.match(yamlText, /RouteKey: 'yes'\n/);
  assert.match(yamlText, /RouteKey: '~'\n/);
  assert.match(yamlText, /RouteKey: '0x1F'\n/);
});

test('a scalar argument of a short-form tag is its text', () => {
  assert.equal(unwrap(parseYaml('a: !Ref yes\nb:\n  !Ref yes\nc: !Sub 010\nd: !Ref ~\n', 'test')), {
    a: { Ref: 'yes' },
    b: { Ref: 'yes' },
    c: { 'Fn::Sub': '010' },
    d: { Ref: '~' },
  });
});

test('a __proto__ key is kept, in YAML output as in JSON', () => {
  const doc = unwrap(parseYaml('__proto__: {x: 1}\nb: [{__proto__: 2}]\n', 'test')) as Record<string, unknown>;
  assert.equal(Object.keys(doc), ['__proto__', 'b']);
  assert.is(Object.getPrototypeOf(doc), Object.prototype, 'the key did not set the prototype');
  const text = dumpYaml(doc);
  assert.is(text, "__proto__:\n  x: 1\nb:\n  - __proto__: 2\n");
  assert.equal(unwrap(parseYaml(text, 'test')), doc);
});

test('numbers are kept exactly, or refused at their line', () => {
  assert.equal(unwrap(parseYaml('a: 1e3\nb: 0x1F\nc: 1_000\nd: -12\ne: 1.5\nf: 9007199254740991\ng: 0.1\nh: 2.50\n', 'test')), {
    a: 1000,
    b: 31,
    c: 1000,
    d: -12,
    e: 1.5,
    f: 9007199254740991,
    g: 0.1,
    h: 2.5,
  });
  assert.is(
    fail('a: 1\nb: 12345678901234567890\n'),
    'spec.yaml: line 2, column 4: 12345678901234567890 is beyond 2^53 (9007199254740992): as a number it would lose precision and become 12345678901234567000; quote it to keep it as text (at "b: 12345678901234567890")',
  );
  // An integer a number spells exactly, as every YAML writer writes one, reads back as that number.
  assert.equal(unwrap(parseYaml('a: 9007199254740992\nb: -100000000000000000000\n', 'test')), { a: 2 ** 53, b: -1e20 });
  assert.match(fail('a: 9007199254740993'), /9007199254740993 is beyond 2\^53 \(9007199254740992\): as a number it would lose precision and become 9007199254740992/);
  assert.match(fail('a: 0x20000000000000'), /0x20000000000000 is beyond 2\^53/);
  assert.is(fail('x:\n  - .nan\n'), 'spec.yaml: line 2, column 5: .nan is not a number JSON or CloudFormation can hold (not a number); quote it to keep it as text (at "- .nan")');
  assert.match(fail('x: -.inf'), /^spec\.yaml: line 1, column 4: -\.inf is not a number JSON or CloudFormation can hold \(infinite\)/);
  assert.match(fail('x: 1e400'), /1e400 is not a number JSON or CloudFormation can hold \(infinite\)/);
  assert.match(fail('x: 010'), /010 is the number 10 in YAML 1\.2 but the number 8 \(octal\) in YAML 1\.1, as CloudFormation reads YAML; write it without the leading zero/);
  assert.match(fail('x: 09'), /09 is the number 9 in YAML 1\.2 but text in YAML 1\.1/);
  assert.match(fail('x: 0o10'), /0o10 is the number 8 in YAML 1\.2 but text in YAML 1\.1/);
  assert.match(fail('x: 0.30000000000000001'), /0\.30000000000000001 cannot be kept exactly as a number \(it would become 0\.3\); write 0\.3, or quote it/);
  assert.match(fail('{"a": 12345678901234567890}'), /line 1, column 7: 12345678901234567890 is beyond 2\^53/, 'JSON too');
  // The first problem in the text is reported, wherever aliases put it.
  assert.match(fail('a: &n 010\nb: [*n, 0o7]\n'), /^spec\.yaml: line 1, column 4: 010/);
  // Quoted, they are text, kept as written.
  assert.equal(unwrap(parseYaml('a: "12345678901234567890"\nb: ".nan"\nc: "010"\n', 'test')), { a: '12345678901234567890', b: '.nan', c: '010' });
});

test('a document that is one scalar is its value, held to the same rules', () => {
  assert.equal(unwrap(parseYaml('false\n', 'test')), false);
  assert.equal(unwrap(parseYaml('12\n', 'test')), 12);
  assert.equal(unwrap(parseYaml('~\n', 'test')), null);
  assert.match(fail('010\n'), /^spec\.yaml: line 1, column 1: 010 is the number 10 in YAML 1\.2/);
});

test('a number from a script that JSON cannot hold is an error at its path, wherever it is', () => {
  const r = decodeSpec({
    api: { name: 'x' },
    routes: { 'GET /a': { integration: { type: 'lambda', function: { 'Fn::Join': ['', ['arn:aws:lambda:us-east-1:123456789012:function:', Number.NaN]] } } } },
  });
  assert.equal(r, {
    _tag: 'Left',
    left: [{ path: 'routes["GET /a"].integration.function["Fn::Join"][1][1]', message: 'is NaN, which JSON and CloudFormation cannot hold' }],
  });
});

test('a NUL byte and other control characters are reported where they are', () => {
  assert.is(fail('a: 1\nb: 2\nc: x\0y\n'), 'spec.yaml: line 3, column 5: a NUL byte, which YAML and JSON text never hold (is this a binary file, or UTF-16 text?) (at "c: x\\u0000y")');
  assert.match(fail('a: 1\nb: 2\nc: x\u0007y\n'), /^spec\.yaml: invalid YAML at line 3, column 7: the stream contains non-printable characters/);
  // A byte-order mark is not a character of the first line.
  assert.match(fail('\ufeffa: 010\n'), /^spec\.yaml: line 1, column 4: 010/);
});

// ---------------------------------------------------------------------------------------------------------------
// Bounds (issue 12, section 1)

const nestedLists = (levels: number) => `a: ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}\n`;

test(`nesting: ${INPUT_LIMITS.depth} levels are read, one more is refused at its line, 100,000 never overflow the stack`, () => {
  // The root mapping is the first level.
  assert.is(parseYaml(nestedLists(INPUT_LIMITS.depth), 'test')._tag, 'Right');
  assert.match(fail(nestedLists(INPUT_LIMITS.depth + 1)), /^spec\.yaml: line 1, column 103: nested more than 100 levels deep; apigw-cfn reads at most 100 levels/);
  assert.match(fail(nestedLists(100_000)), /nested more than 100 levels deep/);
  const block = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
  assert.match(fail(block), /^spec\.yaml: line 101, column 101: nested more than 100 levels deep/);
  const sequence = Array.from({ length: 2000 }, (_, i) => `${'  '.repeat(i)}-`).join('\n');
  assert.match(fail(sequence), /nested more than 100 levels deep/);
  // Intrinsics in short form are one level with their argument, as in the decoded data.
  const tags = `a: ${'!Join ['.repeat(60)}${']'.repeat(60)}`;
  assert.is(parseYaml(tags, 'test')._tag, 'Right');
});

test('nesting: an object from a script is held to the same bound, with the path where it is crossed', () => {
  let deep: Record<string, unknown> = {};
  const root = deep;
  for (let i = 0; i < 5000; i++) deep = (deep.a = {}) as Record<string, unknown>;
  const r = decodeSpec({ api: { name: 'x' }, routes: { 'GET /a': { integration: root } } });
  assert.is(r._tag, 'Left');
  if (r._tag === 'Left') {
    assert.is(r.left.length, 1);
    assert.is(r.left[0].path, `routes["GET /a"].integration${'.a'.repeat(97)}`);
    assert.match(r.left[0].message, /^is nested more than 100 levels deep/);
  }
  const cyclic: Record<string, unknown> = { api: { name: 'x' }, routes: {} };
  (cyclic.routes as Record<string, unknown>)['GET /a'] = cyclic;
  assert.equal(decodeSpec(cyclic), { _tag: 'Left', left: [{ path: 'routes["GET /a"]', message: 'holds itself (an object inside itself): the spec would never end' }] });
  // Shared objects are counted every time they appear, as aliases are.
  let bomb: unknown = ['x'];
  for (let i = 0; i < 30; i++) bomb = [bomb, bomb];
  const big = decodeSpec({ api: { name: 'x', description: { 'Fn::Join': ['', bomb] } }, routes: {} });
  assert.equal(big._tag === 'Left' && big.left.map((e) => e.path), ['api.description["Fn::Join"][1]']);
});

test('a document parseYaml returns is measured again when a script hands it on: only a build from text skips that', () => {
  // Builds from text measure their document once, as they read it (readerBounded); parseYaml's result is the
  // caller's to change, so decoding it still checks the bounds.
  const parsed = parseYaml('api: {name: x}\nroutes: {}\n', 'spec.yaml');
  const document = unwrap(parsed) as Record<string, Record<string, unknown>>;
  document.routes['GET /a'] = document;
  assert.equal(decodeSpec(document), { _tag: 'Left', left: [{ path: 'routes["GET /a"]', message: 'holds itself (an object inside itself): the spec would never end' }] });
});

test('our walkers are iterative: canonicalJson and collectReferences take 100,000 levels', () => {
  let deep: unknown = { Ref: 'X' };
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.is(canonicalJson(deep).length, 200_000 + '{"Ref":"X"}'.length);
  assert.equal(collectReferences(deep), [{ target: 'X', via: '!Ref X' }]);
});

test('canonicalJson writes the same text by recursion as by its work stack (past 200 levels)', () => {
  // A value under 250 lists is written whole by the work stack: both forms of the same value must agree.
  const arb = fc.anything({ withBoxedValues: true, withDate: true, withMap: true, withNullPrototype: true, withSparseArray: true, maxDepth: 6 });
  fc.assert(
    fc.property(arb, (x) => {
      let wrapped: unknown = x;
      for (let i = 0; i < 250; i++) wrapped = [wrapped];
      const inList = canonicalJson([x]);
      assert.is(canonicalJson(wrapped), `${'['.repeat(249)}${inList}${']'.repeat(249)}`);
    }),
    { numRuns: 3000 },
  );
});

test('aliases: a bomb is refused at the alias that crosses the bound, naming its anchor; repeats within the bound are read', () => {
  let bomb = 'a0: &a0 [x, y, z, w, v, u, t, s, r]\n';
  for (let i = 1; i <= 9; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  const started = Date.now();
  assert.is(
    fail(bomb),
    'spec.yaml: line 6, column 20: the alias *a4 (anchored at line 5) repeats 66,430 values (125,479 characters), and the document would expand past what apigw-cfn reads: at most 250,000 values, and 1,000,000 characters here (10 times the size of its text, at least 1,000,000); write the repeated part out, or repeat less of it (at "a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]")',
  );
  assert.ok(Date.now() - started < 1000, 'refused at once');
  // A long text repeated: its characters count.
  assert.match(fail(`x: &s "${'a'.repeat(200_000)}"\ny: [${Array(100).fill('*s').join(',')}]\n`), /^spec\.yaml: line 2, column \d+: the alias \*s \(anchored at line 1\) repeats 1 value \(200,001 characters\)/);
  // An alias inside what it names.
  assert.match(fail('a: &x [1, *x]\n'), /^spec\.yaml: line 1, column 11: the alias \*x refers to a mapping or list that holds it/);
  assert.match(fail('a: &x\n  b: 1\n  c: *x\n'), /^spec\.yaml: line 3, column 6: the alias \*x refers to a mapping or list that holds it/);
  // One integration shared by 300 routes through an alias is fine.
  const shared = [
    'x-lambda: &lambda {type: lambda, function: "arn:aws:lambda:us-east-1:123456789012:function:books", timeout: 10s, description: "the books function, shared by every route of this API"}',
    ...Array.from({ length: 300 }, (_, i) => `r${i}: {integration: *lambda}`),
  ].join('\n');
  const doc = unwrap(parseYaml(shared, 'test')) as Record<string, { integration: unknown }>;
  assert.is(doc.r299.integration, doc['x-lambda'], 'aliases share');
});

test(`values: more than ${INPUT_LIMITS.values.toLocaleString('en')} are refused at the line where the count passes the bound`, () => {
  const text = `x: [${Array(INPUT_LIMITS.values).fill('1').join(',\n')}]\n`;
  assert.match(fail(text), /^spec\.yaml: line 250000, column 1: more than 250,000 values \(mappings, lists, keys and scalars\); apigw-cfn reads at most 250,000/);
});

test.run();
