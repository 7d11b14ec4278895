//! Tolerant field readers: a field of the wrong type reads as absent instead of failing the
//! whole envelope.
//!
//! Each reads the field as any JSON value first (which cannot fail on valid JSON), then tries
//! the field's type on it. Types built only from these readers never fail to deserialize from a
//! JSON object, so one odd field costs that field, never the request.

use std::collections::HashMap;

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

/// `T` from the field, or `T::default()` (`None` for an `Option`) when it is null or not a `T`.
pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = Value::deserialize(deserializer)?;
    Ok(T::deserialize(value).unwrap_or_default())
}

/// The elements of a JSON array that are a `T`; empty for anything but an array.
pub(crate) fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| T::deserialize(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// The members of a JSON object whose value is a `T`; empty for anything but an object.
pub(crate) fn lenient_map<'de, D, T>(deserializer: D) -> Result<HashMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Object(members) => members
            .into_iter()
            .filter_map(|(key, value)| Some((key, T::deserialize(value).ok()?)))
            .collect(),
        _ => HashMap::new(),
    })
}
