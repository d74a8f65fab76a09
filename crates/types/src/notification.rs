//! Notifications and the channels they go out through (提醒).

use crate::ids::{DeliveryId, NotificationId};
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

/// The enterprise IM whose robot webhook receives a user's reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImKind {
    /// 企业微信 group robot.
    Wecom,
    /// 钉钉 custom robot.
    Dingtalk,
    /// 飞书 custom bot.
    Feishu,
}

impl ImKind {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wecom => "wecom",
            Self::Dingtalk => "dingtalk",
            Self::Feishu => "feishu",
        }
    }

    /// The kind stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Wecom, Self::Dingtalk, Self::Feishu].into_iter().find(|k| k.as_str() == text)
    }
}

/// A notification in the user's bell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    /// The id.
    pub id: NotificationId,
    /// `followup_due`, `task_due`, `demand_sla_warning`, `demand_sla_breached`, `customers_idle`,
    /// `monthly_verification`, `followup_reviewed`, `handover`, `demand_assigned`.
    pub kind: String,
    /// The headline.
    pub title: String,
    /// The text.
    pub body: String,
    /// The page it points to (`/customers/12`).
    pub link: Option<String>,
    /// Raised at.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Read at.
    pub read_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One page of the bell, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NotificationPage {
    /// The notifications.
    pub items: Vec<Notification>,
    /// How many are unread in all.
    pub unread: u64,
    /// Pass as `cursor` for older ones; absent at the end.
    pub next_cursor: Option<String>,
}

/// The number of unread notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UnreadCount {
    /// Unread notifications.
    pub unread: u64,
}

/// Query of `GET /api/v1/notifications`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Only unread ones.
    pub unread: Option<bool>,
    /// Page size (1–100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    #[param(max_length = 30)]
    pub cursor: Option<String>,
}

/// How a user is reached besides the bell (`GET`/`PUT /api/v1/notifications/preferences`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// The outside channels for reminders that do not name their own (`email`, `sms`, `im`).
    pub channels: Vec<Channel>,
    /// The IM whose robot webhook receives reminders (needed for `im`).
    #[serde(default)]
    pub im_kind: Option<ImKind>,
    /// The robot's webhook address (needed for `im`).
    #[serde(default)]
    #[schema(max_length = 500)]
    pub im_webhook: Option<String>,
}

/// One delivery through an outside channel, for the administrators' delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    /// The id.
    pub id: DeliveryId,
    /// The notification.
    pub notification_id: NotificationId,
    /// The recipient.
    pub user_id: crate::UserId,
    /// The channel.
    pub channel: Channel,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// The last error.
    pub last_error: Option<String>,
    /// Sent at.
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The next attempt (pending deliveries).
    pub next_attempt_at: chrono::DateTime<chrono::Utc>,
}

/// Query of `GET /api/v1/admin/notification-deliveries`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    /// `pending`, `sent` or `failed`.
    #[param(max_length = 10)]
    pub status: Option<String>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}
