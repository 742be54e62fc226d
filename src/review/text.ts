/**
 * Text for the review commands (`routes`, `diff`): how a Value reads in a table, and plain column tables.
 */
import { canonicalJson, intrinsicName } from '../value';

/**
 * A Value as a person writes it in a spec: a literal as is, `!Ref X`, `!GetAtt A.B`, `!Sub text`,
 * `!ImportValue name`; any other intrinsic (or nesting) in short form with its argument as compact JSON.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const name = intrinsicName(value);
  if (name === undefined) return canonicalJson(value);
  const arg = (value as Record<string, unknown>)[name];
  const tag = name === 'Ref' || name === 'Condition' ? `!${name}` : `!${name.slice('Fn::'.length)}`;
  if (name === 'Fn::GetAtt' && Array.isArray(arg)) return `${tag} ${arg.map(showValue).join('.')}`;
  // `!Sub [text, {vars}]`: the text says what it is; the variables are shown after it.
  if (name === 'Fn::Sub' && Array.isArray(arg) && typeof arg[0] === 'string') {
    const vars = arg[1] as Record<string, unknown> | undefined;
    const shown = Object.entries(vars ?? {}).map(([k, v]) => `${k}=${showValue(v)}`);
    return `${tag} ${arg[0]}${shown.length > 0 ? ` (${shown.join(', ')})` : ''}`;
  }
  return `${tag} ${typeof arg === 'string' ? arg : canonicalJson(arg)}`;
}

/**
 * Columns padded to their widest cell, two spaces apart, a header and a rule under it; no trailing spaces.
 * A cell may hold several lines: the row then takes as many lines.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers, headers.map((h) => '-'.repeat(h.length)), ...rows].map((row) => row.map((cell) => cell.split('\n')));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => Math.max(...row[i].map((line) => line.length)))));
  const lines: string[] = [];
  for (const row of cells) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let l = 0; l < height; l++) {
      const line = row.map((cell, i) => (i === row.length - 1 ? cell[l] ?? '' : (cell[l] ?? '').padEnd(widths[i]))).join('  ');
      lines.push(line.trimEnd());
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `1 route`, `2 routes`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
