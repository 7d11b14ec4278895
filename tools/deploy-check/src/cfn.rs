//! CloudFormation intrinsic functions as a YAML reader sees them.
//!
//! A template may write a reference in the short form (`!Ref Name`, a YAML tag) or the long
//! form (`{Ref: Name}`, a one-key mapping); both mean the same to CloudFormation, so every
//! helper here accepts both.

use serde_yaml_ng::Value;

/// The name a value refers to with `!Ref Name` or `{Ref: Name}`; `None` for anything else.
pub fn ref_target(value: &Value) -> Option<&str> {
    intrinsic(value, "Ref").and_then(Value::as_str)
}

/// The `(resource, attribute)` of `!GetAtt Resource.Attribute`, `!GetAtt [Resource, Attribute]`
/// or `{Fn::GetAtt: ...}`; `None` for anything else.
pub fn get_att(value: &Value) -> Option<(&str, &str)> {
    let argument = intrinsic(value, "GetAtt").or_else(|| intrinsic(value, "Fn::GetAtt"))?;
    match argument {
        Value::String(dotted) => dotted.split_once('.'),
        Value::Sequence(parts) => match parts.as_slice() {
            [resource, attribute] => Some((resource.as_str()?, attribute.as_str()?)),
            _ => None,
        },
        _ => None,
    }
}

/// The format string of `!Sub "..."` or `{Fn::Sub: "..."}` (the one-argument form only).
pub fn sub_format(value: &Value) -> Option<&str> {
    intrinsic(value, "Sub")
        .or_else(|| intrinsic(value, "Fn::Sub"))
        .and_then(Value::as_str)
}

/// The `(condition, if true, if false)` of `!If [Condition, A, B]` or `{Fn::If: [...]}`.
pub fn if_branches(value: &Value) -> Option<(&str, &Value, &Value)> {
    let argument = intrinsic(value, "If").or_else(|| intrinsic(value, "Fn::If"))?;
    match argument.as_sequence()?.as_slice() {
        [condition, yes, no] => Some((condition.as_str()?, yes, no)),
        _ => None,
    }
}

/// A short rendering of a value for messages: `!Ref Name`, `"text"`, `42`, or its YAML kind.
pub fn describe(value: &Value) -> String {
    if let Some(name) = ref_target(value) {
        return format!("!Ref {name}");
    }
    match value {
        Value::Null => "nothing".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Tagged(tagged) => format!("{} ...", tagged.tag),
    }
}

/// The argument of intrinsic `name`, in its short (`!Name`) or long (`{Name: ...}`) form.
/// The short form of `Fn::X` is `!X`, so callers ask for both spellings where they differ.
fn intrinsic<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    match value {
        Value::Tagged(tagged) if tagged.tag == name => Some(&tagged.value),
        Value::Mapping(map) if map.len() == 1 => map.get(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml_ng::from_str(text).unwrap()
    }

    #[test]
    fn ref_in_both_forms() {
        assert_eq!(ref_target(&yaml("!Ref AlexaSkillId")), Some("AlexaSkillId"));
        assert_eq!(
            ref_target(&yaml("{Ref: AlexaSkillId}")),
            Some("AlexaSkillId")
        );
        assert_eq!(ref_target(&yaml("AlexaSkillId")), None);
        assert_eq!(ref_target(&yaml("!Sub ${AlexaSkillId}")), None);
        assert_eq!(ref_target(&yaml("{Ref: A, Other: B}")), None);
    }

    #[test]
    fn get_att_in_every_form() {
        let expected = Some(("TokenProxyFunctionUrl", "FunctionUrl"));
        assert_eq!(
            get_att(&yaml("!GetAtt TokenProxyFunctionUrl.FunctionUrl")),
            expected
        );
        assert_eq!(
            get_att(&yaml("!GetAtt [TokenProxyFunctionUrl, FunctionUrl]")),
            expected
        );
        assert_eq!(
            get_att(&yaml("{Fn::GetAtt: [TokenProxyFunctionUrl, FunctionUrl]}")),
            expected
        );
        assert_eq!(get_att(&yaml("!GetAtt NoAttribute")), None);
        assert_eq!(get_att(&yaml("!Ref TokenProxyFunctionUrl")), None);
    }

    #[test]
    fn sub_in_both_forms() {
        assert_eq!(sub_format(&yaml("!Sub ${A}/b")), Some("${A}/b"));
        assert_eq!(sub_format(&yaml("{Fn::Sub: '${A}/b'}")), Some("${A}/b"));
        assert_eq!(sub_format(&yaml("'${A}/b'")), None);
    }

    #[test]
    fn if_in_both_forms() {
        let short = yaml("!If [C, a, !Ref AWS::NoValue]");
        let (condition, yes, no) = if_branches(&short).unwrap();
        assert_eq!((condition, yes.as_str()), ("C", Some("a")));
        assert_eq!(ref_target(no), Some("AWS::NoValue"));
        assert!(if_branches(&yaml("{Fn::If: [C, a, b]}")).is_some());
        assert!(if_branches(&yaml("!If [C, a]")).is_none());
    }

    #[test]
    fn describes_values_for_messages() {
        assert_eq!(describe(&yaml("!Ref X")), "!Ref X");
        assert_eq!(describe(&yaml("'v66.0'")), "\"v66.0\"");
        assert_eq!(describe(&yaml("3500")), "3500");
        assert_eq!(describe(&yaml("!Sub x")), "!Sub ...");
    }
}
