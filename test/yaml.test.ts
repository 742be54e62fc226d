import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dumpYaml, parseYaml } from '../src/yaml/cfnYaml';
import { unwrap } from './helpers/either';

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

test.run();
