//! What a guest had becomes the account's at sign-in: the guest session's
//! cart merges into the account's cart. Both the sign-in form and the API's
//! sign-in call it, before the guest session ends.

use crate::domain::MAX_QUANTITY;
use crate::entities::{cart_items, carts};
use crate::error::AppResult;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

/// Moves the guest cart of `guest_session_id` into `user_id`'s cart at
/// sign-in: quantities add up (at most 999), the account's price seen wins.
pub async fn merge_at_sign_in(
    db: &DatabaseConnection,
    guest_session_id: i64,
    user_id: i64,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let Some(guest) = carts::Entity::find()
        .filter(carts::Column::SessionId.eq(guest_session_id))
        .filter(carts::Column::UserId.is_null())
        .one(&txn)
        .await?
    else {
        return Ok(());
    };
    let account = match carts::Entity::find()
        .filter(carts::Column::UserId.eq(user_id))
        .order_by_asc(carts::Column::Id)
        .one(&txn)
        .await?
    {
        Some(cart) => cart,
        None => {
            // The guest cart simply becomes the account's.
            let mut active = guest.into_active_model();
            active.user_id = Set(Some(user_id));
            active.session_id = Set(None);
            active.updated_at = Set(Utc::now());
            active.update(&txn).await?;
            txn.commit().await?;
            return Ok(());
        }
    };
    let guest_items = cart_items::Entity::find()
        .filter(cart_items::Column::CartId.eq(guest.id))
        .all(&txn)
        .await?;
    for item in guest_items {
        let mine = cart_items::Entity::find()
            .filter(cart_items::Column::CartId.eq(account.id))
            .filter(cart_items::Column::ProductId.eq(item.product_id))
            .one(&txn)
            .await?;
        match mine {
            Some(mine) => {
                let total = (i64::from(mine.quantity) + i64::from(item.quantity)).min(MAX_QUANTITY);
                let mut active = mine.into_active_model();
                active.quantity = Set(total as i32);
                active.update(&txn).await?;
            }
            None => {
                let mut active = item.clone().into_active_model();
                active.cart_id = Set(account.id);
                active.update(&txn).await?;
            }
        }
    }
    carts::Entity::delete_by_id(guest.id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}
