/**
 * The AWS SAM transform, run as CloudFormation runs it on deploy (test/helpers/samTransform.py, with the
 * samtranslator that cfn-lint installs). When it is missing, local runs say so loudly and skip only the checks that
 * need it; with CI=true it is a failure, as for cfn-lint.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './paths';

export type SamResult = { readonly ran: false } | { readonly ran: true; readonly template: SamTemplate };

export interface SamTemplate {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

let warned = false;

export function samTransform(file: string): SamResult {
  const run = spawnSync('python3', [path.join(ROOT, 'test', 'helpers', 'samTransform.py'), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const missing = (run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || run.status === 3;
  if (missing) {
    if (process.env.CI === 'true') throw new Error(`the SAM transform cannot run, and CI=true requires it (pip install cfn-lint): ${run.stderr}`);
    if (!warned) {
      warned = true;
      process.stderr.write(
        '\n\x1b[1;33m!!! python3 with samtranslator (installed with cfn-lint) is missing: merged SAM templates were NOT run through the SAM transform.\n' +
          '!!! Install it (pip install cfn-lint) before trusting this run. On CI this is a failure.\x1b[0m\n\n',
      );
    }
    return { ran: false };
  }
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`the SAM transform refused ${file}:\n${run.stderr}`);
  return { ran: true, template: JSON.parse(run.stdout) as SamTemplate };
}
