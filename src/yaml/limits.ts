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

/** What a value holds, as the bounds count it. */
interface Measure {
  /** Values (mappings, lists, keys, scalars), each shared object counted every time it appears. */
  readonly values: number;
  /** Characters of scalars plus one per value, shared objects counted every time. */
  readonly size: number;
  /** Levels of mappings and lists; an intrinsic (`{"Ref": ...}`) and its argument are one level, as in YAML. */
  readonly levels: number;
}

const isIntrinsicObject = (x: object): boolean => {
  if (Array.isArray(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
};

/**
 * Documents that our reader (parseYaml) has just bounded as it read them. A build from text registers its document
 * before it hands it on, and nothing else holds it until it is decoded, so decoding need not measure it again (at
 * 1,000 routes, that second walk was a twentieth of a command-line run). An object a script passes is never here.
 */
const boundedByReader = new WeakSet<object>();

/** Registers a document parseYaml returned, which its caller hands on to decoding and to nothing else. */
export function readerBounded<T>(document: T): T {
  if (document !== null && typeof document === 'object') boundedByReader.add(document);
  return document;
}

/** Whether `x` is a document registered by readerBounded (and so within INPUT_LIMITS). */
export function isReaderBounded(x: unknown): boolean {
  return x !== null && typeof x === 'object' && boundedByReader.has(x);
}

/**
 * The bounds of INPUT_LIMITS for data that did not come from text (an object a script passes to the library):
 * nesting, values and size, with objects that appear more than once counted every time (as YAML aliases are),
 * and no object inside itself. Iterative, each distinct object measured once. Returns the problem and its path
 * (`pathTo` steps from the root), or undefined.
 */
export function dataLimitProblem(root: unknown): { path: ReadonlyArray<string | number>; message: string } | undefined {
  const measured = new Map<object, Measure>();
  const open = new Set<object>();
  const children = (x: object): Array<[string | number, unknown]> =>
    Array.isArray(x) ? x.map((v, i) => [i, v]) : Object.entries(x);
  // Depth-first, each object entered (pushed with where it is) and left (measured from its children). Where it is
  // is a link to its parent's place, made into a path only for a problem: no path is copied per value.
  type Place = { readonly parent: Place; readonly key: string | number } | undefined;
  const pathOf = (place: Place): Array<string | number> => {
    const path: Array<string | number> = [];
    for (let p = place; p !== undefined; p = p.parent) path.unshift(p.key);
    return path;
  };
  type Work = { readonly node: unknown; readonly place: Place; readonly leave: boolean; readonly levels: number };
  const stack: Work[] = [{ node: root, place: undefined, leave: false, levels: 0 }];
  const scalar = (x: unknown): Measure => ({ values: 1, size: 1 + (typeof x === 'string' ? x.length : 0), levels: 0 });
  while (stack.length > 0) {
    const { node, place, leave, levels } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (leave) {
      open.delete(node);
      const intrinsic = isIntrinsicObject(node);
      let values = 1;
      let size = 1;
      let deepest = 0;
      for (const [key, value] of children(node)) {
        const m = value !== null && typeof value === 'object' ? measured.get(value)! : scalar(value);
        if (typeof key === 'string') {
          values += 1;
          size += 1 + key.length;
        }
        values += m.values;
        size += m.size;
        deepest = Math.max(deepest, m.levels);
      }
      measured.set(node, { values, size, levels: intrinsic ? deepest : deepest + 1 });
      continue;
    }
    if (open.has(node)) return { path: pathOf(place), message: 'holds itself (an object inside itself): the spec would never end' };
    const here = levels + (isIntrinsicObject(node) ? 0 : 1);
    const known = measured.get(node);
    if (known !== undefined) {
      if (levels + known.levels > INPUT_LIMITS.depth) return { path: pathOf(place), message: tooDeep };
      continue;
    }
    if (here > INPUT_LIMITS.depth) return { path: pathOf(place), message: tooDeep };
    open.add(node);
    stack.push({ node, place, leave: true, levels });
    for (const [key, value] of children(node)) {
      // Scalars are measured by their parent: only objects are visited.
      if (value !== null && typeof value === 'object') stack.push({ node: value, place: { parent: place, key }, leave: false, levels: here });
    }
  }
  const total = root !== null && typeof root === 'object' ? measured.get(root)! : scalar(root);
  if (total.values > INPUT_LIMITS.values || total.size > INPUT_LIMITS.bytes) {
    // Name where the bulk is: go down while one part holds most of it.
    let node: unknown = root;
    const path: Array<string | number> = [];
    for (;;) {
      const whole = measured.get(node as object)!;
      const big = children(node as object).find(
        ([, v]) => v !== null && typeof v === 'object' && measured.get(v)!.values * 2 > whole.values && measured.get(v)!.size * 2 > whole.size,
      );
      if (big === undefined) break;
      path.push(big[0]);
      node = big[1];
    }
    return {
      path,
      message: `holds ${thousands(total.values)} values (${thousands(total.size)} characters), objects that appear more than once counted each time; apigw-cfn reads at most ${thousands(INPUT_LIMITS.values)} values and ${thousands(INPUT_LIMITS.bytes)} characters`,
    };
  }
  return undefined;
}

const tooDeep = `is nested more than ${INPUT_LIMITS.depth} levels deep; apigw-cfn reads at most ${INPUT_LIMITS.depth} levels of mappings and lists inside one another (no spec or template needs more)`;
