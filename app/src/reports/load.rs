//! Reads an area's facts for the metrics: one query per table, each limited
//! to the area by a subquery on the producers (or the sales points and
//! events' own addresses), so a province of a 200 000-product catalog is a
//! handful of indexed reads.

use super::metrics::{
    AreaFacts, Channel, Decision, EventFacts, ProducerFacts, ProductFacts, SalesPointFacts, Span,
};
use crate::domain::EventStatus;
use crate::entities::{
    certifications, channel_listings, communes, events, producers, product_stories, products,
    sales_point_products, sales_points,
};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// The area a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The whole country.
    Country,
    /// A province or centrally-run city.
    Province(i64),
    /// One commune or ward.
    Commune(i64),
}

impl Area {
    /// The area of a plan or an officer: a commune when there is one, else
    /// the province, else everything.
    pub fn of(province_id: Option<i64>, commune_id: Option<i64>) -> Area {
        match (province_id, commune_id) {
            (_, Some(commune)) => Area::Commune(commune),
            (Some(province), None) => Area::Province(province),
            (None, None) => Area::Country,
        }
    }

    /// The condition that keeps the producers of this area.
    pub fn producer_filter(self) -> Condition {
        match self {
            Area::Country => Condition::all(),
            Area::Province(id) => Condition::all().add(producers::Column::ProvinceId.eq(id)),
            Area::Commune(id) => Condition::all().add(producers::Column::CommuneId.eq(id)),
        }
    }
}

/// The ids of the area's producers, as a subquery.
fn producers_of(area: Area) -> SelectStatement {
    Query::select()
        .column(producers::Column::Id)
        .from(producers::Entity)
        .cond_where(area.producer_filter())
        .to_owned()
}

/// The ids of the area's products, as a subquery.
pub(crate) fn products_of(area: Area) -> SelectStatement {
    Query::select()
        .column(products::Column::Id)
        .from(products::Entity)
        .and_where(Expr::col(products::Column::ProducerId).in_subquery(producers_of(area)))
        .to_owned()
}

type ProducerRow = (
    i64,
    i64,
    String,
    bool,
    bool,
    Option<String>,
    bool,
    Option<String>,
    Option<String>,
);
type ProductRow = (i64, i64, i16, bool, i64, bool);

/// Everything the metrics of `area` need, whatever the date.
pub async fn load_facts(db: &DatabaseConnection, area: Area) -> AppResult<AreaFacts> {
    let producer_query = producers::Entity::find().select_only().columns([
        producers::Column::Id,
        producers::Column::CommuneId,
        producers::Column::Kind,
        producers::Column::WomenLed,
        producers::Column::EthnicMinorityLed,
        producers::Column::Website,
        producers::Column::HasEpayment,
        producers::Column::BankBin,
        producers::Column::BankAccountNo,
    ]);
    let producer_rows: Vec<ProducerRow> = producer_query
        .filter(area.producer_filter())
        .into_tuple()
        .all(db)
        .await?;
    let mut producer_index = HashMap::with_capacity(producer_rows.len());
    let mut producer_facts = Vec::with_capacity(producer_rows.len());
    for (id, commune_id, kind, women, ethnic, website, epayment, bin, account) in producer_rows {
        producer_index.insert(id, producer_facts.len());
        producer_facts.push(ProducerFacts {
            commune_id,
            kind,
            women_led: women,
            ethnic_minority_led: ethnic,
            website: website.is_some_and(|w| !w.trim().is_empty()),
            // The register's flag, or a VietQR account entered in the stall.
            epayment: epayment || (bin.is_some() && account.is_some()),
        });
    }

    let product_rows: Vec<ProductRow> = products::Entity::find()
        .select_only()
        .columns([
            products::Column::Id,
            products::Column::ProducerId,
            products::Column::GroupId,
            products::Column::Published,
            products::Column::PriceVnd,
            products::Column::Traceable,
        ])
        .filter(Expr::col(products::Column::ProducerId).in_subquery(producers_of(area)))
        .into_tuple()
        .all(db)
        .await?;

    let mut decisions: HashMap<i64, Vec<Decision>> = HashMap::new();
    let decision_rows: Vec<(i64, i64, NaiveDate, i16)> = certifications::Entity::find()
        .select_only()
        .columns([
            certifications::Column::Id,
            certifications::Column::ProductId,
            certifications::Column::DecidedOn,
            certifications::Column::Stars,
        ])
        .filter(Expr::col(certifications::Column::ProductId).in_subquery(products_of(area)))
        .into_tuple()
        .all(db)
        .await?;
    for (seq, product_id, decided_on, stars) in decision_rows {
        decisions.entry(product_id).or_default().push(Decision {
            decided_on,
            stars,
            seq,
        });
    }

    let mut listings: HashMap<i64, Vec<(Channel, Span)>> = HashMap::new();
    let listing_rows: Vec<(i64, String, NaiveDate, Option<NaiveDate>)> =
        channel_listings::Entity::find()
            .select_only()
            .columns([
                channel_listings::Column::ProductId,
                channel_listings::Column::Channel,
                channel_listings::Column::Since,
                channel_listings::Column::Until,
            ])
            .filter(Expr::col(channel_listings::Column::ProductId).in_subquery(products_of(area)))
            .into_tuple()
            .all(db)
            .await?;
    for (product_id, channel, since, until) in listing_rows {
        if let Some(channel) = Channel::from_id(&channel) {
            listings
                .entry(product_id)
                .or_default()
                .push((channel, Span { since, until }));
        }
    }
    // Carried by a sales point anywhere: the product is in the `sales_point`
    // channel while that sales point is open.
    let carried: Vec<(i64, NaiveDate, Option<NaiveDate>)> = sales_point_products::Entity::find()
        .select_only()
        .column(sales_point_products::Column::ProductId)
        .column(sales_points::Column::OpenedOn)
        .column(sales_points::Column::ClosedOn)
        .inner_join(sales_points::Entity)
        .filter(
            Expr::col((
                sales_point_products::Entity,
                sales_point_products::Column::ProductId,
            ))
            .in_subquery(products_of(area)),
        )
        .into_tuple()
        .all(db)
        .await?;
    for (product_id, since, until) in carried {
        listings
            .entry(product_id)
            .or_default()
            .push((Channel::SalesPoint, Span { since, until }));
    }

    // Lengths only, counted by the database in characters (stories are
    // stored trimmed): the texts themselves would be most of the bytes read.
    let stories: HashMap<i64, usize> = product_stories::Entity::find()
        .select_only()
        .column(product_stories::Column::ProductId)
        .expr(Expr::cust("CAST(LENGTH(source) AS BIGINT)"))
        .filter(Expr::col(product_stories::Column::ProductId).in_subquery(products_of(area)))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, chars)| (id, usize::try_from(chars).unwrap_or(0)))
        .collect();

    let mut product_facts = Vec::with_capacity(product_rows.len());
    for (id, producer_id, group, published, price, traceable) in product_rows {
        let Some(&producer) = producer_index.get(&producer_id) else {
            continue;
        };
        let mut own = decisions.remove(&id).unwrap_or_default();
        own.sort_by_key(|d| (d.decided_on, d.seq));
        product_facts.push(ProductFacts {
            producer,
            commune_id: producer_facts[producer].commune_id,
            group,
            decisions: own,
            listings: listings.remove(&id).unwrap_or_default(),
            on_marketplace: published && price > 0,
            traceable,
            story_chars: stories.get(&id).copied().unwrap_or(0),
        });
    }

    let mut point_query = sales_points::Entity::find().select_only().columns([
        sales_points::Column::CommuneId,
        sales_points::Column::OpenedOn,
        sales_points::Column::ClosedOn,
    ]);
    let mut event_query = events::Entity::find().select_only().columns([
        events::Column::CommuneId,
        events::Column::StartsAt,
        events::Column::Status,
    ]);
    let mut commune_query = communes::Entity::find()
        .select_only()
        .column(communes::Column::Id);
    match area {
        Area::Country => {}
        Area::Province(id) => {
            point_query = point_query.filter(sales_points::Column::ProvinceId.eq(id));
            event_query = event_query.filter(events::Column::ProvinceId.eq(id));
            commune_query = commune_query.filter(communes::Column::ProvinceId.eq(id));
        }
        Area::Commune(id) => {
            point_query = point_query.filter(sales_points::Column::CommuneId.eq(id));
            event_query = event_query.filter(events::Column::CommuneId.eq(id));
            commune_query = commune_query.filter(communes::Column::Id.eq(id));
        }
    }
    let sales_point_facts = point_query
        .into_tuple::<(i64, NaiveDate, Option<NaiveDate>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(commune_id, since, until)| SalesPointFacts {
            commune_id,
            open: Span { since, until },
        })
        .collect();
    let event_facts = event_query
        .into_tuple::<(Option<i64>, DateTime<Utc>, EventStatus)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(commune_id, starts_at, status)| EventFacts {
            commune_id,
            starts_on: starts_at
                .with_timezone(&crate::time::vn_offset())
                .date_naive(),
            cancelled: status == EventStatus::Cancelled,
        })
        .collect();
    let communes = commune_query.into_tuple::<i64>().all(db).await?;

    Ok(AreaFacts {
        communes,
        producers: producer_facts,
        products: product_facts,
        sales_points: sales_point_facts,
        events: event_facts,
    })
}
