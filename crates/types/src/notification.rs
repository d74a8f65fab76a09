//! Notifications and the channels they go out through (提醒).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A way of reaching a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The bell in the app (always on).
    InApp,
    /// E-mail.
    Email,
    /// SMS (短信).
    Sms,
    /// The enterprise IM robot (企业微信 / 钉钉 / 飞书).
    Im,
}

impl Channel {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InApp => "in_app",
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Im => "im",
        }
    }
}
