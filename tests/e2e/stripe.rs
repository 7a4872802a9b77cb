//! Card payments through Stripe, against a local stand-in for Stripe's API:
//! a card checkout opens a Checkout Session in whole đồng; only a signed,
//! fresh webhook changes anything, each event once; an expiry gives the
//! stock back, a refund refunds; a Stripe failure leaves nothing reserved;
//! without a key the card option does not exist; and a signature made by
//! Stripe's own Python library is accepted.

mod python;
pub(crate) mod stand_in;

use super::checkout::{order_body, post_checkout, products_of_distinct_producers, stock_of};
use app::domain::{OrderStatus, PaymentStatus, ReservationStatus};
use app::entities::{
    checkouts, mail_outbox, order_status_history, orders, payments, stock_reservations,
    webhook_events,
};
use hmac::{Hmac, Mac};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use sha2::Sha256;
use stand_in::{StandIn, SECRET_KEY};
use tests::{on_both_databases, spawn_app, spawn_app_with, Backend, TestApp};

pub(crate) const WEBHOOK_SECRET: &str = "whsec_test_ocop_5f1a2b3c4d";

/// The server with card payments on, talking to a fresh stand-in.
async fn spawn_card_app(backend: Backend) -> (TestApp, StandIn) {
    let stand_in = StandIn::start().await;
    let base = stand_in.base_url.clone();
    let app = spawn_app_with(backend, move |settings| {
        settings.stripe.secret_key = Some(server::config::Secret::new(SECRET_KEY));
        settings.stripe.webhook_secret = Some(server::config::Secret::new(WEBHOOK_SECRET));
        settings.stripe.api_base = base;
    })
    .await;
    (app, stand_in)
}

/// A `Stripe-Signature` header, computed here independently of the server.
pub(crate) fn signature(payload: &str, secret: &str, t: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.{payload}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

pub(crate) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A Stripe Event object around `object`.
pub(crate) fn event(id: &str, kind: &str, object: Value) -> String {
    json!({
        "id": id,
        "object": "event",
        "api_version": "2025-09-30.clover",
        "created": now(),
        "data": { "object": object },
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": kind,
    })
    .to_string()
}

async fn post_event(app: &TestApp, payload: &str, header: Option<String>) -> (u16, Value) {
    let mut request = app
        .client
        .post(format!("{}/api/v1/webhooks/stripe", app.address))
        .header("Content-Type", "application/json")
        .body(payload.to_owned());
    if let Some(header) = header {
        request = request.header("Stripe-Signature", header);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post_signed(app: &TestApp, payload: &str) -> (u16, Value) {
    post_event(
        app,
        payload,
        Some(signature(payload, WEBHOOK_SECRET, now())),
    )
    .await
}

/// The session as Stripe sends it once paid.
pub(crate) fn paid(session: &Value, intent: &str) -> Value {
    let mut session = session.clone();
    session["status"] = json!("complete");
    session["payment_status"] = json!("paid");
    session["payment_intent"] = json!(intent);
    session
}

/// Places a card checkout of one unit of each product; its answer.
async fn place_card(app: &TestApp, codes: &[&str], key: Option<&str>) -> Value {
    let items: Vec<(&str, i64)> = codes.iter().map(|c| (*c, 1)).collect();
    let (status, placed) = post_checkout(app, &order_body(&items, "card"), key).await;
    assert_eq!(status, 201, "{placed}");
    placed
}

pub(crate) async fn payment_of(db: &DatabaseConnection, placed: &Value) -> payments::Model {
    let checkout = checkouts::Entity::find()
        .filter(checkouts::Column::PublicId.eq(placed["checkout_id"].as_str().unwrap()))
        .one(db)
        .await
        .unwrap()
        .expect("checkout");
    payments::Entity::find()
        .filter(payments::Column::CheckoutId.eq(checkout.id))
        .one(db)
        .await
        .unwrap()
        .expect("payment")
}

async fn orders_of(db: &DatabaseConnection, placed: &Value) -> Vec<orders::Model> {
    let payment = payment_of(db, placed).await;
    orders::Entity::find()
        .filter(orders::Column::CheckoutId.eq(payment.checkout_id))
        .all(db)
        .await
        .unwrap()
}

async fn statuses(db: &DatabaseConnection, placed: &Value) -> Vec<String> {
    orders_of(db, placed)
        .await
        .into_iter()
        .map(|o| o.status.to_string())
        .collect()
}

async fn steps_to(db: &DatabaseConnection, order_id: i64, status: &str) -> u64 {
    order_status_history::Entity::find()
        .filter(order_status_history::Column::OrderId.eq(order_id))
        .filter(order_status_history::Column::ToStatus.eq(status))
        .count(db)
        .await
        .unwrap()
}

async fn event_count(db: &DatabaseConnection) -> u64 {
    webhook_events::Entity::find().count(db).await.unwrap()
}

on_both_databases!(
    a_card_checkout_opens_a_session_and_one_webhook_pays_it_once,
    |backend| async move {
        let (app, stand_in) = spawn_card_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 2, 3).await;
        let (a, b) = (&chosen[0], &chosen[1]);
        let key = "card-checkout-1";
        let placed = place_card(&app, &[&a.code, &b.code], Some(key)).await;

        // One session, one line per order, whole đồng, our pages to return to.
        let requests = stand_in.requests();
        assert_eq!(requests.len(), 1);
        let form = &requests[0];
        let orders_json = placed["orders"].as_array().unwrap();
        assert_eq!(orders_json.len(), 2);
        for (i, order) in orders_json.iter().enumerate() {
            let price = |f: &str| form[&format!("line_items[{i}][price_data][{f}]")].clone();
            assert_eq!(price("unit_amount"), order["total_vnd"].to_string());
            let number = order["number"].as_str().unwrap();
            let name = form[&format!("line_items[{i}][price_data][product_data][name]")].clone();
            assert!(name.starts_with(&format!("Đơn hàng {number} — ")), "{name}");
            assert!(price("currency") == "vnd");
        }
        assert_eq!(
            form["metadata[checkout_id]"],
            placed["checkout_id"].as_str().unwrap()
        );
        assert_eq!(
            form["client_reference_id"],
            placed["checkout_id"].as_str().unwrap()
        );
        let success_url = form["success_url"].clone();
        assert!(
            success_url.starts_with(&format!("{}/don-hang/", app.base_url())),
            "{success_url}"
        );
        let expires_in = form["expires_at"].parse::<i64>().unwrap() - now();
        assert!((30 * 60..=32 * 60).contains(&expires_in), "{expires_in}");

        // The shopper is sent to the session; the payment knows it.
        let payment = payment_of(&app.db, &placed).await;
        let session = stand_in.session(payment.provider_ref.as_deref().expect("session id"));
        assert_eq!(placed["payment"]["redirect_url"], session["url"]);
        assert_eq!(payment.status, PaymentStatus::Pending);
        assert_eq!(
            payment.amount_vnd,
            session["amount_total"].as_i64().unwrap()
        );
        assert_eq!(
            statuses(&app.db, &placed).await,
            ["pending_payment", "pending_payment"]
        );
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 1);
        // Nobody is told of an order before it is paid.
        assert_eq!(mail_outbox::Entity::find().count(&app.db).await.unwrap(), 0);
        // A retry gets the same page, not a second session.
        let (status, again) = post_checkout(
            &app,
            &order_body(&[(&a.code, 1), (&b.code, 1)], "card"),
            Some(key),
        )
        .await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(again, placed);
        assert_eq!(stand_in.requests().len(), 1);

        // Coming back from Stripe changes nothing by itself.
        let page = app.client.get(&success_url).send().await.unwrap();
        assert_eq!(page.status().as_u16(), 200);
        let html = page.text().await.unwrap();
        assert!(
            html.contains("Chờ thanh toán thẻ"),
            "the page says it waits for the card payment"
        );
        assert!(
            html.contains("Stripe đang xác nhận"),
            "and that Stripe is confirming it"
        );
        // Without the return marker, the page offers Stripe's page again.
        let plain = success_url.replace("&thanh-toan=xong", "");
        let html = app
            .client
            .get(&plain)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let session_url = session["url"].as_str().unwrap();
        assert!(
            html.contains(session_url),
            "a link back to the payment page"
        );
        assert_eq!(
            statuses(&app.db, &placed).await,
            ["pending_payment", "pending_payment"]
        );
        assert_eq!(
            payment_of(&app.db, &placed).await.status,
            PaymentStatus::Pending
        );

        // The signed event, delivered twice, pays once.
        let payload = event(
            "evt_1Completed",
            "checkout.session.completed",
            paid(&session, "pi_3PaidOnce"),
        );
        let (first, body) = post_signed(&app, &payload).await;
        assert_eq!(
            (first, body["outcome"].as_str()),
            (200, Some("applied")),
            "{body}"
        );
        let (second, body) = post_signed(&app, &payload).await;
        assert_eq!(
            (second, body["outcome"].as_str()),
            (200, Some("replayed")),
            "{body}"
        );
        assert_eq!(event_count(&app.db).await, 1);
        let payment = payment_of(&app.db, &placed).await;
        assert_eq!(payment.status, PaymentStatus::Succeeded);
        assert!(payment.confirmed_at.is_some());
        assert_eq!(
            payment.provider_payment_ref.as_deref(),
            Some("pi_3PaidOnce")
        );
        for order in orders_of(&app.db, &placed).await {
            assert_eq!(order.status, OrderStatus::Confirmed);
            assert!(order.payment_received_at.is_some());
            assert_eq!(steps_to(&app.db, order.id, "confirmed").await, 1);
            let holds = stock_reservations::Entity::find()
                .filter(stock_reservations::Column::OrderId.eq(order.id))
                .all(&app.db)
                .await
                .unwrap();
            assert!(holds
                .iter()
                .all(|h| h.status == ReservationStatus::Committed));
        }
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 1);
        // Now the shopper and both producers hear of it.
        assert!(mail_outbox::Entity::find().count(&app.db).await.unwrap() >= 1);
        let token = placed["access_token"].as_str().unwrap();
        let number = orders_json[0]["number"].as_str().unwrap();
        let (_, order) = app
            .get_json(&format!("/api/v1/orders/{number}?token={token}"))
            .await;
        assert_eq!(order["paid"], true);
        assert!(order["card_payment_url"].is_null());
    }
);

on_both_databases!(
    bad_or_stale_signatures_and_wrong_amounts_change_nothing,
    |backend| async move {
        let (app, stand_in) = spawn_card_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 1, 2).await;
        let placed = place_card(&app, &[&chosen[0].code], None).await;
        let payment = payment_of(&app.db, &placed).await;
        let session = stand_in.session(payment.provider_ref.as_deref().unwrap());
        let payload = event(
            "evt_2Forged",
            "checkout.session.completed",
            paid(&session, "pi_x"),
        );

        let wrong_secret = signature(&payload, "whsec_someone_else", now());
        let stale = signature(&payload, WEBHOOK_SECRET, now() - 301);
        let tampered_body = payload.replace("\"paid\"", "\"paid\" ");
        let cases = [
            (payload.clone(), Some(wrong_secret), "bad_signature"),
            (payload.clone(), None, "bad_signature"),
            (
                payload.clone(),
                Some("t=1,v1=zz".to_owned()),
                "bad_signature",
            ),
            (
                tampered_body,
                Some(signature(&payload, WEBHOOK_SECRET, now())),
                "bad_signature",
            ),
            (payload.clone(), Some(stale), "stale_signature"),
        ];
        for (body, header, code) in cases {
            let (status, answer) = post_event(&app, &body, header.clone()).await;
            assert_eq!(status, 400, "{header:?}: {answer}");
            assert_eq!(answer["error"]["code"], code, "{answer}");
            assert!(answer["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("Stripe")));
        }
        // Signed and fresh, but for a hundred times the amount: refused too.
        let mut inflated = paid(&session, "pi_x");
        inflated["amount_total"] = json!(payment.amount_vnd * 100);
        let (status, answer) = post_signed(
            &app,
            &event("evt_2Inflated", "checkout.session.completed", inflated),
        )
        .await;
        assert_eq!(status, 422, "{answer}");
        let mut dollars = paid(&session, "pi_x");
        dollars["currency"] = json!("usd");
        let (status, _) = post_signed(
            &app,
            &event("evt_2Usd", "checkout.session.completed", dollars),
        )
        .await;
        assert_eq!(status, 422);

        assert_eq!(event_count(&app.db).await, 0);
        assert_eq!(
            payment_of(&app.db, &placed).await.status,
            PaymentStatus::Pending
        );
        assert_eq!(statuses(&app.db, &placed).await, ["pending_payment"]);

        // An event type we do not act on is acknowledged and recorded.
        let (status, answer) = post_signed(
            &app,
            &event(
                "evt_2Other",
                "customer.created",
                json!({"id": "cus_1", "object": "customer"}),
            ),
        )
        .await;
        assert_eq!(
            (status, answer["outcome"].as_str()),
            (200, Some("recorded"))
        );
        assert_eq!(event_count(&app.db).await, 1);
        assert_eq!(statuses(&app.db, &placed).await, ["pending_payment"]);
    }
);

on_both_databases!(
    a_declined_card_is_noted_and_an_expired_session_gives_the_stock_back,
    |backend| async move {
        let (app, stand_in) = spawn_card_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 2, 2).await;
        let (a, b) = (&chosen[0], &chosen[1]);
        let placed = place_card(&app, &[&a.code, &b.code], None).await;
        let payment = payment_of(&app.db, &placed).await;
        let session = stand_in.session(payment.provider_ref.as_deref().unwrap());
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 1);

        // A declined card: noted, and the shopper may try again.
        let intent = json!({
            "id": "pi_3Declined", "object": "payment_intent", "amount": payment.amount_vnd,
            "currency": "vnd", "status": "requires_payment_method",
            "metadata": { "checkout_id": placed["checkout_id"] },
            "last_payment_error": { "code": "card_declined", "decline_code": "insufficient_funds", "type": "card_error" }
        });
        let (status, answer) = post_signed(
            &app,
            &event("evt_3Failed", "payment_intent.payment_failed", intent),
        )
        .await;
        assert_eq!(
            (status, answer["outcome"].as_str()),
            (200, Some("applied")),
            "{answer}"
        );
        assert_eq!(
            payment_of(&app.db, &placed).await.status,
            PaymentStatus::Failed
        );
        assert_eq!(
            statuses(&app.db, &placed).await,
            ["pending_payment", "pending_payment"]
        );
        let order = &orders_of(&app.db, &placed).await[0];
        let notes: Vec<String> = order_status_history::Entity::find()
            .filter(order_status_history::Column::OrderId.eq(order.id))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|h| h.note)
            .collect();
        assert!(
            notes.iter().any(|n| n.contains("insufficient_funds")),
            "{notes:?}"
        );

        // The page expires unpaid: orders cancelled, stock back.
        let mut expired = session.clone();
        expired["status"] = json!("expired");
        let (status, answer) = post_signed(
            &app,
            &event("evt_3Expired", "checkout.session.expired", expired),
        )
        .await;
        assert_eq!(
            (status, answer["outcome"].as_str()),
            (200, Some("applied")),
            "{answer}"
        );
        assert_eq!(statuses(&app.db, &placed).await, ["cancelled", "cancelled"]);
        assert_eq!(
            payment_of(&app.db, &placed).await.status,
            PaymentStatus::Cancelled
        );
        assert_eq!(stock_of(&app.db, a.id).await, a.stock);
        assert_eq!(stock_of(&app.db, b.id).await, b.stock);
        // The sweeper finds nothing left to give back.
        let later = chrono::Utc::now() + chrono::Duration::days(2);
        app::orders::reservations::release_expired(&app.db, later)
            .await
            .unwrap();
        assert_eq!(stock_of(&app.db, a.id).await, a.stock);
    }
);

on_both_databases!(
    a_full_refund_refunds_the_payment_and_its_orders,
    |backend| async move {
        let (app, stand_in) = spawn_card_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 1, 2).await;
        let placed = place_card(&app, &[&chosen[0].code], None).await;
        let payment = payment_of(&app.db, &placed).await;
        let session = stand_in.session(payment.provider_ref.as_deref().unwrap());
        let (status, _) = post_signed(
            &app,
            &event(
                "evt_4Paid",
                "checkout.session.completed",
                paid(&session, "pi_3Refund"),
            ),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(statuses(&app.db, &placed).await, ["confirmed"]);

        let charge = |refunded: bool, amount_refunded: i64| {
            json!({
                "id": "ch_3Refund", "object": "charge", "amount": payment.amount_vnd,
                "amount_refunded": amount_refunded, "currency": "vnd", "refunded": refunded,
                "payment_intent": "pi_3Refund", "metadata": {}
            })
        };
        // A partial refund is recorded; the order stands.
        let (status, answer) = post_signed(
            &app,
            &event("evt_4Partial", "charge.refunded", charge(false, 10_000)),
        )
        .await;
        assert_eq!(
            (status, answer["outcome"].as_str()),
            (200, Some("recorded"))
        );
        assert_eq!(statuses(&app.db, &placed).await, ["confirmed"]);
        // The whole amount back: payment and order refunded.
        let (status, answer) = post_signed(
            &app,
            &event(
                "evt_4Full",
                "charge.refunded",
                charge(true, payment.amount_vnd),
            ),
        )
        .await;
        assert_eq!(
            (status, answer["outcome"].as_str()),
            (200, Some("applied")),
            "{answer}"
        );
        assert_eq!(
            payment_of(&app.db, &placed).await.status,
            PaymentStatus::Refunded
        );
        assert_eq!(statuses(&app.db, &placed).await, ["refunded"]);
        let order = &orders_of(&app.db, &placed).await[0];
        assert_eq!(steps_to(&app.db, order.id, "refunded").await, 1);
    }
);

on_both_databases!(
    without_a_stripe_key_card_is_refused_and_nothing_is_reserved,
    |backend| async move {
        let app = spawn_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 1, 2).await;
        let a = &chosen[0];
        let (status, answer) =
            post_checkout(&app, &order_body(&[(&a.code, 1)], "card"), None).await;
        assert_eq!(status, 422, "{answer}");
        assert!(answer["error"]["fields"]["payment"][0]
            .as_str()
            .unwrap()
            .contains("thẻ"));
        assert_eq!(stock_of(&app.db, a.id).await, a.stock);
        assert_eq!(orders::Entity::find().count(&app.db).await.unwrap(), 0);
        assert_eq!(
            stock_reservations::Entity::find()
                .count(&app.db)
                .await
                .unwrap(),
            0
        );
        // No webhook either: nothing could ever be paid by card here.
        let payload = event("evt_5", "checkout.session.completed", json!({}));
        let (status, _) = post_signed(&app, &payload).await;
        assert_eq!(status, 404);
    }
);

on_both_databases!(
    a_stripe_failure_undoes_the_checkout_and_says_so,
    |backend| async move {
        let (app, stand_in) = spawn_card_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 2, 2).await;
        let (a, b) = (&chosen[0], &chosen[1]);
        stand_in.fail(true);
        let body = order_body(&[(&a.code, 1), (&b.code, 1)], "card");
        let key = "card-while-stripe-is-down";
        let (status, answer) = post_checkout(&app, &body, Some(key)).await;
        assert_eq!(status, 502, "{answer}");
        assert_eq!(answer["error"]["code"], "payment_unavailable");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("chưa được đặt"),
            "{answer}"
        );
        assert_eq!(stand_in.requests().len(), 1);
        // Nothing stays reserved.
        assert_eq!(stock_of(&app.db, a.id).await, a.stock);
        assert_eq!(stock_of(&app.db, b.id).await, b.stock);
        let held = stock_reservations::Entity::find()
            .filter(stock_reservations::Column::Status.eq(ReservationStatus::Held))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(held, 0);
        let all: Vec<orders::Model> = orders::Entity::find().all(&app.db).await.unwrap();
        assert!(
            all.iter().all(|o| o.status == OrderStatus::Cancelled),
            "{all:?}"
        );
        assert_eq!(mail_outbox::Entity::find().count(&app.db).await.unwrap(), 0);

        // Stripe is back: the same key is a new attempt, not the old failure.
        stand_in.fail(false);
        let (status, placed) = post_checkout(&app, &body, Some(key)).await;
        assert_eq!(status, 201, "{placed}");
        assert!(placed["payment"]["redirect_url"].as_str().is_some());
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 1);
    }
);

on_both_databases!(
    a_webhook_signed_by_stripes_python_library_is_accepted,
    |backend| async move {
        let (app, stand_in) = spawn_card_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 1, 2).await;
        let placed = place_card(&app, &[&chosen[0].code], None).await;
        let payment = payment_of(&app.db, &placed).await;
        let session = stand_in.session(payment.provider_ref.as_deref().unwrap());
        let payload = event(
            "evt_6Python",
            "checkout.session.completed",
            paid(&session, "pi_3Python"),
        );
        let t = now();
        let header = tokio::task::spawn_blocking({
            let payload = payload.clone();
            move || python::stripe_python_signature(&payload, WEBHOOK_SECRET, t)
        })
        .await
        .unwrap();
        // Ours and the library's agree byte for byte.
        assert_eq!(header, signature(&payload, WEBHOOK_SECRET, t));
        let (status, answer) = post_event(&app, &payload, Some(header)).await;
        assert_eq!(
            (status, answer["outcome"].as_str()),
            (200, Some("applied")),
            "{answer}"
        );
        assert_eq!(statuses(&app.db, &placed).await, ["confirmed"]);
    }
);

/// Puts a placed card checkout back in the state a crash between writing its
/// orders and recording its session leaves: no session on the payment, none
/// in the stored answer, last touched `age` ago.
async fn orphan(db: &DatabaseConnection, placed: &Value, age: chrono::Duration) {
    use sea_orm::sea_query::Expr;
    let payment = payment_of(db, placed).await;
    let mut answer = placed.clone();
    answer["payment"]["redirect_url"] = Value::Null;
    checkouts::Entity::update_many()
        .col_expr(
            checkouts::Column::ResponseBody,
            Expr::value(answer.to_string()),
        )
        .col_expr(
            checkouts::Column::UpdatedAt,
            Expr::value(chrono::Utc::now() - age),
        )
        .filter(checkouts::Column::Id.eq(payment.checkout_id))
        .exec(db)
        .await
        .unwrap();
    payments::Entity::update_many()
        .col_expr(
            payments::Column::ProviderRef,
            Expr::value(Option::<String>::None),
        )
        .filter(payments::Column::Id.eq(payment.id))
        .exec(db)
        .await
        .unwrap();
}

on_both_databases!(
    a_card_checkout_left_without_its_session_by_a_crash_is_opened_on_the_retry,
    |backend| async move {
        let (app, stand_in) = spawn_card_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 2, 2).await;
        let (a, b) = (&chosen[0], &chosen[1]);
        let body = order_body(&[(&a.code, 1), (&b.code, 1)], "card");
        let key = "card-orphaned-by-a-crash";
        let placed = place_card(&app, &[&a.code, &b.code], Some(key)).await;

        // Within the deadline the first request may still be at it.
        orphan(&app.db, &placed, chrono::Duration::seconds(5)).await;
        let (status, answer) = post_checkout(&app, &body, Some(key)).await;
        assert_eq!(status, 409, "{answer}");
        assert_eq!(answer["error"]["code"], "checkout_in_progress");
        assert_eq!(stand_in.requests().len(), 1);

        // After it, the retry opens the session: same checkout, same orders.
        orphan(&app.db, &placed, chrono::Duration::seconds(31)).await;
        let (status, resumed) = post_checkout(&app, &body, Some(key)).await;
        assert_eq!(status, 200, "{resumed}");
        assert_eq!(resumed["checkout_id"], placed["checkout_id"]);
        assert_eq!(resumed["orders"], placed["orders"]);
        assert_eq!(stand_in.requests().len(), 2);
        let payment = payment_of(&app.db, &placed).await;
        let session = stand_in.session(payment.provider_ref.as_deref().expect("session id"));
        assert_eq!(resumed["payment"]["redirect_url"], session["url"]);
        // The stock is held for a new session's time from now.
        let soonest = stock_reservations::Entity::find()
            .filter(stock_reservations::Column::Status.eq(ReservationStatus::Held))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|r| r.expires_at)
            .min()
            .expect("held");
        assert!(soonest > chrono::Utc::now() + chrono::Duration::minutes(30));
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 1);
        // Another retry is a plain replay.
        let (status, again) = post_checkout(&app, &body, Some(key)).await;
        assert_eq!((status, &again), (200, &resumed));
        assert_eq!(stand_in.requests().len(), 2);
        // Paying the session confirms the orders, once.
        let payload = event(
            "evt_resumed",
            "checkout.session.completed",
            paid(&session, "pi_resumed"),
        );
        assert_eq!(post_signed(&app, &payload).await.0, 200);
        assert_eq!(statuses(&app.db, &placed).await, ["confirmed", "confirmed"]);

        // A checkout whose hold ran out meanwhile is not reopened.
        let key = "card-orphaned-and-expired";
        let placed = place_card(&app, &[&a.code], Some(key)).await;
        orphan(&app.db, &placed, chrono::Duration::minutes(90)).await;
        {
            use sea_orm::sea_query::Expr;
            stock_reservations::Entity::update_many()
                .col_expr(
                    stock_reservations::Column::ExpiresAt,
                    Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
                )
                .filter(stock_reservations::Column::Status.eq(ReservationStatus::Held))
                .exec(&app.db)
                .await
                .unwrap();
        }
        app::orders::reservations::release_expired(&app.db, chrono::Utc::now())
            .await
            .unwrap();
        let (status, answer) =
            post_checkout(&app, &order_body(&[(&a.code, 1)], "card"), Some(key)).await;
        assert_eq!(status, 409, "{answer}");
        assert_eq!(answer["error"]["code"], "checkout_expired");
        assert!(answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("hết thời gian giữ hàng"));
        assert_eq!(stand_in.requests().len(), 3);
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 1, "the paid unit");
    }
);
