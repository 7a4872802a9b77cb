//! Receiving a report: the target found, the reason one of the known ones,
//! the details bounded, the evidence a web link; the area's officers mailed.

use super::MAX_TEXT_CHARS;
use crate::accounts::users::normalize_email;
use crate::domain::{ReportReason, ReportStatus, ReportTarget};
use crate::entities::{abuse_reports, producers, products, users};
use crate::error::{AppResult, FieldErrors};
use crate::mail::{self, Mail};
use crate::text::clean;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

/// What is reported, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reported {
    /// A product, by register code.
    Product(String),
    /// A stall, by producer code.
    Stall(String),
    /// A review, by id.
    Review(i64),
}

/// A report as sent.
#[derive(Debug, Clone)]
pub struct ReportInput {
    /// What.
    pub target: Option<Reported>,
    /// The reason's word.
    pub reason: String,
    /// What the reporter saw.
    pub details: String,
    /// A link to evidence (optional).
    pub evidence_url: String,
    /// Where to tell the reporter (optional).
    pub email: String,
}

/// Files a report; its number.
pub async fn submit(
    db: &DatabaseConnection,
    input: &ReportInput,
    reporter: Option<&users::Model>,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let mut problems = FieldErrors::default();
    let reason = ReportReason::from_name(input.reason.trim());
    if reason.is_none() {
        problems.add(
            "reason",
            "Hãy chọn lý do báo cáo.",
            "Choose why you report it.",
        );
    }
    let details = clean(&input.details);
    if details.chars().count() < 10 || details.chars().count() > MAX_TEXT_CHARS {
        problems.add(
            "details",
            format!("Hãy mô tả điều bạn thấy (10 đến {MAX_TEXT_CHARS} ký tự)."),
            format!("Describe what you saw (10 to {MAX_TEXT_CHARS} characters)."),
        );
    }
    let evidence = match input.evidence_url.trim() {
        "" => None,
        link => match url::Url::parse(link) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && link.len() <= 500 => {
                Some(u.to_string())
            }
            _ => {
                problems.add(
                    "evidence_url",
                    "Liên kết bằng chứng cần bắt đầu bằng https:// (tối đa 500 ký tự).",
                    "The evidence link starts with https:// (at most 500 characters).",
                );
                None
            }
        },
    };
    let email = match input.email.trim() {
        "" => None,
        typed => {
            let email = normalize_email(typed);
            if email.is_none() {
                problems.add(
                    "email",
                    "Địa chỉ e-mail không hợp lệ.",
                    "The e-mail address is not valid.",
                );
            }
            email
        }
    };
    let found = match &input.target {
        None => {
            problems.add(
                "target",
                "Hãy cho biết sản phẩm hoặc gian hàng bị báo cáo.",
                "Say which product or stall you report.",
            );
            None
        }
        Some(target) => match find(db, target).await? {
            Some(found) => Some(found),
            None => {
                let (vi, en) = match target {
                    Reported::Product(_) => ("Không có sản phẩm này.", "No such product."),
                    Reported::Stall(_) => ("Không có gian hàng này.", "No such stall."),
                    Reported::Review(_) => ("Không có đánh giá này.", "No such review."),
                };
                problems.add("target", vi, en);
                None
            }
        },
    };
    let (Some(reason), Some((kind, product, producer)), true) =
        (reason, found, problems.is_empty())
    else {
        return Err(problems.into_error());
    };
    let txn = crate::db::begin_write(db).await?;
    let saved = abuse_reports::ActiveModel {
        target: Set(kind),
        product_id: Set(product.as_ref().map(|p| p.id)),
        producer_id: Set(producer.id),
        review_id: Set(None),
        reason: Set(reason),
        details: Set(details),
        evidence_url: Set(evidence),
        reporter_email: Set(email.or_else(|| reporter.map(|u| u.email.clone()))),
        reporter_id: Set(reporter.map(|u| u.id)),
        status: Set(ReportStatus::Open),
        decision_reason: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        producer_answer: Set(None),
        answered_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    tell_officers(&txn, &saved, &producer, product.as_ref(), base_url).await?;
    txn.commit().await?;
    tracing::info!(report = saved.id, producer = %producer.code, "abuse report received");
    Ok(saved.id)
}

/// The target: its kind, the product (for a listing) and the stall.
async fn find(
    db: &DatabaseConnection,
    target: &Reported,
) -> AppResult<Option<(ReportTarget, Option<products::Model>, producers::Model)>> {
    Ok(match target {
        Reported::Product(code) => {
            let product = products::Entity::find()
                .filter(products::Column::Code.eq(code.trim().to_uppercase()))
                .one(db)
                .await?;
            match product {
                Some(product) => producers::Entity::find_by_id(product.producer_id)
                    .one(db)
                    .await?
                    .map(|producer| (ReportTarget::Product, Some(product), producer)),
                None => None,
            }
        }
        Reported::Stall(code) => producers::Entity::find()
            .filter(producers::Column::Code.eq(code.trim().to_uppercase()))
            .one(db)
            .await?
            .map(|producer| (ReportTarget::Stall, None, producer)),
        // Reviews are not kept yet: nothing to report.
        Reported::Review(_) => None,
    })
}

async fn tell_officers(
    txn: &impl ConnectionTrait,
    report: &abuse_reports::Model,
    producer: &producers::Model,
    product: Option<&products::Model>,
    base_url: &str,
) -> AppResult<()> {
    let subject = match product {
        Some(p) => format!("{} ({})", p.name, p.code),
        None => format!("{} ({})", producer.name, producer.code),
    };
    for officer in crate::accounts::access::officers_of(txn, producer).await? {
        mail::queue(
            txn,
            Mail {
                to: officer.email.clone(),
                subject: format!("Báo cáo vi phạm số {}: {subject} / New report", report.id),
                text: format!(
                    "Có báo cáo vi phạm mới về {subject}, cần xử lý trong 24 giờ:\n{base_url}/can-bo/kiem-duyet/{id}\n\n---\n\nA new report about {subject} waits for you (24-hour target):\n{base_url}/can-bo/kiem-duyet/{id}\n",
                    id = report.id,
                ),
            },
        )
        .await?;
    }
    Ok(())
}
