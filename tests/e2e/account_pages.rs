//! Signing in with the page's form (JavaScript off): a wrong password is
//! told plainly, the guest's cart follows the shopper into the account,
//! `next` never leads off the site, and the order history lists the
//! account's orders, each readable without a token.

use app::demo::DEMO_PASSWORD;
use reqwest::header::{ACCEPT, LOCATION, ORIGIN, REFERER};
use serde_json::{json, Value};
use tests::{on_both_databases, spawn_app, TestApp};

const HTML: &str = "text/html,application/xhtml+xml";

async fn post_form(
    app: &TestApp,
    action: &str,
    page: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(format!("{}/api/fn/{action}", app.address))
        .header(ACCEPT, HTML)
        .header(ORIGIN, &app.address)
        .header(REFERER, format!("{}{page}", app.address))
        .form(form)
        .send()
        .await
        .expect("request")
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn text(app: &TestApp, path: &str) -> String {
    let path = path.strip_prefix(app.address.as_str()).unwrap_or(path);
    app.get(path).await.text().await.expect("body")
}

/// The CSRF token in a page's hidden field.
fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\"").expect("csrf field");
    let rest = &html[at..];
    let value = rest.split("value=\"").nth(1).expect("value");
    value[..value.find('"').expect("quote")].to_owned()
}

on_both_databases!(
    a_shopper_signs_in_and_sees_their_orders,
    |backend| async move {
        let app = spawn_app(backend).await;
        let (_, list) = app.get_json("/api/v1/products?limit=20").await;
        let item = list["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|p| p["in_stock"] == true)
            .expect("a product in stock")
            .clone();
        let code = item["code"].as_str().expect("code");

        // As a guest: something in the cart.
        let response = post_form(
            &app,
            "cart_add",
            "/san-pham/x",
            &[("code", code), ("quantity", "1")],
        )
        .await;
        assert_eq!(location(&response), "/gio-hang");

        let page = text(&app, "/dang-nhap?next=/gio-hang").await;
        let csrf = csrf_in(&page);
        let response = post_form(
            &app,
            "sign_in",
            "/dang-nhap?next=/gio-hang",
            &[
                ("csrf", &csrf),
                ("email", "nguoimua@demo.chocop.vn"),
                ("password", "not the password"),
                ("next", "/gio-hang"),
            ],
        )
        .await;
        let back = location(&response);
        assert!(back.contains("__err="), "{back}");
        assert!(text(&app, &back)
            .await
            .contains("E-mail hoặc mật khẩu không đúng."));

        // `next` off the site is ignored.
        let response = post_form(
            &app,
            "sign_in",
            "/dang-nhap",
            &[
                ("csrf", &csrf),
                ("email", "nguoimua@demo.chocop.vn"),
                ("password", DEMO_PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
        assert_eq!(location(&response), "/tai-khoan/don-hang");
        assert!(
            response.headers().get("set-cookie").is_some(),
            "a new session"
        );

        // The guest cart followed; the account checks out through the API.
        let cart = text(&app, "/gio-hang").await;
        assert!(
            cart.contains(item["name"].as_str().expect("name")),
            "cart kept at sign-in"
        );
        let csrf = csrf_in(&cart);
        let response = app
        .client
        .post(format!("{}/api/v1/checkout", app.address))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({
            "items": [{"code": code, "quantity": 1}],
            "contact": {"name": "Người Mua Demo", "phone": "0912345678"},
            "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 1"},
            "payment": "cod",
        }))
        .send()
        .await
        .expect("checkout");
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.expect("json");
        let number = body["orders"][0]["number"]
            .as_str()
            .expect("number")
            .to_owned();

        let history = text(&app, "/tai-khoan/don-hang").await;
        assert!(history.contains(&number), "the history lists the order");
        // The account reads its order without the token.
        let order = text(&app, &format!("/don-hang/{number}")).await;
        assert!(order.contains("Chờ xác nhận"));

        // Signing out ends the session; the history asks to sign in.
        let response = post_form(
            &app,
            "sign_out",
            "/tai-khoan/don-hang",
            &[("csrf", &csrf_in(&history))],
        )
        .await;
        assert_eq!(location(&response), "/");
        let history = text(&app, "/tai-khoan/don-hang").await;
        assert!(!history.contains(&number));
        assert!(history.contains("/dang-nhap"));
    }
);
