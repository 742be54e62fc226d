/**
 * The environment of the benchmarks' child processes: this one without the variables that make Node itself do work
 * at start-up. NODE_EXTRA_CA_CERTS makes Node read and parse certificates before any script runs: about 90 ms on the
 * development machines, which set it for their network, twice what an empty process costs without it. A ratio's two
 * sides would both pay it, which hides how much the CLI adds, and a CPU budget would charge it to the CLI; users'
 * machines rarely set it.
 */
export const STARTUP_VARIABLES: readonly string[] = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];
export const CLEAN_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !STARTUP_VARIABLES.includes(name)));
/** The start-up variables this environment sets, which CLEAN_ENV leaves out. */
export const REMOVED_ENV: readonly string[] = STARTUP_VARIABLES.filter((name) => process.env[name] !== undefined);
