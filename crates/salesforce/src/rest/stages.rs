//! The org's active Opportunity stages (`OpportunityStage`), read once per org per warm
//! instance (see [`super::OrgCache`]) and matched against a spoken stage name.

use serde::Deserialize;

/// The query [`super::RestClient::active_stages`] runs.
pub const ACTIVE_STAGES_SOQL: &str = "SELECT ApiName, MasterLabel, IsClosed, IsWon, DefaultProbability FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder";

/// One active Opportunity stage.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OpportunityStage {
    /// `ApiName`: the value written to `Opportunity.StageName`.
    pub api_name: String,
    /// `MasterLabel`: the label people see (and say).
    pub master_label: String,
    /// `IsClosed`.
    #[serde(default)]
    pub is_closed: bool,
    /// `IsWon`.
    #[serde(default)]
    pub is_won: bool,
    /// `DefaultProbability` (percent), when set.
    #[serde(default)]
    pub default_probability: Option<f64>,
}

/// Folds a stage name for comparison: letters and digits only, lower case
/// ("Closed - Won" and "closed won" are the same stage).
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The active stage `spoken` names: its API name or label, ignoring case, spaces and
/// punctuation. `None` when no active stage matches (the skill then asks again and sends
/// nothing).
pub fn resolve_stage<'a>(
    stages: &'a [OpportunityStage],
    spoken: &str,
) -> Option<&'a OpportunityStage> {
    let wanted = fold(spoken);
    if wanted.is_empty() {
        return None;
    }
    stages
        .iter()
        .find(|stage| fold(&stage.api_name) == wanted)
        .or_else(|| {
            stages
                .iter()
                .find(|stage| fold(&stage.master_label) == wanted)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(api_name: &str, label: &str) -> OpportunityStage {
        OpportunityStage {
            api_name: api_name.into(),
            master_label: label.into(),
            is_closed: false,
            is_won: false,
            default_probability: None,
        }
    }

    #[test]
    fn reads_stage_records() {
        let record = serde_json::json!({"attributes": {"type": "OpportunityStage"},
            "ApiName": "Closed Won", "MasterLabel": "Closed Won", "IsClosed": true, "IsWon": true,
            "DefaultProbability": 100.0});
        let stage: OpportunityStage = serde_json::from_value(record).unwrap();
        assert!(stage.is_closed && stage.is_won);
        assert_eq!(stage.default_probability, Some(100.0));
    }

    #[test]
    fn resolves_spoken_names_to_active_stages() {
        let stages = [
            stage("Prospecting", "Prospecting"),
            stage("Id. Decision Makers", "Id. Decision Makers"),
            stage("Closed Won", "Closed - Won"),
            stage("Custom_Stage", "Negotiation"),
        ];
        let api = |spoken: &str| resolve_stage(&stages, spoken).map(|s| s.api_name.as_str());
        assert_eq!(api("prospecting"), Some("Prospecting"));
        assert_eq!(api("closed won"), Some("Closed Won"));
        assert_eq!(api("Closed-Won"), Some("Closed Won"));
        assert_eq!(api("id decision makers"), Some("Id. Decision Makers"));
        assert_eq!(api("negotiation"), Some("Custom_Stage"));
        assert_eq!(api("custom stage"), Some("Custom_Stage"));
        assert_eq!(api("qualification"), None);
        assert_eq!(api(""), None);
        assert_eq!(api(" - "), None);
    }
}
