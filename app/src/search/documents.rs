//! Builds search documents from the database: the certified, published
//! products of today, read in pages by id so memory stays flat at 200k products.

use crate::catalog::service::{certified_products, select_summary};
use crate::catalog::ProductFilter;
use crate::entities::{certifications, communes, product_stories, products};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order};
use sea_orm::{DatabaseConnection, DbErr, FromQueryResult};
use search_index::ProductDoc;

#[derive(FromQueryResult)]
struct DocRow {
    id: i64,
    code: String,
    slug: String,
    name: String,
    producer_name: String,
    province: String,
    commune: Option<String>,
    group_id: i16,
    stars: i16,
    price_vnd: i64,
    stock: i64,
    description: String,
    story: Option<String>,
    decided_on: NaiveDate,
    valid_until: NaiveDate,
}

/// Documents for products with id greater than `after`, at most `limit`, in id
/// order; restricted to `only` ids when given.
pub async fn load_documents(
    db: &DatabaseConnection,
    as_of: NaiveDate,
    after: i64,
    limit: u64,
    only: Option<&[i64]>,
) -> Result<Vec<ProductDoc>, DbErr> {
    let c = Alias::new("c");
    let mut q = certified_products(as_of, &ProductFilter::default());
    q.join(
        JoinType::LeftJoin,
        communes::Entity,
        Expr::col((communes::Entity, communes::Column::Id)).equals((
            crate::entities::producers::Entity,
            crate::entities::producers::Column::CommuneId,
        )),
    )
    .join(
        JoinType::LeftJoin,
        product_stories::Entity,
        Expr::col((product_stories::Entity, product_stories::Column::ProductId))
            .equals((products::Entity, products::Column::Id)),
    );
    select_summary(&mut q)
        .expr_as(
            Expr::col((communes::Entity, communes::Column::FullName)),
            Alias::new("commune"),
        )
        .expr_as(
            Expr::col((products::Entity, products::Column::Description)),
            Alias::new("description"),
        )
        .expr_as(
            Expr::col((product_stories::Entity, product_stories::Column::Source)),
            Alias::new("story"),
        )
        .expr_as(
            Expr::col((c.clone(), certifications::Column::DecidedOn)),
            Alias::new("decided_on"),
        )
        .expr_as(
            Expr::col((c, certifications::Column::ValidUntil)),
            Alias::new("valid_until"),
        )
        .and_where(Expr::col((products::Entity, products::Column::Id)).gt(after))
        .order_by((products::Entity, products::Column::Id), Order::Asc)
        .limit(limit);
    if let Some(ids) = only {
        q.and_where(Expr::col((products::Entity, products::Column::Id)).is_in(ids.iter().copied()));
    }
    let rows = DocRow::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(to_doc).collect())
}

fn to_doc(r: DocRow) -> ProductDoc {
    let mut text = r.description;
    if let Some(story) = r.story {
        text.push('\n');
        text.push_str(&story);
    }
    ProductDoc {
        id: r.id,
        code: r.code,
        slug: r.slug,
        name: r.name,
        producer_name: r.producer_name,
        province: r.province,
        commune: r.commune.unwrap_or_default(),
        group: u64::try_from(r.group_id).unwrap_or(0),
        stars: u64::try_from(r.stars).unwrap_or(0),
        price_vnd: u64::try_from(r.price_vnd).unwrap_or(0),
        in_stock: r.stock > 0,
        text,
        newest: r
            .decided_on
            .and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp()),
        lapses_on_day: day_number(r.valid_until),
        thumbnail: None,
    }
}

/// Days since 1970-01-01: how the index keeps calendar dates.
pub fn day_number(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::default()).num_days()
}

#[cfg(test)]
mod tests {
    use super::day_number;
    use chrono::NaiveDate;

    #[test]
    fn days_count_from_1970() {
        let day = |y, m, d| day_number(NaiveDate::from_ymd_opt(y, m, d).expect("date"));
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(day(2026, 12, 15), 20_802);
        assert_eq!(day(2027, 1, 1), 20_819);
    }
}
