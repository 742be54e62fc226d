/**
 * Exported outputs, for other stacks to import (`!ImportValue`): with `exportPrefix`, every output of the template
 * is exported as `<prefix>-<OutputId>`.
 *
 * ```yaml
 * exportPrefix: !Sub ${AWS::StackName}     # or text: books-prod  ->  books-prod-ApiBooksId, books-prod-ApiBooksEndpoint, ...
 * ```
 * An export cannot be removed or changed while another stack imports it: CloudFormation refuses that update.
 */
import { Codec, refine } from '../spec/codec';
import { ValueInput, stringValue } from '../spec/values';
import { Fragment, Output } from '../template/types';
import { Json, Value, intrinsicName, join } from '../value';

export const ExportPrefix: Codec<Value, ValueInput> = refine(stringValue, (v) =>
  typeof v !== 'string' || /^[A-Za-z0-9:-]{1,200}$/.test(v)
    ? undefined
    : `expected a prefix of letters, digits, ":" and "-" (at most 200; CloudFormation's export names take no other characters), got ${JSON.stringify(v)}`,
);

/** `<prefix>-<id>`: text for a literal prefix, inside the !Sub for a !Sub, an Fn::Join otherwise. */
export function exportName(prefix: Value, id: string): Json {
  if (typeof prefix === 'string') return `${prefix}-${id}`;
  if (intrinsicName(prefix) === 'Fn::Sub') {
    const arg = (prefix as { 'Fn::Sub': Json })['Fn::Sub'];
    if (typeof arg === 'string') return { 'Fn::Sub': `${arg}-${id}` };
    if (Array.isArray(arg) && typeof arg[0] === 'string') return { 'Fn::Sub': [`${arg[0]}-${id}`, arg[1]] };
  }
  return join('-', [prefix as Json, id]);
}

export function withExports(fragments: readonly Fragment[], prefix: Value | undefined): Fragment[] {
  if (prefix === undefined) return [...fragments];
  return fragments.map((fragment) => {
    if (fragment.outputs === undefined) return fragment;
    const outputs: Record<string, Output> = {};
    for (const [id, output] of Object.entries(fragment.outputs)) outputs[id] = { ...output, Export: { Name: exportName(prefix, id) } };
    return { ...fragment, outputs };
  });
}
