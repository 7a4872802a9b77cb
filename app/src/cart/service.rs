//! Carts in the database: a guest's belongs to their browser session, a
//! signed-in shopper's to their account (the guest cart merges into it at
//! sign-in). Each line remembers the price seen when it was added, so the
//! cart can say "the price changed" instead of charging silently.

use super::types::{CartGroup, CartLine, CartView};
use crate::catalog::service::sellable_ids;
use crate::domain::RegisterCode;
use crate::domain::MAX_QUANTITY;
use crate::entities::{cart_items, carts, producers, products, provinces, sessions};
use crate::error::{AppError, AppResult};
use crate::state::{CommerceSettings, ShippingRule};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use std::collections::BTreeMap;

/// Whose cart: the account's when signed in, else the browser session's.
fn owner_filter(session: &sessions::Model) -> sea_orm::Condition {
    match session.user_id {
        Some(user_id) => sea_orm::Condition::all().add(carts::Column::UserId.eq(user_id)),
        None => sea_orm::Condition::all().add(carts::Column::SessionId.eq(session.id)),
    }
}

/// The session's cart, if it has one.
pub async fn find_cart(
    db: &impl ConnectionTrait,
    session: &sessions::Model,
) -> AppResult<Option<carts::Model>> {
    Ok(carts::Entity::find()
        .filter(owner_filter(session))
        .order_by_asc(carts::Column::Id)
        .one(db)
        .await?)
}

async fn cart_or_new(
    db: &impl ConnectionTrait,
    session: &sessions::Model,
) -> AppResult<carts::Model> {
    if let Some(cart) = find_cart(db, session).await? {
        return Ok(cart);
    }
    let now = Utc::now();
    let (session_id, user_id) = match session.user_id {
        Some(user_id) => (None, Some(user_id)),
        None => (Some(session.id), None),
    };
    Ok(carts::ActiveModel {
        session_id: Set(session_id),
        user_id: Set(user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A product that can be bought today, by code.
async fn sellable(
    db: &DatabaseConnection,
    code: &str,
    today: NaiveDate,
) -> AppResult<products::Model> {
    let not_sold = || {
        AppError::invalid(
            "code",
            "Sản phẩm này hiện không bán.",
            "This product is not on sale.",
        )
    };
    let code = RegisterCode::parse(code).map_err(|_| not_sold())?;
    let product = products::Entity::find()
        .filter(products::Column::Code.eq(code.as_str()))
        .one(db)
        .await?
        .ok_or_else(not_sold)?;
    let ok = !sellable_ids(db, &[product.id], today).await?.is_empty();
    if ok {
        Ok(product)
    } else {
        Err(not_sold())
    }
}

fn check_quantity(quantity: i64) -> AppResult<i32> {
    if (1..=MAX_QUANTITY).contains(&quantity) {
        Ok(quantity as i32)
    } else {
        Err(AppError::invalid(
            "quantity",
            "Số lượng phải từ 1 đến 999.",
            "The quantity must be 1 to 999.",
        ))
    }
}

/// Adds `quantity` units of `code` (to what is already there, at most 999).
pub async fn add(
    db: &DatabaseConnection,
    session: &sessions::Model,
    code: &str,
    quantity: i64,
    today: NaiveDate,
) -> AppResult<()> {
    let quantity = check_quantity(quantity)?;
    let product = sellable(db, code, today).await?;
    let txn = crate::db::begin_write(db).await?;
    let cart = cart_or_new(&txn, session).await?;
    let now = Utc::now();
    let existing = cart_items::Entity::find()
        .filter(cart_items::Column::CartId.eq(cart.id))
        .filter(cart_items::Column::ProductId.eq(product.id))
        .one(&txn)
        .await?;
    match existing {
        Some(item) => {
            let total = (i64::from(item.quantity) + i64::from(quantity)).min(MAX_QUANTITY);
            let mut active = item.into_active_model();
            active.quantity = Set(total as i32);
            active.updated_at = Set(now);
            active.update(&txn).await?;
        }
        None => {
            cart_items::ActiveModel {
                cart_id: Set(cart.id),
                product_id: Set(product.id),
                quantity: Set(quantity),
                price_seen_vnd: Set(product.price_vnd),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Sets the quantity of `code` in the cart; 0 removes the line.
pub async fn set_quantity(
    db: &DatabaseConnection,
    session: &sessions::Model,
    code: &str,
    quantity: i64,
) -> AppResult<()> {
    let Some(cart) = find_cart(db, session).await? else {
        return Ok(());
    };
    let Ok(code) = RegisterCode::parse(code) else {
        return Ok(());
    };
    let Some(product) = products::Entity::find()
        .filter(products::Column::Code.eq(code.as_str()))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    // 0 removes the line; anything else must be a quantity one can buy.
    let quantity = match quantity {
        0 => None,
        n => Some(check_quantity(n)?),
    };
    let line = cart_items::Entity::find()
        .filter(cart_items::Column::CartId.eq(cart.id))
        .filter(cart_items::Column::ProductId.eq(product.id))
        .one(db)
        .await?;
    let Some(line) = line else {
        return Ok(());
    };
    let Some(quantity) = quantity else {
        cart_items::Entity::delete_by_id(line.id).exec(db).await?;
        return Ok(());
    };
    let mut active = line.into_active_model();
    active.quantity = Set(quantity);
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}

/// Takes the current price as seen (after the shopper was shown the change).
pub async fn accept_prices(db: &DatabaseConnection, session: &sessions::Model) -> AppResult<()> {
    let Some(cart) = find_cart(db, session).await? else {
        return Ok(());
    };
    let items = cart_items::Entity::find()
        .filter(cart_items::Column::CartId.eq(cart.id))
        .find_also_related(products::Entity)
        .all(db)
        .await?;
    for (item, product) in items {
        if let Some(product) = product.filter(|p| p.price_vnd != item.price_seen_vnd) {
            let mut active = item.into_active_model();
            active.price_seen_vnd = Set(product.price_vnd);
            active.update(db).await?;
        }
    }
    Ok(())
}

/// Empties the cart (after a checkout).
pub async fn clear(db: &impl ConnectionTrait, session: &sessions::Model) -> AppResult<()> {
    if let Some(cart) = find_cart(db, session).await? {
        cart_items::Entity::delete_many()
            .filter(cart_items::Column::CartId.eq(cart.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The cart as its page shows it: grouped by producer, each group with its
/// subtotal and the shipping estimate to `province_id` (the producer's own
/// province when unknown), every line checked against today's price, stock
/// and certification.
pub async fn view(
    db: &DatabaseConnection,
    session: &sessions::Model,
    settings: &CommerceSettings,
    province_id: Option<i64>,
    today: NaiveDate,
) -> AppResult<CartView> {
    let Some(cart) = find_cart(db, session).await? else {
        return Ok(CartView::default());
    };
    let items = cart_items::Entity::find()
        .filter(cart_items::Column::CartId.eq(cart.id))
        .order_by_asc(cart_items::Column::Id)
        .find_also_related(products::Entity)
        .all(db)
        .await?;
    let ids: Vec<i64> = items.iter().map(|(i, _)| i.product_id).collect();
    let on_sale = sellable_ids(db, &ids, today).await?;
    let producer_ids: Vec<i64> = items
        .iter()
        .filter_map(|(_, p)| p.as_ref().map(|p| p.producer_id))
        .collect();
    let producer_rows: BTreeMap<i64, producers::Model> = producers::Entity::find()
        .filter(producers::Column::Id.is_in(producer_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let province_ids: Vec<i64> = producer_rows.values().map(|p| p.province_id).collect();
    let province_names: BTreeMap<i64, String> = provinces::Entity::find()
        .filter(provinces::Column::Id.is_in(province_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut groups: BTreeMap<i64, CartGroup> = BTreeMap::new();
    for (item, product) in items {
        let Some(product) = product else { continue };
        let Some(producer) = producer_rows.get(&product.producer_id) else {
            continue;
        };
        let group = groups.entry(producer.id).or_insert_with(|| CartGroup {
            producer_code: producer.code.clone(),
            producer_name: producer.name.clone(),
            producer_slug: producer.slug.clone(),
            province: province_names
                .get(&producer.province_id)
                .cloned()
                .unwrap_or_default(),
            ..Default::default()
        });
        let available = on_sale.contains(&product.id);
        let line = CartLine {
            code: product.code.clone(),
            slug: product.slug.clone(),
            name: product.name.clone(),
            unit: product.unit.clone(),
            quantity: item.quantity,
            price_vnd: product.price_vnd,
            price_seen_vnd: item.price_seen_vnd,
            stock: product.stock,
            on_sale: available,
            line_total_vnd: product.price_vnd * i64::from(item.quantity),
        };
        if available {
            group.subtotal_vnd += line.line_total_vnd;
        }
        group.lines.push(line);
    }
    let mut view = CartView::default();
    for (producer_id, mut group) in groups {
        if let Some(producer) = producer_rows.get(&producer_id) {
            let rule = ShippingRule::for_producer(
                settings,
                producer.ship_same_province_vnd,
                producer.ship_other_province_vnd,
                producer.free_ship_over_vnd,
            );
            let same = province_id.is_none_or(|p| p == producer.province_id);
            group.shipping_vnd = if group.subtotal_vnd == 0 {
                0
            } else {
                rule.fee(group.subtotal_vnd, same)
            };
            group.free_ship_over_vnd = rule.free_over_vnd;
        }
        view.total_vnd += group.subtotal_vnd + group.shipping_vnd;
        view.groups.push(group);
    }
    Ok(view)
}
