/**
 * Template parameters: `parameters: { Name: { type, description, default, ... } }` become the template's
 * Parameters, for values supplied at deploy time (`!Ref Name` anywhere a Value is taken).
 */
import * as t from 'io-ts';
import { Codec, boolean, codec, definition, doc, extend, fail, found, integer, list, nonEmptyString, object, record } from './codec';
import { Parameter } from '../template/types';

const PARAMETER_TYPE = /^(String|Number|List<Number>|CommaDelimitedList|(List<)?AWS::[A-Za-z0-9:]+(>)?|AWS::SSM::Parameter::(Name|Value<.+>))$/;

const parameterType: Codec<string> = codec(
  'parameter type',
  (u, c) =>
    typeof u === 'string' && PARAMETER_TYPE.test(u)
      ? t.success(u)
      : fail(u, c, `expected String, Number, List<Number>, CommaDelimitedList, an AWS-specific type (AWS::EC2::VPC::Id, ...) or an SSM parameter type, got ${found(u)}`),
  {
    description: 'String, Number, List<Number>, CommaDelimitedList, an AWS-specific type (AWS::EC2::VPC::Id, ...) or an SSM parameter type',
    type: 'string',
    // Offered by editors; the pattern takes every AWS-specific and SSM type too.
    anyOf: [{ enum: ['String', 'Number', 'List<Number>', 'CommaDelimitedList'] }, { pattern: PARAMETER_TYPE.source }],
  },
);

const scalar: Codec<string | number> = codec(
  'string or number',
  (u, c) => (typeof u === 'string' || typeof u === 'number' ? t.success(u) : fail(u, c, `expected a string or a number, got ${found(u)}`)),
  { type: ['string', 'number'] },
);

const number: Codec<number> = codec(
  'number',
  (u, c) => (typeof u === 'number' ? t.success(u) : fail(u, c, `expected a number, got ${found(u)}`)),
  { type: 'number' },
);

const ParameterFields = object(
  'parameter',
  { type: parameterType },
  {
    description: doc(nonEmptyString, "the parameter's description"),
    default: doc(scalar, 'the value when none is given at deploy time'),
    allowedValues: doc(list(scalar, { min: 1 }), 'the values the parameter may take'),
    allowedPattern: doc(nonEmptyString, 'a regular expression a string parameter must match'),
    constraintDescription: doc(nonEmptyString, 'what CloudFormation says when a constraint is not met'),
    minLength: doc(integer(0, 4096), 'the shortest a string parameter may be'),
    maxLength: doc(integer(0, 4096), 'the longest a string parameter may be'),
    minValue: doc(number, 'the smallest a Number parameter may be'),
    maxValue: doc(number, 'the largest a Number parameter may be'),
    noEcho: doc(boolean, 'hide the value in the console and API output (a secret)'),
  },
);
type ParameterFields = typeof ParameterFields._A;

const NUMERIC_TYPES = new Set(['Number', 'List<Number>']);

/**
 * The constraints CloudFormation takes only together: lengths and patterns for string types, values for numbers,
 * minimums not above maximums, and a default that meets them (cfn-lint refuses the template otherwise).
 */
function constraintProblems(p: ParameterFields): Array<[field: string, problem: string]> {
  const problems: Array<[string, string]> = [];
  const numeric = NUMERIC_TYPES.has(p.type);
  for (const field of ['minLength', 'maxLength', 'allowedPattern'] as const) {
    if (numeric && p[field] !== undefined) problems.push([field, `applies to string parameters, and this one is ${p.type}`]);
  }
  for (const field of ['minValue', 'maxValue'] as const) {
    if (!numeric && p[field] !== undefined) problems.push([field, `applies to Number parameters, and this one is ${p.type}`]);
  }
  if (p.minLength !== undefined && p.maxLength !== undefined && p.minLength > p.maxLength) {
    problems.push(['minLength', `is ${p.minLength}, more than maxLength ${p.maxLength}`]);
  }
  if (p.minValue !== undefined && p.maxValue !== undefined && p.minValue > p.maxValue) {
    problems.push(['minValue', `is ${p.minValue}, more than maxValue ${p.maxValue}`]);
  }
  const d = p.default;
  if (d !== undefined) {
    if (p.allowedValues !== undefined && !p.allowedValues.some((v) => String(v) === String(d))) {
      problems.push(['default', `${JSON.stringify(d)} is not one of allowedValues (${p.allowedValues.join(', ')})`]);
    }
    if (p.type === 'Number' && !Number.isFinite(Number(d))) problems.push(['default', `expected a number for a Number parameter, got ${JSON.stringify(d)}`]);
    if (!numeric && typeof d === 'string') {
      if (p.minLength !== undefined && d.length < p.minLength) problems.push(['default', `is shorter than minLength ${p.minLength}`]);
      if (p.maxLength !== undefined && d.length > p.maxLength) problems.push(['default', `is longer than maxLength ${p.maxLength}`]);
    }
    if (numeric && p.type === 'Number') {
      const n = Number(d);
      if (p.minValue !== undefined && n < p.minValue) problems.push(['default', `is less than minValue ${p.minValue}`]);
      if (p.maxValue !== undefined && n > p.maxValue) problems.push(['default', `is more than maxValue ${p.maxValue}`]);
    }
  }
  return problems;
}

export const ParameterSpec = extend(ParameterFields, (u, c) => {
  const r = ParameterFields.validate(u, c);
  if (r._tag === 'Left') return r;
  const problems = constraintProblems(r.right);
  if (problems.length === 0) return r;
  const fields = u as Record<string, unknown>;
  return t.failures(
    problems.map(([field, message]) => ({ value: fields[field], context: t.appendContext(c, field, t.unknown, fields[field]), message })),
  );
});
export type ParameterSpec = ParameterFields;

export const Parameters = definition('Parameters', record(
  {
    describe: 'parameter names',
    check: (name) =>
      /^[A-Za-z0-9]{1,255}$/.test(name) ? undefined : `expected a parameter name of letters and digits only, got ${JSON.stringify(name)}`,
    schema: { pattern: '^[A-Za-z0-9]{1,255}$' },
  },
  ParameterSpec,
));

export function toTemplateParameter(p: ParameterSpec): Parameter {
  return {
    Type: p.type,
    ...(p.description !== undefined && { Description: p.description }),
    ...(p.default !== undefined && { Default: p.default }),
    ...(p.allowedValues !== undefined && { AllowedValues: p.allowedValues }),
    ...(p.allowedPattern !== undefined && { AllowedPattern: p.allowedPattern }),
    ...(p.constraintDescription !== undefined && { ConstraintDescription: p.constraintDescription }),
    ...(p.minLength !== undefined && { MinLength: p.minLength }),
    ...(p.maxLength !== undefined && { MaxLength: p.maxLength }),
    ...(p.minValue !== undefined && { MinValue: p.minValue }),
    ...(p.maxValue !== undefined && { MaxValue: p.maxValue }),
    ...(p.noEcho !== undefined && { NoEcho: p.noEcho }),
  };
}

