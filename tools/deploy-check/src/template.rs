//! An AWS SAM template, read as far as the checks need: parameters, functions (with the
//! template's `Globals.Function` applied the way SAM applies them) and outputs.

use std::collections::BTreeMap;

use serde_yaml_ng::{Mapping, Value};

use crate::cfn;

/// The SAM resource type of a Lambda function.
pub const SERVERLESS_FUNCTION: &str = "AWS::Serverless::Function";

/// `template.yaml` could not be read as a template.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// Not YAML at all.
    #[error("template.yaml is not valid YAML: {0}")]
    Yaml(#[from] serde_yaml_ng::Error),
    /// YAML, but without the `Resources` mapping every template has.
    #[error("template.yaml has no Resources mapping")]
    NoResources,
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    root: Value,
}

/// One entry of the template's `Parameters`.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// `Type` (`String`, `Number`, ...).
    pub kind: String,
    /// `Default`, if any.
    pub default: Option<Value>,
    /// `MinValue` of a `Number` parameter.
    pub min_value: Option<f64>,
    /// `MaxValue` of a `Number` parameter.
    pub max_value: Option<f64>,
    /// `AllowedValues` (empty when absent).
    pub allowed_values: Vec<Value>,
    /// `AllowedPattern`, if any.
    pub allowed_pattern: Option<String>,
}

/// One `AWS::Serverless::Function` with the template's function globals behind it.
#[derive(Debug, Clone, Copy)]
pub struct Function<'a> {
    /// The resource's logical id (`TokenProxyFunction`).
    pub logical_id: &'a str,
    resource: &'a Value,
    globals: Option<&'a Value>,
}

impl Template {
    /// Parses the text of a template.
    pub fn parse(yaml: &str) -> Result<Template, TemplateError> {
        let root: Value = serde_yaml_ng::from_str(yaml)?;
        if root.get("Resources").and_then(Value::as_mapping).is_none() {
            return Err(TemplateError::NoResources);
        }
        Ok(Template { root })
    }

    /// Every parameter by name.
    pub fn parameters(&self) -> BTreeMap<&str, Parameter> {
        entries(self.root.get("Parameters"))
            .map(|(name, body)| (name, Parameter::from_yaml(body)))
            .collect()
    }

    /// Every `AWS::Serverless::Function`, in template order.
    pub fn functions(&self) -> Vec<Function<'_>> {
        let globals = self.root.get("Globals").and_then(|g| g.get("Function"));
        entries(self.root.get("Resources"))
            .filter(|(_, resource)| {
                resource.get("Type").and_then(Value::as_str) == Some(SERVERLESS_FUNCTION)
            })
            .map(|(logical_id, resource)| Function {
                logical_id,
                resource,
                globals,
            })
            .collect()
    }

    /// The function with this logical id.
    pub fn function(&self, logical_id: &str) -> Option<Function<'_>> {
        self.functions()
            .into_iter()
            .find(|function| function.logical_id == logical_id)
    }

    /// The `Value` of output `name`.
    pub fn output(&self, name: &str) -> Option<&Value> {
        self.root.get("Outputs")?.get(name)?.get("Value")
    }

    /// Resource `logical_id`'s whole body.
    pub fn resource(&self, logical_id: &str) -> Option<&Value> {
        self.root.get("Resources")?.get(logical_id)
    }

    /// Every resource's logical id and body, in template order.
    pub fn resources(&self) -> Vec<(&str, &Value)> {
        entries(self.root.get("Resources")).collect()
    }

    /// Output `name`'s `Condition`, if it has one.
    pub fn output_condition(&self, name: &str) -> Option<&str> {
        self.root
            .get("Outputs")?
            .get(name)?
            .get("Condition")?
            .as_str()
    }

    /// The `Type` of resource `logical_id`.
    pub fn resource_type(&self, logical_id: &str) -> Option<&str> {
        self.root
            .get("Resources")?
            .get(logical_id)?
            .get("Type")?
            .as_str()
    }
}

impl Parameter {
    fn from_yaml(body: &Value) -> Parameter {
        let number = |key: &str| body.get(key).and_then(number_value);
        Parameter {
            kind: body
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            default: body.get("Default").cloned(),
            min_value: number("MinValue"),
            max_value: number("MaxValue"),
            allowed_values: body
                .get("AllowedValues")
                .and_then(Value::as_sequence)
                .cloned()
                .unwrap_or_default(),
            allowed_pattern: body
                .get("AllowedPattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
        }
    }
}

impl<'a> Function<'a> {
    /// A property of the function itself, else of `Globals.Function` (SAM's precedence for
    /// scalars).
    pub fn property(&self, key: &str) -> Option<&'a Value> {
        self.own_property(key)
            .or_else(|| self.globals.and_then(|g| g.get(key)))
    }

    /// `Metadata.BuildProperties.Binary`: which workspace binary SAM builds for it.
    pub fn binary(&self) -> Option<&'a str> {
        self.resource
            .get("Metadata")?
            .get("BuildProperties")?
            .get("Binary")?
            .as_str()
    }

    /// `Metadata.BuildMethod`.
    pub fn build_method(&self) -> Option<&'a str> {
        self.resource.get("Metadata")?.get("BuildMethod")?.as_str()
    }

    /// A string property (function or globals), e.g. `Runtime`, `Handler`, `CodeUri`.
    pub fn string(&self, key: &str) -> Option<&'a str> {
        self.property(key)?.as_str()
    }

    /// `Architectures` as written.
    pub fn architectures(&self) -> Vec<&'a str> {
        self.property("Architectures")
            .and_then(Value::as_sequence)
            .map(|items| items.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// `Timeout` in seconds, when it is a literal number.
    pub fn timeout_seconds(&self) -> Option<f64> {
        self.property("Timeout").and_then(number_value)
    }

    /// `Environment.Variables`: the globals' variables overlaid with the function's own (SAM
    /// merges these mappings rather than replacing them).
    pub fn environment(&self) -> BTreeMap<&'a str, &'a Value> {
        let variables = |source: Option<&'a Value>| {
            entries(source.and_then(|s| s.get("Environment")?.get("Variables")))
        };
        variables(self.globals)
            .chain(variables(Some(
                self.resource.get("Properties").unwrap_or(&Value::Null),
            )))
            .collect()
    }

    /// The `SkillId` of each `AlexaSkill` event.
    pub fn alexa_skill_ids(&self) -> Vec<&'a Value> {
        entries(self.own_property("Events"))
            .filter(|(_, event)| event.get("Type").and_then(Value::as_str) == Some("AlexaSkill"))
            .map(|(_, event)| {
                event
                    .get("Properties")
                    .and_then(|p| p.get("SkillId"))
                    .unwrap_or(&Value::Null)
            })
            .collect()
    }

    /// `FunctionUrlConfig.AuthType`, when the function has a Function URL.
    pub fn function_url_auth_type(&self) -> Option<&'a str> {
        self.property("FunctionUrlConfig")?
            .get("AuthType")?
            .as_str()
    }

    /// The parameter behind `ReservedConcurrentExecutions`, whether referenced directly or
    /// through `!If [Condition, !Ref P, !Ref AWS::NoValue]`.
    pub fn reserved_concurrency_parameter(&self) -> Option<&'a str> {
        let value = self.own_property("ReservedConcurrentExecutions")?;
        if let Some(name) = cfn::ref_target(value) {
            return Some(name);
        }
        let branches = match value {
            Value::Tagged(tagged) if tagged.tag == "If" => tagged.value.as_sequence(),
            Value::Mapping(map) => map.get("Fn::If").and_then(Value::as_sequence),
            _ => None,
        }?;
        branches
            .iter()
            .skip(1)
            .filter_map(cfn::ref_target)
            .find(|name| !name.starts_with("AWS::"))
    }

    fn own_property(&self, key: &str) -> Option<&'a Value> {
        self.resource.get("Properties")?.get(key)
    }
}

/// The string-keyed entries of a mapping (none for anything else).
fn entries(value: Option<&Value>) -> impl Iterator<Item = (&str, &Value)> {
    value
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(Mapping::iter)
        .filter_map(|(key, value)| Some((key.as_str()?, value)))
}

/// A number written as a YAML number or a numeric string (CloudFormation accepts both).
fn number_value(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = r#"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Level:
    Type: String
    Default: INFO
    AllowedValues: [INFO, DEBUG]
  Budget:
    Type: Number
    Default: 3500
    MinValue: 500
    MaxValue: "3900"
  Cap: {Type: Number, Default: 10}
Conditions:
  Capped: !Not [!Equals [!Ref Cap, 0]]
Globals:
  Function:
    Runtime: provided.al2023
    Architectures: [arm64]
    Timeout: 3
    Environment:
      Variables:
        SHARED: !Ref Level
Resources:
  Proxy:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: rust-cargolambda
      BuildProperties: {Binary: token-proxy}
    Properties:
      Timeout: 4
      ReservedConcurrentExecutions: !If [Capped, !Ref Cap, !Ref AWS::NoValue]
      FunctionUrlConfig: {AuthType: NONE}
      Environment:
        Variables:
          BUDGET: {Ref: Budget}
          LITERAL: "x"
      Events:
        Alexa: {Type: AlexaSkill, Properties: {SkillId: !Ref Level}}
        Other: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
  Bucket:
    Type: AWS::S3::Bucket
Outputs:
  Url:
    Value: !GetAtt ProxyUrl.FunctionUrl
"#;

    #[test]
    fn reads_parameters() {
        let template = Template::parse(TEMPLATE).unwrap();
        let parameters = template.parameters();
        assert_eq!(
            parameters.keys().copied().collect::<Vec<_>>(),
            ["Budget", "Cap", "Level"]
        );
        let budget = &parameters["Budget"];
        assert_eq!(budget.kind, "Number");
        assert_eq!(budget.min_value, Some(500.0));
        assert_eq!(budget.max_value, Some(3900.0));
        assert_eq!(parameters["Level"].allowed_values.len(), 2);
        assert_eq!(parameters["Cap"].max_value, None);
    }

    #[test]
    fn reads_functions_with_globals() {
        let template = Template::parse(TEMPLATE).unwrap();
        let functions = template.functions();
        assert_eq!(functions.len(), 1, "the bucket is not a function");
        let proxy = functions[0];
        assert_eq!(proxy.logical_id, "Proxy");
        assert_eq!(proxy.binary(), Some("token-proxy"));
        assert_eq!(proxy.build_method(), Some("rust-cargolambda"));
        assert_eq!(proxy.string("Runtime"), Some("provided.al2023"));
        assert_eq!(proxy.architectures(), ["arm64"]);
        assert_eq!(
            proxy.timeout_seconds(),
            Some(4.0),
            "own value beats globals"
        );
        assert_eq!(proxy.string("Handler"), None);
        assert_eq!(proxy.function_url_auth_type(), Some("NONE"));
        assert_eq!(proxy.reserved_concurrency_parameter(), Some("Cap"));

        let env = proxy.environment();
        assert_eq!(
            env.keys().copied().collect::<Vec<_>>(),
            ["BUDGET", "LITERAL", "SHARED"]
        );
        assert_eq!(cfn::ref_target(env["BUDGET"]), Some("Budget"));
        assert_eq!(cfn::ref_target(env["SHARED"]), Some("Level"));
        assert_eq!(cfn::ref_target(env["LITERAL"]), None);

        let skill_ids = proxy.alexa_skill_ids();
        assert_eq!(skill_ids.len(), 1);
        assert_eq!(cfn::ref_target(skill_ids[0]), Some("Level"));
    }

    #[test]
    fn reads_outputs_and_resource_types() {
        let template = Template::parse(TEMPLATE).unwrap();
        assert_eq!(
            template.output("Url").and_then(cfn::get_att),
            Some(("ProxyUrl", "FunctionUrl"))
        );
        assert_eq!(template.output("Missing"), None);
        assert_eq!(template.resource_type("Bucket"), Some("AWS::S3::Bucket"));
        assert!(template.function("Proxy").is_some());
        assert!(template.function("Bucket").is_none());
    }

    #[test]
    fn rejects_what_is_not_a_template() {
        assert!(matches!(
            Template::parse("a: [unclosed"),
            Err(TemplateError::Yaml(_))
        ));
        assert!(matches!(
            Template::parse("Parameters: {}"),
            Err(TemplateError::NoResources)
        ));
    }
}
