//! `producer_applications`: a producer asking to open its stall, with its
//! identity and certificate scan, until the area's officer decides.

use crate::domain::{ApplicationStatus, CertificateType, ProducerKind};
use sea_orm::entity::prelude::*;

/// One application; at most one pending per producer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "producer_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub status: ApplicationStatus,
    /// The applicant's address, for the account approval makes.
    pub email: String,
    /// The person who applied.
    pub contact_name: String,
    pub legal_name: String,
    pub kind: ProducerKind,
    pub registration_no: String,
    pub address: String,
    pub phone: String,
    /// The certified product named (its register code), or
    pub product_code: Option<String>,
    /// the certification decision's number,
    pub decision_no: Option<String>,
    /// and date.
    pub decided_on: Option<Date>,
    /// The register's producer the certificate belongs to.
    pub producer_id: i64,
    pub certificate_type: CertificateType,
    /// The checked PDF, or the scan re-encoded as JPEG (no metadata).
    #[sea_orm(column_type = "Blob")]
    pub certificate: Vec<u8>,
    pub certificate_sha256: String,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub refusal_reason: Option<String>,
    /// The member account approval made.
    pub user_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `producer_applications` is joined with.
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
