//! Outgoing e-mail. With `CRM_SMTP_URL` set, mail goes out over SMTP (lettre); otherwise it is written
//! to `outbox/` under the data directory and logged, so that an installation without a mail server
//! (or a test) can still read what would have been sent.

use std::path::PathBuf;

use anyhow::Context;
use futures_util::future::BoxFuture;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// Something that delivers mail.
pub trait Mailer: Send + Sync {
    /// Delivers `mail`.
    fn send(&self, mail: Mail) -> BoxFuture<'_, anyhow::Result<()>>;
}

/// Writes each message as a file in a directory and logs it.
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    dir: PathBuf,
}

impl OutboxMailer {
    /// A mailer writing to `dir` (created on first use).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }
}

impl Mailer for OutboxMailer {
    fn send(&self, mail: Mail) -> BoxFuture<'_, anyhow::Result<()>> {
        Box::pin(async move {
            tokio::fs::create_dir_all(&self.dir)
                .await
                .with_context(|| format!("cannot create {}", self.dir.display()))?;
            let name = format!("{}-{}.eml", chrono::Utc::now().format("%Y%m%dT%H%M%S"), uuid::Uuid::new_v4().simple());
            let content = format!("To: {}\nSubject: {}\n\n{}\n", mail.to, mail.subject, mail.body);
            tokio::fs::write(self.dir.join(&name), content).await.context("cannot write the outbox file")?;
            tracing::info!(to = %mail.to, subject = %mail.subject, file = %name, "mail written to the outbox (no SMTP server configured)");
            Ok(())
        })
    }
}

/// Sends over SMTP.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// A mailer for `url` (`smtp://user:password@host:587?tls=required` or `smtps://…:465`).
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("invalid CRM_SMTP_URL")?.build();
        let from = from.parse().context("invalid CRM_MAIL_FROM")?;
        Ok(Self { transport, from })
    }
}

impl Mailer for SmtpMailer {
    fn send(&self, mail: Mail) -> BoxFuture<'_, anyhow::Result<()>> {
        Box::pin(async move {
            let message = Message::builder()
                .from(self.from.clone())
                .to(mail.to.parse().context("invalid recipient")?)
                .subject(mail.subject)
                .body(mail.body)
                .context("cannot build the message")?;
            self.transport.send(message).await.context("SMTP delivery failed")?;
            Ok(())
        })
    }
}
