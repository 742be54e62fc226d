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
import { writeAtomically } from '../src/cli/files';
import { generateSpec } from '../bench/generate';

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
  assert.equal(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
});

test('a missing spec file exits 1 with a plain message', () => {
  const run = cli(['build', path.join(tmp, 'nope.yaml')]);
  assert.is(run.status, 1);
  assert.match(run.stderr, /cannot read .*nope\.yaml: no such file or directory/);
});

test('an unwritable output exits 1 without a stack trace', () => {
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, 'x');
  const run = cli(['build', EXAMPLE, '-o', path.join(file, 'out.yaml')]);
  assert.is(run.status, 1);
  assert.is(run.stderr, `apigw-cfn: cannot write ${path.join(file, 'out.yaml')}: a part of the path is not a directory\n`);
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

/**
 * Runs `apigw-cfn ARGS` inside a shell pipeline: `{ PREFIX apigw-cfn ARGS; } 2>ERR | READER`. Returns what the reader
 * printed, and the CLI's own exit status and standard error (a pipeline's status is its reader's).
 */
function piped(args: string[], reader: string, prefix = '') {
  const status = path.join(tmp, 'piped.status');
  const stderr = path.join(tmp, 'piped.stderr');
  const script = `{ ${prefix} "$0" "$@" 2>'${stderr}'; echo $? >'${status}'; } | ${reader}`;
  const run = spawnSync('sh', ['-c', script, process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return { stdout: run.stdout, status: Number(fs.readFileSync(status, 'utf8')), stderr: fs.readFileSync(stderr, 'utf8') };
}

/** A spec whose JSON template is more than three pipes' worth (212,854 bytes), with warnings of its own. */
function largeSpec(): string {
  const spec = path.join(tmp, 'large.yaml');
  if (!fs.existsSync(spec)) fs.writeFileSync(spec, generateSpec(400).text);
  return spec;
}

test('a non-blocking stdout read slowly still gets the whole template, in order', () => {
  // The CLI writes to file descriptor 1 itself. Set non-blocking (as a shell or a parent may leave it) and not read
  // for half a second, the pipe fills and refuses the rest (EAGAIN): the CLI must wait for the reader.
  const spec = largeSpec();
  const expected = cli(['build', spec, '--format', 'json']).stdout;
  assert.ok(expected.length > 3 * 65536, 'more than a pipe holds');
  const nonBlocking = `python3 -c 'import os, sys; os.set_blocking(1, False); os.execv(sys.argv[1], sys.argv[1:])'`;
  const run = piped(['build', spec, '--format', 'json'], '{ sleep 0.5; cat; }', nonBlocking);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout.length, expected.length);
  assert.ok(run.stdout === expected, 'the same bytes as through a blocking pipe');
});

test('a reader that stops early (| head) ends the run quietly, with exit status 1 and no stack trace', () => {
  // -o /dev/stdout is -o -, and ends the same way.
  for (const output of [[], ['-o', '/dev/stdout']]) {
    const run = piped(['build', largeSpec(), '--format', 'json', ...output], '{ sleep 0.3; head -c 10; }');
    assert.is(run.stdout, '{\n  "AWSTe');
    assert.is(run.status, 1, 'the template did not reach its reader');
    assert.equal(run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('warning: ')), [], 'nothing but the warnings');
  }
});

test('standard output on a full device is an error that says so, with exit status 1 (diff: 2, its trouble)', () => {
  const toFullDevice = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', fs.openSync('/dev/full', 'w'), 'pipe'] });
  const message = 'apigw-cfn: cannot write standard output: no space left on the device\n';
  const build = toFullDevice(['build', EXAMPLE]);
  assert.is(build.status, 1);
  assert.is(build.stderr, message);
  const diff = toFullDevice(['diff', EXAMPLE, path.join(ROOT, 'examples', 'books', 'template.yaml')]);
  assert.is(diff.status, 2, 'not 1, which says that the deploy replaces something');
  assert.is(diff.stderr, message);
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

test('a usage error is one line that points to the help, and exits 2', () => {
  const cases: Array<[string[], string]> = [
    [[], 'no command given (see apigw-cfn --help)'],
    [['frobnicate'], 'unknown command "frobnicate" (see apigw-cfn --help)'],
    [['bulid', 'x'], 'unknown command "bulid" (did you mean build?) (see apigw-cfn --help)'],
    [['-o', 'x'], 'expected a command before -o (see apigw-cfn --help)'],
    [['build'], 'build needs SPEC (see apigw-cfn build --help)'],
    [['build', 'a', 'b'], 'build takes 1 operand (SPEC), got 2 (see apigw-cfn build --help)'],
    [['build', 'a', '--format', 'xml'], '--format takes yaml or json, got "xml" (see apigw-cfn build --help)'],
    [['build', 'a', '--format=xml'], '--format takes yaml or json, got "xml" (see apigw-cfn build --help)'],
    [['build', 'a', '-o'], '-o needs a file name (see apigw-cfn build --help)'],
    [['build', 'a', '--output='], '--output needs a non-empty value (see apigw-cfn build --help)'],
    [['build', ''], 'SPEC needs a non-empty value (a file name, or - for standard input) (see apigw-cfn build --help)'],
    [['diff', 'a', ''], 'NEW needs a non-empty value (a file name, or - for standard input) (see apigw-cfn diff --help)'],
    [['build', 'a', '--bogus'], 'unknown option --bogus for build (see apigw-cfn build --help)'],
    [['build', 'a', '--fromat=json'], 'unknown option --fromat for build (did you mean --format?) (see apigw-cfn build --help)'],
    [['build', 'a', '--fragment=yes'], '--fragment takes no value (see apigw-cfn build --help)'],
    [['build', 'a', '-o', 'x', '--output', 'y'], '--output is given twice (see apigw-cfn build --help)'],
    [['merge', 'host.yaml'], 'merge takes 2 operands (HOST SPEC), got 1 (see apigw-cfn merge --help)'],
    [['merge', '-', '-'], 'only one of HOST and SPEC can come from standard input (see apigw-cfn merge --help)'],
    [['merge', 'a', 'b', '--fragment'], 'unknown option --fragment for merge (see apigw-cfn merge --help)'],
    [['help', 'nope'], 'unknown command "nope" (see apigw-cfn --help)'],
  ];
  for (const [args, message] of cases) {
    const run = cli(args);
    assert.is(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.is(run.stderr, `apigw-cfn: ${message}\n`, args.join(' '));
    assert.is(run.stdout, '');
  }
});

test('help, --help, -h, help COMMAND, COMMAND --help, --version and -v exit 0 on stdout', () => {
  const general = cli(['--help']);
  assert.is(general.status, 0);
  assert.match(
    general.stdout,
    /^Usage:\n {2}apigw-cfn build SPEC \[-o FILE\] \[-f yaml\|json\] \[--fragment\] \[--out-dir DIR\] \[--max-parallel N\] \[--template-url-prefix URL\]\n {2}apigw-cfn merge HOST SPEC .*\n {2}apigw-cfn plan SPEC \[-f table\|json\] \[--max-parallel N\]\n/,
  );
  assert.is(cli(['help']).stdout, general.stdout);
  assert.is(cli(['-h']).stdout, general.stdout);
  const build = cli(['help', 'build']);
  assert.is(build.status, 0);
  assert.match(build.stdout, /^Usage: apigw-cfn build SPEC/);
  assert.match(build.stdout, /--fragment/);
  assert.is(cli(['build', EXAMPLE, '--help']).stdout, build.stdout, 'COMMAND --help is the help of COMMAND');
  assert.is(cli(['merge', '-h']).stdout, cli(['help', 'merge']).stdout);
  const version = `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`;
  for (const flag of ['--version', '-v']) {
    const run = cli([flag]);
    assert.is(run.status, 0);
    assert.is(run.stdout, version);
  }
});

test('every option takes --name=value, and short options take their value attached', () => {
  const expected = fs.readFileSync(path.join(ROOT, 'examples', 'books', 'template.yaml'), 'utf8');
  for (const [i, args] of [['--output=OUT'], ['-oOUT'], ['-o', 'OUT'], ['--output', 'OUT']].entries()) {
    const out = path.join(tmp, `eq-${i}.yaml`);
    const run = cli(['build', EXAMPLE, ...args.map((a) => a.replace('OUT', out))]);
    assert.is(run.status, 0, run.stderr);
    assert.is(fs.readFileSync(out, 'utf8'), expected, args.join(' '));
  }
  for (const args of [['--format=json'], ['-fjson'], ['-f', 'json'], ['--format', 'json']]) {
    assert.is(cli(['build', EXAMPLE, ...args]).stdout[0], '{', args.join(' '));
  }
  // `--` ends the options: a file named like an option.
  const dashed = path.join(tmp, '--odd.yaml');
  fs.copyFileSync(EXAMPLE, dashed);
  const run = spawnSync(process.execPath, [BIN, 'build', '--', '--odd.yaml'], { encoding: 'utf8', cwd: tmp });
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, expected);
});

test('-o - writes to standard output', () => {
  const run = cli(['build', EXAMPLE, '-o', '-']);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, fs.readFileSync(path.join(ROOT, 'examples', 'books', 'template.yaml'), 'utf8'));
  assert.not.ok(fs.existsSync(path.join(ROOT, '-')), 'no file named -');
  assert.is(cli(['build', EXAMPLE, '-o', '-', '--format=json']).stdout[0], '{');
});

test('-o creates missing parent directories', () => {
  const out = path.join(tmp, 'build', 'nested', 'template.json');
  const run = cli(['build', EXAMPLE, '-o', out]);
  assert.is(run.status, 0, run.stderr);
  assert.is(JSON.parse(fs.readFileSync(out, 'utf8')).Resources.ApiBooks.Type, 'AWS::ApiGatewayV2::Api');
});

test('-o naming an input is refused, however it is spelt, and the input stays as it was', () => {
  const dir = path.join(tmp, 'same');
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  const spec = path.join(dir, 'spec.yaml');
  const text = fs.readFileSync(EXAMPLE, 'utf8');
  fs.writeFileSync(spec, text);
  fs.symlinkSync(spec, path.join(dir, 'link.yaml'));
  fs.linkSync(spec, path.join(dir, 'hard.yaml'));
  for (const output of ['spec.yaml', './spec.yaml', 'sub/../spec.yaml', path.join(dir, 'spec.yaml'), 'link.yaml', 'hard.yaml']) {
    const run = spawnSync(process.execPath, [BIN, 'build', 'spec.yaml', '-o', output], { encoding: 'utf8', cwd: dir });
    assert.is(run.status, 2, output);
    assert.is(run.stderr, `apigw-cfn: -o ${output} is the input spec.yaml: writing there would overwrite it; choose another output file (see apigw-cfn build --help)\n`);
    assert.is(fs.readFileSync(spec, 'utf8'), text, output);
  }
  const merge = spawnSync(process.execPath, [BIN, 'merge', 'host.yaml', 'spec.yaml', '--output=./spec.yaml'], { encoding: 'utf8', cwd: dir });
  assert.is(merge.status, 2);
  assert.match(merge.stderr, /is the input spec\.yaml/);
  assert.ok(fs.lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink());
});

test('-o through a symbolic link writes the link\'s target and keeps the link', () => {
  const dir = path.join(tmp, 'links');
  fs.mkdirSync(path.join(dir, 'real'), { recursive: true });
  const target = path.join(dir, 'real', 'template.yaml');
  fs.writeFileSync(target, 'old\n');
  fs.symlinkSync(path.join('real', 'template.yaml'), path.join(dir, 'template.yaml'));
  // A dangling link: its target is created.
  fs.symlinkSync(path.join('real', 'new.yaml'), path.join(dir, 'dangling.yaml'));
  const expected = fs.readFileSync(path.join(ROOT, 'examples', 'books', 'template.yaml'), 'utf8');
  for (const [link, real] of [['template.yaml', target], ['dangling.yaml', path.join(dir, 'real', 'new.yaml')]]) {
    const run = cli(['build', EXAMPLE, '-o', path.join(dir, link)]);
    assert.is(run.status, 0, run.stderr);
    assert.ok(fs.lstatSync(path.join(dir, link)).isSymbolicLink(), `${link} is still a link`);
    assert.is(fs.readFileSync(real, 'utf8'), expected);
  }
  assert.equal(fs.readdirSync(path.join(dir, 'real')).sort(), ['new.yaml', 'template.yaml'], 'no temporary file left');
});

test('the temporary file has a random name and is created exclusively: a link planted under its name is never followed', () => {
  const dir = path.join(tmp, 'planted');
  fs.mkdirSync(dir);
  const victim = path.join(dir, 'victim.txt');
  fs.writeFileSync(victim, 'secret\n');
  const out = path.join(dir, 'out.yaml');
  // The module object itself (`import * as` gives a read-only view of it): plant a link just before the open.
  const nodeFs = require('node:fs') as typeof fs;
  const realOpen = nodeFs.openSync;
  const planted: string[] = [];
  nodeFs.openSync = ((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
    if (typeof file === 'string' && path.dirname(file) === dir && file !== victim) {
      planted.push(path.basename(file));
      fs.symlinkSync(victim, file);
    }
    return realOpen(file, flags ?? 'r', mode);
  }) as typeof fs.openSync;
  try {
    assert.throws(() => writeAtomically(out, 'overwritten\n'), /EEXIST/);
  } finally {
    nodeFs.openSync = realOpen;
  }
  assert.equal(planted.length, 1);
  assert.match(planted[0], /^\.out\.yaml\.[0-9a-f]{16}\.tmp$/);
  assert.is(fs.readFileSync(victim, 'utf8'), 'secret\n', 'the link was not followed');
  assert.not.ok(fs.existsSync(out));
  // Two writes never share a name.
  writeAtomically(out, 'one\n');
  writeAtomically(out, 'two\n');
  assert.is(fs.readFileSync(out, 'utf8'), 'two\n');
});

test('-o /dev/null writes into the device and leaves it a device', () => {
  if (process.platform === 'win32') return;
  const run = cli(['build', EXAMPLE, '-o', '/dev/null']);
  assert.is(run.status, 0, run.stderr);
  assert.ok(fs.statSync('/dev/null').isCharacterDevice());
});

test('-o /dev/stdout writes through standard output as it is: into a pipe, and appended where the shell said >>', () => {
  if (process.platform === 'win32') return;
  const template = fs.readFileSync(path.join(ROOT, 'examples', 'books', 'template.yaml'), 'utf8');
  const pipe = cli(['build', EXAMPLE, '-o', '/dev/stdout']);
  assert.is(pipe.status, 0, pipe.stderr);
  assert.ok(pipe.stdout === template, 'the template, through the pipe');
  assert.is(cli(['build', EXAMPLE, '-o', '/dev/fd/1']).stdout.length, template.length);

  const log = path.join(tmp, 'appended.yaml');
  fs.writeFileSync(log, 'written before\n');
  const append = spawnSync('sh', ['-c', `"$0" "$@" >>'${log}'`, process.execPath, BIN, 'build', EXAMPLE, '-o', '/dev/stdout'], { encoding: 'utf8' });
  assert.is(append.status, 0, append.stderr);
  assert.ok(fs.readFileSync(log, 'utf8') === `written before\n${template}`, 'appended, not replaced');
});

test('a file replaced by -o keeps its permissions', () => {
  if (process.platform === 'win32') return;
  const out = path.join(tmp, 'mode.yaml');
  fs.writeFileSync(out, 'old\n');
  fs.chmodSync(out, 0o640);
  assert.is(cli(['build', EXAMPLE, '-o', out]).status, 0);
  assert.is(fs.statSync(out).mode & 0o777, 0o640);
});

test('inputs that are not UTF-8 text, or too large, are refused with their name and place', () => {
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const text = fs.readFileSync(EXAMPLE, 'utf8');
  const utf16 = write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  assert.is(
    cli(['build', utf16]).stderr,
    `apigw-cfn: ${utf16} is invalid (1 error):\n  ${utf16}: the text is UTF-16 (little-endian); apigw-cfn reads UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)\n`,
  );
  const utf16be = write('utf16be.yaml', Buffer.from(text, 'utf16le').swap16());
  assert.match(cli(['build', utf16be]).stderr, /the text is UTF-16 \(big-endian\)/);
  const latin1 = write('latin1.yaml', Buffer.from('api:\n  name: books\n  description: caf\xe9 au lait\n', 'latin1'));
  const run = cli(['build', latin1]);
  assert.is(run.status, 1);
  assert.is(
    run.stderr,
    `apigw-cfn: ${latin1} is invalid (1 error):\n  ${latin1}: invalid UTF-8 at line 3, column 19 (byte 0xE9) (at "description: caf"); save the file as UTF-8 (was it written as Latin-1 or Windows-1252?)\n`,
  );
  const large = path.join(tmp, 'large.yaml');
  fs.writeFileSync(large, `api:\n  name: x\n  description: ${'x'.repeat(17 * 1024 * 1024)}\n`);
  const big = cli(['build', large]);
  assert.is(big.status, 1);
  assert.match(big.stderr, /large\.yaml: larger than 16 MiB \(16,777,216 bytes\), the most apigw-cfn reads; .*; line 3 alone holds 16,777,\d+ bytes or more \(at "description: xxxx/);
  fs.rmSync(large);
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
  assert.equal(Object.keys(data), ['Parameters', 'Resources', 'Outputs', 'Metadata']);
  assert.ok(data.Resources.Queue && data.Resources.ApiX);
  assert.ok(merged.stdout.startsWith('{"Parameters":{"FnArn":{"Type":"String"}},"Resources":{"Queue":{"Type":"AWS::SQS::Queue"},"ApiX":'), 'the host text is kept, in its one-line style');
  const yamlOut = cli(['merge', jsonHost, spec, '-o', path.join(tmp, 'merged.yaml')]);
  assert.is(yamlOut.status, 1, 'a JSON host cannot be written as YAML');
  assert.match(yamlOut.stderr, /host\.json is JSON, and merge keeps its text as it is, so it writes JSON, not YAML/);

  const again = path.join(tmp, 'merged.json');
  fs.writeFileSync(again, merged.stdout);
  assert.is(cli(['merge', again, spec, '-o', again]).status, 0, 'merging the same spec twice is fine');
  assert.is(fs.readFileSync(again, 'utf8'), merged.stdout, 'and changes nothing');
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
  // The fixture's SQS integration has a generated role: the capability notice comes first.
  assert.match(run.stderr, /^notice: the template creates IAM resources \(Role[A-Za-z0-9]+\): deploy it with --capabilities CAPABILITY_IAM/);
  assert.ok(
    run.stderr.endsWith(`wrote ${path.join(dir, 'template.yaml')} and 3 route stacks beside it; deploy them with aws cloudformation package, then deploy\n`),
    run.stderr,
  );
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

test('build --out-dir writes all its templates or none: a failed write leaves the directory as it was', () => {
  const fixture = path.join(ROOT, 'fixtures', 'nested-http');
  const dir = path.join(tmp, 'nested-all-or-none');
  assert.is(cli(['build', path.join(fixture, 'spec.yaml'), '--out-dir', dir]).status, 0);
  fs.writeFileSync(path.join(dir, 'route-stack-9.yaml'), 'left by an older build\n');
  // The third route stack cannot be written: a directory stands where it goes.
  fs.rmSync(path.join(dir, 'route-stack-3.yaml'));
  fs.mkdirSync(path.join(dir, 'route-stack-3.yaml'));
  const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).ino]));
  const run = cli(['build', path.join(fixture, 'spec.yaml'), '--out-dir', dir]);
  assert.is(run.status, 1);
  assert.ok(run.stderr.endsWith(`apigw-cfn: cannot write ${path.join(dir, 'route-stack-3.yaml')}: it is a directory\n`), run.stderr);
  // Nothing was replaced (the same files, each the same inode), the stale stack is still there, no temporary file.
  assert.equal(new Map(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).ino])), before);
});

test('-o names a file: one ending in a slash, or too long a name, is refused with the reason', () => {
  const slash = cli(['build', EXAMPLE, '-o', path.join(tmp, 'out') + '/']);
  assert.is(slash.status, 1);
  assert.is(slash.stderr, `apigw-cfn: cannot write ${path.join(tmp, 'out')}/: a file name cannot end with a slash, which names a directory\n`);
  assert.not.ok(fs.existsSync(path.join(tmp, 'out')), 'no file "out" written in its place');
  const long = path.join(tmp, `${'a'.repeat(300)}.yaml`);
  assert.is(cli(['build', EXAMPLE, '-o', long]).stderr, `apigw-cfn: cannot write ${long}: the name is too long\n`);
});

test('build --out-dir onto a file says that a directory must be there', () => {
  const file = path.join(tmp, 'not-a-directory');
  fs.writeFileSync(file, 'x');
  const run = cli(['build', EXAMPLE, '--out-dir', file]);
  assert.is(run.status, 1);
  assert.is(run.stderr, `apigw-cfn: cannot write ${file}: a file is there, where a directory must be\n`);
  assert.is(fs.readFileSync(file, 'utf8'), 'x');
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

test("the bundle's code cache serves the bundle it was made from, and no other", () => {
  const loader = path.join(ROOT, 'bin', 'bundle-loader.js');
  const bundle = path.join(ROOT, 'dist', 'apigw-cfn.js');
  const cache = path.join(ROOT, 'dist', 'apigw-cfn.cache');
  const load = (file: string, cacheFile: string) =>
    spawnSync(process.execPath, ['-e', `const r = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)}); process.stdout.write(r.cache + ' ' + typeof r.exports.main)`], { encoding: 'utf8' });
  assert.is(load(bundle, cache).stdout, 'used function', 'made by scripts/bundle.js for this Node');
  // Another bundle of the same length (V8 checks no more than the length): its id tells them apart.
  const other = path.join(tmp, 'apigw-cfn.js');
  fs.writeFileSync(other, fs.readFileSync(bundle, 'utf8').replace(/[0-9a-f]{64}\n$/, `${'0'.repeat(64)}\n`));
  assert.is(load(other, cache).stdout, 'none function', 'a cache made from another bundle is not handed to V8');
  assert.is(load(bundle, path.join(tmp, 'missing.cache')).stdout, 'none function');
});

test('a build never loads node:crypto: loading it costs a run about 7 ms', () => {
  // Records, as the process exits, every crypto module and binding Node loaded (the Web Crypto global's too).
  const record = path.join(tmp, 'record-crypto.js');
  fs.writeFileSync(record, "process.on('exit', () => process.stderr.write(`crypto: [${process.moduleLoadList.filter((m) => /crypto/i.test(m))}]\\n`));\n");
  const loaded = (args: string[]) => {
    const run = spawnSync(process.execPath, ['--require', record, ...args], { encoding: 'utf8', cwd: ROOT });
    assert.is(run.status, 0, run.stderr);
    const found = /crypto: \[(.*)\]\n$/.exec(run.stderr);
    assert.ok(found, run.stderr);
    return found[1];
  };
  assert.match(loaded(['-e', "require('node:crypto')"]), /NativeModule crypto/, 'the record sees node:crypto when it is loaded');
  const nested = path.join(ROOT, 'fixtures', 'nested-http', 'spec.yaml');
  const webSocket = path.join(ROOT, 'fixtures', 'nested-websocket', 'spec.yaml');
  // A file, not `node -e`: Node 20 gives `-e` code that so much as names crypto (a path of this checkout might) the module.
  const modules = path.join(tmp, 'run-modules.js');
  fs.writeFileSync(modules, `process.exitCode = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))}).main(process.argv.slice(2));\n`);
  for (const args of [
    ['build', EXAMPLE, '-o', path.join(tmp, 'no-crypto', 'template.yaml')],
    ['build', nested, '--out-dir', path.join(tmp, 'no-crypto', 'nested')],
    ['build', webSocket, '--out-dir', path.join(tmp, 'no-crypto', 'websocket')],
    ['plan', nested],
  ]) {
    // Through bin/ (the one-file build when it is fresh), and through the compiled modules it falls back to.
    assert.is(loaded([BIN, ...args]), '', `apigw-cfn ${args.join(' ')}`);
    assert.is(loaded([modules, ...args]), '', `dist/src/cli/main.js ${args.join(' ')}`);
  }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
