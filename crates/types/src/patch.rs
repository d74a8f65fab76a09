//! PATCH semantics: a field that is absent stays as it is, `null` clears it, a value sets it.

/// Serde helpers for `Option<Option<T>>` fields: absent → `None`, `null` → `Some(None)`.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Deserialises a present field (even `null`) as `Some`.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }

    /// Serialises `Some(None)` as `null`; `None` should be skipped by the caller.
    pub fn serialize<T, S>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: Serialize,
        S: Serializer,
    {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, with = "super::double_option", skip_serializing_if = "Option::is_none")]
        email: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_are_three_different_things() {
        let absent: Patch = serde_json::from_str("{}").unwrap();
        let null: Patch = serde_json::from_str(r#"{"email": null}"#).unwrap();
        let value: Patch = serde_json::from_str(r#"{"email": "a@b.cn"}"#).unwrap();
        assert_eq!(absent.email, None);
        assert_eq!(null.email, Some(None));
        assert_eq!(value.email, Some(Some("a@b.cn".into())));
        assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"email":null}"#);
    }
}
