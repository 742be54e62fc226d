#!/usr/bin/env python3
"""Runs the AWS SAM transform on a template, as CloudFormation would on deploy, and prints the result as JSON.

Usage: samTransform.py TEMPLATE. The template is read with cfn-lint's loader (short-form tags included). Exit 0 with
the transformed template on stdout; exit 1 with SAM's messages on stderr when SAM refuses the template; exit 3 when
cfn-lint or samtranslator is not installed (the caller decides whether that fails the run).
"""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
try:
    from cfnlint.decode import cfn_json, cfn_yaml
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform
except ImportError as e:  # pragma: no cover - reported to the caller
    print(f"samtranslator or cfn-lint is not installed: {e}", file=sys.stderr)
    sys.exit(3)


class ManagedPolicies:
    """The managed policies SAM may attach to generated roles (SAM asks IAM for these otherwise)."""

    def load(self):
        return {"AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}


def main(path):
    template = cfn_json.load(path) if path.endswith(".json") else cfn_yaml.load(path)
    template = json.loads(json.dumps(template, default=str))
    parameters = {"AWS::Region": "us-east-1", "AWS::Partition": "aws", "AWS::AccountId": "123456789012"}
    try:
        result = transform(template, parameters, ManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print(cause.message, file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, indent=1, sort_keys=True, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
