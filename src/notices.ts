/**
 * Notices: what a user must do outside this template for it to work, as data beside the warnings of a build. A
 * warning says the spec may be wrong; a notice says the spec is right and something else is needed: the
 * capability a deploy must acknowledge, or the permission a function's owner must grant.
 */
import { Value, describeValue, isPlainObject } from './value';

/** The statement a Lambda function's owner adds to its resource policy (`aws lambda add-permission`). */
export interface PermissionStatement {
  readonly functionName: Value;
  /** A readable, valid statement id: the logical ID the permission would have had here. */
  readonly statementId: string;
  readonly action: 'lambda:InvokeFunction';
  readonly principal: 'apigateway.amazonaws.com';
  /** An `Fn::Sub` in this stack's terms: `${AWS::Region}`, `${AWS::AccountId}` and the API's id are this stack's. */
  readonly sourceArn: Value;
}

export interface Notice {
  /** Where in the spec the notice comes from; '' for the template as a whole. */
  readonly path: string;
  readonly message: string;
  /** The statement a function's owner must add, for `permission: false`. */
  readonly statement?: PermissionStatement;
  /** The capabilities `aws cloudformation deploy` (or create-stack) must acknowledge. */
  readonly capabilities?: readonly string[];
}

/** `Fn::Sub` text with its variables as written (`${ApiBooks}`), or a described Value. */
function subText(value: Value): string {
  if (typeof value === 'string') return value;
  const arg = (value as Record<string, unknown>)['Fn::Sub'];
  if (typeof arg === 'string') return arg;
  if (Array.isArray(arg) && typeof arg[0] === 'string' && isPlainObject(arg[1])) {
    const variables = Object.entries(arg[1]).map(([name, v]) => `\${${name}} = ${describeValue(v)}`);
    return `${arg[0]} (with ${variables.join(', ')})`;
  }
  return describeValue(value);
}

/** Single quotes for a shell, so `${...}` and `*` stay as written. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9:/._=@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The `aws lambda add-permission` command for a statement, with its placeholders explained. */
export function addPermissionCommand(statement: PermissionStatement): string {
  const fn = typeof statement.functionName === 'string' ? statement.functionName : `<${describeValue(statement.functionName)}>`;
  return [
    'aws lambda add-permission',
    `--function-name ${shellQuote(fn)}`,
    `--statement-id ${statement.statementId}`,
    `--action ${statement.action}`,
    `--principal ${statement.principal}`,
    `--source-arn ${shellQuote(subText(statement.sourceArn))}`,
  ].join(' ');
}

/** A notice as the command line prints it (after `notice: `); the statement, if any, on an indented line. */
export function formatNotice(notice: Notice): string {
  const head = notice.path === '' ? notice.message : `${notice.path}: ${notice.message}`;
  if (notice.statement === undefined) return head;
  return (
    `${head}\n  ${addPermissionCommand(notice.statement)}\n` +
    '  (in --source-arn, ${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId} and the API\'s id are those of this stack once deployed)'
  );
}

/** Properties that name an IAM resource: a template that sets one needs CAPABILITY_NAMED_IAM instead. */
const IAM_NAME_PROPERTIES = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];

/**
 * The capability a template's IAM resources need: AWS::IAM::* resources, and SAM functions without a Role (SAM
 * creates one). CloudFormation refuses such a template without it: "Requires capabilities : [CAPABILITY_IAM]"
 * (InsufficientCapabilitiesException).
 */
export function capabilityNotices(resources: Readonly<Record<string, unknown>>): Notice[] {
  const creating: string[] = [];
  let named = false;
  for (const [id, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || typeof resource.Type !== 'string') continue;
    const properties = isPlainObject(resource.Properties) ? resource.Properties : {};
    if (resource.Type.startsWith('AWS::IAM::')) {
      creating.push(id);
      named ||= IAM_NAME_PROPERTIES.some((p) => properties[p] !== undefined);
    } else if (resource.Type === 'AWS::Serverless::Function' && properties.Role === undefined) {
      creating.push(`${id}Role, by SAM`);
    }
  }
  if (creating.length === 0) return [];
  const capability = named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM';
  const shown = creating.length <= 3 ? creating.join(', ') : `${creating.slice(0, 3).join(', ')} and ${creating.length - 3} more`;
  return [
    {
      path: '',
      message:
        `the template creates IAM resources (${shown}): deploy it with --capabilities ${capability} ` +
        `(aws cloudformation deploy or create-stack), or CloudFormation refuses it: "Requires capabilities : [${capability}]"`,
      capabilities: [capability],
    },
  ];
}
