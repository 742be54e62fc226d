/**
 * The package as a user gets it: packed (`npm pack`), installed into a fresh project from the tarball, a deploy
 * script compiled against its declarations with `strict` and without `skipLibCheck`, run from CommonJS and from ES
 * modules, and the template it writes linted by cfn-lint. The README's TypeScript examples are compiled and run
 * there too; the CLI and the schema file are used from the install.
 *
 * The install is offline: the project's lockfile is written from ours (the same versions, checked by integrity),
 * so npm takes every package from its cache, which `npm ci` of this repository filled.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpawnSyncReturns, spawnSync } from 'node:child_process';
import { ROOT } from './helpers/paths';
import { cfnLint } from './helpers/cfnLint';
import { readmeBlocks } from './helpers/readme';
import { specJsonSchemaText } from '../src/schema/jsonSchema';

interface LockEntry {
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** A realistic deploy script: a typed spec object, the template written to the file named on the command line. */
const DEPLOY_SCRIPT = `import { writeFileSync } from 'node:fs';
import { SpecInput, buildSpec, formatProblem, orThrow } from 'apigw-cfn';

const spec: SpecInput = {
  description: 'books API, built by a deploy script',
  parameters: { BooksFunctionArn: { type: 'String', description: 'ARN of the function that serves the books API' } },
  api: { name: 'books', cors: { allowOrigins: ['https://books.example.com'], allowMethods: ['GET', 'POST'], maxAge: 600 } },
  routes: {
    'GET /books': { integration: { type: 'lambda', function: { Ref: 'BooksFunctionArn' } } },
    'POST /books': { integration: { type: 'lambda', function: { Ref: 'BooksFunctionArn' }, timeout: '10s' } },
    'GET /books/{id}': {
      integration: {
        type: 'lambda',
        function: 'arn:aws:lambda:us-east-1:123456789012:function:get-book',
        payloadFormatVersion: '1.0',
        requestParameters: { 'overwrite:header.x-book-id': '$request.path.id' },
      },
    },
  },
};

// The declarations hold users to what the spec takes: this line must not compile.
// @ts-expect-error a timeout is a duration such as '10s', or milliseconds
const mistake: SpecInput = { api: { name: 'x' }, routes: { $default: { integration: { type: 'lambda', function: 'f', timeout: 'ten' } } } };
void mistake;

const { text, warnings } = orThrow(buildSpec(spec, 'yaml'));
for (const warning of warnings) console.error(\`warning: \${formatProblem(warning)}\`);
writeFileSync(process.argv[2], text);
`;

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.error !== undefined) throw result.error;
  assert.is(result.status, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The entries of our lockfile for `names` and everything they depend on, as a consumer's lockfile holds them. */
function lockEntries(names: readonly string[], dev: boolean, ours: Readonly<Record<string, LockEntry>>, out: Record<string, LockEntry>): void {
  for (const name of names) {
    const key = `node_modules/${name}`;
    if (out[key] !== undefined) continue;
    const entry = ours[key];
    assert.ok(entry, `${name} is not in package-lock.json`);
    const { dev: _ourDev, ...rest } = entry as LockEntry & { dev?: boolean };
    out[key] = { ...rest, ...(dev && { dev: true }) };
    lockEntries([...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {})], dev, ours, out);
  }
}

test('the packed package installs into a fresh project, compiles strictly, and runs from CommonJS and ES modules', () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-consumer-'));
  try {
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], ROOT).stdout) as Array<{
      filename: string;
      integrity: string;
      files: Array<{ path: string }>;
    }>;
    const tarball = packed[0];
    const files = tarball.files.map((f) => f.path);
    for (const file of ['LICENSE', 'README.md', 'package.json', 'bin/apigw-cfn.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'schema/apigw-cfn.schema.json']) {
      assert.ok(files.includes(file), `the package lacks ${file}`);
    }
    assert.not.ok(files.some((f) => f.startsWith('dist/test/') || f.startsWith('src/') || f.startsWith('fixtures/')), 'tests and sources stay out of the package');

    const ours = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')).packages as Record<string, LockEntry>;
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const dependencies = { 'apigw-cfn': `file:${tarball.filename}` };
    const devDependencies = { '@types/node': ours['node_modules/@types/node'].version };
    const packages: Record<string, LockEntry> = {
      'node_modules/apigw-cfn': {
        version: pkg.version,
        resolved: `file:${tarball.filename}`,
        integrity: tarball.integrity,
        license: pkg.license,
        dependencies: pkg.dependencies,
        bin: pkg.bin,
        engines: pkg.engines,
      },
    };
    lockEntries(Object.keys(pkg.dependencies), false, ours, packages);
    lockEntries(Object.keys(devDependencies), true, ours, packages);
    const manifest = { name: 'deploy-script', version: '1.0.0', private: true, dependencies, devDependencies };
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2));
    fs.writeFileSync(
      path.join(project, 'package-lock.json'),
      JSON.stringify({ name: 'deploy-script', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': manifest, ...packages } }, null, 2),
    );
    run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], project);

    // strict, and no skipLibCheck: the declarations we ship (and what they import) must compile as they are.
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(path.join(project, 'src', 'deploy.cts'), DEPLOY_SCRIPT);
    fs.writeFileSync(path.join(project, 'src', 'deploy.mts'), DEPLOY_SCRIPT);
    // The README's TypeScript examples, compiled and run as a user would (ES modules; the second reads api.yaml).
    const examples = readmeBlocks().filter((b) => b.marker?.kind === 'typescript');
    assert.ok(examples.length > 0, 'the README has no TypeScript example');
    for (const b of examples) fs.writeFileSync(path.join(project, 'src', `readme-${b.line}.mts`), b.text);
    fs.copyFileSync(path.join(ROOT, 'examples', 'books', 'api.yaml'), path.join(project, 'api.yaml'));
    const tsconfig = {
      compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, types: ['node'], rootDir: 'src', outDir: 'dist' },
      include: ['src'],
    };
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    run(process.execPath, [TSC, '-p', '.'], project);

    run(process.execPath, ['dist/deploy.cjs', 'template-cjs.yaml'], project);
    run(process.execPath, ['dist/deploy.mjs', 'template-esm.yaml'], project);
    const template = fs.readFileSync(path.join(project, 'template-cjs.yaml'), 'utf8');
    assert.is(fs.readFileSync(path.join(project, 'template-esm.yaml'), 'utf8'), template, 'CommonJS and ES modules build the same template');
    assert.match(template, /Type: AWS::ApiGatewayV2::Api/);
    for (const b of examples) {
      const run = spawnSync(process.execPath, [`dist/readme-${b.line}.mjs`], { cwd: project, encoding: 'utf8' });
      assert.is(run.status, 0, `README.md:${b.line} failed: ${run.stderr}`);
    }
    assert.ok(fs.existsSync(path.join(project, 'template.yaml')), 'the README example writes template.yaml');
    const lint = cfnLint([path.join(project, 'template-cjs.yaml'), path.join(project, 'template.yaml')]);
    assert.equal(lint.findings, [], 'cfn-lint findings');

    // The CLI and the schema file, as the install has them.
    const cli = path.join(project, 'node_modules', '.bin', 'apigw-cfn');
    assert.is(run(cli, ['--version'], project).stdout, `${pkg.version}\n`);
    assert.is(run(cli, ['schema'], project).stdout, specJsonSchemaText());
    assert.is(fs.readFileSync(path.join(project, 'node_modules', 'apigw-cfn', 'schema', 'apigw-cfn.schema.json'), 'utf8'), specJsonSchemaText());
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});

test.run();
