"""Translates template.yaml with aws-sam-translator, as `sam deploy` would, without AWS: a template that lints
clean can still fail to transform (an event source property SAM does not know, a bad intrinsic). Prints the
resource count and fails on any translation error."""
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the pseudo parameters need a region, any will do
path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
# SAM needs an S3 location for CodeUri: the local build directory is not one.
template = yaml_parse(open(path).read().replace("CodeUri: .", "CodeUri: s3://bucket/code.zip"))


class NoManagedPolicies:
    def load(self):
        return {}


resources = transform(template, {}, NoManagedPolicies())["Resources"]
mappings = [r for r in resources.values() if r["Type"] == "AWS::Lambda::EventSourceMapping"]
print(f"sam-translate: {len(resources)} resources, {len(mappings)} event source mappings")
