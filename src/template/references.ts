/**
 * Every reference a piece of template makes: `Ref`, `Fn::GetAtt`, the `${...}` variables of `Fn::Sub`, and
 * `DependsOn`. The combinator uses it to report dangling references (and, later, to split templates safely).
 */
import { isPlainObject } from '../value';

/** Parameters CloudFormation provides in every stack. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export interface Reference {
  /** The logical ID or parameter name referred to. */
  readonly target: string;
  /** How it is written, for messages: `!Ref X`, `!GetAtt X.Arn`, `${X}` in !Sub. */
  readonly via: string;
}

/** The `${Name}` and `${Name.Attr}` variables of a Sub string, minus `${!Literal}` escapes and local variables. */
export function subVariables(text: string, local: ReadonlySet<string>): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = m[1].trim();
    if (inner.startsWith('!') || inner === '') continue;
    const name = inner.split('.')[0];
    if (!local.has(inner) && !local.has(name)) names.push(inner.includes('.') && !inner.startsWith('AWS::') ? name : inner);
  }
  return names;
}

export function collectReferences(node: unknown, out: Reference[] = []): Reference[] {
  if (Array.isArray(node)) {
    for (const item of node) collectReferences(item, out);
    return out;
  }
  if (!isPlainObject(node)) return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'Ref' && typeof value === 'string') {
      out.push({ target: value, via: `!Ref ${value}` });
    } else if (key === 'Fn::GetAtt' && Array.isArray(value) && typeof value[0] === 'string') {
      out.push({ target: value[0], via: `!GetAtt ${value.join('.')}` });
      collectReferences(value.slice(1), out);
    } else if (key === 'Fn::Sub') {
      const [text, vars] = typeof value === 'string' ? [value, {}] : Array.isArray(value) ? [value[0], value[1]] : ['', {}];
      const local = new Set(isPlainObject(vars) ? Object.keys(vars) : []);
      if (typeof text === 'string') for (const name of subVariables(text, local)) out.push({ target: name, via: `\${${name}} in !Sub` });
      collectReferences(vars, out);
    } else {
      collectReferences(value, out);
    }
  }
  return out;
}
