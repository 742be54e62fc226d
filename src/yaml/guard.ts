/**
 * The bounds of INPUT_LIMITS, checked while js-yaml reads, through its parse-event listener: every node opens and
 * closes, so nesting is counted before js-yaml's own recursion can overflow, values are counted as they are read
 * (a huge file is refused after a fraction of its parse), and each alias is counted as everything it repeats, so an
 * alias bomb is refused at the alias that crosses the bound, long before anything expands it.
 */
import * as yaml from 'js-yaml';
import { INPUT_LIMITS, expandedSizeLimit, thousands } from './limits';
import { ResolvedScalar } from './scalars';

/** A bound crossed while reading, at a place in the text. */
export class InputLimitError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

/** What a value weighs: how many values it holds, and its size (characters of its scalars plus one per value). */
interface Weight {
  readonly values: number;
  readonly size: number;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** The position of a node's first character: past spaces, line breaks and comments from where it opened. */
function contentStart(input: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < input.length && isSpace(input.charCodeAt(i))) i++;
    // A comment starts at a line's beginning or after a space (`a#b` is text).
    if (input.charCodeAt(i) === 0x23 && (i === 0 || isSpace(input.charCodeAt(i - 1)))) {
      while (i < input.length && input.charCodeAt(i) !== 0x0a) i++;
      continue;
    }
    return i;
  }
}

/** The name of the alias at `at` (after `*`): up to a space or a flow indicator, as YAML delimits it. */
function aliasName(input: string, at: number): string {
  const match = /^[^\s,[\]{}]+/.exec(input.slice(at + 1, at + 1 + 1024));
  return match === null ? '' : match[0];
}

const tooDeep = `nested more than ${INPUT_LIMITS.depth} levels deep; apigw-cfn reads at most ${INPUT_LIMITS.depth} levels of mappings and lists inside one another (no spec or template needs more)`;

const plural = (n: number, word: string) => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;

/** The listener and its counts, for one document. */
export class ReadGuard {
  private depth = 0;
  /** Whether the document has aliases (so that values may be shared), and how many scalars kept their text. */
  hasAliases = false;
  resolvedScalars = 0;
  /** Values written in the text (each alias counts once here). */
  private written = 0;
  /** Values and size of the document as it expands, each alias counted as what it repeats. */
  private values = 0;
  private size = 0;
  private readonly sizeLimit: number;
  private readonly opened: number[] = [];
  /** Weights of what aliases repeat, each object weighed once. */
  private readonly weights = new WeakMap<object, Weight>();
  /** Anchored collections that have closed: an alias to one that has not is inside it. */
  private readonly closedAnchors = new Set<object>();
  /** Where each anchor was set, for messages about its aliases. */
  private readonly anchors = new Map<string, number>();
  /** The node closed last: js-yaml closes a scalar twice when it first tries it as a block mapping's key. */
  private last: { start: number; result: unknown } = { start: -1, result: undefined };

  constructor(textLength: number) {
    this.sizeLimit = expandedSizeLimit(textLength);
  }

  readonly listener = (event: yaml.EventType, state: yaml.State): void => {
    if (event === 'open') {
      // A leaf scalar is one more node than the collections it is in; its level is not one of them.
      if (++this.depth > INPUT_LIMITS.depth + 1) {
        throw new InputLimitError(
          contentStart(state.input, state.position),
          tooDeep,
        );
      }
      this.opened.push(state.position);
      return;
    }
    this.depth--;
    const start = contentStart(state.input, this.opened.pop()!);
    const result: unknown = state.result;
    if (start === this.last.start && result === this.last.result) return;
    this.last = { start, result };
    const anchor = (state as unknown as { anchor: string | null }).anchor;
    if (anchor !== null) this.anchors.set(anchor, start);
    const isAlias = state.input.charCodeAt(start) === 0x2a /* * */ && state.position > start;
    if (!isAlias) {
      // The opening guard lets a leaf scalar be one level deeper than the collections; a collection may not be.
      if (this.depth >= INPUT_LIMITS.depth && result !== null && typeof result === 'object' && !(result instanceof ResolvedScalar)) {
        throw new InputLimitError(start, tooDeep);
      }
      if (result instanceof ResolvedScalar) {
        this.resolvedScalars++;
        const at = lineOf(state.input, start, state);
        result.line = at.line;
        result.column = at.column;
      }
      this.written++;
      this.values++;
      this.size += 1 + (typeof result === 'string' ? result.length : result instanceof ResolvedScalar ? result.text.length : 0);
      if (anchor !== null && result !== null && typeof result === 'object') this.closedAnchors.add(result);
      if (this.written > INPUT_LIMITS.values) {
        throw new InputLimitError(
          start,
          `more than ${thousands(INPUT_LIMITS.values)} values (mappings, lists, keys and scalars); apigw-cfn reads at most ${thousands(INPUT_LIMITS.values)}, far more than a template CloudFormation can deploy holds (at most 2,500 resources in one operation, even with nested stacks): split the input`,
        );
      }
      return;
    }
    this.hasAliases = true;
    const name = aliasName(state.input, start);
    const anchoredAt = this.anchors.get(name);
    const where = anchoredAt === undefined ? '' : ` (anchored at line ${lineOf(state.input, anchoredAt, state).line})`;
    const weight = this.isOpen(result) ? undefined : this.weigh(result);
    if (weight === undefined) {
      throw new InputLimitError(start, `the alias *${name}${where} refers to a mapping or list that holds it: the document would never end`);
    }
    this.values += weight.values;
    this.size += weight.size;
    if (this.values > INPUT_LIMITS.values || this.size > this.sizeLimit) {
      throw new InputLimitError(
        start,
        `the alias *${name}${where} repeats ${plural(weight.values, 'value')} (${plural(weight.size, 'character')}), and the document would expand past what apigw-cfn reads: at most ${thousands(INPUT_LIMITS.values)} values, and ${thousands(this.sizeLimit)} characters here (${INPUT_LIMITS.aliasFactor} times the size of its text, at least ${thousands(INPUT_LIMITS.aliasFloor)}); write the repeated part out, or repeat less of it`,
      );
    }
  };

  /** A collection whose anchor is set but which has not closed yet: an alias to it is inside it. */
  private isOpen(x: unknown): boolean {
    return x !== null && typeof x === 'object' && !(x instanceof ResolvedScalar) && !this.closedAnchors.has(x);
  }

  /**
   * The weight of a value that an alias repeats, from the weights of its parts, each object weighed once. Only
   * what aliases name is weighed, so a document without aliases costs nothing here. Recursive, but never deeper
   * than the nesting bound, which was checked as the value was read.
   */
  private weigh(x: unknown): Weight {
    if (x === null || typeof x !== 'object') return { values: 1, size: 1 + (typeof x === 'string' ? x.length : 0) };
    if (x instanceof ResolvedScalar) return { values: 1, size: 1 + x.text.length };
    const known = this.weights.get(x);
    if (known !== undefined) return known;
    let values = 1;
    let size = 1;
    if (Array.isArray(x)) {
      for (const item of x) {
        const part = this.weigh(item);
        values += part.values;
        size += part.size;
      }
    } else {
      for (const key of Object.keys(x)) {
        const part = this.weigh((x as Record<string, unknown>)[key]);
        values += 1 + part.values;
        size += 2 + key.length + part.size;
      }
    }
    const weight = { values, size };
    this.weights.set(x, weight);
    return weight;
  }
}

/** Line and column (from 1) of a position, counted from the parser's current line when it is before it. */
function lineOf(input: string, position: number, state: yaml.State): { line: number; column: number } {
  // The parser knows the line it is on; positions are at or before it, so count back from there.
  let line = state.line;
  let lineStart = state.lineStart;
  while (lineStart > position) {
    lineStart = input.lastIndexOf('\n', lineStart - 2) + 1;
    line--;
  }
  // Or after it (the content start of a node can be past the parser's position when it opened).
  for (let i = input.indexOf('\n', lineStart); i !== -1 && i < position; i = input.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line: line + 1, column: position - lineStart + 1 };
}
