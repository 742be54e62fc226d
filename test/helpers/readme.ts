/**
 * The code blocks of README.md and the marker before each that says how the tests exercise it:
 * `<!-- test: KIND; CLAUSE; ... -->` on the line before the opening fence. test/readme.test.ts runs them all, and
 * test/consumer.test.ts compiles the TypeScript ones against the packed package.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './paths';

export interface ReadmeBlock {
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The fence's language: `yaml`, `sh`, `ts`, `json`, or `` for text. */
  readonly lang: string;
  readonly text: string;
  /** What the marker says: its kind (`spec`, `commands`, ...) and its clauses; undefined when there is no marker. */
  readonly marker?: { readonly kind: string; readonly clauses: readonly string[] };
}

const MARKER = /^<!-- test: (.*) -->$/;
/** test/review.test.ts's marker: the block is exactly what `apigw-cfn ARGS` prints; read as `output of apigw-cfn ARGS`. */
const OUTPUT_MARKER = /^<!-- (apigw-cfn (?:routes|diff) .*) -->$/;

export function readmeBlocks(file = path.join(ROOT, 'README.md')): ReadmeBlock[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)$/.exec(lines[i]);
    if (open === null) continue;
    const end = lines.indexOf('```', i + 1);
    if (end === -1) throw new Error(`README.md:${i + 1}: a code block that never closes`);
    const before = [...lines.slice(0, i)].reverse().find((l) => l.trim() !== '');
    const m = before === undefined ? null : MARKER.exec(before.trim());
    const output = before === undefined ? null : OUTPUT_MARKER.exec(before.trim());
    const [kind, ...clauses] = m !== null ? splitClauses(m[1]) : output !== null ? [`output of ${output[1]}`] : [];
    blocks.push({
      line: i + 1,
      lang: open[1],
      text: `${lines.slice(i + 1, end).join('\n')}\n`,
      ...(kind !== undefined && { marker: { kind, clauses } }),
    });
    i = end;
  }
  return blocks;
}

/** `a; b (c; d)` -> `a`, `b (c; d)`: clauses end at a `;` outside parentheses (a reason may hold one). */
function splitClauses(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ';' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}
