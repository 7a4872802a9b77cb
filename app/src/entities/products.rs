//! `products`: an OCOP product offered by a producer.

use sea_orm::entity::prelude::*;

/// A product; `stock` is what is free to sell, `version` guards against stale edits.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub slug: String,
    pub producer_id: i64,
    pub group_id: i16,
    pub name: String,
    pub name_key: String,
    pub unit: String,
    pub price_vnd: i64,
    pub stock: i64,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub published: bool,
    pub traceable: bool,
    pub origin: Option<String>,
    pub version: i32,
    /// When moderation hid the listing (a report upheld); shoppers no
    /// longer see it.
    pub hidden_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `products` is joined with.
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
        belongs_to = "super::product_groups::Entity",
        from = "Column::GroupId",
        to = "super::product_groups::Column::Id",
        on_delete = "Restrict"
    )]
    Group,
    #[sea_orm(has_one = "super::product_stories::Entity")]
    Story,
    #[sea_orm(has_many = "super::product_photos::Entity")]
    Photos,
    #[sea_orm(has_many = "super::certifications::Entity")]
    Certifications,
    #[sea_orm(has_many = "super::channel_listings::Entity")]
    ChannelListings,
    #[sea_orm(has_many = "super::product_batches::Entity")]
    Batches,
    #[sea_orm(has_many = "super::raw_material_areas::Entity")]
    RawMaterialAreas,
}

impl Related<super::producers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Producer.def()
    }
}

impl Related<super::product_groups::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Group.def()
    }
}

impl Related<super::product_stories::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Story.def()
    }
}

impl Related<super::product_photos::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Photos.def()
    }
}

impl Related<super::certifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Certifications.def()
    }
}

impl Related<super::channel_listings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ChannelListings.def()
    }
}

impl Related<super::product_batches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Batches.def()
    }
}

impl Related<super::raw_material_areas::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RawMaterialAreas.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
