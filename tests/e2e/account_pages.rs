//! Signing in with the page's form (JavaScript off): a wrong password is
//! told plainly, the guest's cart follows the shopper into the account,
//! `next` never leads off the site, and the order history lists the
//! account's orders, each readable without a token.

use app::demo::DEMO_PASSWORD;
use serde_json::{json, Value};
use tests::{location, on_both_databases, spawn_app};

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
        let response = app
            .post_plain_form(
                "cart_add",
                "/san-pham/x",
                &[("code", code), ("quantity", "1")],
            )
            .await;
        assert_eq!(location(&response), "/gio-hang");

        let page = app.text("/dang-nhap?next=/gio-hang").await;
        let csrf = csrf_in(&page);
        let response = app
            .post_plain_form(
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
        assert!(app
            .text(&back)
            .await
            .contains("E-mail hoặc mật khẩu không đúng."));

        // `next` off the site is ignored.
        let response = app
            .post_plain_form(
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
        let cart = app.text("/gio-hang").await;
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

        let history = app.text("/tai-khoan/don-hang").await;
        assert!(history.contains(&number), "the history lists the order");
        // The account reads its order without the token.
        let order = app.text(&format!("/don-hang/{number}")).await;
        assert!(order.contains("Chờ xác nhận"));

        // Signing out ends the session; the history asks to sign in.
        let response = app
            .post_plain_form(
                "sign_out",
                "/tai-khoan/don-hang",
                &[("csrf", &csrf_in(&history))],
            )
            .await;
        assert_eq!(location(&response), "/");
        let history = app.text("/tai-khoan/don-hang").await;
        assert!(!history.contains(&number));
        assert!(history.contains("/dang-nhap"));
    }
);
