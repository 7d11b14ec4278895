//! Salesforce record ids, checked before they go into a URL or a query.
//!
//! A record id is 15 case-sensitive alphanumerics, or 18 where the last three encode the case
//! of the first fifteen (so the 18-character form survives case-insensitive storage). The first
//! three characters are the object's key prefix (`006` Opportunity, `001` Account, `00T` Task).
//! [`RecordId::parse`] checks all of it, so a value from outside (an Alexa session attribute, a
//! slot) is refused unless it is an id of the object the caller expects.

use std::fmt;

/// The key prefixes of the standard objects this project touches, `(object, prefix)`.
/// Objects not listed are checked for shape only.
pub const KEY_PREFIXES: &[(&str, &str)] = &[
    ("Account", "001"),
    ("Contact", "003"),
    ("User", "005"),
    ("Opportunity", "006"),
    ("Organization", "00D"),
    ("Lead", "00Q"),
    ("Task", "00T"),
    ("Event", "00U"),
    ("Case", "500"),
];

/// The key prefix of a standard object, when this crate knows it.
pub fn key_prefix(object: &str) -> Option<&'static str> {
    KEY_PREFIXES
        .iter()
        .find(|(name, _)| *name == object)
        .map(|(_, prefix)| *prefix)
}

/// The characters of the 18-character id's checksum, indexed by a 5-bit case mask.
const CHECKSUM_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// The three checksum characters Salesforce appends to a 15-character id.
fn checksum(id15: &[u8]) -> [u8; 3] {
    let mut out = [0u8; 3];
    for (chunk, slot) in id15.chunks(5).zip(out.iter_mut()) {
        let mask = chunk
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_uppercase())
            .fold(0usize, |mask, (i, _)| mask | (1 << i));
        *slot = CHECKSUM_ALPHABET[mask & 31];
    }
    out
}

/// A checked record id of a named object: safe to put into a `sobjects/<Object>/<Id>` URL or a
/// SOQL literal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordId {
    object: String,
    id: String,
}

/// Why a text is not a record id of the expected object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordIdError {
    /// The object name is not an sObject API name (letters, digits and single underscores,
    /// starting with a letter).
    #[error("`{0}` is not an sObject name")]
    Object(String),
    /// Not 15 or 18 ASCII letters and digits.
    #[error("not a Salesforce id: 15 or 18 letters and digits expected")]
    Shape,
    /// An 18-character id whose last three characters do not match the first fifteen.
    #[error("not a Salesforce id: the 18-character checksum does not match")]
    Checksum,
    /// A well-formed id of another object (its key prefix is not the object's).
    #[error("not an id of {object}: its key prefix is not {expected}")]
    WrongObject {
        /// The object expected.
        object: String,
        /// That object's key prefix.
        expected: &'static str,
    },
}

/// Whether `name` can be an sObject API name (`Opportunity`, `Invoice__c`, `ns__Thing__c`).
fn is_object_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 80
        && bytes[0].is_ascii_alphabetic()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && !name.contains("___")
        && !name.ends_with('_')
}

impl RecordId {
    /// Checks `text` as an id of `object`: 15 or 18 ASCII alphanumerics, a matching checksum
    /// for 18, and `object`'s key prefix when [`key_prefix`] knows it. Nothing is trimmed or
    /// case-folded: an id is case-sensitive, and an id that needs fixing is not trusted.
    ///
    /// ```
    /// use salesforce::rest::{RecordId, RecordIdError};
    /// let id = RecordId::parse("Opportunity", "006000000000001AAA").unwrap();
    /// assert_eq!(id.as_str(), "006000000000001AAA");
    /// assert!(matches!(
    ///     RecordId::parse("Account", "006000000000001AAA"),
    ///     Err(RecordIdError::WrongObject { .. })
    /// ));
    /// ```
    pub fn parse(object: &str, text: &str) -> Result<Self, RecordIdError> {
        if !is_object_name(object) {
            return Err(RecordIdError::Object(object.to_owned()));
        }
        let bytes = text.as_bytes();
        if !(bytes.len() == 15 || bytes.len() == 18) || !bytes.iter().all(u8::is_ascii_alphanumeric)
        {
            return Err(RecordIdError::Shape);
        }
        if bytes.len() == 18 && bytes[15..] != checksum(&bytes[..15]) {
            return Err(RecordIdError::Checksum);
        }
        if let Some(expected) = key_prefix(object) {
            if !text.starts_with(expected) {
                return Err(RecordIdError::WrongObject {
                    object: object.to_owned(),
                    expected,
                });
            }
        }
        Ok(Self {
            object: object.to_owned(),
            id: text.to_owned(),
        })
    }

    /// The object this id belongs to (`Opportunity`).
    pub fn object(&self) -> &str {
        &self.object
    }

    /// The id as given (15 or 18 characters).
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// The case-sensitive 15-character form, which is how two ids compare.
    pub fn id15(&self) -> &str {
        self.id.get(..15).unwrap_or(&self.id)
    }

    /// The 18-character form (the checksum added to a 15-character id).
    pub fn id18(&self) -> String {
        let id15 = self.id15();
        let mut out = String::with_capacity(18);
        out.push_str(id15);
        out.extend(checksum(id15.as_bytes()).iter().map(|&b| char::from(b)));
        out
    }

    /// Whether two ids name the same record (same object, same 15-character form).
    pub fn same_record(&self, other: &RecordId) -> bool {
        self.object == other.object && self.id15() == other.id15()
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ids_of_the_expected_object() {
        for (object, id) in [
            ("Opportunity", "006000000000001AAA"),
            ("Opportunity", "006000000000001"),
            ("Account", "001000000000042AAA"),
            ("Organization", "00D000000000001EAA"),
            ("User", "005000000000001AAA"),
            // Real-looking ids with mixed case and their checksums.
            ("Account", "001Dn00000AbCdEIAV"),
            ("Task", "00T5e00000XyZabEAF"),
            // An object without a known prefix: shape and checksum only.
            ("Invoice__c", "a0B000000000001EAA"),
        ] {
            let parsed =
                RecordId::parse(object, id).unwrap_or_else(|e| panic!("{object} {id}: {e}"));
            assert_eq!(parsed.as_str(), id);
            assert_eq!(parsed.object(), object);
        }
    }

    #[test]
    fn computes_the_checksum_like_salesforce() {
        let id = RecordId::parse("Account", "001Dn00000AbCdE").unwrap();
        // Chunks: 001Dn (D at 3: 8 -> I), 00000 (A), AbCdE (A, C, E at 0, 2, 4: 21 -> V).
        assert_eq!(id.id18(), "001Dn00000AbCdEIAV");
        assert!(RecordId::parse("Account", "001Dn00000AbCdEIAV").is_ok());
        assert_eq!(
            RecordId::parse("Account", "001Dn00000AbCdEAAA"),
            Err(RecordIdError::Checksum)
        );
        let long = RecordId::parse("Account", "001Dn00000AbCdEIAV").unwrap();
        assert!(long.same_record(&id));
        assert_eq!(long.id15(), "001Dn00000AbCdE");
    }

    #[test]
    fn refuses_forged_and_foreign_values() {
        for (object, text, expected) in [
            ("Opportunity", "", RecordIdError::Shape),
            ("Opportunity", "006", RecordIdError::Shape),
            ("Opportunity", "006000000000001AA", RecordIdError::Shape),
            ("Opportunity", "006000000000001AAAA", RecordIdError::Shape),
            ("Opportunity", " 006000000000001AAA", RecordIdError::Shape),
            ("Opportunity", "006000000000001AA'", RecordIdError::Shape),
            ("Opportunity", "006000000/../001A", RecordIdError::Shape),
            ("Opportunity", "00600000000000１AAA", RecordIdError::Shape),
            ("Opportunity", "006000000000001BAA", RecordIdError::Checksum),
            (
                "Opportunity",
                "001000000000001AAA",
                RecordIdError::WrongObject {
                    object: "Opportunity".into(),
                    expected: "006",
                },
            ),
            (
                "Task",
                "00t000000000001",
                RecordIdError::WrongObject {
                    object: "Task".into(),
                    expected: "00T",
                },
            ),
            (
                "Opportunity/x",
                "006000000000001AAA",
                RecordIdError::Object("Opportunity/x".into()),
            ),
            (
                "",
                "006000000000001AAA",
                RecordIdError::Object(String::new()),
            ),
        ] {
            assert_eq!(
                RecordId::parse(object, text),
                Err(expected),
                "{object} {text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn every_15_character_id_extends_to_a_valid_18(tail in "[0-9A-Za-z]{12}") {
            let id15 = format!("006{tail}");
            let id = RecordId::parse("Opportunity", &id15).unwrap();
            let id18 = id.id18();
            let long = RecordId::parse("Opportunity", &id18).unwrap();
            prop_assert!(long.same_record(&id));
            prop_assert_eq!(long.id18(), id18);
        }

        #[test]
        fn anything_accepted_is_plain_alphanumerics(text in "\\PC{0,20}") {
            if let Ok(id) = RecordId::parse("Opportunity", &text) {
                prop_assert!(id.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
                prop_assert!(id.as_str().starts_with("006"));
            }
        }
    }
}
