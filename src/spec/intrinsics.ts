/**
 * Where each intrinsic may appear in a spec, and what it may refer to: checked over the whole spec while decoding,
 * at any depth (inside a `!Join` inside a `!Sub` ...), so that a spec that decodes never yields a template that
 * cfn-lint or CloudFormation rejects for an intrinsic.
 *
 * A spec is not a template: it declares no Conditions and no Mappings, and its templates declare no transforms. So:
 *
 * | intrinsic | in a spec |
 * |---|---|
 * | `!Ref` | a parameter of the spec, a pseudo parameter or a resource of the template; never `AWS::NoValue` |
 * | `!GetAtt` | a resource and its attribute; never a parameter or pseudo parameter (they have no attributes) |
 * | `!Sub` | a string, or [string, {variables}]; its `${Name}` as for `!Ref`, its `${Name.Attr}` as for `!GetAtt` |
 * | `!Join` | [separator, list] |
 * | `!Select` | [index, list], the index a whole number (within a literal list) |
 * | `!Split` | [delimiter, string] |
 * | `!ImportValue`, `!Base64` | a string or an intrinsic that yields one |
 * | `!GetAZs` | a Region (`""` for the stack's own) |
 * | `!Cidr` | [ipBlock, count, cidrBits] |
 * | `!If`, `!FindInMap`, `!Condition`, `!And`, `!Or`, `!Not`, `!Equals` | nowhere: they need Conditions or Mappings |
 * | `!Transform`, `Fn::Length`, `Fn::ToJsonString` | nowhere: they need a transform |
 *
 * Outside `!Sub`, text is text: a literal `${AWS::Region}` or `${SomeParameter}` reaches AWS as those characters
 * (cfn-lint E1029), so it is an error too.
 */
import * as t from 'io-ts';
import { IntrinsicName, intrinsicName, isPlainObject } from '../value';
import { TEMPLATE_LIMITS } from '../template/combine';
import { thousands } from '../yaml/limits';
import { authorizerLogicalId } from '../authorizers/names';
import { vpcLinkLogicalId } from '../shared/vpcLink';
import { subVariables } from '../template/references';

const short = (name: string) => `!${name.replace(/^Fn::/, '')}`;

/** Intrinsics that have no place in a spec, and why. */
const NOWHERE: Partial<Record<IntrinsicName, string>> = {
  'Fn::If': '!If chooses by a condition, and a spec declares no Conditions: write the value itself, or let a parameter choose it (!Ref)',
  'Fn::FindInMap': '!FindInMap reads a mapping, and a spec declares no Mappings: write the value itself, or pass it in as a parameter (!Ref)',
  Condition: 'a condition belongs in a template\'s Conditions, and a spec declares none',
  'Fn::Transform': '!Transform runs a macro, and the templates apigw-cfn writes declare none',
  'Fn::Length': 'Fn::Length needs the AWS::LanguageExtensions transform, and the templates apigw-cfn writes declare none',
  'Fn::ToJsonString': 'Fn::ToJsonString needs the AWS::LanguageExtensions transform, and the templates apigw-cfn writes declare none',
};
for (const name of ['Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Equals'] as const) {
  NOWHERE[name] = `${short(name)} belongs in a template's Conditions, and a spec declares none`;
}

const NO_VALUE = '!Ref AWS::NoValue removes a property, which means something only inside !If: leave the field out instead';

/** What a name may be, for messages about attributes. */
function attributeProblem(target: string, parameters: ReadonlySet<string>, how: string): string | undefined {
  if (parameters.has(target)) return `${how}: ${target} is a parameter, and parameters have no attributes; use !Ref ${target}`;
  if (target.startsWith('AWS::')) return `${how}: ${target} is a pseudo parameter, and pseudo parameters have no attributes; use !Ref ${target}`;
  return undefined;
}

/** Problems with the `${...}` variables of a `!Sub` string. */
function subTemplateProblem(text: string, local: ReadonlySet<string>, parameters: ReadonlySet<string>): string | undefined {
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = match[1].trim();
    if (inner.startsWith('!') || local.has(inner)) continue;
    if (inner === 'AWS::NoValue') return '${AWS::NoValue} in !Sub is no value: AWS::NoValue only removes a property inside !If';
    const dot = inner.indexOf('.');
    if (dot > 0 && !local.has(inner.slice(0, dot))) {
      const problem = attributeProblem(inner.slice(0, dot), parameters, `\${${inner}} in !Sub`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

const found = (x: unknown) => (Array.isArray(x) ? `a list of ${x.length}` : isPlainObject(x) ? 'a mapping' : JSON.stringify(x));
const isWholeNumber = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0) || (typeof x === 'string' && /^\d+$/.test(x));

/** The shape each intrinsic takes; undefined when `arg` has it. */
function shapeProblem(name: IntrinsicName, arg: unknown, parameters: ReadonlySet<string>): string | undefined {
  const takes = (shape: string) => `${short(name)} takes ${shape}, got ${found(arg)}`;
  switch (name) {
    case 'Ref':
      if (typeof arg !== 'string' || arg === '') return takes('the name of a parameter or resource');
      return arg === 'AWS::NoValue' ? NO_VALUE : undefined;
    case 'Fn::GetAtt': {
      const parts = typeof arg === 'string' ? arg.split('.') : arg;
      if (!Array.isArray(parts) || parts.length < 2 || typeof parts[0] !== 'string' || parts[0] === '' || (typeof arg !== 'string' && parts.length !== 2)) {
        return takes('[LogicalId, Attribute] or "LogicalId.Attribute"');
      }
      return attributeProblem(parts[0], parameters, `!GetAtt ${typeof arg === 'string' ? arg : `${parts[0]}.${typeof parts[1] === 'string' ? parts[1] : '...'}`}`);
    }
    case 'Fn::Sub': {
      if (typeof arg === 'string') return subTemplateProblem(arg, new Set(), parameters);
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || !isPlainObject(arg[1])) return takes('a string or [string, {variables}]');
      return subTemplateProblem(arg[0], new Set(Object.keys(arg[1])), parameters);
    }
    case 'Fn::Join':
      return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && (Array.isArray(arg[1]) || intrinsicName(arg[1]) !== undefined)
        ? undefined
        : takes('[separator, [values]]');
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return takes('[index, list]');
      const [index, list] = arg;
      if (!isWholeNumber(index) && intrinsicName(index) === undefined) return `!Select takes a whole number as its index, got ${found(index)}`;
      if (!Array.isArray(list) && intrinsicName(list) === undefined) return `!Select takes a list (or an intrinsic that yields one) to select from, got ${found(list)}`;
      if (isWholeNumber(index) && Array.isArray(list) && Number(index) >= list.length) {
        return `!Select index ${Number(index)} is past the end of a list of ${list.length}`;
      }
      return undefined;
    }
    case 'Fn::Split':
      return Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && (typeof arg[1] === 'string' || intrinsicName(arg[1]) !== undefined)
        ? undefined
        : takes('[delimiter, string]');
    case 'Fn::ImportValue':
    case 'Fn::Base64':
      return (typeof arg === 'string' && arg !== '') || intrinsicName(arg) !== undefined ? undefined : takes('a string or an intrinsic that yields one');
    case 'Fn::GetAZs':
      return typeof arg === 'string' || intrinsicName(arg) === 'Ref' ? undefined : takes('a Region ("" for the stack\'s own)');
    case 'Fn::Cidr':
      return Array.isArray(arg) && arg.length === 3 ? undefined : takes('[ipBlock, count, cidrBits]');
    default:
      return NOWHERE[name];
  }
}

/** The declaration being walked (an authorizer, a VPC link) and the logical ID it builds. */
interface Declaration {
  readonly id: string;
  readonly what: string;
}

/** The names an intrinsic refers to: `!Ref X`, `!GetAtt X.A`, `${X}` and `${X.A}` in `!Sub`. */
function targetsOf(name: IntrinsicName, arg: unknown): string[] {
  if (name === 'Ref' && typeof arg === 'string') return [arg];
  if (name === 'Fn::GetAtt') return typeof arg === 'string' ? [arg.split('.')[0]] : Array.isArray(arg) && typeof arg[0] === 'string' ? [arg[0]] : [];
  if (name === 'Fn::Sub') {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1]] : ['', {}];
    return typeof text === 'string' ? subVariables(text, new Set(isPlainObject(vars) ? Object.keys(vars) : [])).map((v) => v.name.split('.')[0]) : [];
  }
  return [];
}

/** Problems with literal text (outside `!Sub`): a `${...}` that only `!Sub` would replace, or a value no template holds. */
function textProblem(text: string, parameters: ReadonlySet<string>): string | undefined {
  if (text.length > TEMPLATE_LIMITS.bodyBytes / 4) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > TEMPLATE_LIMITS.bodyBytes) {
      return `is ${thousands(bytes)} bytes, more than a whole CloudFormation template may hold (${thousands(TEMPLATE_LIMITS.bodyBytes)} bytes, from S3)`;
    }
  }
  if (!text.includes('${')) return undefined;
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = match[1].trim();
    if (inner.startsWith('AWS::') || parameters.has(inner)) {
      return `holds \${${inner}}, which only !Sub replaces: here it would reach AWS as those characters; write the value as !Sub ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}`;
    }
  }
  return undefined;
}

/** A place in the spec: its key and value, and the place that holds it. */
interface Place {
  readonly key: string;
  readonly value: unknown;
  readonly parent: Place | undefined;
}

function contextOf(place: Place, root: t.Context): t.Context {
  const steps: Place[] = [];
  for (let p: Place | undefined = place; p !== undefined && p.parent !== undefined; p = p.parent) steps.unshift(p);
  return steps.reduce<t.Context>((ctx, step) => t.appendContext(ctx, step.key, t.unknown, step.value), root);
}

/**
 * Every intrinsic problem in a spec, and every literal text problem, at its place: run on the raw input beside the
 * field codecs (spec.ts), so that they join every other error. Iterative.
 */
export function intrinsicErrors(u: unknown, c: t.Context): t.ValidationError[] {
  if (!isPlainObject(u)) return [];
  const parameters = new Set(isPlainObject(u.parameters) ? Object.keys(u.parameters) : []);
  const errors: t.ValidationError[] = [];
  // Each value to visit is its own place (the parent links make the path of an error): one object per value.
  type Work = Place & { readonly declaration?: Declaration; readonly numbersOnly?: boolean };
  const stack: Work[] = [{ key: '', value: u, parent: undefined }];
  const report = (place: Place, message: string) => errors.push({ value: place.value, context: contextOf(place, c), message });
  while (stack.length > 0) {
    const place = stack.pop()!;
    const { declaration, numbersOnly: below } = place;
    const x = place.value;
    // A number from a script that JSON cannot hold would be written `null`.
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) report(place, `is ${String(x)}, which JSON and CloudFormation cannot hold`);
      continue;
    }
    // The spec's own parameters are declarations, not values: their defaults and patterns are text to keep.
    const numbersOnly = below === true || (place.parent?.parent === undefined && place.key === 'parameters');
    if (numbersOnly) {
      if (Array.isArray(x)) {
        for (let i = 0; i < x.length; i++) stack.push({ key: String(i), value: x[i], parent: place, numbersOnly: true });
      } else if (isPlainObject(x)) {
        for (const key of Object.keys(x)) stack.push({ key, value: x[key], parent: place, numbersOnly: true });
      }
      continue;
    }
    if (typeof x === 'string') {
      const problem = textProblem(x, parameters);
      if (problem !== undefined) report(place, problem);
      continue;
    }
    // Below `authorizers.NAME` and `vpcLinks.NAME`, the logical ID the declaration builds may not be referred to.
    const section = place.parent?.parent === undefined ? place.key : undefined;
    const declares = (key: string): Declaration | undefined =>
      section === 'authorizers' ? { id: authorizerLogicalId(key), what: 'the authorizer' }
      : section === 'vpcLinks' ? { id: vpcLinkLogicalId(key), what: 'the VPC link' }
      : declaration;
    // Children are pushed last first, so that they are visited (and their errors reported) in the order written.
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push({ key: String(i), value: x[i], parent: place, declaration: declares(String(i)) });
    } else if (isPlainObject(x)) {
      const name = intrinsicName(x);
      if (name !== undefined) {
        const problem = shapeProblem(name, x[name], parameters);
        if (problem !== undefined) {
          report(place, problem);
          continue;
        }
        if (declaration !== undefined && targetsOf(name, x[name]).includes(declaration.id)) {
          report(place, `refers to ${declaration.what} itself (${declaration.id}): CloudFormation cannot create a resource that needs its own value (circular dependency)`);
          continue;
        }
        const arg = x[name];
        // The template string of a !Sub is not literal text (shapeProblem read it); its variables' values are.
        if (name === 'Fn::Sub') {
          if (Array.isArray(arg)) stack.push({ key: '1', value: arg[1], parent: { key: name, value: arg, parent: place }, declaration });
          continue;
        }
        stack.push({ key: name, value: arg, parent: place, declaration: declares(name) });
      } else {
        const keys = Object.keys(x);
        for (let i = keys.length - 1; i >= 0; i--) stack.push({ key: keys[i], value: x[keys[i]], parent: place, declaration: declares(keys[i]) });
      }
    }
  }
  return errors;
}
