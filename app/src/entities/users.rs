//! `users`: accounts of shoppers, producers, officers and administrators.

use sea_orm::entity::prelude::*;

/// An account. `Debug` is written by hand so that the password hash never reaches a log.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub role: crate::domain::Role,
    pub producer_id: Option<i64>,
    pub area_province_id: Option<i64>,
    pub area_commune_id: Option<i64>,
    pub locale: String,
    pub is_demo: bool,
    pub disabled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `users` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::producers::Entity",
        from = "Column::ProducerId",
        to = "super::producers::Column::Id",
        on_delete = "Restrict"
    )]
    Producer,
    #[sea_orm(
        belongs_to = "super::provinces::Entity",
        from = "Column::AreaProvinceId",
        to = "super::provinces::Column::Id",
        on_delete = "Restrict"
    )]
    AreaProvince,
    #[sea_orm(
        belongs_to = "super::communes::Entity",
        from = "Column::AreaCommuneId",
        to = "super::communes::Column::Id",
        on_delete = "Restrict"
    )]
    AreaCommune,
    #[sea_orm(has_many = "super::sessions::Entity")]
    Sessions,
}

impl Related<super::producers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Producer.def()
    }
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AreaProvince.def()
    }
}

impl Related<super::communes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AreaCommune.def()
    }
}

impl Related<super::sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("password_hash", &"[redacted]")
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("producer_id", &self.producer_id)
            .field("area_province_id", &self.area_province_id)
            .field("area_commune_id", &self.area_commune_id)
            .field("locale", &self.locale)
            .field("is_demo", &self.is_demo)
            .field("disabled_at", &self.disabled_at)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}
