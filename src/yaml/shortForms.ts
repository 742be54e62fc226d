/**
 * CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`, ...) and what reading one makes: the long JSON form.
 * Shared by both readers of cfnYaml.ts (js-yaml's types, and the common-YAML reader) so that they cannot differ.
 */
import { IntrinsicName } from '../value';
import { scalarText } from './scalars';

/** Short-form tags and the intrinsic each stands for. `Ref` and `Condition` keep their name; the rest drop `Fn::`. */
export const SHORT_FORMS: ReadonlyArray<readonly [tag: string, fn: IntrinsicName]> = [
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...(
    [
      'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
      'If', 'And', 'Or', 'Not', 'Equals',
    ] as const
  ).map((name) => [`!${name}`, `Fn::${name}` as IntrinsicName] as const),
];

/** The intrinsic of each short-form tag. */
export const INTRINSIC_OF_TAG: ReadonlyMap<string, IntrinsicName> = new Map(SHORT_FORMS);

export type Kind = 'scalar' | 'sequence' | 'mapping';
export const KINDS: readonly Kind[] = ['scalar', 'sequence', 'mapping'];

/** The long form of a short-form tag on a node of `kind` holding `data`. */
export function longForm(fn: IntrinsicName, kind: Kind, data: unknown): Record<string, unknown> {
  // A scalar argument is its text as written: `!Ref yes` names `yes`, `!Sub 010` is the text `010`.
  const arg = kind === 'scalar' ? scalarText(data) ?? '' : data;
  if (fn === 'Fn::GetAtt' && typeof arg === 'string' && arg.includes('.')) {
    const dot = arg.indexOf('.');
    return { [fn]: [arg.slice(0, dot), arg.slice(dot + 1)] };
  }
  return { [fn]: arg };
}
