//! `abuse_reports`: a report of a listing or a stall, and what moderation
//! made of it.

use crate::domain::{ReportReason, ReportStatus, ReportTarget};
use sea_orm::entity::prelude::*;

/// One report.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "abuse_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub target: ReportTarget,
    /// The product reported, for a listing.
    pub product_id: Option<i64>,
    /// The stall concerned (the product's, for a listing).
    pub producer_id: i64,
    /// The review reported.
    pub review_id: Option<i64>,
    pub reason: ReportReason,
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub evidence_url: Option<String>,
    /// Where to tell the reporter, if they gave it.
    pub reporter_email: Option<String>,
    /// The reporter's account, when signed in.
    pub reporter_id: Option<i64>,
    pub status: ReportStatus,
    /// Why moderation did what it did (mailed to the producer).
    #[sea_orm(column_type = "Text", nullable)]
    pub decision_reason: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    /// The producer's one answer.
    #[sea_orm(column_type = "Text", nullable)]
    pub producer_answer: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `abuse_reports` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::producers::Entity",
        from = "Column::ProducerId",
        to = "super::producers::Column::Id",
        on_delete = "Restrict"
    )]
    Producer,
}

impl Related<super::producers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Producer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
