"""Translates template.yaml with aws-sam-translator, as `sam deploy` would, without AWS: a template that lints
clean can still fail to transform (an event source property SAM does not know, a bad intrinsic). Prints the
resource count and fails on any translation error, and on any schedule or rule with a fixed name: names are
unique per account and region, so a fixed one lets only one stack of the template live there (dev beside prod
fails to deploy). Also checks samconfig.toml beside the template: each environment's stack name is its own, and
its parameter_overrides name template parameters with values the template allows."""
import os
import re
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

NAMED_PER_REGION = ("AWS::Events::Rule", "AWS::Scheduler::Schedule")

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the pseudo parameters need a region, any will do
path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
# SAM needs an S3 location for CodeUri: the local build directory is not one.
template = yaml_parse(open(path).read().replace("CodeUri: .", "CodeUri: s3://bucket/code.zip"))


class NoManagedPolicies:
    def load(self):
        return {}


def mentions_stack_name(value):
    """True when an intrinsic builds the value from the stack name (!Sub "${AWS::StackName}-x", !Join, !Ref)."""
    if isinstance(value, str):
        return "${AWS::StackName}" in value
    if isinstance(value, dict):
        if value.get("Ref") == "AWS::StackName":
            return True
        return any(mentions_stack_name(v) for v in value.values())
    if isinstance(value, list):
        return any(mentions_stack_name(v) for v in value)
    return False


def fixed_names(resources):
    """(logical id, name) of every schedule or rule whose Name is set and not built from the stack name."""
    out = []
    for logical_id, resource in resources.items():
        if resource["Type"] not in NAMED_PER_REGION:
            continue
        name = resource.get("Properties", {}).get("Name")
        # A plain string can never be unique per stack, even one that spells a stack's name.
        if name is not None and (isinstance(name, str) or not mentions_stack_name(name)):
            out.append((logical_id, name))
    return out


resources = transform(template, {}, NoManagedPolicies())["Resources"]
mappings = [r for r in resources.values() if r["Type"] == "AWS::Lambda::EventSourceMapping"]
schedules = [r for r in resources.values() if r["Type"] in NAMED_PER_REGION]
print(f"sam-translate: {len(resources)} resources, {len(mappings)} event source mappings, "
      f"{len(schedules)} schedules and rules")
fixed = fixed_names(resources)
for logical_id, name in fixed:
    print(f"sam-translate: {logical_id} has the fixed Name {name!r}: a second stack in this account and region "
          f"would collide; give its event OmitName: true or a Name built from ${{AWS::StackName}}", file=sys.stderr)


def samconfig_problems(samconfig, parameters):
    """What in samconfig.toml would fail `sam deploy` (or deploy two environments onto one stack)."""
    problems = []
    stacks = {}
    for env, commands in samconfig.items():
        if not isinstance(commands, dict):
            continue
        stack = commands.get("global", {}).get("parameters", {}).get("stack_name")
        deploy = commands.get("deploy", {}).get("parameters", {})
        stack = deploy.get("stack_name", stack)
        if stack is None:
            problems.append(f"[{env}] sets no stack_name")
        elif stack in stacks:
            problems.append(f"[{env}] deploys onto stack {stack!r} like [{stacks[stack]}]")
        else:
            stacks[stack] = env
        overrides = deploy.get("parameter_overrides", [])
        if isinstance(overrides, str):
            overrides = overrides.split()
        for override in overrides:
            key, _, value = override.partition("=")
            spec = parameters.get(key)
            if spec is None:
                problems.append(f"[{env}] overrides {key!r}, which template.yaml does not declare")
                continue
            allowed = spec.get("AllowedValues")
            if allowed is not None and value not in [str(a) for a in allowed]:
                problems.append(f"[{env}] {key}={value} is not one of {allowed}")
            if spec.get("Type") == "Number":
                try:
                    number = float(value)
                except ValueError:
                    problems.append(f"[{env}] {key}={value} is not a number")
                    continue
                if "MinValue" in spec and number < float(spec["MinValue"]):
                    problems.append(f"[{env}] {key}={value} is below its MinValue {spec['MinValue']}")
                if "MaxValue" in spec and number > float(spec["MaxValue"]):
                    problems.append(f"[{env}] {key}={value} is above its MaxValue {spec['MaxValue']}")
            pattern = spec.get("AllowedPattern")
            if pattern is not None and not re.fullmatch(pattern, value):
                problems.append(f"[{env}] {key}={value} does not match {pattern}")
    return problems


samconfig_path = os.path.join(os.path.dirname(os.path.abspath(path)), "samconfig.toml")
problems = []
if not os.path.exists(samconfig_path):
    # The README's deploy commands rely on it: a clone without it (it was once ignored by .gitignore) must fail here.
    problems = ["is missing beside the template"]
else:
    import tomllib  # Python 3.11+

    with open(samconfig_path, "rb") as f:
        problems = samconfig_problems(tomllib.load(f), template.get("Parameters", {}))
    print(f"sam-translate: samconfig.toml checked against the template's {len(template.get('Parameters', {}))} "
          f"parameters")
for problem in problems:
    print(f"sam-translate: samconfig.toml {problem}", file=sys.stderr)
if fixed or problems:
    sys.exit(1)
