//! The outside channels: e-mail through the mailer, SMS through a provider (the log provider by
//! default), and enterprise IM robots (企业微信 / 钉钉 / 飞书) through their webhook JSON.

use crm_types::notification::ImKind;
use futures_util::future::BoxFuture;
use serde_json::{Value, json};

/// Something that sends text messages to mobiles.
pub trait SmsProvider: Send + Sync {
    /// Sends `text` to `mobile`.
    fn send<'a>(&'a self, mobile: &'a str, text: &'a str) -> BoxFuture<'a, anyhow::Result<()>>;
}

/// Writes each SMS to the log: the default until a provider is configured.
#[derive(Debug, Clone, Default)]
pub struct LogSms;

impl SmsProvider for LogSms {
    fn send<'a>(&'a self, mobile: &'a str, text: &'a str) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            tracing::info!(target: "sms", %mobile, %text, "SMS (log provider)");
            Ok(())
        })
    }
}

/// The robot message of an IM for `text`.
pub fn im_message(kind: ImKind, text: &str) -> Value {
    match kind {
        ImKind::Wecom | ImKind::Dingtalk => json!({"msgtype": "text", "text": {"content": text}}),
        ImKind::Feishu => json!({"msg_type": "text", "content": {"text": text}}),
    }
}

/// Posts `message` to a robot webhook; an error unless the IM answered that it took it.
pub async fn post_im(client: &reqwest::Client, webhook: &str, message: &Value) -> anyhow::Result<()> {
    let response = client.post(webhook).json(message).send().await?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    // 企业微信 and 钉钉 answer `errcode`, 飞书 `code` (or `StatusCode`); 0 means accepted.
    let code = ["errcode", "code", "StatusCode"].iter().find_map(|k| body.get(k)).and_then(Value::as_i64).unwrap_or(0);
    if !status.is_success() || code != 0 {
        anyhow::bail!("the IM answered {status}: {body}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_im_gets_its_own_message_shape() {
        assert_eq!(im_message(ImKind::Wecom, "提醒")["text"]["content"], "提醒");
        assert_eq!(im_message(ImKind::Dingtalk, "提醒")["msgtype"], "text");
        assert_eq!(im_message(ImKind::Feishu, "提醒")["content"]["text"], "提醒");
    }
}
