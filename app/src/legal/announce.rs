//! A new version of a policy is announced: mailed once to every account
//! (whichever server gets there first; the unique key on (slug, version)
//! decides), while the version a site starts with is only recorded. The
//! accounts then accept the versions they must at their next sign-in
//! (`accounts::consent`). Pages show the versions taking effect or just in
//! effect ([`in_window`]).

use super::policies;
use super::PolicySummary;
use crate::entities::{policy_announcements, users};
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::mail::{self, Mail};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// How long before and after it takes effect a version is pointed out.
pub const NOTICE_DAYS: i64 = 30;

/// The versions taking effect within [`NOTICE_DAYS`], or in effect for less
/// than that, on `today`.
pub fn in_window(list: &[PolicySummary], today: NaiveDate) -> Vec<PolicySummary> {
    list.iter()
        .filter(|p| (p.effective - today).num_days().abs() <= NOTICE_DAYS)
        .cloned()
        .collect()
}

/// Announces the policies of the site as they are now; the accounts mailed.
pub async fn announce_current(
    db: &DatabaseConnection,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let vi = policies::list(Locale::Vi).unwrap_or_default();
    let en = policies::list(Locale::En).unwrap_or_default();
    announce(db, &vi, &en, base_url, now).await
}

/// Announces each version of `vi` (with its English twin in `en`) not yet
/// announced; the accounts mailed in all.
pub async fn announce(
    db: &DatabaseConnection,
    vi: &[PolicySummary],
    en: &[PolicySummary],
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let mut mailed = 0;
    for policy in vi {
        let known = policy_announcements::Entity::find()
            .filter(policy_announcements::Column::Slug.eq(policy.slug.as_str()))
            .all(db)
            .await?;
        if known.iter().any(|a| a.version == policy.version) {
            continue;
        }
        let first = known.is_empty();
        let txn = crate::db::begin_write(db).await?;
        let accounts = if first {
            Vec::new()
        } else {
            users::Entity::find()
                .filter(users::Column::DisabledAt.is_null())
                .all(&txn)
                .await?
        };
        let inserted = policy_announcements::ActiveModel {
            slug: Set(policy.slug.clone()),
            version: Set(policy.version.clone()),
            recipients: Set(i32::try_from(accounts.len()).unwrap_or(i32::MAX)),
            announced_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        if let Err(e) = inserted {
            // Another server announced it first.
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) {
                continue;
            }
            return Err(e.into());
        }
        let english = en.iter().find(|e| e.slug == policy.slug).unwrap_or(policy);
        for account in &accounts {
            mail::queue(&txn, notice(account, policy, english, base_url)).await?;
        }
        txn.commit().await?;
        mailed += accounts.len();
        tracing::info!(slug = %policy.slug, version = %policy.version, accounts = accounts.len(), first, "policy version announced");
    }
    Ok(mailed)
}

fn notice(account: &users::Model, vi: &PolicySummary, en: &PolicySummary, base_url: &str) -> Mail {
    let date = crate::time::format_date(vi.effective);
    let link = format!("{base_url}/chinh-sach/{}", vi.slug);
    Mail {
        to: account.email.clone(),
        subject: format!("Chợ OCOP cập nhật {} / {} updated", vi.title, en.title),
        text: format!(
            "Xin chào {who},\n\nChợ OCOP ban hành {title} phiên bản {version}, có hiệu lực từ ngày {date}. Tóm tắt: {summary}\nToàn văn: {link}\nNếu chính sách này cần bạn đồng ý, bạn sẽ được hỏi ở lần đăng nhập tới.\n\n---\n\nChợ OCOP publishes version {version} of its {title_en}, in effect from {date}. In short: {summary_en}\nFull text: {link}?lang=en\nIf this policy needs your agreement, you will be asked at your next sign-in.\n\n— Chợ OCOP\n",
            who = account.display_name,
            title = vi.title,
            version = vi.version,
            summary = vi.summary,
            title_en = en.title,
            summary_en = en.summary,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(effective: &str) -> PolicySummary {
        PolicySummary {
            slug: "quy-che-hoat-dong".into(),
            title: "Quy chế".into(),
            summary: String::new(),
            version: "2.0".into(),
            effective: NaiveDate::parse_from_str(effective, "%Y-%m-%d").expect("date"),
        }
    }

    #[test]
    fn a_version_is_pointed_out_a_month_before_and_after_it_takes_effect() {
        let today = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
        for (effective, shown) in [
            ("2027-03-31", true),
            ("2027-04-01", false),
            ("2027-01-30", true),
            ("2027-01-29", false),
            ("2027-03-01", true),
        ] {
            assert_eq!(
                in_window(&[policy(effective)], today).len() == 1,
                shown,
                "{effective}"
            );
        }
    }
}
