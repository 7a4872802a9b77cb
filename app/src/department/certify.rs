//! Recording a certification decision (new, upgrade, renewal) for a
//! product of the officer's area. Validity is computed from the decision
//! date (36 months), so a lapse needs no job; the product reaches search
//! through the outbox in the same transaction.

use crate::accounts::access::oversees;
use crate::audit::{self, Actor, Change};
use crate::domain::AuditAction;
use crate::entities::{certifications, producers, products, users};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::search::outbox::queue_products;
use crate::text::clean;
use crate::time::certification_expiry;
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde::Serialize;

/// A decision as typed by the officer.
#[derive(Debug, Clone, Default)]
pub struct DecisionForm {
    /// 3, 4 or 5.
    pub stars: String,
    /// Assessment score, 0-100.
    pub score: String,
    /// Decision number ("123/QĐ-UBND").
    pub decision_no: String,
    /// Decided on (yyyy-mm-dd or dd/mm/yyyy).
    pub decided_on: String,
}

/// The score band of each star rating (OCOP assessment: 50-69 points are
/// 3 stars, 70-89 are 4, 90-100 are 5).
fn band(stars: i16) -> std::ops::RangeInclusive<i16> {
    match stars {
        3 => 50..=69,
        4 => 70..=89,
        _ => 90..=100,
    }
}

/// A decision as the audit log keeps it.
#[derive(Serialize)]
struct Recorded<'a> {
    producer: &'a str,
    stars: i16,
    score: i16,
    decision_no: &'a str,
    decided_on: NaiveDate,
    valid_until: NaiveDate,
}

/// Records the decision on product `code`, which must belong to a producer
/// of the officer's area (any, for an administrator).
pub async fn record_decision(
    db: &DatabaseConnection,
    by: &users::Model,
    code: &str,
    form: &DecisionForm,
    today: NaiveDate,
) -> AppResult<()> {
    if !crate::accounts::access::is_officer(by) {
        return Err(AppError::Forbidden);
    }
    let mut fields = FieldErrors::default();
    let stars = form
        .stars
        .trim()
        .parse::<i16>()
        .ok()
        .filter(|s| (3..=5).contains(s));
    if stars.is_none() {
        fields.add("stars", "Số sao là 3, 4 hoặc 5.", "Stars are 3, 4 or 5.");
    }
    let score = form.score.trim().parse::<i16>().ok();
    match (stars, score) {
        (Some(s), Some(p)) if band(s).contains(&p) => {}
        (Some(s), _) => fields.add(
            "score",
            format!(
                "Điểm của sản phẩm {s} sao từ {} đến {}.",
                band(s).start(),
                band(s).end()
            ),
            format!(
                "A {s}-star product scores {} to {}.",
                band(s).start(),
                band(s).end()
            ),
        ),
        (None, _) => {}
    }
    let decision_no = clean(&form.decision_no);
    if decision_no.is_empty() || decision_no.chars().count() > 50 {
        fields.add(
            "decision_no",
            "Số quyết định có từ 1 đến 50 ký tự.",
            "The decision number needs 1 to 50 characters.",
        );
    }
    let decided_on = crate::time::parse_form_date(&form.decided_on).filter(|d| *d <= today);
    if decided_on.is_none() {
        fields.add(
            "decided_on",
            "Ngày quyết định (không sau hôm nay), ví dụ 24/11/2026.",
            "The decision date (not after today), e.g. 24/11/2026.",
        );
    }
    let (Some(stars), Some(score), Some(decided_on), true) =
        (stars, score, decided_on, fields.is_empty())
    else {
        return Err(fields.into_error());
    };
    let txn = crate::db::begin_write(db).await?;
    let (product, producer) = products::Entity::find()
        .filter(products::Column::Code.eq(code.trim()))
        .find_also_related(producers::Entity)
        .one(&txn)
        .await?
        .and_then(|(p, producer)| producer.map(|producer| (p, producer)))
        .filter(|(_, producer)| oversees(by, producer))
        .ok_or_else(|| {
            AppError::not_found(
                "Không có sản phẩm này trên địa bàn của bạn",
                "No such product in your area",
            )
        })?;
    if certifications::Entity::find()
        .filter(certifications::Column::ProductId.eq(product.id))
        .filter(certifications::Column::DecisionNo.eq(decision_no.clone()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::invalid(
            "decision_no",
            "Sản phẩm đã có quyết định với số này.",
            "The product already has a decision with this number.",
        ));
    }
    let now = Utc::now();
    let valid_until = certification_expiry(decided_on);
    let recorded = Recorded {
        producer: &producer.code,
        stars,
        score,
        decision_no: &decision_no,
        decided_on,
        valid_until,
    };
    audit::record(
        &txn,
        Actor::Account(by),
        Change::new(AuditAction::ProductCertified, &product.code).after(&recorded),
    )
    .await?;
    certifications::ActiveModel {
        product_id: Set(product.id),
        stars: Set(stars),
        score: Set(score),
        decision_no: Set(decision_no),
        decided_on: Set(decided_on),
        valid_until: Set(valid_until),
        level: Set(if stars == 5 { "national" } else { "province" }.to_owned()),
        recorded_by_user_id: Set(Some(by.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    queue_products(&txn, [product.id]).await?;
    txn.commit().await?;
    tracing::info!(officer = by.id, product = %product.code, producer = %producer.code, stars, "certification recorded");
    Ok(())
}
