/**
 * Emitting a template as text: JSON (two-space indent, key order as built) or YAML with short-form tags.
 * Both end with a newline; both are byte-identical for equal templates.
 */
import { dumpYaml } from '../yaml/cfnYaml';

/** The text a template is written as: YAML with short-form tags (`!Ref`, `!GetAtt`, ...) or JSON. */
export type Format = 'yaml' | 'json';

/** Template data as text: deterministic, keys in a fixed order, a final newline. */
export function render(data: unknown, format: Format): string {
  return format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : dumpYaml(data);
}
