//! The policies an account accepts: the operating rules and the privacy
//! notice, each in the version in force. An account that has not accepted
//! the version in force (a new account, or a new version since) is asked at
//! its next sign-in; what it accepted, and when, is kept.

use crate::entities::policy_acceptances;
use crate::error::{AppError, AppResult, Message};
use crate::i18n::Locale;
use crate::legal::{policies, PolicySummary};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// The policies every account accepts.
pub const ACCEPTED_BY_ACCOUNTS: [&str; 2] = ["quy-che-hoat-dong", "bao-mat"];

/// The policies to accept, as in force now, in `locale`.
pub fn in_force(locale: Locale) -> Vec<PolicySummary> {
    ACCEPTED_BY_ACCOUNTS
        .iter()
        .filter_map(|slug| policies::summary(slug, locale))
        .collect()
}

/// The policies in force that account `user_id` has not accepted in their
/// current version.
pub async fn pending(
    db: &impl ConnectionTrait,
    user_id: i64,
    locale: Locale,
) -> AppResult<Vec<PolicySummary>> {
    let accepted = policy_acceptances::Entity::find()
        .filter(policy_acceptances::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    Ok(in_force(locale)
        .into_iter()
        .filter(|p| {
            !accepted
                .iter()
                .any(|a| a.slug == p.slug && a.version == p.version)
        })
        .collect())
}

/// Records that account `user_id` accepts the versions it was shown
/// (`slug@version`, one per policy). A version that is no longer in force
/// (the page was opened before a new one took effect), or a policy left
/// out, is a conflict: the page is shown again with what is in force.
pub async fn accept(db: &impl ConnectionTrait, user_id: i64, shown: &[String]) -> AppResult<()> {
    let wanted = versions_in_force();
    let all_shown = wanted
        .iter()
        .all(|(slug, version)| shown.iter().any(|s| *s == format!("{slug}@{version}")));
    if !all_shown {
        return Err(AppError::Conflict {
            code: "policy_changed",
            message: Message::new(
                "Chính sách vừa có phiên bản mới: hãy đọc lại và đồng ý với bản đang áp dụng.",
                "A policy has just changed: please read and accept the version in force.",
            ),
        });
    }
    record(db, user_id, &wanted).await
}

/// Records account `user_id` as having accepted every policy in force (an
/// account made by the demo, whose people are fictitious).
pub async fn accept_in_force(db: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    record(db, user_id, &versions_in_force()).await
}

/// `(slug, version)` of each policy to accept, as in force now.
fn versions_in_force() -> Vec<(String, String)> {
    in_force(Locale::Vi)
        .into_iter()
        .map(|p| (p.slug, p.version))
        .collect()
}

async fn record(
    db: &impl ConnectionTrait,
    user_id: i64,
    versions: &[(String, String)],
) -> AppResult<()> {
    let now = Utc::now();
    let rows = versions
        .iter()
        .map(|(slug, version)| policy_acceptances::ActiveModel {
            user_id: Set(user_id),
            slug: Set(slug.clone()),
            version: Set(version.clone()),
            accepted_at: Set(now),
            ..Default::default()
        });
    policy_acceptances::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                policy_acceptances::Column::UserId,
                policy_acceptances::Column::Slug,
                policy_acceptances::Column::Version,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
