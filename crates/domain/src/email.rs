//! E-mail addresses: a practical subset of RFC 5321 — one `@`, a local part of printable characters,
//! a domain of dot-separated labels with a top-level label of letters. Stored in lower case.

use crate::DomainError;
use crate::error::FieldErrorCode;

/// A syntactically valid e-mail address, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses `raw` (surrounding spaces are ignored).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let invalid = || DomainError::new("email", FieldErrorCode::InvalidFormat, "is not a valid e-mail address");
        let value = raw.trim().to_lowercase();
        if value.len() > 254 {
            return Err(invalid());
        }
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if local_ok && domain_ok { Ok(Self(value)) } else { Err(invalid()) }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted_and_lower_cased() {
        assert_eq!(Email::parse(" Zhang.San@Example.COM.cn ").unwrap().as_str(), "zhang.san@example.com.cn");
        assert!(Email::parse("sales+crm@huawei-tech.com").is_ok());
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for raw in [
            "",
            "zhangsan",
            "@example.com",
            "a@",
            "a@b",
            "a@b.c",
            "a..b@example.com",
            "a@-b.com",
            "a b@x.com",
            "张三@例子.中国",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw} was accepted");
        }
    }
}
