//! Signing in with the page's form (JavaScript off): a wrong password is
//! told plainly, the guest's cart follows the shopper into the account,
//! `next` never leads off the site, and the order history lists the
//! account's orders, each readable without a token.

use app::demo::DEMO_PASSWORD;
use serde_json::{json, Value};
use tests::{csrf_in, location, on_both_databases, spawn_app};

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
        let page = app.text(&back).await;
        let main = page.find("<main").map_or(&page[..], |at| &page[at..]);
        assert!(
            page.contains("E-mail hoặc mật khẩu không đúng."),
            "{back} shows no refusal: {}",
            main.chars().take(1500).collect::<String>()
        );

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

on_both_databases!(
    a_forgotten_password_is_reset_by_mail,
    |backend| async move {
        use app::entities::mail_outbox;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let app = spawn_app(backend).await;
        let email = "nguoimua@demo.chocop.vn";
        let page = app.text("/quen-mat-khau").await;
        assert!(page.contains("Quên mật khẩu"));
        // An address without an account gets the same answer and no mail.
        let response = app
            .post_plain_form(
                "request_reset",
                "/quen-mat-khau",
                &[("email", "khongco@example.vn")],
            )
            .await;
        assert_eq!(location(&response), "/quen-mat-khau?da-gui=1");
        // That form started a session: from now on its token is required.
        let csrf = csrf_in(&app.text("/quen-mat-khau").await);
        let response = app
            .post_plain_form(
                "request_reset",
                "/quen-mat-khau",
                &[("csrf", &csrf), ("email", email)],
            )
            .await;
        assert_eq!(location(&response), "/quen-mat-khau?da-gui=1");
        let mails = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Subject.contains("mật khẩu"))
            .all(&app.db)
            .await
            .expect("mails");
        assert_eq!(mails.len(), 1, "one link, to the account");
        assert_eq!(mails[0].to_address, email);
        let link = mails[0]
            .body_text
            .split_whitespace()
            .find(|w| w.contains("/dat-lai-mat-khau?token="))
            .expect("link")
            .to_owned();
        let token = link.split("token=").nth(1).expect("token").to_owned();

        // A session signed in elsewhere ends with the reset.
        let (elsewhere, _) = app.signed_in_client(email, DEMO_PASSWORD).await;

        let reset_page = format!("/dat-lai-mat-khau?token={token}");
        let html = app.text(&reset_page).await;
        let csrf = csrf_in(&html);
        let short = app
            .post_plain_form(
                "reset_password",
                &reset_page,
                &[
                    ("csrf", &csrf),
                    ("token", &token),
                    ("password", "ngan"),
                    ("repeated", "ngan"),
                ],
            )
            .await;
        assert!(
            location(&short).contains("__err="),
            "a short password is refused"
        );
        let new_password = "mật khẩu mới rất dài";
        let done = app
            .post_plain_form(
                "reset_password",
                &reset_page,
                &[
                    ("csrf", &csrf),
                    ("token", &token),
                    ("password", new_password),
                    ("repeated", new_password),
                ],
            )
            .await;
        assert_eq!(location(&done), "/dang-nhap?da-doi-mat-khau=1");
        let (status, _) = {
            let r = elsewhere
                .get(format!("{}/api/v1/stall/products", app.address))
                .send()
                .await
                .expect("get");
            (r.status().as_u16(), ())
        };
        assert_eq!(status, 401, "the other session ended");
        // Used once.
        let again = app
            .post_plain_form(
                "reset_password",
                &reset_page,
                &[
                    ("csrf", &csrf),
                    ("token", &token),
                    ("password", new_password),
                    ("repeated", new_password),
                ],
            )
            .await;
        assert!(
            location(&again).contains("__err="),
            "a used link is refused"
        );
        let login = |password: &'static str| {
            let app = &app;
            async move {
                reqwest::Client::new()
                    .post(format!("{}/api/v1/auth/login", app.address))
                    .json(&json!({ "email": email, "password": password }))
                    .send()
                    .await
                    .expect("login")
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(
            login(DEMO_PASSWORD).await,
            401,
            "the old password no longer works"
        );
        assert_eq!(login(new_password).await, 200, "the new one does");
        assert_eq!(
            app::entities::password_resets::Entity::find()
                .count(&app.db)
                .await
                .expect("count"),
            1
        );
    }
);

on_both_databases!(an_officer_invites_a_producer_member, |backend| async move {
    use app::entities::mail_outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app(backend).await;
    let invite = |who: Option<&'static str>, body: Value| {
        let app = &app;
        async move {
            let (client, csrf) = match who {
                Some(email) => app.signed_in_client(email, DEMO_PASSWORD).await,
                None => (reqwest::Client::new(), String::new()),
            };
            let response = client
                .post(format!("{}/api/v1/invitations", app.address))
                .header("X-CSRF-Token", csrf)
                .json(&body)
                .send()
                .await
                .expect("invite");
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let body = json!({"email": "Thu.Ha@Example.vn", "display_name": "Nguyễn Thu Hà", "producer_code": "CT000001"});
    assert_eq!(invite(None, body.clone()).await.0, 401);
    assert_eq!(
        invite(Some("htx.phusa@demo.chocop.vn"), body.clone())
            .await
            .0,
        403,
        "members do not invite"
    );
    let (status, answer) = invite(Some("canbo.dongthap@demo.chocop.vn"), body.clone()).await;
    assert_eq!(
        status, 422,
        "a producer outside the officer's area: {answer}"
    );
    assert!(answer["error"]["fields"]["producer_code"].is_array());
    let (status, answer) = invite(Some("canbo.cantho@demo.chocop.vn"), body.clone()).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["email"], "thu.ha@example.vn");
    assert_eq!(answer["role"], "producer");
    let (status, answer) = invite(Some("canbo.cantho@demo.chocop.vn"), body.clone()).await;
    assert_eq!(status, 422, "the address is taken: {answer}");
    assert!(answer["error"]["fields"]["email"].is_array());
    // One invitation made, one entry in the audit log: refusals leave none.
    let producer = body["producer_code"].as_str().expect("producer code");
    let action = app::domain::AuditAction::MemberInvited;
    let entry = tests::assert_audited(&app, action, producer, "canbo.cantho@demo.chocop.vn").await;
    assert!(entry
        .after
        .as_deref()
        .is_some_and(|a| a.contains("thu.ha@example.vn")));
    assert_eq!(tests::audited(&app, action, producer).await.len(), 1);

    // The invitee follows the link, chooses a password, and runs the stall.
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("thu.ha@example.vn"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("invitation mail");
    assert!(mail.body_text.contains("Nguyễn Thu Hà"));
    let token = mail
        .body_text
        .split_whitespace()
        .find_map(|w| w.split("/dat-lai-mat-khau?token=").nth(1))
        .expect("link")
        .to_owned();
    let reset_page = format!("/dat-lai-mat-khau?token={token}");
    let password = "gian hàng phù sa 2026";
    let done = app
        .post_plain_form(
            "reset_password",
            &reset_page,
            &[
                ("token", &token),
                ("password", password),
                ("repeated", password),
            ],
        )
        .await;
    assert_eq!(location(&done), "/dang-nhap?da-doi-mat-khau=1");
    let (member, _) = app.signed_in_client("thu.ha@example.vn", password).await;
    let response = member
        .get(format!("{}/api/v1/stall/products", app.address))
        .send()
        .await
        .expect("stall");
    assert_eq!(
        response.status(),
        200,
        "the new member sees their producer's stall"
    );
});

on_both_databases!(
    a_sign_in_never_redirects_off_the_site,
    |backend| async move {
        // Findings 3 and 4 of the outside test: tab, CR, LF, space or a
        // backslash after the first `/` made a target browsers read as
        // another host, or dropped the connection.
        let app = spawn_app(backend).await;
        for next in [
            "/\t/evil.example",
            "/\n/x",
            "/\r\n/x",
            "/ /evil.example",
            "/\\evil.example",
            "https://evil.example/",
        ] {
            let csrf = csrf_in(&app.text("/dang-nhap").await);
            let response = app
                .post_plain_form(
                    "sign_in",
                    "/dang-nhap",
                    &[
                        ("csrf", &csrf),
                        ("email", "nguoimua@demo.chocop.vn"),
                        ("password", DEMO_PASSWORD),
                        ("next", next),
                    ],
                )
                .await;
            assert!(
                response.status().is_redirection(),
                "{next:?}: {}",
                response.status()
            );
            assert_eq!(location(&response), "/tai-khoan/don-hang", "{next:?}");
        }
    }
);
