//! The stall's events page (`/quan-ly/su-kien`) and numbers page
//! (`/quan-ly/so-lieu`), driven as a browser with JavaScript off drives
//! them; the helpers both use.

mod events;
mod numbers;

use app::demo::DEMO_PASSWORD;
use app::entities::{producers, products};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};
use tests::{location, send_json, TestApp};

/// Member of producer CT000001.
pub const PHUSA: &str = "htx.phusa@demo.chocop.vn";
/// Member of producer CT000002.
pub const THANHDAT: &str = "htx.thanhdat@demo.chocop.vn";
/// An officer of Cần Thơ.
pub const OFFICER: &str = "canbo.cantho@demo.chocop.vn";
/// A shopper.
pub const SHOPPER: &str = "nguoimua@demo.chocop.vn";
/// The events page, where its forms come back to.
pub const EVENTS_PAGE: &str = "/quan-ly/su-kien";

/// A browser of its own (cookies kept, redirects not followed) signed in
/// as `email`, and its session's CSRF token.
pub struct Browser {
    /// The client.
    pub client: reqwest::Client,
    /// The session's CSRF token ("" when signed out).
    pub csrf: String,
}

/// A new [`Browser`], signed in as `email` when given.
pub async fn browser(app: &TestApp, email: Option<&str>) -> Browser {
    let client = tests::browser();
    let mut csrf = String::new();
    if let Some(email) = email {
        let response = client
            .post(format!("{}/api/v1/auth/login", app.address))
            .json(&json!({ "email": email, "password": DEMO_PASSWORD }))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 200, "{email} signs in");
        let body: Value = response.json().await.expect("json");
        csrf = body["csrf_token"].as_str().expect("csrf").to_owned();
    }
    Browser { client, csrf }
}

impl Browser {
    /// The HTML of the page at `path`.
    pub async fn page(&self, app: &TestApp, path: &str) -> String {
        let response = self
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("page");
        response.text().await.expect("html")
    }

    /// Posts a form to server function `action` from the page at `page`,
    /// JavaScript off: the answer is a redirect, back with `__err` when refused.
    pub async fn post_form(
        &self,
        app: &TestApp,
        action: &str,
        page: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/api/fn/{action}", app.address))
            .header(reqwest::header::ACCEPT, "text/html")
            .header(reqwest::header::ORIGIN, &app.address)
            .header(reqwest::header::REFERER, format!("{}{page}", app.address))
            .form(form)
            .send()
            .await
            .expect("form")
    }

    /// Registers for `event` with `codes`, JavaScript off; whether it was refused.
    pub async fn register(&self, app: &TestApp, event: &str, codes: &[&str]) -> bool {
        let mut form = vec![("csrf", self.csrf.as_str()), ("event", event)];
        form.extend(codes.iter().map(|c| ("products[]", *c)));
        let response = self
            .post_form(app, "stall_event_register", EVENTS_PAGE, &form)
            .await;
        assert!(response.status().is_redirection(), "{}", response.status());
        location(&response).contains("__err=")
    }

    /// Withdraws from `event`, JavaScript off; whether it was refused.
    pub async fn withdraw(&self, app: &TestApp, event: &str) -> bool {
        let form = [("csrf", self.csrf.as_str()), ("event", event)];
        let response = self
            .post_form(app, "stall_event_withdraw", EVENTS_PAGE, &form)
            .await;
        assert!(response.status().is_redirection(), "{}", response.status());
        location(&response).contains("__err=")
    }

    /// The numbers page's data through its server function, as the page
    /// asks for it after navigating.
    pub async fn numbers(&self, app: &TestApp) -> Value {
        send_json(
            self.client
                .post(format!("{}/api/fn/stall_numbers", app.address))
                .form(&[("_", "")]),
        )
        .await
    }
}

/// Codes of producer `code`'s products, in order.
pub async fn codes_of(app: &TestApp, code: &str) -> Vec<String> {
    let producer = producers::Entity::find()
        .filter(producers::Column::Code.eq(code))
        .one(&app.db)
        .await
        .expect("query")
        .expect("producer");
    products::Entity::find()
        .filter(products::Column::ProducerId.eq(producer.id))
        .order_by_asc(products::Column::Code)
        .all(&app.db)
        .await
        .expect("products")
        .into_iter()
        .map(|p| p.code)
        .collect()
}

/// A product of producer `code` on sale with some stock.
pub async fn on_sale(app: &TestApp, code: &str) -> products::Model {
    for product_code in codes_of(app, code).await {
        let (status, body) = app
            .get_json(&format!("/api/v1/products/{product_code}"))
            .await;
        if status == 200
            && body["published"] == true
            && body["certification"]["valid"] == true
            && body["stock"].as_i64().unwrap_or(0) >= 5
        {
            return products::Entity::find()
                .filter(products::Column::Code.eq(product_code))
                .one(&app.db)
                .await
                .expect("query")
                .expect("product");
        }
    }
    panic!("{code} has a product on sale");
}
