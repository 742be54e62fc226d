/**
 * Runs cfn-lint over many templates in one process (it starts slowly; one run per file would dominate the tests).
 * When cfn-lint is missing, local runs say so loudly and skip only this check; with CI=true it is a failure.
 */
import { spawnSync } from 'node:child_process';

export interface LintResult {
  /** false when cfn-lint is not installed and we are not on CI. */
  readonly ran: boolean;
  /** cfn-lint's findings, one line each (parseable format: file:line:col:endline:endcol:rule:message). */
  readonly findings: readonly string[];
}

let warned = false;

export function cfnLint(files: readonly string[]): LintResult {
  if (files.length === 0) return { ran: true, findings: [] };
  const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error !== undefined && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    if (process.env.CI === 'true') throw new Error('cfn-lint is not installed, and CI=true requires it: pip install cfn-lint');
    if (!warned) {
      warned = true;
      process.stderr.write(
        '\n\x1b[1;33m!!! cfn-lint is not installed: golden templates were NOT validated by cfn-lint.\n' +
          '!!! Install it (pip install cfn-lint) before trusting this run. On CI this is a failure.\x1b[0m\n\n',
      );
    }
    return { ran: false, findings: [] };
  }
  if (run.error !== undefined) throw run.error;
  const findings = run.stdout.split('\n').filter((line) => line.trim() !== '');
  // Exit codes: 0 clean, 2 errors, 4 warnings, 6 both; anything else means cfn-lint itself failed.
  if (![0, 2, 4, 6].includes(run.status ?? -1)) {
    throw new Error(`cfn-lint failed (exit ${run.status}): ${run.stderr || run.stdout}`);
  }
  if (run.status !== 0 && findings.length === 0) throw new Error(`cfn-lint exited ${run.status} without findings: ${run.stderr}`);
  return { ran: true, findings };
}
