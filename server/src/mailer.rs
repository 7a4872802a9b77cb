//! Delivers the mail outbox: over SMTP when `OCOP_SMTP_URL` is set
//! (`smtp://host:25`, `smtps://user:pass@host`, `smtp://host:587?tls=required`),
//! otherwise as `.eml` files under `DATA_DIR/mail/`, where a developer or an
//! operator without a mail server can open them. Nothing is dropped: a
//! message that cannot be sent stays in the outbox, is retried, and after
//! [`MAX_ATTEMPTS`] is marked failed with its error.

use crate::config::Secret;
use app::entities::mail_outbox;
use chrono::Utc;
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::path::PathBuf;
use std::time::Duration;

/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: i32 = 5;
/// How often the outbox is looked at when it was empty.
const IDLE_POLL: Duration = Duration::from_secs(1);
/// Messages taken per round.
const BATCH: u64 = 20;

/// Where messages go.
pub enum Delivery {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in this folder.
    Files(PathBuf),
}

/// Why a message could not be delivered (kept in the outbox row).
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The address or a header is not valid.
    #[error("message not valid: {0}")]
    Message(String),
    /// SMTP refused or failed.
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    /// The file could not be written.
    #[error("file: {0}")]
    File(#[from] std::io::Error),
}

impl Delivery {
    /// SMTP from the URL when given, else files under `data_dir/mail`.
    pub fn from_settings(
        smtp_url: Option<&Secret>,
        data_dir: &std::path::Path,
    ) -> Result<Self, String> {
        match smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                .map(|b| Delivery::Smtp(b.build()))
                .map_err(|e| format!("OCOP_SMTP_URL: {e}")),
            None => Ok(Delivery::Files(data_dir.join("mail"))),
        }
    }
}

/// The sender address of every message.
fn sender() -> Mailbox {
    Mailbox::new(
        Some("Chợ OCOP".to_owned()),
        "no-reply@chocop.vn"
            .parse()
            .expect("constant address parses"),
    )
}

/// The RFC 5322 message of an outbox row.
pub fn build_message(row: &mail_outbox::Model) -> Result<Message, MailError> {
    let to: Mailbox = row
        .to_address
        .parse()
        .map_err(|e| MailError::Message(format!("{e}")))?;
    Message::builder()
        .from(sender())
        .to(to)
        .subject(row.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(row.body_text.clone())
        .map_err(|e| MailError::Message(e.to_string()))
}

async fn deliver(delivery: &Delivery, row: &mail_outbox::Model) -> Result<(), MailError> {
    let message = build_message(row)?;
    match delivery {
        Delivery::Smtp(transport) => {
            transport.send(message).await?;
        }
        Delivery::Files(dir) => {
            tokio::fs::create_dir_all(dir).await?;
            let name = format!(
                "{:08}-{}.eml",
                row.id,
                row.created_at.format("%Y%m%dT%H%M%SZ")
            );
            let partial = dir.join(format!(".{name}.part"));
            tokio::fs::write(&partial, message.formatted()).await?;
            tokio::fs::rename(&partial, dir.join(name)).await?;
        }
    }
    Ok(())
}

/// Claims a message for this process: the attempt counter moves only if no
/// other replica moved it first, so each attempt is made once.
async fn claim(db: &DatabaseConnection, row: &mail_outbox::Model) -> Result<bool, DbErr> {
    let claimed = mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::Attempts,
            Expr::col(mail_outbox::Column::Attempts).add(1),
        )
        .col_expr(mail_outbox::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(mail_outbox::Column::Id.eq(row.id))
        .filter(mail_outbox::Column::Status.eq("pending"))
        .filter(mail_outbox::Column::Attempts.eq(row.attempts))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Sends what is pending; the number of messages delivered.
pub async fn send_pending(db: &DatabaseConnection, delivery: &Delivery) -> Result<usize, DbErr> {
    let rows = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.eq("pending"))
        .order_by_asc(mail_outbox::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut sent = 0;
    for row in rows {
        if !claim(db, &row).await? {
            continue;
        }
        let now = Utc::now();
        let update = mail_outbox::Entity::update_many()
            .filter(mail_outbox::Column::Id.eq(row.id))
            .col_expr(mail_outbox::Column::UpdatedAt, Expr::value(now));
        match deliver(delivery, &row).await {
            Ok(()) => {
                update
                    .col_expr(mail_outbox::Column::Status, Expr::value("sent"))
                    .col_expr(mail_outbox::Column::SentAt, Expr::value(now))
                    .exec(db)
                    .await?;
                sent += 1;
            }
            Err(e) => {
                let give_up = row.attempts + 1 >= MAX_ATTEMPTS;
                tracing::warn!(mail = row.id, attempt = row.attempts + 1, give_up, error = %e, "mail not delivered");
                let status = if give_up { "failed" } else { "pending" };
                update
                    .col_expr(mail_outbox::Column::Status, Expr::value(status))
                    .col_expr(mail_outbox::Column::LastError, Expr::value(e.to_string()))
                    .exec(db)
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// Delivers the outbox in the background for as long as the server runs.
pub fn spawn_sender(db: DatabaseConnection, delivery: Delivery) {
    tokio::spawn(async move {
        loop {
            match send_pending(&db, &delivery).await {
                Ok(0) => tokio::time::sleep(IDLE_POLL).await,
                Ok(n) => tracing::info!(messages = n, "mail delivered"),
                Err(e) => {
                    tracing::warn!(error = %e, "mail outbox not read; retrying");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    });
}
