/**
 * Template parameters: `parameters: { Name: { type, description, default, ... } }` become the template's
 * Parameters, for values supplied at deploy time (`!Ref Name` anywhere a Value is taken).
 */
import * as t from 'io-ts';
import { Codec, boolean, codec, fail, found, integer, list, nonEmptyString, object, record } from './codec';
import { Parameter } from '../template/types';

const PARAMETER_TYPE = /^(String|Number|List<Number>|CommaDelimitedList|(List<)?AWS::[A-Za-z0-9:]+(>)?|AWS::SSM::Parameter::(Name|Value<.+>))$/;

const parameterType: Codec<string> = codec('parameter type', (u, c) =>
  typeof u === 'string' && PARAMETER_TYPE.test(u)
    ? t.success(u)
    : fail(u, c, `expected String, Number, List<Number>, CommaDelimitedList, an AWS-specific type (AWS::EC2::VPC::Id, ...) or an SSM parameter type, got ${found(u)}`),
);

const scalar: Codec<string | number> = codec('string or number', (u, c) =>
  typeof u === 'string' || typeof u === 'number' ? t.success(u) : fail(u, c, `expected a string or a number, got ${found(u)}`),
);

export const ParameterSpec = object(
  'parameter',
  { type: parameterType },
  {
    description: nonEmptyString,
    default: scalar,
    allowedValues: list(scalar, { min: 1 }),
    allowedPattern: nonEmptyString,
    constraintDescription: nonEmptyString,
    minLength: integer(0, 4096),
    maxLength: integer(0, 4096),
    minValue: codec('number', (u, c) => (typeof u === 'number' ? t.success(u) : fail(u, c, `expected a number, got ${found(u)}`))),
    maxValue: codec('number', (u, c) => (typeof u === 'number' ? t.success(u) : fail(u, c, `expected a number, got ${found(u)}`))),
    noEcho: boolean,
  },
);
export type ParameterSpec = typeof ParameterSpec._A;

export const Parameters = record(
  {
    describe: 'parameter names',
    check: (name) =>
      /^[A-Za-z0-9]{1,255}$/.test(name) ? undefined : `expected a parameter name of letters and digits only, got ${JSON.stringify(name)}`,
  },
  ParameterSpec,
);

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

