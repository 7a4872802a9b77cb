//! `producers`: a cooperative, business or household that owns OCOP products.

use sea_orm::entity::prelude::*;

/// A producer with its contact, payout and shipping settings.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "producers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub province_id: i64,
    pub commune_id: i64,
    pub address: String,
    pub representative: String,
    pub women_led: bool,
    pub ethnic_minority_led: bool,
    pub phone: String,
    pub email: String,
    pub website: Option<String>,
    pub has_epayment: bool,
    pub bank_bin: Option<String>,
    pub bank_account_no: Option<String>,
    pub bank_account_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub story_html: Option<String>,
    pub story_source: Option<String>,
    pub logo_media_id: Option<i64>,
    pub cover_media_id: Option<i64>,
    pub ship_same_province_vnd: Option<i64>,
    pub ship_other_province_vnd: Option<i64>,
    pub free_ship_over_vnd: Option<i64>,
    /// Map position (WGS 84), when someone has set it; never guessed.
    pub lat: Option<f64>,
    /// Map position, with `lat`.
    pub lon: Option<f64>,
    /// Business registration or tax code, as the seller gave it.
    pub registration_no: Option<String>,
    /// When the area's officer verified the seller's identity.
    pub identity_verified_at: Option<DateTimeUtc>,
    /// The verifying account.
    pub identity_verified_by: Option<i64>,
    /// Who verified, as the stall shows it ("Sở Công Thương Cần Thơ").
    pub identity_verifier: Option<String>,
    /// When moderation suspended the stall; its products leave the site,
    /// its running orders go on.
    pub suspended_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `producers` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::provinces::Entity",
        from = "Column::ProvinceId",
        to = "super::provinces::Column::Id",
        on_delete = "Restrict"
    )]
    Province,
    #[sea_orm(
        belongs_to = "super::communes::Entity",
        from = "Column::CommuneId",
        to = "super::communes::Column::Id",
        on_delete = "Restrict"
    )]
    Commune,
    #[sea_orm(
        belongs_to = "super::media::Entity",
        from = "Column::LogoMediaId",
        to = "super::media::Column::Id",
        on_delete = "SetNull"
    )]
    LogoMedia,
    #[sea_orm(
        belongs_to = "super::media::Entity",
        from = "Column::CoverMediaId",
        to = "super::media::Column::Id",
        on_delete = "SetNull"
    )]
    CoverMedia,
    #[sea_orm(has_many = "super::products::Entity")]
    Products,
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Province.def()
    }
}

impl Related<super::communes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Commune.def()
    }
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Products.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
