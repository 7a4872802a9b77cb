//! Demo mode: the sample catalog and demo accounts, loaded on the first start of
//! an empty embedded database and never otherwise.

use crate::accounts::password::hash_password;
use crate::department::import::{import_dir, ImportOptions, ImportReport, Progress};
use crate::domain::Role;
use crate::entities::{producers, products, provinces, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use std::path::Path;

/// The password of every demo account (listed in the README; demo mode only).
pub const DEMO_PASSWORD: &str = "ocop-demo-2026";

/// A demo account: e-mail, display name, role, producer code, area (province name).
struct DemoAccount {
    email: &'static str,
    name: &'static str,
    role: Role,
    producer: Option<&'static str>,
    area: Option<&'static str>,
}

const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "nguoimua@demo.chocop.vn",
        name: "Người mua thử",
        role: Role::Shopper,
        producer: None,
        area: None,
    },
    DemoAccount {
        email: "htx.phusa@demo.chocop.vn",
        name: "HTX Phù Sa Thới Lai",
        role: Role::Producer,
        producer: Some("CT000001"),
        area: None,
    },
    DemoAccount {
        email: "htx.thanhdat@demo.chocop.vn",
        name: "HTX Thành Đạt Kế Sách",
        role: Role::Producer,
        producer: Some("CT000002"),
        area: None,
    },
    DemoAccount {
        email: "binhminh.laivung@demo.chocop.vn",
        name: "Công ty Bình Minh Lai Vung",
        role: Role::Producer,
        producer: Some("CT000025"),
        area: None,
    },
    DemoAccount {
        email: "canbo.cantho@demo.chocop.vn",
        name: "Cán bộ Sở Công Thương Cần Thơ",
        role: Role::Officer,
        producer: None,
        area: Some("Cần Thơ"),
    },
    DemoAccount {
        email: "canbo.dongthap@demo.chocop.vn",
        name: "Cán bộ Sở Công Thương Đồng Tháp",
        role: Role::Officer,
        producer: None,
        area: Some("Đồng Tháp"),
    },
    DemoAccount {
        email: "quantri@demo.chocop.vn",
        name: "Quản trị viên",
        role: Role::Admin,
        producer: None,
        area: None,
    },
];

/// Whether the database holds no catalog yet (a first start).
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, sea_orm::DbErr> {
    Ok(products::Entity::find().count(db).await? == 0
        && producers::Entity::find().count(db).await? == 0)
}

/// Imports the sample catalog from `sample_dir` and creates the demo accounts.
pub async fn load_demo(
    db: &DatabaseConnection,
    sample_dir: &Path,
    progress: &dyn Progress,
) -> Result<ImportReport, Box<dyn std::error::Error + Send + Sync>> {
    let report = import_dir(db, sample_dir, &ImportOptions::default(), progress).await?;
    // The sample is ours: any problem in it is a bug to surface, not to hide.
    if let Some(problem) = report.problems().next() {
        return Err(
            format!("mẫu dữ liệu demo có lỗi / the demo sample has a problem: {problem}").into(),
        );
    }
    create_demo_accounts(db).await?;
    crate::events::demo_events::create_demo_events(db, chrono::Utc::now()).await?;
    Ok(report)
}

/// Creates the demo accounts that do not exist yet.
pub async fn create_demo_accounts(
    db: &DatabaseConnection,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let hash = hash_password(DEMO_PASSWORD).map_err(|e| e.to_string())?;
    for account in ACCOUNTS {
        if users::Entity::find()
            .filter(users::Column::Email.eq(account.email))
            .one(db)
            .await?
            .is_some()
        {
            continue;
        }
        let producer_id = match account.producer {
            Some(code) => producers::Entity::find()
                .filter(producers::Column::Code.eq(code))
                .one(db)
                .await?
                .map(|p| p.id),
            None => None,
        };
        let area_province_id = match account.area {
            Some(name) => provinces::Entity::find()
                .filter(provinces::Column::NameKey.eq(crate::text::match_key(name)))
                .one(db)
                .await?
                .map(|p| p.id),
            None => None,
        };
        let now = chrono::Utc::now();
        let user = users::ActiveModel {
            email: Set(account.email.to_string()),
            password_hash: Set(hash.clone()),
            display_name: Set(account.name.to_string()),
            role: Set(account.role),
            producer_id: Set(producer_id),
            area_province_id: Set(area_province_id),
            area_commune_id: Set(None),
            locale: Set("vi".to_string()),
            is_demo: Set(true),
            disabled_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        // The demo's people are fictitious: they have "accepted" the
        // policies in force, so that signing in goes straight on.
        crate::accounts::consent::accept_in_force(db, user.id).await?;
    }
    verify_demo_sellers(db).await?;
    Ok(())
}

/// The demo stalls whose seller identity the demo officer of Cần Thơ has
/// verified, with their (fictitious, like the whole sample) tax codes; the
/// third demo stall waits for its officer, to show that step.
const VERIFIED_DEMO_SELLERS: [(&str, &str); 2] =
    [("CT000001", "1800000001"), ("CT000002", "1800000002")];

async fn verify_demo_sellers(
    db: &DatabaseConnection,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let Some(officer) = users::Entity::find()
        .filter(users::Column::Email.eq("canbo.cantho@demo.chocop.vn"))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    for (code, registration_no) in VERIFIED_DEMO_SELLERS {
        let Some(producer) = producers::Entity::find()
            .filter(producers::Column::Code.eq(code))
            .one(db)
            .await?
            .filter(|p| p.identity_verified_at.is_none())
        else {
            continue;
        };
        let identity = crate::seller::rules::CheckedIdentity {
            legal_name: producer.name.clone(),
            kind: crate::domain::ProducerKind::from_name(&producer.kind)
                .unwrap_or(crate::domain::ProducerKind::Other),
            registration_no: registration_no.to_owned(),
            address: producer.address.clone(),
            phone: producer.phone.clone(),
        };
        crate::officer::identity::write_verified(
            db,
            &officer,
            producer,
            &identity,
            chrono::Utc::now(),
        )
        .await?;
    }
    Ok(())
}

/// The demo accounts, for the README and the startup log.
pub fn demo_account_emails() -> impl Iterator<Item = (&'static str, &'static str)> {
    ACCOUNTS.iter().map(|a| (a.email, a.role.name()))
}
