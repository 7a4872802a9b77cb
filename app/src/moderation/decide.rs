//! Moderation: the queue of an officer's area (administrators: all), one
//! case, the decisions (hide, suspend, restore, dismiss; each with a reason
//! mailed to the producer, audited, and what it changes queued for search
//! in the same transaction), and the producer's one answer.

use super::{Case, Decision, MAX_TEXT_CHARS};
use crate::accounts::access::{officers_of, oversees, require_officer as staff};
use crate::audit::{self, Actor, Change};
use crate::domain::{ReportStatus, Role};
use crate::entities::{abuse_reports, producers, products, users};
use crate::error::{AppError, AppResult, Message};
use crate::mail::{self, Mail};
use crate::search::outbox::{queue_producer_products, queue_products};
use crate::text::clean;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

/// Decided cases listed below the open ones.
const RECENT_DECIDED: usize = 30;

fn case_of(
    r: &abuse_reports::Model,
    producer: &producers::Model,
    product: Option<&products::Model>,
    now: DateTime<Utc>,
) -> Case {
    let until = r
        .decided_at
        .filter(|_| r.status != ReportStatus::Open)
        .unwrap_or(now);
    Case {
        id: r.id,
        target: r.target,
        product: product.map(|p| (p.code.clone(), p.name.clone(), p.slug.clone())),
        stall: (
            producer.code.clone(),
            producer.name.clone(),
            producer.slug.clone(),
        ),
        reason: r.reason,
        details: r.details.clone(),
        evidence_url: r.evidence_url.clone(),
        status: r.status,
        received_at: r.created_at,
        age_hours: (until - r.created_at).num_hours().max(0),
        decision_reason: r.decision_reason.clone(),
        producer_answer: r.producer_answer.clone(),
        off_site: product.is_some_and(|p| p.hidden_at.is_some()) || producer.suspended_at.is_some(),
    }
}

async fn cases(
    db: &impl ConnectionTrait,
    rows: Vec<(abuse_reports::Model, Option<producers::Model>)>,
    keep: impl Fn(&producers::Model) -> bool,
    now: DateTime<Utc>,
) -> AppResult<Vec<Case>> {
    let ids: Vec<i64> = rows.iter().filter_map(|(r, _)| r.product_id).collect();
    let listed: std::collections::HashMap<i64, products::Model> = products::Entity::find()
        .filter(products::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(r, p)| {
            let p = p.filter(|p| keep(p))?;
            let product = r.product_id.and_then(|id| listed.get(&id));
            Some(case_of(&r, &p, product, now))
        })
        .collect())
}

/// The officer's queue: open reports oldest first, then the latest decided.
pub async fn queue(
    db: &DatabaseConnection,
    officer: &users::Model,
    now: DateTime<Utc>,
) -> AppResult<Vec<Case>> {
    staff(officer)?;
    let open = abuse_reports::Entity::find()
        .filter(abuse_reports::Column::Status.eq(ReportStatus::Open))
        .order_by_asc(abuse_reports::Column::Id)
        .find_also_related(producers::Entity)
        .all(db)
        .await?;
    let decided = abuse_reports::Entity::find()
        .filter(abuse_reports::Column::Status.ne(ReportStatus::Open))
        .order_by_desc(abuse_reports::Column::Id)
        .limit(RECENT_DECIDED as u64 * 10)
        .find_also_related(producers::Entity)
        .all(db)
        .await?;
    let mut lines = cases(db, open, |p| oversees(officer, p), now).await?;
    let decided = cases(db, decided, |p| oversees(officer, p), now).await?;
    lines.extend(decided.into_iter().take(RECENT_DECIDED));
    Ok(lines)
}

async fn of_area(
    db: &impl ConnectionTrait,
    officer: &users::Model,
    id: i64,
) -> AppResult<(abuse_reports::Model, producers::Model)> {
    staff(officer)?;
    abuse_reports::Entity::find_by_id(id)
        .find_also_related(producers::Entity)
        .one(db)
        .await?
        .and_then(|(r, p)| p.filter(|p| oversees(officer, p)).map(|p| (r, p)))
        .ok_or_else(|| {
            AppError::not_found(
                "Không có báo cáo này trên địa bàn của bạn",
                "No such report in your area",
            )
        })
}

/// One case of the officer's area.
pub async fn case(
    db: &DatabaseConnection,
    officer: &users::Model,
    id: i64,
    now: DateTime<Utc>,
) -> AppResult<Case> {
    let (r, p) = of_area(db, officer, id).await?;
    let mut found = cases(db, vec![(r, Some(p))], |_| true, now).await?;
    found
        .pop()
        .ok_or_else(|| AppError::not_found("Không có báo cáo này", "No such report"))
}

/// A decision as the audit log keeps it.
#[derive(Serialize)]
struct Recorded<'a> {
    status: ReportStatus,
    listing_hidden: bool,
    stall_suspended: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

fn refused_decision(vi: &str, en: &str) -> AppError {
    AppError::Conflict {
        code: "report_decision_refused",
        message: Message::new(vi, en),
    }
}

/// Decides case `id`: checks the decision fits where the case stands,
/// changes what shoppers see, mails the producer, audits; one transaction.
pub async fn decide(
    db: &DatabaseConnection,
    officer: &users::Model,
    id: i64,
    decision: Decision,
    reason: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let reason = clean(reason);
    if reason.chars().count() < 10 || reason.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid(
            "reason",
            format!("Hãy nêu lý do để chủ thể biết (10 đến {MAX_TEXT_CHARS} ký tự)."),
            format!("Give the reason, for the producer (10 to {MAX_TEXT_CHARS} characters)."),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let (report, producer) = of_area(&txn, officer, id).await?;
    let product = match report.product_id {
        Some(pid) => products::Entity::find_by_id(pid).one(&txn).await?,
        None => None,
    };
    // The same rule that offers the case page's buttons.
    if !super::can(
        &case_of(&report, &producer, product.as_ref(), now),
        decision,
    ) {
        return Err(refused_decision(
            &format!(
                "Báo cáo số {} đang ở trạng thái \"{}\": không thể làm việc này.",
                report.id,
                report.status.label(crate::i18n::Locale::Vi)
            ),
            &format!(
                "Report no. {} is \"{}\": that cannot be done now.",
                report.id,
                report.status.label(crate::i18n::Locale::En)
            ),
        ));
    }
    let before = Recorded {
        status: report.status,
        listing_hidden: product.as_ref().is_some_and(|p| p.hidden_at.is_some()),
        stall_suspended: producer.suspended_at.is_some(),
        reason: None,
    };
    let (mut hidden, mut suspended) = (before.listing_hidden, before.stall_suspended);
    match (decision, report.status) {
        (Decision::Hide, _) | (Decision::Restore, ReportStatus::Hidden) => {
            let p = product
                .clone()
                .ok_or_else(|| refused_decision("Không có sản phẩm.", "No listing."))?;
            hidden = decision == Decision::Hide;
            let mut active: products::ActiveModel = p.into();
            active.hidden_at = Set(hidden.then_some(now));
            active.updated_at = Set(now);
            let saved = active.update(&txn).await?;
            queue_products(&txn, [saved.id]).await?;
        }
        (Decision::Suspend, _) | (Decision::Restore, _) => {
            suspended = decision == Decision::Suspend;
            let mut active: producers::ActiveModel = producer.clone().into();
            active.suspended_at = Set(suspended.then_some(now));
            active.updated_at = Set(now);
            active.update(&txn).await?;
            queue_producer_products(&txn, producer.id).await?;
        }
        (Decision::Dismiss, _) => {}
    }
    let mut active: abuse_reports::ActiveModel = report.clone().into();
    active.status = Set(decision.status());
    active.decision_reason = Set(Some(reason.clone()));
    active.decided_by = Set(Some(officer.id));
    active.decided_at = Set(Some(now));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    tell_producer(
        &txn,
        &report,
        &producer,
        product.as_ref(),
        decision,
        &reason,
        base_url,
    )
    .await?;
    let after = Recorded {
        status: decision.status(),
        listing_hidden: hidden,
        stall_suspended: suspended,
        reason: Some(&reason),
    };
    audit::record(
        &txn,
        Actor::Account(officer),
        Change::new(decision.action(), report.id.to_string())
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        by = officer.id,
        report = report.id,
        ?decision,
        "report decided"
    );
    Ok(())
}

/// Mails the decision to the stall's members and its public address.
async fn tell_producer(
    txn: &impl ConnectionTrait,
    report: &abuse_reports::Model,
    producer: &producers::Model,
    product: Option<&products::Model>,
    decision: Decision,
    reason: &str,
    base_url: &str,
) -> AppResult<()> {
    let mut to: Vec<String> = users::Entity::find()
        .filter(users::Column::ProducerId.eq(producer.id))
        .filter(users::Column::Role.eq(Role::Producer))
        .all(txn)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    if !producer.email.trim().is_empty() && !to.contains(&producer.email) {
        to.push(producer.email.clone());
    }
    let subject = match product {
        Some(p) => format!("{} ({})", p.name, p.code),
        None => format!("gian hàng {}", producer.name),
    };
    let (vi, en) = decision.told();
    let answerable = matches!(decision, Decision::Hide | Decision::Suspend);
    let answer_vi = if answerable {
        format!("\n\nBạn có thể trả lời một lần tại:\n{base_url}/quan-ly/kiem-duyet")
    } else {
        String::new()
    };
    let answer_en = if answerable {
        format!("\n\nYou may answer once at:\n{base_url}/quan-ly/kiem-duyet")
    } else {
        String::new()
    };
    for address in to {
        mail::queue(
            txn,
            Mail {
                to: address,
                subject: format!("Báo cáo vi phạm số {}: {subject} / Report no. {}", report.id, report.id),
                text: format!(
                    "Về báo cáo vi phạm số {id} ({subject}): {vi}.\n\nLý do: {reason}{answer_vi}\n\n---\n\nAbout report no. {id} ({subject}): {en}.\n\nReason: {reason}{answer_en}\n\n— Chợ OCOP\n",
                    id = report.id,
                ),
            },
        )
        .await?;
    }
    Ok(())
}

/// The cases of the member's stall that moderation acted on.
pub async fn producer_cases(
    db: &DatabaseConnection,
    producer_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<Case>> {
    let rows = abuse_reports::Entity::find()
        .filter(abuse_reports::Column::ProducerId.eq(producer_id))
        .filter(abuse_reports::Column::Status.ne(ReportStatus::Open))
        .filter(abuse_reports::Column::Status.ne(ReportStatus::Dismissed))
        .order_by_desc(abuse_reports::Column::Id)
        .find_also_related(producers::Entity)
        .all(db)
        .await?;
    cases(db, rows, |_| true, now).await
}

/// The producer's one answer to case `id` of their stall; the area's
/// officers are mailed.
pub async fn answer(
    db: &DatabaseConnection,
    producer_id: i64,
    id: i64,
    text: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let text = clean(text);
    if text.chars().count() < 10 || text.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid(
            "answer",
            format!("Câu trả lời từ 10 đến {MAX_TEXT_CHARS} ký tự."),
            format!("The answer takes 10 to {MAX_TEXT_CHARS} characters."),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let report = abuse_reports::Entity::find_by_id(id)
        .filter(abuse_reports::Column::ProducerId.eq(producer_id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("Không có báo cáo này", "No such report"))?;
    if report.producer_answer.is_some() {
        return Err(AppError::Conflict {
            code: "already_answered",
            message: Message::new(
                "Bạn đã trả lời báo cáo này; mỗi báo cáo chỉ được trả lời một lần.",
                "You have answered this report; each report is answered once.",
            ),
        });
    }
    if !matches!(
        report.status,
        ReportStatus::Hidden | ReportStatus::Suspended
    ) {
        return Err(refused_decision(
            "Báo cáo này không chờ câu trả lời.",
            "This report is not waiting for an answer.",
        ));
    }
    let mut active: abuse_reports::ActiveModel = report.clone().into();
    active.producer_answer = Set(Some(text));
    active.answered_at = Set(Some(now));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let producer = producers::Entity::find_by_id(producer_id)
        .one(&txn)
        .await?
        .ok_or(AppError::Forbidden)?;
    for officer in officers_of(&txn, &producer).await? {
        mail::queue(
            &txn,
            Mail {
                to: officer.email.clone(),
                subject: format!("{} trả lời báo cáo số {} / Answer to report no. {}", producer.name, report.id, report.id),
                text: format!(
                    "{name} đã trả lời báo cáo số {id}:\n{base_url}/can-bo/kiem-duyet/{id}\n\n---\n\n{name} answered report no. {id}:\n{base_url}/can-bo/kiem-duyet/{id}\n",
                    name = producer.name,
                    id = report.id,
                ),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
