/**
 * Bounds on what apigw-cfn reads, for specs and host templates alike. A short input must never cost more than a
 * bounded multiple of its size, and no input may crash the reader: each bound is checked while reading, before the
 * work it guards, and a refusal names the line (text) or the path (objects) where the bound was crossed.
 *
 * The bounds are far above what CloudFormation itself takes (a template of at most 1 MB, an operation of at most
 * 2,500 resources across nested stacks), so no spec or template that can deploy comes near them.
 */
export const INPUT_LIMITS = {
  /** Bytes of one input (a spec or a host template file). */
  bytes: 16 * 1024 * 1024,
  /** Levels of nesting: mappings and lists inside one another (an intrinsic and its argument are one level). */
  depth: 100,
  /**
   * Values: mappings, lists, keys and scalars, each alias counted as everything it repeats. Reading stops at the
   * first value past the bound, so a huge input is refused after a fraction of its parse.
   */
  values: 250_000,
  /**
   * Aliases (`*name`) may make a document larger than its text, by this factor at most (the size of a document is
   * the characters of its scalars plus one per value)...
   */
  aliasFactor: 10,
  /** ...or up to this size, for small files whose aliases repeat a block many times. */
  aliasFloor: 1_000_000,
} as const;

/** The largest size a document of `textLength` characters may expand to through its aliases. */
export function expandedSizeLimit(textLength: number): number {
  return Math.min(INPUT_LIMITS.bytes, Math.max(INPUT_LIMITS.aliasFloor, INPUT_LIMITS.aliasFactor * textLength));
}

/** `1234567` as `1,234,567`, for messages about sizes (fixed, so messages never depend on the machine's locale). */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
