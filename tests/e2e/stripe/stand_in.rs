//! A local stand-in for Stripe's API: `POST /v1/checkout/sessions` on
//! 127.0.0.1:0, answering with a whole Checkout Session object as Stripe
//! documents it (so async-stripe's deserializer is exercised for real). It
//! checks what Stripe would refuse — the bearer key, VND with whole-đồng
//! amounts, an expiry 30 minutes to 24 hours ahead — records every request,
//! and can be told to fail with a 500.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// The key tests configure and the stand-in expects.
pub const SECRET_KEY: &str = "sk_test_standin_51OcopKey";

/// One request as received: its form fields, decoded.
pub type Form = HashMap<String, String>;

#[derive(Default)]
struct Shared {
    fail: AtomicBool,
    counter: AtomicU32,
    requests: Mutex<Vec<Form>>,
    sessions: Mutex<HashMap<String, Value>>,
}

/// A running stand-in.
pub struct StandIn {
    /// `http://127.0.0.1:PORT`, for `STRIPE_API_BASE`.
    pub base_url: String,
    shared: Arc<Shared>,
}

impl StandIn {
    /// Starts one on a free port.
    pub async fn start() -> StandIn {
        let shared = Arc::new(Shared::default());
        let app = Router::new()
            .route("/v1/checkout/sessions", post(create_session))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("stand-in binds");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        StandIn { base_url, shared }
    }

    /// From now on, answer every request with a 500 (or stop doing so).
    pub fn fail(&self, failing: bool) {
        self.shared.fail.store(failing, Ordering::SeqCst);
    }

    /// Every request received, oldest first.
    pub fn requests(&self) -> Vec<Form> {
        self.shared.requests.lock().expect("lock").clone()
    }

    /// The session `id` as it was answered.
    pub fn session(&self, id: &str) -> Value {
        self.shared.sessions.lock().expect("lock")[id].clone()
    }
}

fn stripe_error(status: StatusCode, kind: &str, message: &str) -> Response {
    let body = json!({ "error": { "type": kind, "message": message } });
    (status, Json(body)).into_response()
}

/// What Stripe would refuse in this request, if anything.
fn refusal(form: &Form) -> Option<String> {
    let field = |name: &str| form.get(name).map(String::as_str);
    if field("mode") != Some("payment") {
        return Some("mode must be payment".into());
    }
    if field("currency") != Some("vnd") {
        return Some("currency must be vnd".into());
    }
    let now = chrono::Utc::now().timestamp();
    match field("expires_at").and_then(|v| v.parse::<i64>().ok()) {
        Some(t) if t >= now + 30 * 60 && t <= now + 24 * 3600 => {}
        _ => return Some("expires_at must be 30 minutes to 24 hours ahead".into()),
    }
    for name in ["success_url", "cancel_url"] {
        if !field(name).is_some_and(|u| u.starts_with("http")) {
            return Some(format!("{name} must be an absolute URL"));
        }
    }
    let mut i = 0;
    while let Some(amount) = field(&format!("line_items[{i}][price_data][unit_amount]")) {
        // VND has no minor unit: whole đồng, as an integer.
        if !amount.bytes().all(|b| b.is_ascii_digit()) || amount.starts_with('0') {
            return Some(format!(
                "line {i}: unit_amount {amount:?} is not whole đồng"
            ));
        }
        if field(&format!("line_items[{i}][price_data][currency]")) != Some("vnd") {
            return Some(format!("line {i}: currency must be vnd"));
        }
        if field(&format!("line_items[{i}][quantity]")) != Some("1") {
            return Some(format!("line {i}: quantity must be 1"));
        }
        i += 1;
    }
    (i == 0).then(|| "line_items is required".into())
}

async fn create_session(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let form: Form = form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    shared.requests.lock().expect("lock").push(form.clone());
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {SECRET_KEY}"));
    if !authorized {
        return stripe_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            "Invalid API Key provided",
        );
    }
    if shared.fail.load(Ordering::SeqCst) {
        return stripe_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "api_error",
            "The stand-in was told to fail.",
        );
    }
    if let Some(problem) = refusal(&form) {
        return stripe_error(StatusCode::BAD_REQUEST, "invalid_request_error", &problem);
    }
    let n = shared.counter.fetch_add(1, Ordering::SeqCst);
    let id = format!("cs_test_a1StandIn{n:04}b2c3d4e5f6");
    let session = session_object(&id, &form);
    shared
        .sessions
        .lock()
        .expect("lock")
        .insert(id, session.clone());
    Json(session).into_response()
}

/// A new, open Checkout Session, shaped like the example in Stripe's API
/// reference ("The Checkout Session object").
fn session_object(id: &str, form: &Form) -> Value {
    let field = |name: &str| form.get(name).cloned();
    let mut total = 0_i64;
    let mut i = 0;
    while let Some(amount) = field(&format!("line_items[{i}][price_data][unit_amount]")) {
        total += amount.parse::<i64>().unwrap_or(0);
        i += 1;
    }
    let metadata: serde_json::Map<String, Value> = form
        .iter()
        .filter_map(|(k, v)| {
            let key = k.strip_prefix("metadata[")?.strip_suffix(']')?;
            Some((key.to_owned(), Value::from(v.clone())))
        })
        .collect();
    json!({
        "id": id,
        "object": "checkout.session",
        "adaptive_pricing": { "enabled": false },
        "after_expiration": null,
        "allow_promotion_codes": null,
        "amount_subtotal": total,
        "amount_total": total,
        "automatic_tax": { "enabled": false, "liability": null, "provider": null, "status": null },
        "billing_address_collection": null,
        "cancel_url": field("cancel_url"),
        "client_reference_id": field("client_reference_id"),
        "client_secret": null,
        "collected_information": null,
        "consent": null,
        "consent_collection": null,
        "created": chrono::Utc::now().timestamp(),
        "currency": "vnd",
        "currency_conversion": null,
        "custom_fields": [],
        "custom_text": { "after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null },
        "customer": null,
        "customer_creation": "if_required",
        "customer_details": null,
        "customer_email": field("customer_email"),
        "discounts": [],
        "expires_at": field("expires_at").and_then(|v| v.parse::<i64>().ok()),
        "invoice": null,
        "invoice_creation": null,
        "livemode": false,
        "locale": null,
        "metadata": metadata,
        "mode": "payment",
        "payment_intent": null,
        "payment_link": null,
        "payment_method_collection": "if_required",
        "payment_method_configuration_details": null,
        "payment_method_options": { "card": { "request_three_d_secure": "automatic" } },
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "phone_number_collection": { "enabled": false },
        "recovered_from": null,
        "saved_payment_method_options": null,
        "setup_intent": null,
        "shipping_address_collection": null,
        "shipping_cost": null,
        "shipping_options": [],
        "status": "open",
        "submit_type": null,
        "subscription": null,
        "success_url": field("success_url"),
        "total_details": { "amount_discount": 0, "amount_shipping": 0, "amount_tax": 0 },
        "ui_mode": "hosted",
        "url": format!("https://checkout.stripe.com/c/pay/{id}#fidkdWxOYHwnPyd1blpxYHZxWjA0"),
        "wallet_options": null
    })
}
