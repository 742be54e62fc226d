/**
 * The common-YAML reader (src/yaml/commonYaml.ts) against its reference, parseYaml's js-yaml path: whenever it
 * answers, it must give exactly what js-yaml gives, and it must leave every document js-yaml refuses to js-yaml.
 * Over every YAML file in the project, and over generated documents: trees written in every style the reader knows
 * (block and flow, compact and indentless lists, quotes, tags, comments, CRLF) with tricky scalars, then damaged
 * at random (a character inserted, deleted or swapped for one that YAML gives meaning to), so that near misses of
 * the common subset are tried as often as the subset itself.
 *
 * No fixed seed; a failure prints its seed, and PROPERTY_SEED=<seed> replays it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYaml, parseYamlWithJsYaml } from '../src/yaml/cfnYaml';
import { readCommonYaml } from '../src/yaml/commonYaml';
import { generateSpec } from '../bench/generate';
import { unwrap } from './helpers/either';

const ROOT = path.join(__dirname, '..', '..');
const env = process.env;
const params = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: env.PROPERTY_RUNS ? Number(env.PROPERTY_RUNS) : numRuns,
  ...(env.PROPERTY_SEED && { seed: Number(env.PROPERTY_SEED) }),
});

/** What the reader answers must be what js-yaml reads; returns whether it answered. */
function agrees(text: string, name: string): boolean {
  const common = readCommonYaml(text);
  if (common === undefined) return false;
  const reference = parseYamlWithJsYaml(text, name);
  if (reference._tag === 'Left') assert.unreachable(`${name}: the common reader read what js-yaml refuses (${reference.left[0].message})`);
  else assert.equal(common.value, reference.right, name);
  return true;
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist' ? [] : yamlFiles(file);
    return /\.ya?ml$/.test(e.name) ? [file] : [];
  });
}

test('every YAML file in the project reads the same through the common reader as through js-yaml', () => {
  const files = ['examples', 'fixtures', 'test'].flatMap((d) => yamlFiles(path.join(ROOT, d)));
  assert.ok(files.length > 200, `found only ${files.length} YAML files`);
  const read = files.filter((file) => agrees(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file)));
  // It must not quietly fall out of use: the specs and templates we ship are common YAML (errors and host-template
  // oddities are not, on purpose).
  const mustRead = files.filter((f) => /(^|\/)(api|spec)\.yaml$|(^|\/)template\.yaml$/.test(f) && !f.includes(`${path.sep}errors${path.sep}`) && !f.includes(`${path.sep}sam-books${path.sep}`));
  assert.ok(mustRead.length > 60, `found only ${mustRead.length} specs and templates`);
  for (const file of mustRead) assert.ok(read.includes(file), `${path.relative(ROOT, file)} was left to js-yaml`);
});

test('the generated benchmark specs are common YAML', () => {
  for (const n of [1, 100, 1000]) assert.ok(agrees(generateSpec(n).text, `bench-${n}.yaml`), `bench-${n}.yaml was left to js-yaml`);
});

test('what it leaves to js-yaml: errors, and the parts of YAML it does not read', () => {
  const cases: Array<[string, string]> = [
    ['a: 1\na: 2\n', 'a duplicate key'],
    ['a: 12345678901234567890\n', 'a number YAML would change'],
    ['a: .nan\n', 'not a number'],
    ['a: 010\n', 'octal in YAML 1.1'],
    ['a: &x 1\nb: *x\n', 'an anchor and an alias'],
    ['a: |\n  text\n', 'a block scalar'],
    ['a: long\n  text\n', 'a plain scalar over two lines'],
    ['a: "two\n  lines"\n', 'a quoted scalar over two lines'],
    ['---\na: 1\n', 'a document marker'],
    ['a:\tb\n', 'a tab'],
    ['a: b: c\n', 'a colon and space in a plain scalar'],
    ['a: !Foo x\n', 'an unknown tag'],
    ['a: !!str 1\n', 'a standard tag'],
    ['a: [1, 2\n', 'an unclosed flow list'],
    ['a: {b: 1, b: 2}\n', 'a duplicate key in a flow mapping'],
    ['? a\n: b\n', 'an explicit key'],
    ['a: "\\x41"\n', 'an escape JSON does not have'],
    ['__proto__: 1\n', 'a __proto__ key'],
    ['# only a comment\n', 'no content'],
    ['', 'nothing'],
    ['a: 1\n b: 2\n', 'bad indentation'],
    ['a: !Ref\nb: 1\n', 'a tag without an argument'],
  ];
  for (const [text, what] of cases) assert.is(readCommonYaml(text), undefined, what);
});

test('at the bound on values it answers exactly as far as js-yaml reads', () => {
  // A list and its items: 250,000 values are read, one more is refused (INPUT_LIMITS.values).
  assert.ok(agrees('- 1\n'.repeat(249_999), 'a list of 249,999'));
  const over = '- 1\n'.repeat(250_000);
  assert.is(readCommonYaml(over), undefined);
  assert.ok(parseYamlWithJsYaml(over, 'over.yaml')._tag === 'Left');
});

test('what it reads: the forms specs and templates are written in', () => {
  const cases: Array<[string, unknown]> = [
    ['a: 1\nb: yes\nc: ~\nd: 1.5\ne: text # comment\n', { a: 1, b: true, c: null, d: 1.5, e: 'text' }],
    ["k: 'it''s'\nq: \"a\\u00e9\\n\"\n", { k: "it's", q: 'a\u00e9\n' }],
    ['list:\n- a\n- b\nnext: 1\n', { list: ['a', 'b'], next: 1 }],
    ['- - a\n  - b\n- name: x\n  value: z\n', [['a', 'b'], { name: 'x', value: 'z' }]],
    ['a: [1, x, [z], {k: arn:aws:s3:::b}]\n', { a: [1, 'x', ['z'], { k: 'arn:aws:s3:::b' }] }],
    ['a: !GetAtt F.Arn\nb: !Sub [\'x${A}\', {A: !Ref B}]\nc: !Join\n  - ""\n  - [a, b]\n', {
      a: { 'Fn::GetAtt': ['F', 'Arn'] },
      b: { 'Fn::Sub': ['x${A}', { A: { Ref: 'B' } }] },
      c: { 'Fn::Join': ['', ['a', 'b']] },
    }],
    ['GET /books/{id}:\r\n  key: yes\r\n', { 'GET /books/{id}': { key: true } }],
    ['empty:\nafter: 1\n', { empty: null, after: 1 }],
  ];
  for (const [text, value] of cases) {
    assert.equal(readCommonYaml(text)?.value, value, text);
    assert.ok(agrees(text, text));
  }
});

// --- Generated documents ---

/** A small deterministic random source, so that a document is a function of its seed. */
function randomSource(seed: number): { int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean } {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  return { int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)], chance: (p) => next() < p };
}

/** Scalars a YAML reader must think about (plain, they mean something else; many cannot be plain at all). */
const SCALARS = [
  'a', 'books', 'GET /books/{id}', '$default', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'https://x.example/p?q=1',
  '${AWS::Region}', 'x${A}', '', 'yes', 'No', 'on', 'y', 'true', 'False', 'null', '~', 'Null', '2.0', '1.0', '012', '010', '0x1F',
  '0o17', '0b101', '1e5', '1e400', '-.5', '+1', '-1', '.inf', '.NaN', '1_000', '12345678901234567890', '9007199254740993', '2010-09-09',
  '12:30', '<<', '__proto__', 'constructor', ': x', 'a: b', 'a:b', 'x:', 'a #b', 'a#b', '#x', "it's", '-', '- a', '-a', '? q', '?q',
  '@x', '`x', '%x', '!x', '*x', '&x', '|x', '>x', '[x]', '{x}', 'a,b', 'a, b', ' lead', 'trail ', 'a  b', 'é', '日本語', 'a\\b',
  'q"q', '---', '...',
];
const KEYS = ['a', 'b', 'name', 'type', 'GET /x', 'POST /y/{id}', '$connect', 'Fn::Sub', 'Ref', 'yes', '1', '~', '<<', 'a b', 'a:b', 'x-y'];
const TAGS = ['!Ref', '!GetAtt', '!Sub', '!Join', '!Select', '!If', '!Base64', '!ImportValue', '!Condition', '!Foo', '!!str'];
/** Characters that damage a document where it hurts. */
const DAMAGE = [':', ' ', '-', '#', '\t', '[', ']', '{', '}', ',', '"', "'", '!', '&', '*', '|', '>', '?', '\r', '\n', '\\', '%', 'x'];

type R = ReturnType<typeof randomSource>;

function scalarText(r: R, inFlow: boolean): string {
  const s = r.pick(SCALARS);
  switch (r.int(4)) {
    case 0:
      return `'${s.replace(/'/g, "''")}'`;
    case 1:
      return JSON.stringify(s);
    default:
      // Plain, as written: often not a plain scalar at all, which is the point.
      return inFlow && r.chance(0.5) ? s.replace(/[,[\]{}]/g, '') : s;
  }
}

function keyText(r: R): string {
  const k = r.pick(KEYS);
  return r.chance(0.2) ? `'${k}'` : r.chance(0.1) ? JSON.stringify(k) : k;
}

function flowText(r: R, depth: number): string {
  const roll = r.int(10);
  if (depth > 2 || roll < 5) return scalarText(r, true);
  if (roll < 6) return `${r.pick(TAGS)} ${flowText(r, depth + 1)}`;
  const n = r.int(4);
  const items = Array.from({ length: n }, () => (roll < 8 ? flowText(r, depth + 1) : `${keyText(r)}: ${flowText(r, depth + 1)}`));
  const sep = r.chance(0.8) ? ', ' : r.pick([',', ' , ', ',  ']);
  return roll < 8 ? `[${items.join(sep)}]` : `{${r.chance(0.5) ? ' ' : ''}${items.join(sep)}${r.chance(0.5) ? ' ' : ''}}`;
}

/** Lines of a block node at `indent`, as the value after `key:` or `-` (its first line may join theirs). */
function blockLines(r: R, indent: number, depth: number): { inline?: string; lines: string[] } {
  const roll = r.int(10);
  const pad = ' '.repeat(indent);
  if (depth > 4 || roll < 4) return { inline: r.chance(0.7) ? scalarText(r, false) : flowText(r, 1), lines: [] };
  if (roll === 4) {
    const tag = r.pick(TAGS);
    if (r.chance(0.5)) return { inline: `${tag} ${r.chance(0.7) ? scalarText(r, false) : flowText(r, 1)}`, lines: [] };
    const inner = blockLines(r, indent + 2, depth + 1);
    return { inline: tag, lines: inner.inline !== undefined ? [`${pad}  ${inner.inline}`] : inner.lines };
  }
  if (roll === 5) return { inline: r.chance(0.5) ? '' : '# empty', lines: [] };
  const step = r.pick([2, 2, 2, 4, 1, 3]);
  const lines: string[] = [];
  const n = 1 + r.int(4);
  const isList = roll >= 8;
  for (let i = 0; i < n; i++) {
    if (r.chance(0.15)) lines.push(r.chance(0.5) ? '' : `${' '.repeat(r.int(indent + 3))}# comment: ${r.pick(SCALARS)}`);
    const head = isList ? `${pad}-${' '.repeat(1 + (r.chance(0.1) ? 1 : 0))}` : `${pad}${keyText(r)}:`;
    const child = blockLines(r, indent + step, depth + 1);
    if (child.inline !== undefined) {
      lines.push(`${head}${child.inline === '' ? '' : `${isList ? '' : ' '}${child.inline}`}${r.chance(0.1) ? ' # note' : ''}`);
      lines.push(...child.lines);
    } else {
      lines.push(head.trimEnd(), ...child.lines);
    }
  }
  return { lines };
}

function document(seed: number): string {
  const r = randomSource(seed);
  const root = blockLines(r, 0, 0);
  let text = root.inline !== undefined ? `key: ${root.inline}\n${root.lines.join('\n')}` : root.lines.join('\n');
  if (r.chance(0.1)) text = text.replace(/\n/g, '\r\n');
  text += r.chance(0.8) ? '\n' : '';
  // Damage: a character inserted, deleted or replaced, or none.
  const damage = r.int(4);
  if (damage > 0 && text.length > 0) {
    const at = r.int(text.length);
    const c = r.pick(DAMAGE);
    text = damage === 1 ? text.slice(0, at) + c + text.slice(at) : damage === 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + c + text.slice(at + 1);
  }
  return text;
}

test('over generated and damaged documents, the common reader answers only with what js-yaml reads', () => {
  let answered = 0;
  let runs = 0;
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      runs++;
      const text = document(seed);
      if (agrees(text, `generated (seed ${seed}) ${JSON.stringify(text)}`)) answered++;
    }),
    params(4000),
  );
  // Both sides of the line are tried: a generator that only made what it reads (or nothing it reads) would pass.
  assert.ok(answered > runs * 0.15 && answered < runs * 0.9, `answered ${answered} of ${runs}`);
});

test('parseYaml gives the same value and the same errors whichever reader answers', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const text = document(seed);
    const fast = parseYaml(text, 'g.yaml');
    const reference = parseYamlWithJsYaml(text, 'g.yaml');
    assert.equal(fast, reference, `seed ${seed}`);
  }
  assert.equal(unwrap(parseYaml('a: 1\n', 'x.yaml')), { a: 1 });
});

test.run();
