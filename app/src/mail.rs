//! The mail outbox: a feature that needs to tell someone something (an order
//! placed, a password reset) adds a message here in its own transaction, so
//! a message exists exactly when what it reports does. The server's sender
//! delivers it (SMTP, or an .eml file when no SMTP server is configured).

use crate::entities::mail_outbox;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
}

/// Adds `mail` to the outbox through `db` (a transaction, usually).
pub async fn queue(db: &impl ConnectionTrait, mail: Mail) -> Result<(), DbErr> {
    let now = Utc::now();
    mail_outbox::ActiveModel {
        to_address: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.text),
        body_html: Set(None),
        status: Set("pending".to_owned()),
        attempts: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
