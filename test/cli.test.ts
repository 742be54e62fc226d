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

test('notices go to stderr after the warnings: the IAM capability a deploy needs, the statements owners must add', () => {
  const spec = path.join(tmp, 'notices.yaml');
  fs.writeFileSync(
    spec,
    [
      'api: {name: jobs}',
      'routes:',
      '  POST /jobs: {integration: {type: aws, subtype: SQS-SendMessage, target: "arn:aws:sqs:us-east-1:123456789012:jobs",',
      '    parameters: {QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", MessageBody: $request.body}}}',
      '  GET /partner: {integration: {type: lambda, function: "arn:aws:lambda:us-east-1:210987654321:function:p", permission: false}}',
      '',
    ].join('\n'),
  );
  const run = cli(['build', spec]);
  assert.is(run.status, 0, run.stderr);
  const lines = run.stderr.split('\n');
  assert.match(lines[0], /^notice: routes\["GET \/partner"\]\.integration\.permission: false: no Lambda permission is written/);
  assert.match(lines[1], /^  aws lambda add-permission --function-name arn:aws:lambda:us-east-1:210987654321:function:p /);
  assert.match(run.stderr, /\nnotice: the template creates IAM resources \(RoleJobsSqsSendMessage[0-9A-F]{8}\): deploy it with --capabilities CAPABILITY_IAM/);
  assert.not.match(run.stdout, /AWS::Lambda::Permission/);
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

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
