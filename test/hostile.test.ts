/**
 * The hostile inputs of the benchmark's budget (bench/hostile.ts) are refused as the budget expects: with exit
 * status 1 and the refusal each names. Nothing here is timed (timing belongs to `npm run bench`); the inputs of
 * more than a few MiB are left to the benchmark and to test/cli.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOSTILE_INPUTS } from '../bench/hostile';
import { runCli } from './helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-hostile-test-'));

for (const input of HOSTILE_INPUTS) {
  test(`${input.name}: ${input.what}`, () => {
    const text = input.text();
    if (text.length > 8 * 1024 * 1024) return;
    const file = path.join(tmp, `${input.name}.yaml`);
    fs.writeFileSync(file, text);
    const run = runCli(['build', file]);
    assert.is(run.status, 1, run.stderr);
    assert.is(run.stdout, '');
    const lines = run.stderr.split('\n');
    assert.is(lines[0], `apigw-cfn: ${file} is invalid (1 error):`);
    const message = lines[1].trim().replace(`${file}: `, '');
    assert.match(message, input.refusal);
  });
}

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
