/**
 * Editing a host template as text: entries are added to, and taken out of, its mappings at the places the parser
 * found them, and every other byte stays as the user wrote it (comments, blank lines, quoting, `010`, `y`, anchors,
 * tags, key order). Taking out what was added gives back the host's text exactly.
 *
 * Places are JSON Pointers (RFC 6901) into the template: `/Resources/BooksApi/Properties/DefinitionBody/paths/~1books/get`.
 * Added entries are rendered in the host's own syntax: YAML blocks at the indentation of their siblings, JSON (also
 * inside YAML flow mappings `{...}`) with the host's indentation unit, or on one line when the host is on one line.
 */
import { Document, Pair, Scalar, YAMLMap, isAlias, isMap, isScalar } from 'yaml';
import { dumpYaml } from '../yaml/cfnYaml';
import { canonicalJson, isPlainObject } from '../value';
import { HostDocument, keyText } from './read';

export type Pointer = readonly string[];

/** `/a/b~1c` for ["a", "b/c"]. */
export function pointerText(pointer: Pointer): string {
  return pointer.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The keys of a JSON Pointer, or undefined when it is not one. */
export function parsePointer(text: string): Pointer | undefined {
  if (!text.startsWith('/')) return undefined;
  const keys = text.slice(1).split('/');
  if (keys.some((k) => /~[^01]|~$/.test(k))) return undefined;
  return keys.map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a pointer in plain data, or undefined. */
export function valueAt(data: unknown, pointer: Pointer): unknown {
  let at = data;
  for (const key of pointer) {
    if (!isPlainObject(at) || !Object.hasOwn(at, key)) return undefined;
    at = at[key];
  }
  return at;
}

export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
  /** Among insertions at one offset, those of lower rank come first (a mapping's own entries before new siblings). */
  readonly rank?: number;
}

/** Applies non-overlapping edits (offsets into the original text). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.from - a.from || b.to - a.to || (b.rank ?? 0) - (a.rank ?? 0));
  let out = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.to > limit) throw new Error(`bug: overlapping text edits at ${edit.from}..${edit.to}`);
    out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
    limit = edit.from;
  }
  return out;
}

/** Something a pointer cannot be written at, said for the user. */
export class EditProblem {
  constructor(readonly pointer: Pointer, readonly message: string) {}
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => keyText(p.key) === key) as Pair | undefined;
}

/** Where a pointer leads in the syntax tree: a mapping, an empty (null) value, or missing keys below a mapping. */
type Place =
  | { readonly kind: 'map'; readonly map: YAMLMap }
  | { readonly kind: 'empty'; readonly pair: Pair }
  | { readonly kind: 'missing'; readonly map: YAMLMap; readonly depth: number };

function locate(document: Document.Parsed, pointer: Pointer): Place | EditProblem {
  let map = document.contents as YAMLMap;
  for (let i = 0; i < pointer.length; i++) {
    const pair = pairOf(map, pointer[i]);
    if (pair === undefined) return { kind: 'missing', map, depth: i };
    const value = pair.value;
    if (isAlias(value)) return new EditProblem(pointer.slice(0, i + 1), 'is an alias: merge adds nothing inside it (the anchor is shared); write it out');
    if (isMap(value)) {
      map = value;
      continue;
    }
    if (isScalar(value) && value.value === null && i === pointer.length - 1) {
      if ((value.range?.[0] ?? 0) === (value.range?.[1] ?? 0)) return { kind: 'empty', pair };
      return new EditProblem(pointer.slice(0, i + 1), `is written as ${value.source ?? 'null'}; make it a mapping (or leave it out) so that merge can add to it`);
    }
    if (value === null) return i === pointer.length - 1 ? { kind: 'empty', pair } : new EditProblem(pointer.slice(0, i + 1), 'is empty');
    return new EditProblem(pointer.slice(0, i + 1), 'is not a mapping, so merge cannot add to it');
  }
  return { kind: 'map', map };
}

/** The text conventions of a host: its line break and its JSON indentation unit. */
interface Style {
  readonly newline: string;
  readonly unit: string;
  /** JSON without spaces after `:` and `,` (a minified host). */
  readonly compact: boolean;
}

function styleOf(host: HostDocument): Style {
  const newline = host.text.includes('\r\n') ? '\r\n' : '\n';
  const root = host.document.contents as YAMLMap;
  const first = root.items[0]?.key as Scalar | undefined;
  const start = first?.range?.[0];
  let unit = '  ';
  if (start !== undefined) {
    const lineStart = host.text.lastIndexOf('\n', start - 1) + 1;
    const indent = host.text.slice(lineStart, start);
    if (/^[ \t]+$/.test(indent)) unit = indent;
  }
  return { newline, unit, compact: host.syntax === 'json' && !/":\s/.test(host.text) };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line break that ends the line holding `offset - 1` (a node's last character). */
function endOfLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

function keyStart(pair: Pair): number {
  return (pair.key as Scalar).range![0];
}

/** Where a pair's value ends (its last character), comments after it excluded. */
function valueEnd(pair: Pair): number {
  const value = pair.value as { range?: [number, number, number] } | null;
  return value?.range?.[1] ?? (pair.key as Scalar).range![1];
}

function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

function renderYamlEntries(entries: ReadonlyArray<readonly [string, unknown]>, column: number, style: Style): string {
  const indent = ' '.repeat(column);
  return entries
    .map(([key, value]) => {
      const lines = dumpYaml({ [key]: value }).replace(/\n$/, '').split('\n');
      return lines.map((line) => (line === '' ? line : indent + line)).join(style.newline) + style.newline;
    })
    .join('');
}

function renderJsonEntry(key: string, value: unknown, indent: string | undefined, style: Style): string {
  if (indent === undefined) return `${JSON.stringify(key)}:${style.compact ? '' : ' '}${JSON.stringify(value)}`;
  const json = JSON.stringify(value, null, style.unit).split('\n').join(style.newline + indent);
  return `${JSON.stringify(key)}: ${json}`;
}

/** The edit that adds entries to a mapping: after its last entry, or before the entry named `before`. */
function insertInto(host: HostDocument, map: YAMLMap, entries: ReadonlyArray<readonly [string, unknown]>, style: Style, before?: string): TextEdit {
  const text = host.text;
  const pairs = map.items as Pair[];
  if (!map.flow) {
    const column = columnOf(text, keyStart(pairs[0]));
    const rendered = renderYamlEntries(entries, column, style);
    const anchor = before === undefined ? undefined : pairOf(map, before);
    if (anchor !== undefined) {
      // Above the comment lines that lead into the sibling, so that they stay with it.
      let at = lineStartOf(text, keyStart(anchor));
      while (at > 0) {
        const previous = lineStartOf(text, at - 1);
        if (!/^[ \t]*#/.test(text.slice(previous, at))) break;
        at = previous;
      }
      // Comments that open the file are the file's, not the sibling's.
      if (at === 0) at = lineStartOf(text, keyStart(anchor));
      return { from: at, to: at, text: rendered };
    }
    const at = endOfLine(text, valueEnd(pairs[pairs.length - 1]));
    // A last line without a line break: the break goes before what is added (and is taken out with it).
    if (at === text.length && !text.endsWith('\n')) return { from: at, to: at, text: style.newline + rendered.slice(0, -style.newline.length) };
    return { from: at, to: at, text: rendered };
  }
  // A flow mapping (JSON, or YAML's `{...}`): JSON entries; one per line, as its entries are, or on one line.
  const open = map.range![0];
  if (pairs.length === 0) {
    return { from: open + 1, to: open + 1, text: entries.map(([k, v]) => renderJsonEntry(k, v, undefined, style)).join(style.compact ? ',' : ', ') };
  }
  const firstKey = keyStart(pairs[0]);
  const multiline = text.slice(open, firstKey).includes('\n');
  const indent = multiline ? text.slice(lineStartOf(text, firstKey), firstKey) : undefined;
  const separator = multiline ? `,${style.newline}${indent}` : style.compact ? ',' : ', ';
  const rendered = entries.map(([k, v]) => renderJsonEntry(k, v, indent, style));
  const anchorIndex = before === undefined ? -1 : pairs.findIndex((p) => keyText(p.key) === before);
  if (anchorIndex === 0) return { from: firstKey, to: firstKey, text: rendered.join(separator) + separator };
  const after = anchorIndex > 0 ? pairs[anchorIndex - 1] : pairs[pairs.length - 1];
  const at = valueEnd(after);
  return { from: at, to: at, text: separator + rendered.join(separator) };
}

/** The edit that fills an empty value (`Outputs:` with nothing after it) with entries, as a block below its key. */
function fillEmpty(host: HostDocument, pair: Pair, entries: ReadonlyArray<readonly [string, unknown]>, style: Style): TextEdit {
  const text = host.text;
  const keyAt = keyStart(pair);
  const column = columnOf(text, keyAt) + 2;
  const at = endOfLine(text, (pair.key as Scalar).range![1]);
  const rendered = renderYamlEntries(entries, column, style);
  if (at === text.length && !text.endsWith('\n')) return { from: at, to: at, text: style.newline + rendered.slice(0, -style.newline.length) };
  return { from: at, to: at, text: rendered };
}

export interface Addition {
  /** Where the new entry goes: the pointer of the entry itself (its last key is the entry's key). */
  readonly pointer: Pointer;
  readonly value: unknown;
}

export interface InsertPlan {
  readonly edits: readonly TextEdit[];
  /** Mappings that did not exist and were made to hold the additions (deepest last). */
  readonly created: readonly Pointer[];
}

/**
 * The edits that add entries at their pointers. A missing mapping on the way is made, starting from `skeleton` of
 * its pointer (`{}` unless the caller says otherwise), and listed in `created`. `before` places a new entry of a
 * mapping before a named sibling (a template's Parameters before its Resources).
 */
export function planInsertions(
  host: HostDocument,
  additions: readonly Addition[],
  skeleton: (pointer: Pointer) => Record<string, unknown> = () => ({}),
  before: (pointer: Pointer) => string | undefined = () => undefined,
): InsertPlan | EditProblem {
  const style = styleOf(host);
  // The new entries of each existing mapping (by its pointer), in the order given, with made mappings filled in.
  const byContainer = new Map<string, { place: Place; pointer: Pointer; entries: Array<[string, unknown]> }>();
  const created: Pointer[] = [];
  const createdValues = new Map<string, Record<string, unknown>>();
  for (const addition of additions) {
    const containerPointer = addition.pointer.slice(0, -1);
    const place = locate(host.document, containerPointer);
    if (place instanceof EditProblem) return place;
    const existing = place.kind === 'missing' ? containerPointer.slice(0, place.depth) : containerPointer;
    const key = canonicalJson(existing);
    const group = byContainer.get(key) ?? { place, pointer: existing, entries: [] };
    byContainer.set(key, group);
    if (place.kind !== 'missing') {
      if (group.entries.some(([k]) => k === addition.pointer[addition.pointer.length - 1])) throw new Error(`bug: ${pointerText(addition.pointer)} added twice`);
      group.entries.push([addition.pointer[addition.pointer.length - 1], addition.value]);
      continue;
    }
    // Make the missing mappings, each from its skeleton, and put the entry in the deepest.
    let parentValue: Record<string, unknown> | undefined;
    for (let depth = place.depth; depth < containerPointer.length; depth++) {
      const madePointer = containerPointer.slice(0, depth + 1);
      const madeKey = canonicalJson(madePointer);
      let made = createdValues.get(madeKey);
      const name = madePointer[madePointer.length - 1];
      if (made === undefined && parentValue !== undefined && isPlainObject(parentValue[name])) {
        // Part of the skeleton of the mapping above (a body's paths): made with it, not on its own.
        made = parentValue[name] as Record<string, unknown>;
        createdValues.set(madeKey, made);
      }
      if (made === undefined) {
        made = structuredClone(skeleton(madePointer));
        createdValues.set(madeKey, made);
        created.push(madePointer);
        if (parentValue === undefined) group.entries.push([name, made]);
        else parentValue[name] = made;
      }
      parentValue = made;
    }
    parentValue![addition.pointer[addition.pointer.length - 1]] = addition.value;
  }
  const edits: TextEdit[] = [];
  for (const { place, pointer, entries } of byContainer.values()) {
    // Deeper mappings first where insertions meet: the last resource before a new section after Resources.
    const rank = -pointer.length;
    if (place.kind === 'empty') {
      edits.push({ ...fillEmpty(host, place.pair, entries, style), rank });
      continue;
    }
    if (!place.map.flow && place.map.items.length === 0) throw new Error('bug: a block mapping without entries');
    // One edit per place: entries placed before a sibling, and the rest after the last entry.
    const bySibling = new Map<string | undefined, Array<[string, unknown]>>();
    for (const entry of entries) {
      const sibling = before([...pointer, entry[0]]);
      const target = sibling !== undefined && pairOf(place.map, sibling) !== undefined ? sibling : undefined;
      bySibling.set(target, [...(bySibling.get(target) ?? []), entry]);
    }
    for (const [sibling, placed] of bySibling) edits.push({ ...insertInto(host, place.map, placed, style, sibling), rank });
  }
  return { edits, created };
}

/**
 * The edits that take out the entries at the pointers (those already gone are skipped, and so are entries inside
 * others that go). Taking out what `planInsertions` added gives back the text it was added to.
 */
export function planRemovals(host: HostDocument, pointers: readonly Pointer[]): TextEdit[] {
  const text = host.text;
  const going = new Set(pointers.map(canonicalJson));
  const insideAnother = (p: Pointer) => p.some((_, i) => i < p.length - 1 && going.has(canonicalJson(p.slice(0, i + 1))));
  const byMap = new Map<YAMLMap, Set<Pair>>();
  for (const pointer of pointers) {
    if (pointer.length === 0 || insideAnother(pointer)) continue;
    const place = locate(host.document, pointer.slice(0, -1));
    if (place instanceof EditProblem || place.kind !== 'map') continue;
    const pair = pairOf(place.map, pointer[pointer.length - 1]);
    if (pair === undefined) continue;
    const set = byMap.get(place.map) ?? new Set<Pair>();
    set.add(pair);
    byMap.set(place.map, set);
  }
  const edits: TextEdit[] = [];
  for (const [map, removed] of byMap) {
    const pairs = map.items as Pair[];
    if (!map.flow) {
      for (const pair of removed) edits.push({ from: lineStartOf(text, keyStart(pair)), to: endOfLine(text, valueEnd(pair)), text: '' });
      continue;
    }
    // Flow mappings: runs of removed entries go with the separator before them (or after, at the start).
    let i = 0;
    while (i < pairs.length) {
      if (!removed.has(pairs[i])) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < pairs.length && removed.has(pairs[j + 1])) j++;
      if (i > 0) edits.push({ from: valueEnd(pairs[i - 1]), to: valueEnd(pairs[j]), text: '' });
      else if (j + 1 < pairs.length) edits.push({ from: keyStart(pairs[i]), to: keyStart(pairs[j + 1]), text: '' });
      else edits.push({ from: keyStart(pairs[i]), to: valueEnd(pairs[j]), text: '' });
      i = j + 1;
    }
  }
  // Neighbouring lines go as one; lines that end a text without a final line break take the break before them.
  const joined: TextEdit[] = [];
  for (const edit of edits.sort((a, b) => a.from - b.from)) {
    const last = joined[joined.length - 1];
    if (last !== undefined && edit.from <= last.to) joined[joined.length - 1] = { from: last.from, to: Math.max(last.to, edit.to), text: '' };
    else joined.push(edit);
  }
  const last = joined[joined.length - 1];
  if (last !== undefined && last.to === text.length && !text.endsWith('\n') && last.from > 0 && text[last.from - 1] === '\n') {
    joined[joined.length - 1] = { ...last, from: last.from - (text[last.from - 2] === '\r' ? 2 : 1) };
  }
  return joined;
}

/** Whether the mapping at a pointer is written as a block: emptied of its entries, it is then an empty (null) value. */
export function isBlockMapping(host: HostDocument, pointer: Pointer): boolean {
  const place = locate(host.document, pointer);
  return !(place instanceof EditProblem) && place.kind === 'map' && !place.map.flow;
}
