import { main } from '../../src/cli/main';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process, capturing what it prints. */
export function runCli(argv: readonly string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}
