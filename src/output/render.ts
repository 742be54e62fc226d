/**
 * Emitting a template as text: JSON (two-space indent, key order as built) or YAML with short-form tags.
 * Both end with a newline; both are byte-identical for equal templates.
 */
import { dumpYaml } from '../yaml/cfnYaml';

export type Format = 'yaml' | 'json';

export function render(data: unknown, format: Format): string {
  return format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : dumpYaml(data);
}
