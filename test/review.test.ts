/**
 * Golden tests of the review commands, run as a user runs them. `fixtures/review/<case>/command` holds the
 * arguments (paths from the repository root); the case's `stdout.txt`, `stderr.txt` (when anything is printed there)
 * and `status.txt` (the exit status) hold exactly what the command prints and returns. Each command runs twice and
 * must print the same bytes. Regenerate on purpose only: `UPDATE_GOLDEN=1 npm test`, then read the diff.
 * Every template the cases compare, and every template their specs build, passes cfn-lint, as goldens do: a review
 * of templates that do not deploy would show nothing worth knowing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT, updateGolden } from './helpers/paths';
import { runCli } from './helpers/cli';
import { cfnLint } from './helpers/cfnLint';
import { unwrap } from './helpers/either';
import { parseYaml } from '../src/yaml/cfnYaml';
import { buildSpecText } from '../src/build';
import { isSpecDocument } from '../src/review/input';

const REVIEW = path.join(FIXTURES, 'review');
const filter = process.env.FIXTURE_FILTER ? new RegExp(process.env.FIXTURE_FILTER) : undefined;

function compareOrUpdate(file: string, actual: string, what: string): void {
  if (updateGolden) {
    if (actual === '' && !file.endsWith('stdout.txt')) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file) && actual !== '') assert.unreachable(`${what}: ${path.relative(ROOT, file)} is missing; run UPDATE_GOLDEN=1 npm test and review it`);
  assert.fixture(actual, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', `${what} differs from ${path.relative(ROOT, file)}`);
}

// Paths in messages are relative to the repository root, as a user running from there sees them.
process.chdir(ROOT);

const cases = fs
  .readdirSync(REVIEW)
  .sort()
  .filter((name) => fs.existsSync(path.join(REVIEW, name, 'command')) && (filter === undefined || filter.test(`review/${name}`)));

for (const name of cases) {
  test(`review: ${name}`, () => {
    const dir = path.join(REVIEW, name);
    const args = fs.readFileSync(path.join(dir, 'command'), 'utf8').trim().split(/\s+/);
    const run = runCli(args);
    const again = runCli(args);
    assert.equal(again, run, 'two runs print the same');
    compareOrUpdate(path.join(dir, 'stdout.txt'), run.stdout, 'stdout');
    compareOrUpdate(path.join(dir, 'stderr.txt'), run.stderr, 'stderr');
    compareOrUpdate(path.join(dir, 'status.txt'), `${run.status}\n`, 'exit status');
  });
}

test('review: every template the cases compare, and every template their specs build, passes cfn-lint', () => {
  if (filter !== undefined) return;
  assert.ok(cases.length > 0, 'no review cases found');
  const files = fs
    .readdirSync(REVIEW, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => path.join(REVIEW, file));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-review-'));
  try {
    const targets = files.map((file, i) => {
      const text = fs.readFileSync(file, 'utf8');
      const document = unwrap(parseYaml(text, file));
      if (!isSpecDocument(document)) return file;
      const built = buildSpecText(text, file, 'yaml');
      if (built._tag === 'Left') return undefined; // a case about an invalid spec
      const target = path.join(tmp, `${i}-${path.basename(file)}`);
      fs.writeFileSync(target, built.right.text);
      return target;
    });
    const lintable = targets.filter((t): t is string => t !== undefined);
    assert.ok(lintable.length >= 10, `${lintable.length} templates`);
    assert.equal(cfnLint(lintable).findings, [], 'cfn-lint findings');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('review: usage errors exit 2 and say what is wrong', () => {
  const usage: ReadonlyArray<[string[], RegExp]> = [
    [['routes'], /routes needs SPEC/],
    [['routes', 'a.yaml', 'b.yaml'], /routes takes 1 operand \(SPEC\), got 2/],
    [['routes', 'a.yaml', '--format', 'dot'], /--format takes table or mermaid or json, got "dot" \(see apigw-cfn routes --help\)/],
    [['routes', 'a.yaml', '--format'], /--format needs a value/],
    [['routes', 'a.yaml', '-o', 'x'], /unknown option -o for routes/],
    [['diff', 'a.yaml'], /diff takes 2 operands \(OLD NEW\), got 1/],
    [['diff', '-', '-'], /only one of OLD and NEW can come from standard input/],
    [['diff', 'a.yaml', 'b.yaml', '--format=mermaid'], /--format takes table or json, got "mermaid" \(see apigw-cfn diff --help\)/],
  ];
  for (const [args, message] of usage) {
    const run = runCli(args);
    assert.is(run.status, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.is(run.stdout, '');
  }
  const missing = runCli(['diff', 'examples/books/template.yaml', 'no-such-file.yaml']);
  assert.equal([missing.status, missing.stderr], [2, 'apigw-cfn: cannot read no-such-file.yaml: no such file or directory\n']);
  assert.is(runCli(['routes', 'no-such-file.yaml']).status, 1);
});

/**
 * The README's outputs of `routes` and `diff`: a block whose first line is `$ npx apigw-cfn routes|diff ARGS`, or a
 * block right after `<!-- apigw-cfn routes|diff ARGS -->`, holds exactly what the command prints.
 */
test('review: the README shows what routes and diff really print', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [
    ...[...readme.matchAll(/^```[^\n]*\n\$ npx apigw-cfn ((?:routes|diff) [^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => [m[1], m[2]]),
    ...[...readme.matchAll(/^<!-- apigw-cfn ((?:routes|diff) [^\n]*) -->\n```[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => [m[1], m[2]]),
  ];
  assert.ok(blocks.length >= 4, `${blocks.length} README blocks`);
  for (const [command, shown] of blocks) assert.fixture(shown, runCli(command.split(/\s+/)).stdout, `README: apigw-cfn ${command}`);
});

test.run();
