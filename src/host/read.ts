/**
 * Reading a host template: the text a user keeps (a SAM application, any CloudFormation template, YAML or JSON) that
 * `merge` adds a spec's resources to.
 *
 * The host is parsed with the `yaml` package, which keeps every node's place in the text: merge edits the text at
 * those places and never re-renders the host (src/host/edit.ts). Its data (for finding IDs, APIs and routes) is read
 * as CloudFormation reads it: YAML 1.1 (`010` is 8, `y` is true), short-form tags as long-form intrinsics, `<<`
 * merge keys applied; keys stay the text they are written as (a key `y` is the name "y").
 *
 * Hostile hosts cost a bounded amount: the text at most CloudFormation's 1 MB, nesting at most HOST_LIMITS.depth
 * levels (checked on the syntax tree without recursion, before anything recursive runs), at most HOST_LIMITS.values
 * values with each alias counted as everything it repeats, and aliases growing the document at most to
 * expandedSizeLimit of its text (the size of a document: the characters of its scalars plus one per value).
 */
import { Alias, CST, Composer, Document, LineCounter, Node as YamlNode, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { Either, left, right } from 'fp-ts/Either';
import { BuildError, buildError } from '../errors';
import { INTRINSIC_NAMES, isPlainObject, setOwn } from '../value';
import { TEMPLATE_LIMITS } from '../template/combine';
import { INPUT_LIMITS, expandedSizeLimit, thousands } from '../yaml/limits';

/**
 * The bounds of reading a host: the input bounds every reader shares (src/yaml/limits.ts), except that a host larger
 * than CloudFormation's 1 MB is refused at once (a merged template can only be larger).
 */
export const HOST_LIMITS = {
  bytes: TEMPLATE_LIMITS.bodyBytes,
  depth: INPUT_LIMITS.depth,
  values: INPUT_LIMITS.values,
} as const;

export type HostSyntax = 'yaml' | 'json';
export type HostTemplate = Record<string, unknown>;

export interface HostDocument {
  readonly text: string;
  readonly source: string;
  /** JSON when the text is JSON (merge then writes JSON into it), else YAML. */
  readonly syntax: HostSyntax;
  readonly document: Document.Parsed;
  /** The template as CloudFormation reads it. */
  readonly data: HostTemplate;
  /** The 1-based line of an offset in the text, for messages. */
  readonly lineOf: (offset: number) => number;
}

/** Short-form tags (`!Ref`, `!GetAtt`, `!Sub`, ...): `Ref` and `Condition` keep their name, the rest drop `Fn::`. */
const TAG_FUNCTIONS: ReadonlyMap<string, string> = new Map(INTRINSIC_NAMES.map((fn) => [`!${fn.replace(/^Fn::/, '')}`, fn]));

/** The tags registered with the parser only so that it keeps them on the node unwarned; toData reads them. */
const KEEP_TAGS = [...TAG_FUNCTIONS.keys()].flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]);

const PARSE_OPTIONS = {
  version: '1.1' as const,
  // Timestamps are text to CloudFormation (`Version: 2012-10-17` is a string).
  customTags: (tags: unknown[]) => [...tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp'), ...KEEP_TAGS],
  uniqueKeys: true,
  keepSourceTokens: false,
  prettyErrors: false,
} as never;

/** The deepest nesting of collections in the syntax tree, walked with a stack (a deep input cannot overflow it). */
function depthOf(tokens: readonly CST.Token[]): { depth: number; offset: number } {
  let deepest = { depth: 0, offset: 0 };
  const stack: Array<[CST.Token, number]> = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > deepest.depth) deepest = { depth: depth + 1, offset: token.offset };
      for (const item of token.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return deepest;
}

/** A mapping key as the name it is written as: plain scalars keep their text (`y`, `010`, `1.0`). */
export function keyText(key: unknown): string {
  if (isScalar(key)) {
    if (key.type === 'PLAIN' && typeof key.source === 'string') return key.source;
    return String(key.value);
  }
  return String(key);
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === 'PLAIN' && key.source === '<<';
}

class HostProblem extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/** The document as data; aliases share the data of their anchor and count what they repeat against the bounds. */
function toData(document: Document.Parsed, textLength: number): unknown {
  /** Per node: its data, its size (scalar characters plus one per value) and its values, aliases expanded. */
  const memo = new Map<YamlNode, { data: unknown; size: number; values: number }>();
  const converting = new Set<YamlNode>();
  const sizeLimit = expandedSizeLimit(textLength);
  let size = 0;
  let values = 0;
  const count = (offset: number, addedSize: number, addedValues: number) => {
    size += addedSize;
    values += addedValues;
    if (values > HOST_LIMITS.values) throw new HostProblem(offset, `more than ${thousands(HOST_LIMITS.values)} values, each alias counted as everything it repeats; a template CloudFormation can deploy holds far fewer`);
    if (size > sizeLimit) throw new HostProblem(offset, `aliases expand the template past ${thousands(sizeLimit)} characters (CloudFormation reads no aliases); write it without them`);
  };

  const convert = (node: unknown): { data: unknown; size: number; values: number } => {
    if (node === null || node === undefined) {
      count(0, 1, 1);
      return { data: null, size: 1, values: 1 };
    }
    const offset = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
    if (isAlias(node)) {
      const target = (node as Alias).resolve(document);
      if (target === undefined) throw new HostProblem(offset, `the alias *${(node as Alias).source} names no anchor`);
      if (converting.has(target)) throw new HostProblem(offset, `the alias *${(node as Alias).source} refers to a node that contains it`);
      const known = memo.get(target);
      if (known === undefined) return convert(target);
      count(offset, known.size, known.values);
      return known;
    }
    const known = memo.get(node as YamlNode);
    if (known) return known;
    converting.add(node as YamlNode);
    let result: { data: unknown; size: number; values: number };
    if (isMap(node)) {
      count(offset, 1, 1);
      const out: Record<string, unknown> = {};
      let nodeSize = 1;
      let nodeValues = 1;
      const merged: Array<Record<string, unknown>> = [];
      for (const pair of node.items) {
        const key = keyText(pair.key);
        count(offset, key.length + 1, 1);
        const value = convert(pair.value);
        nodeSize += key.length + 1 + value.size;
        nodeValues += 1 + value.values;
        if (isMergeKey(pair.key)) {
          // YAML 1.1 merge keys: the named mappings' entries, unless this mapping has its own.
          const sources = Array.isArray(value.data) ? value.data : [value.data];
          for (const s of sources) if (isPlainObject(s)) merged.push(s);
          continue;
        }
        setOwn(out, key, value.data);
      }
      for (const source of merged) for (const [k, v] of Object.entries(source)) if (!Object.hasOwn(out, k)) setOwn(out, k, v);
      result = { data: tagged(node.tag, out), size: nodeSize, values: nodeValues };
    } else if (isSeq(node)) {
      count(offset, 1, 1);
      const items = node.items.map(convert);
      result = {
        data: tagged(node.tag, items.map((i) => i.data)),
        size: 1 + items.reduce((n, i) => n + i.size, 0),
        values: 1 + items.reduce((n, i) => n + i.values, 0),
      };
    } else if (isScalar(node)) {
      const value = node.value;
      const plain =
        value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
          ? value
          : // Anything JSON cannot hold (binary, infinities, NaN) stays the text it is written as.
            String(node.source ?? value);
      const scalarSize = 1 + String(plain).length;
      count(offset, scalarSize, 1);
      result = { data: tagged(node.tag, plain), size: scalarSize, values: 1 };
    } else {
      count(offset, 1, 1);
      result = { data: null, size: 1, values: 1 };
    }
    converting.delete(node as YamlNode);
    memo.set(node as YamlNode, result);
    return result;
  };
  return convert(document.contents).data;
}

/** A short-form tag's long form: `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`. Other tags leave the value as is. */
function tagged(tag: string | undefined, value: unknown): unknown {
  const fn = tag === undefined ? undefined : TAG_FUNCTIONS.get(tag);
  if (fn === undefined) return value;
  const arg = value ?? '';
  if (fn === 'Fn::GetAtt' && typeof arg === 'string' && arg.includes('.')) {
    const dot = arg.indexOf('.');
    return { [fn]: [arg.slice(0, dot), arg.slice(dot + 1)] };
  }
  return { [fn]: arg };
}

function isJsonText(text: string): boolean {
  if (!/^\uFEFF?\s*\{/.test(text)) return false;
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

/** Parses and checks a host template, or says (with the line) why it cannot be merged into. */
export function readHost(text: string, source: string): Either<BuildError[], HostDocument> {
  const fail = (message: string) => left([buildError('', `${source}: ${message}`)]);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > HOST_LIMITS.bytes) {
    return fail(`the host template is ${bytes} bytes, more than the ${HOST_LIMITS.bytes} (1 MB) CloudFormation accepts, before anything is merged in`);
  }
  const lines = new LineCounter();
  const lineOf = (offset: number) => lines.linePos(offset).line;
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const { depth, offset } = depthOf(tokens);
  if (depth > HOST_LIMITS.depth) {
    return fail(`nesting deeper than ${HOST_LIMITS.depth} levels at line ${lineOf(offset)}; templates are not nested that deep`);
  }
  const documents = [...new Composer(PARSE_OPTIONS).compose(tokens)] as Document.Parsed[];
  if (documents.length !== 1) {
    return fail(documents.length === 0 ? 'expected a CloudFormation template (a mapping with Resources), got an empty file' : `expected one YAML document, got ${documents.length}`);
  }
  const document = documents[0];
  const problem = document.errors[0];
  if (problem !== undefined) {
    const where = problem.linePos ? `line ${problem.linePos[0].line}, column ${problem.linePos[0].col}` : 'unknown position';
    return fail(`invalid YAML at ${where}: ${problem.message.replace(/ at line \d+, column \d+[\s\S]*$/, '')}`);
  }
  let data: unknown;
  try {
    data = toData(document, text.length);
  } catch (e) {
    if (e instanceof HostProblem) return fail(`${e.message} (line ${lineOf(e.offset)})`);
    throw e;
  }
  const checked = checkTemplateShape(data, source);
  if (checked !== undefined) return left([checked]);
  if (!isMap(document.contents)) throw new Error('bug: a template mapping without a mapping node');
  return right({ text, source, syntax: isJsonText(text) ? 'json' : 'yaml', document, data: data as HostTemplate, lineOf });
}

/** A mapping with a Resources mapping, and mappings (or nothing) where CloudFormation takes sections. */
function checkTemplateShape(data: unknown, source: string): BuildError | undefined {
  if (!isPlainObject(data)) {
    return buildError('', `${source}: expected a CloudFormation template (a mapping with Resources), got ${Array.isArray(data) ? 'a list' : data === null ? 'an empty file' : typeof data}`);
  }
  if (!isPlainObject(data.Resources)) {
    // A serverless.yml is the usual mistake: its resources go in through a fragment, not a merge.
    const hint =
      data.service !== undefined && data.provider !== undefined
        ? '; this looks like a Serverless Framework service: build a fragment (apigw-cfn build --fragment) and list it under resources'
        : '';
    return buildError('', `${source}: expected a CloudFormation template with a Resources mapping, got ${data.Resources === undefined ? 'none' : 'something else'}${hint}`);
  }
  for (const section of ['Parameters', 'Outputs', 'Metadata'] as const) {
    if (data[section] !== undefined && data[section] !== null && !isPlainObject(data[section])) {
      return buildError('', `${source}: expected ${section} to be a mapping`);
    }
  }
  return undefined;
}

