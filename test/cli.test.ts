/**
 * The command line, run as a user runs it (a child process), for exit codes, streams and files.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './helpers/paths';

const BIN = path.join(ROOT, 'bin', 'apigw-cfn.js');
const EXAMPLE = path.join(ROOT, 'examples', 'books', 'api.yaml');

function cli(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, cwd: ROOT });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-cli-'));

test('build prints YAML on stdout by default and exits 0', () => {
  const run = cli(['build', EXAMPLE]);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, fs.readFileSync(path.join(ROOT, 'examples', 'books', 'template.yaml'), 'utf8'));
  assert.is(run.stderr, '');
});

test('-o FILE.json writes JSON (format from the extension); --format overrides it', () => {
  const out = path.join(tmp, 'books.json');
  assert.is(cli(['build', EXAMPLE, '-o', out]).status, 0);
  const json = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.is(json.Resources.ApiBooks.Type, 'AWS::ApiGatewayV2::Api');
  const yamlOut = path.join(tmp, 'books.json.txt');
  assert.is(cli(['build', EXAMPLE, '--output', yamlOut, '--format', 'yaml']).status, 0);
  assert.match(fs.readFileSync(yamlOut, 'utf8'), /^AWSTemplateFormatVersion: '2010-09-09'\n/);
  assert.is(cli(['build', EXAMPLE, '--format=json']).stdout[0], '{');
});

test('the spec can come from stdin', () => {
  const run = cli(['build', '-'], fs.readFileSync(EXAMPLE, 'utf8'));
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /ApiBooks:/);
});

test('an invalid spec exits 1, lists every error, prints nothing on stdout and leaves an existing output untouched', () => {
  const spec = path.join(tmp, 'bad.yaml');
  fs.writeFileSync(spec, 'api: {name: x}\nroutes:\n  GET /a: {integration: {type: lambda, function: nope, timeout: 45s}}\n');
  const out = path.join(tmp, 'existing.yaml');
  fs.writeFileSync(out, 'previous content\n');
  const run = cli(['build', spec, '-o', out]);
  assert.is(run.status, 1);
  assert.is(run.stdout, '');
  assert.match(run.stderr, /is invalid \(2 errors\)/);
  assert.match(run.stderr, /routes\["GET \/a"\]\.integration\.timeout: must be between 50 ms and 30 s, got 45 s/);
  assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
  assert.is(fs.readFileSync(out, 'utf8'), 'previous content\n');
  assert.equal(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-')), [], 'no temporary file left behind');
});

test('a missing spec file exits 1 with a plain message', () => {
  const run = cli(['build', path.join(tmp, 'nope.yaml')]);
  assert.is(run.status, 1);
  assert.match(run.stderr, /cannot read .*nope\.yaml: no such file or directory/);
});

test('an unwritable output exits 1 without a stack trace', () => {
  const run = cli(['build', EXAMPLE, '-o', path.join(tmp, 'no-such-dir', 'out.yaml')]);
  assert.is(run.status, 1);
  assert.match(run.stderr, /cannot write .*out\.yaml: no such file or directory/);
});

test('warnings go to stderr and the build still succeeds', () => {
  const spec = path.join(tmp, 'many.yaml');
  const routes = Array.from({ length: 21 }, (_, i) => `  GET /r${i}: {integration: {type: lambda, function: "arn:aws:lambda:us-east-1:123456789012:function:f"}}`);
  fs.writeFileSync(spec, `api: {name: many}\nroutes:\n${routes.join('\n')}\n`);
  const run = cli(['build', spec]);
  assert.is(run.status, 0);
  assert.match(run.stderr, /^warning: routes\["GET \/r0"\]: function f is invoked on 21 distinct methods and paths/);
  assert.match(run.stdout, /execute-api:.*\$\{ApiMany\}\/\*\n/);
});

test('usage errors exit 2; --help and --version exit 0', () => {
  for (const args of [[], ['frobnicate'], ['build'], ['build', 'a', 'b'], ['build', 'a', '--format', 'xml'], ['build', 'a', '-o'], ['build', 'a', '--bogus']]) {
    const run = cli(args);
    assert.is(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /Usage:/);
  }
  const help = cli(['--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, /apigw-cfn build SPEC/);
  const version = cli(['--version']);
  assert.is(version.status, 0);
  assert.is(version.stdout, `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
});

test('build --fragment prints only Resources and lists what the host must define on stderr', () => {
  const spec = path.join(ROOT, 'examples', 'serverless', 'api.yaml');
  const run = cli(['build', spec, '--fragment']);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, fs.readFileSync(path.join(ROOT, 'examples', 'serverless', 'fragment.yaml'), 'utf8'));
  assert.is(run.stderr, 'the fragment expects the host template to define: BooksLambdaFunction, HttpApi\n');
});

test('merge writes the host with the spec added, leaves the host file alone, and keeps JSON hosts JSON', () => {
  const dir = path.join(ROOT, 'examples', 'sam-books');
  const host = path.join(dir, 'template.yaml');
  const before = fs.readFileSync(host, 'utf8');
  const run = cli(['merge', host, path.join(dir, 'api.yaml')]);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, fs.readFileSync(path.join(dir, 'merged.yaml'), 'utf8'));
  assert.is(fs.readFileSync(host, 'utf8'), before, 'the host file is unchanged');

  const jsonHost = path.join(tmp, 'host.json');
  fs.writeFileSync(jsonHost, JSON.stringify({ Parameters: { FnArn: { Type: 'String' } }, Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }));
  const spec = path.join(tmp, 'spec.yaml');
  fs.writeFileSync(spec, 'api: {name: x}\nroutes:\n  GET /a: {integration: {type: lambda, function: !Ref FnArn}}\n');
  const merged = cli(['merge', jsonHost, spec]);
  assert.is(merged.status, 0, merged.stderr);
  const data = JSON.parse(merged.stdout);
  assert.equal(Object.keys(data), ['Parameters', 'Resources', 'Outputs']);
  assert.ok(data.Resources.Queue && data.Resources.ApiX);

  const again = path.join(tmp, 'merged.json');
  fs.writeFileSync(again, merged.stdout);
  assert.is(cli(['merge', again, spec, '-o', again]).status, 0, 'merging the same spec twice is fine');
  assert.is(fs.readFileSync(again, 'utf8'), merged.stdout, 'and changes nothing');
});

test('merge usage errors exit 2', () => {
  for (const args of [['merge'], ['merge', 'host.yaml'], ['merge', 'a', 'b', 'c'], ['merge', '-', '-'], ['merge', 'a', 'b', '--fragment']]) {
    assert.is(cli(args).status, 2, args.join(' '));
  }
});


test('build --out-dir writes one template when it fits, byte-identical to a plain build', () => {
  const dir = path.join(tmp, 'books-out', 'nested-dir');
  const run = cli(['build', EXAMPLE, '--out-dir', dir]);
  assert.is(run.status, 0, run.stderr);
  assert.equal(fs.readdirSync(dir), ['template.yaml']);
  assert.is(fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'), cli(['build', EXAMPLE]).stdout);
  assert.is(run.stdout, '');
  assert.is(run.stderr, `wrote ${path.join(dir, 'template.yaml')}\n`);
});

test('build --out-dir writes the root and route stacks, removes stale route stacks, and takes the deploy options', () => {
  const fixture = path.join(ROOT, 'fixtures', 'nested-http');
  const dir = path.join(tmp, 'nested');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'route-stack-9.yaml'), 'left by an older build\n');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not ours\n');
  const run = cli(['build', path.join(fixture, 'spec.yaml'), '--out-dir', dir]);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stderr, `wrote ${path.join(dir, 'template.yaml')} and 3 route stacks beside it; deploy them with aws cloudformation package, then deploy\n`);
  const goldens = fs.readdirSync(path.join(fixture, 'stacks')).sort();
  assert.equal(fs.readdirSync(dir).sort(), [...goldens, 'notes.txt'].sort());
  for (const file of goldens) assert.is(fs.readFileSync(path.join(dir, file), 'utf8'), fs.readFileSync(path.join(fixture, 'stacks', file), 'utf8'), file);

  const json = path.join(tmp, 'nested-json');
  const options = cli(['build', path.join(fixture, 'spec.yaml'), '--out-dir', json, '--format', 'json', '--max-parallel', '2', '--template-url-prefix', 'https://bucket.s3.amazonaws.com/orders/']);
  assert.is(options.status, 0, options.stderr);
  const root = JSON.parse(fs.readFileSync(path.join(json, 'template.json'), 'utf8'));
  assert.is(root.Resources.RouteStack1.Properties.TemplateURL, 'https://bucket.s3.amazonaws.com/orders/route-stack-1.json');
  assert.equal([1, 2, 3].map((i) => root.Resources[`RouteStack${i}`].DependsOn), [undefined, undefined, ['RouteStack1']]);
});

test('plan prints a table, or JSON, and exits 1 when no deploy could take the spec', () => {
  const spec = path.join(ROOT, 'fixtures', 'nested-http', 'spec.yaml');
  const table = cli(['plan', spec]);
  assert.is(table.status, 0, table.stderr);
  assert.match(table.stdout, /a root template and 3 route stacks/);
  const json = cli(['plan', spec, '--format', 'json', '--max-parallel', '3']);
  assert.is(json.status, 0, json.stderr);
  const plan = JSON.parse(json.stdout);
  assert.equal([plan.layout, plan.routeStacks, plan.stacks.length, plan.problems], ['nested', { count: 3, maxParallel: 3 }, 4, []]);

  const tight = path.join(tmp, 'tight.yaml');
  const routes = Array.from({ length: 6 }, (_, i) => `  GET /r${i}: {integration: {type: http, url: "https://r${i}.example.com"}}`);
  fs.writeFileSync(tight, `stacks: {maxResources: 5, count: 2}\napi: {name: tight}\nroutes:\n${routes.join('\n')}\n`);
  const over = cli(['plan', tight]);
  assert.is(over.status, 1);
  assert.match(over.stdout, /\nroot +template\.yaml +10 \/ 5  OVER /);
  assert.match(over.stdout, /Problems \(no deploy can take this as it is\):\n {2}the root template \(template\.yaml\) would hold 10 resources \(at most 5\)/);
  assert.is(cli(['build', tight, '--out-dir', path.join(tmp, 'tight')]).status, 1);
});

test('usage errors for nested stacks and plan exit 2', () => {
  for (const args of [
    ['build', EXAMPLE, '--out-dir'],
    ['build', EXAMPLE, '--out-dir', 'x', '-o', 'y.yaml'],
    ['build', EXAMPLE, '--out-dir', 'x', '--fragment'],
    ['build', EXAMPLE, '--max-parallel', '2'],
    ['build', EXAMPLE, '--out-dir', 'x', '--max-parallel', '0'],
    ['build', EXAMPLE, '--out-dir', 'x', '--template-url-prefix'],
    ['plan'],
    ['plan', EXAMPLE, '-o', 'x'],
    ['plan', EXAMPLE, '--format', 'yaml'],
    ['plan', EXAMPLE, '--out-dir', 'x'],
    ['merge', 'a', 'b', '--max-parallel', '2'],
  ]) {
    const run = cli(args);
    assert.is(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
  }
});

test('the one-file build (scripts/bundle.js) runs exactly as the compiled modules do', () => {
  const bundled = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.js')], { encoding: 'utf8' });
  assert.is(bundled.status, 0, bundled.stderr);
  const nested = path.join(ROOT, 'fixtures', 'nested-http', 'spec.yaml');
  for (const args of [['build', EXAMPLE], ['plan', nested], ['build', nested], ['--version']]) {
    const run = (entry: string) => spawnSync(process.execPath, ['-e', `process.exitCode = require(${JSON.stringify(entry)}).main(${JSON.stringify(args)})`], { encoding: 'utf8', cwd: ROOT });
    const one = run(path.join(ROOT, 'dist', 'apigw-cfn.js'));
    const many = run(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
    assert.equal([one.status, one.stdout, one.stderr], [many.status, many.stdout, many.stderr], args.join(' '));
  }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
