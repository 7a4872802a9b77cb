//! Answering a checkout once per `Idempotency-Key`: the key's form, the
//! fingerprint of the request it was first sent with, and the replay of the
//! stored answer, which for a card checkout left without its Stripe session
//! by a dead process opens that session now.

use super::input::CheckoutInput;
use super::place::{CheckoutContext, Placed};
use crate::entities::checkouts;
use crate::error::{AppError, AppResult, Message};
use crate::orders::receipt::CheckoutReceipt;
use crate::payments::card;
use crate::sessions::sha256_hex;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};

/// Longest `Idempotency-Key` accepted.
const MAX_KEY_CHARS: usize = 200;
/// Checks an `Idempotency-Key` header value.
pub fn check_key(key: &str) -> AppResult<()> {
    let ok = !key.is_empty()
        && key.len() <= MAX_KEY_CHARS
        && key.bytes().all(|b| (0x21..0x7f).contains(&b));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "Idempotency-Key",
            "Idempotency-Key phải gồm 1-200 ký tự ASCII in được, không có khoảng trắng.",
            "Idempotency-Key must be 1-200 printable ASCII characters without spaces.",
        ))
    }
}

/// The fingerprint of a request: a key replayed with a different body is
/// refused, not answered with another checkout's result.
pub(super) fn request_hash(input: &CheckoutInput, user_id: Option<i64>) -> String {
    let text = serde_json::to_string(&(input, user_id)).unwrap_or_default();
    sha256_hex(&text)
}

pub(super) async fn replay(
    ctx: &CheckoutContext<'_>,
    key: &str,
    hash: &str,
) -> AppResult<Option<Placed>> {
    let Some(existing) = checkouts::Entity::find()
        .filter(checkouts::Column::IdempotencyKey.eq(key))
        .one(ctx.db)
        .await?
    else {
        return Ok(None);
    };
    if existing.request_hash != hash {
        return Err(AppError::Conflict {
            code: "idempotency_key_reused",
            message: Message::new(
                "Idempotency-Key này đã được dùng cho một đơn hàng khác.",
                "This Idempotency-Key was already used for a different order.",
            ),
        });
    }
    let mut receipt = CheckoutReceipt::from_stored(existing.response_body.as_deref())
        .ok_or_else(|| AppError::internal(DbErr::Custom("checkout without its answer".into())))?;
    if receipt.card_session_pending() {
        if let Some(card) = ctx.card {
            if card::resume_payment(ctx.db, card, &existing, &mut receipt, ctx.settings, ctx.now)
                .await?
            {
                return Ok(Some(Placed {
                    receipt,
                    replayed: true,
                }));
            }
        }
        return Err(AppError::Conflict {
            code: "checkout_in_progress",
            message: Message::new(
                "Đơn hàng này đang được chuyển sang trang thanh toán thẻ; vui lòng thử lại sau giây lát.",
                "This order is being passed to the card payment page; please try again in a moment.",
            ),
        });
    }
    Ok(Some(Placed {
        receipt,
        replayed: true,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_checked() {
        assert!(check_key("3f2b9c1e-aaaa-4bbb-8ccc-123456789abc").is_ok());
        for bad in ["", "has space", "ké", &"x".repeat(201)] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
    }
}
