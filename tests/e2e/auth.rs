//! Signing in and out through `/api/v1/auth`: the session cookie's flags, the
//! same answer for a wrong address and a wrong password, the rate limit, and
//! the CSRF token every state change with a session must carry.

use app::demo::DEMO_PASSWORD;
use serde_json::{json, Value};
use tests::{on_both_databases, spawn_app, TestApp};

const PRODUCER: &str = "htx.phusa@demo.chocop.vn";

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/auth/login", app.address))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("request")
}

async fn logout(app: &TestApp, csrf: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.address));
    if let Some(token) = csrf {
        request = request.header("X-CSRF-Token", token);
    }
    request.send().await.expect("request")
}

on_both_databases!(
    sign_in_sets_a_safe_cookie_and_sign_out_needs_the_csrf_token,
    |backend| async move {
        let app = spawn_app(backend).await;
        let response = login(&app, "  HTX.PhuSa@demo.chocop.vn ", DEMO_PASSWORD).await;
        assert_eq!(response.status().as_u16(), 200);
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("a session cookie")
            .to_string();
        assert!(cookie.starts_with("ocop_session="), "{cookie}");
        for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(flag), "{flag} in {cookie}");
        }
        assert!(!cookie.contains("Secure"), "no Secure over plain http");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["user"]["role"], "producer");
        let csrf = body["csrf_token"].as_str().expect("csrf token").to_string();
        assert!(!body.to_string().contains("password"));

        // The same token is handed out for the session.
        let (status, again) = app.get_json("/api/v1/auth/csrf").await;
        assert_eq!(status, 200);
        assert_eq!(again["csrf_token"], csrf.as_str());

        // A state change with the session but without its token is refused.
        let refused = logout(&app, None).await;
        assert_eq!(refused.status().as_u16(), 403);
        let error: Value = refused.json().await.expect("json");
        assert_eq!(error["error"]["code"], "csrf_rejected");
        assert!(error["error"]["message"]
            .as_str()
            .expect("message")
            .contains("CSRF"));
        let wrong = logout(&app, Some("0000")).await;
        assert_eq!(wrong.status().as_u16(), 403);

        let done = logout(&app, Some(&csrf)).await;
        assert_eq!(done.status().as_u16(), 204);
        let cleared = done
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        // The session is gone: a new one gets a new token.
        let (_, fresh) = app.get_json("/api/v1/auth/csrf").await;
        assert_ne!(fresh["csrf_token"], csrf.as_str());
    }
);

on_both_databases!(
    wrong_address_and_wrong_password_answer_alike,
    |backend| async move {
        let app = spawn_app(backend).await;
        let unknown = login(&app, "nobody@example.vn", DEMO_PASSWORD).await;
        let wrong = login(&app, PRODUCER, "not the password").await;
        assert_eq!(unknown.status().as_u16(), 401);
        assert_eq!(wrong.status().as_u16(), 401);
        let (mut a, mut b): (Value, Value) = (
            unknown.json().await.expect("json"),
            wrong.json().await.expect("json"),
        );
        // Each answer names its own request; nothing else differs.
        for body in [&mut a, &mut b] {
            let id = body["error"]
                .as_object_mut()
                .and_then(|e| e.remove("request_id"));
            assert!(id.is_some(), "the error names its request");
        }
        assert_eq!(a, b, "nothing tells which was wrong");
        assert!(a["error"]["message"]
            .as_str()
            .expect("message")
            .contains("đăng nhập"));

        let garbage = app
            .client
            .post(format!("{}/api/v1/auth/login", app.address))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .expect("request");
        assert_eq!(garbage.status().as_u16(), 422);
    }
);

on_both_databases!(
    the_twenty_first_wrong_password_in_a_minute_is_refused,
    |backend| async move {
        let app = spawn_app(backend).await;
        for attempt in 1..=20 {
            let response = login(&app, PRODUCER, &format!("wrong {attempt}")).await;
            assert_eq!(response.status().as_u16(), 401, "attempt {attempt}");
        }
        let limited = login(&app, PRODUCER, "wrong 21").await;
        assert_eq!(limited.status().as_u16(), 429);
        let retry: u64 = limited
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in seconds");
        assert!((1..=61).contains(&retry), "{retry}");
        let body: Value = limited.json().await.expect("json");
        assert_eq!(body["error"]["code"], "rate_limited");
        // Even the right password waits: guessing cannot go on in parallel.
        let right = login(&app, PRODUCER, DEMO_PASSWORD).await;
        assert_eq!(right.status().as_u16(), 429);
        // Another account is not affected.
        let other = login(&app, "canbo.cantho@demo.chocop.vn", DEMO_PASSWORD).await;
        assert_eq!(other.status().as_u16(), 200);
    }
);
