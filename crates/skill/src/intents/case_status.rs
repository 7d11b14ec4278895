//! `CaseStatusIntent` (slot `caseNumber`): the status and subject of one Case.
//!
//! The slot reaches SOQL only as validated digits: anything else gets a question back.

use alexa::{ResponseBuilder, Ssml};
use salesforce::rest::soql::quote;
use serde::Deserialize;

use super::{IntentResult, SlotSpec};
use crate::context::Context;
use crate::i18n::Speaker;
use crate::speech::{with_digits, DIGITS_MARK};

/// The slot it reads, as the interaction model declares it.
pub const SLOT: SlotSpec = SlotSpec {
    name: "caseNumber",
    slot_type: "AMAZON.NUMBER",
    understands: |heard| CaseNumber::parse(heard).is_some(),
};

/// The most digits a case number may have (Salesforce auto-numbers are at most 10 digits).
const MAX_DIGITS: usize = 10;

/// Case numbers are auto-numbers displayed with leading zeros to this width.
const PADDED_WIDTH: usize = 8;

/// A case number reduced to its digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNumber {
    /// As stored in Salesforce: at least eight digits, zero-padded (`00001026`).
    pub padded: String,
    /// As a person says it: without leading zeros (`1026`).
    pub spoken: String,
}

impl CaseNumber {
    /// Reads what Alexa heard. Spaces and dashes between digits are allowed ("10 26"); any
    /// other character, or more than ten digits, is refused.
    pub fn parse(heard: &str) -> Option<Self> {
        let digits: String = heard.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty()
            || digits.len() > MAX_DIGITS
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let trimmed = digits.trim_start_matches('0');
        let spoken = if trimmed.is_empty() { "0" } else { trimmed };
        Some(Self {
            padded: format!("{spoken:0>PADDED_WIDTH$}"),
            spoken: spoken.to_owned(),
        })
    }
}

/// One Case row.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CaseRow {
    /// `00001026`.
    pub case_number: String,
    /// `New`, `Working`, `Escalated`, `Closed`, ...
    pub status: Option<String>,
    /// The subject line.
    pub subject: Option<String>,
}

/// The query for one case.
pub fn soql(case: &CaseNumber) -> String {
    format!(
        "SELECT CaseNumber, Status, Subject FROM Case WHERE CaseNumber = {} LIMIT 1",
        quote(&case.padded)
    )
}

/// "Case 1-0-2-6, Printer on fire, is Escalated." (the number read digit by digit).
pub fn speech(sp: Speaker, case: &CaseNumber, row: Option<&CaseRow>) -> Ssml {
    let number = || ("number", DIGITS_MARK.into());
    let Some(row) = row else {
        return with_digits(&sp.t("case-not-found", &[number()]), &case.spoken);
    };
    let status = row
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map_or_else(|| sp.t("case-no-status", &[]), str::to_owned);
    let subject = row
        .subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let text = match subject {
        Some(subject) => sp.t(
            "case-found",
            &[
                number(),
                ("subject", subject.into()),
                ("status", status.into()),
            ],
        ),
        None => sp.t(
            "case-found-no-subject",
            &[number(), ("status", status.into())],
        ),
    };
    with_digits(&text, &case.spoken)
}

/// The question when the number is missing or unusable; the session stays open.
pub fn ask_for_number(sp: Speaker, heard: Option<&str>) -> ResponseBuilder {
    let question = match heard {
        None => sp.t("case-ask", &[]),
        Some(_) => sp.t("case-ask-again", &[]),
    };
    ResponseBuilder::speak_ssml(Ssml::new().text(question)).reprompt(sp.t("case-reprompt", &[]))
}

/// Answers with the case's status and subject, or asks for the number.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let heard = cx.slot(SLOT.name);
    let Some(case) = heard.and_then(CaseNumber::parse) else {
        return Ok(ask_for_number(cx.speaker(), heard).build());
    };
    let result = sf.query::<CaseRow>(&soql(&case)).await?;
    Ok(ResponseBuilder::speak_ssml(speech(cx.speaker(), &case, result.records.first())).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_digits_and_pads_them() {
        let case = CaseNumber::parse("1026").unwrap();
        assert_eq!(
            (case.padded.as_str(), case.spoken.as_str()),
            ("00001026", "1026")
        );
        let case = CaseNumber::parse("0000 1026").unwrap();
        assert_eq!(
            (case.padded.as_str(), case.spoken.as_str()),
            ("00001026", "1026")
        );
        assert_eq!(CaseNumber::parse("123456789").unwrap().padded, "123456789");
        assert_eq!(CaseNumber::parse("0").unwrap().padded, "00000000");
        assert_eq!(CaseNumber::parse("10-26").unwrap().padded, "00001026");
    }

    #[test]
    fn refuses_anything_but_digits() {
        for bad in [
            "",
            " ",
            "?",
            "ten",
            "1026a",
            "1' OR Name != '",
            "12345678901",
            "١٠٢٦",
            "1.5",
            "-",
        ] {
            assert_eq!(CaseNumber::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn soql_is_the_contract_shape() {
        assert_eq!(
            soql(&CaseNumber::parse("1026").unwrap()),
            "SELECT CaseNumber, Status, Subject FROM Case WHERE CaseNumber = '00001026' LIMIT 1"
        );
    }

    #[test]
    fn speaks_status_and_subject() {
        let en = Speaker::default();
        let case = CaseNumber::parse("1026").unwrap();
        let row = |status: Option<&str>, subject: Option<&str>| CaseRow {
            case_number: "00001026".into(),
            status: status.map(Into::into),
            subject: subject.map(Into::into),
        };
        assert_eq!(
            speech(en, &case, Some(&row(Some("Escalated"), Some("Printer on fire")))).to_string(),
            "<speak>Case <say-as interpret-as=\"digits\">1026</say-as>, Printer on fire, is Escalated.</speak>"
        );
        assert_eq!(
            speech(en, &case, Some(&row(Some("New"), None))).to_string(),
            "<speak>Case <say-as interpret-as=\"digits\">1026</say-as> is New.</speak>"
        );
        assert!(speech(en, &case, None)
            .to_string()
            .contains("found. Check the number"));
    }
}
