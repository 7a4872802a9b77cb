//! Accounts accept the operating rules and the privacy notice in force: a
//! new account at its first sign-in, every account again at the first
//! sign-in after a new version. What was accepted, and when, is kept; a
//! page left open across a new version accepts nothing.

use app::accounts::users::{add_user, NewUser};
use app::domain::Role;
use app::entities::policy_acceptances;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tests::{
    browser, csrf_in, form_field, location, on_both_databases, plain_form, spawn_app, TestApp,
};

const EMAIL: &str = "nguoi.moi@example.vn";
const PASSWORD: &str = "mat-khau-nguoi-moi-2026";
const CONSENT: &str = "/tai-khoan/chap-nhan-chinh-sach?next=%2Ftai-khoan%2Fdon-hang";

/// Posts a form as a browser without JavaScript does; where it goes next.
async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    action: &str,
    from: &str,
    fields: &[(&str, &str)],
) -> String {
    location(&plain_form(app, client, action, from, fields).await)
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body")
}

/// Signs in through the form in a new browser, going to the order history;
/// the browser and where the sign-in sent it.
async fn sign_in(app: &TestApp, email: &str, password: &str) -> (reqwest::Client, String) {
    let client = browser();
    let csrf = form_field(&page(app, &client, "/dang-nhap").await, "csrf").unwrap_or_default();
    let to = post(
        app,
        &client,
        "sign_in",
        "/dang-nhap",
        &[
            ("csrf", &csrf),
            ("email", email),
            ("password", password),
            ("next", "/tai-khoan/don-hang"),
        ],
    )
    .await;
    (client, to)
}

/// The list of policies to accept on the consent page.
fn listed(html: &str) -> String {
    let start = html.find("consent-list").expect("the list of policies");
    let end = html[start..]
        .find("</ul>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_owned()
}

async fn accepted(app: &TestApp, user_id: i64) -> Vec<(String, String)> {
    policy_acceptances::Entity::find()
        .filter(policy_acceptances::Column::UserId.eq(user_id))
        .order_by_asc(policy_acceptances::Column::Slug)
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .map(|a| (a.slug, a.version))
        .collect()
}

on_both_databases!(
    an_account_accepts_the_policies_in_force_at_sign_in,
    |backend| async move {
        let app = spawn_app(backend).await;
        let user = add_user(
            &app.db,
            &NewUser {
                email: EMAIL,
                display_name: "Người Mới",
                role: Role::Shopper,
                producer_code: None,
                area: None,
                password: PASSWORD,
                is_demo: false,
            },
        )
        .await
        .expect("an account");
        let in_force = app::accounts::consent::in_force(app::i18n::Locale::Vi);
        assert_eq!(
            in_force.len(),
            2,
            "the operating rules and the privacy notice"
        );
        let versions = in_force
            .iter()
            .map(|p| format!("{}@{}", p.slug, p.version))
            .collect::<Vec<_>>()
            .join(",");

        // A new account is asked first, and nothing is recorded until it agrees.
        let (client, to) = sign_in(&app, EMAIL, PASSWORD).await;
        assert_eq!(to, CONSENT);
        let html = page(&app, &client, CONSENT).await;
        for policy in &in_force {
            let listed = listed(&html);
            assert!(listed.contains(&policy.title), "{} is named", policy.slug);
            assert!(listed.contains(&format!("/chinh-sach/{}", policy.slug)));
            assert!(listed.contains(&policy.version));
        }
        assert_eq!(
            form_field(&html, "versions").as_deref(),
            Some(versions.as_str())
        );
        let csrf = csrf_in(&html);
        let refused = post(
            &app,
            &client,
            "account_accept_policies",
            CONSENT,
            &[
                ("csrf", &csrf),
                ("versions", &versions),
                ("next", "/tai-khoan/don-hang"),
            ],
        )
        .await;
        assert!(
            refused.contains("__err"),
            "the box is not ticked: {refused}"
        );
        // A page opened before a new version took effect accepts nothing.
        let stale = post(
            &app,
            &client,
            "account_accept_policies",
            CONSENT,
            &[
                ("csrf", &csrf),
                ("versions", "quy-che-hoat-dong@0.1,bao-mat@0.1"),
                ("agree", "1"),
                ("next", "/tai-khoan/don-hang"),
            ],
        )
        .await;
        assert!(stale.contains("__err"), "old versions: {stale}");
        assert!(accepted(&app, user.id).await.is_empty());

        // Accepting records each version and goes on; a second time adds nothing.
        for _ in 0..2 {
            let to = post(
                &app,
                &client,
                "account_accept_policies",
                CONSENT,
                &[
                    ("csrf", &csrf),
                    ("versions", &versions),
                    ("agree", "1"),
                    ("next", "/tai-khoan/don-hang"),
                ],
            )
            .await;
            assert_eq!(to, "/tai-khoan/don-hang");
        }
        let mut expected: Vec<(String, String)> = in_force
            .iter()
            .map(|p| (p.slug.clone(), p.version.clone()))
            .collect();
        expected.sort();
        assert_eq!(accepted(&app, user.id).await, expected);
        let (_, to) = sign_in(&app, EMAIL, PASSWORD).await;
        assert_eq!(to, "/tai-khoan/don-hang", "nothing left to accept");

        // A new version of the privacy notice since: asked again, for it alone.
        policy_acceptances::Entity::update_many()
            .col_expr(
                policy_acceptances::Column::Version,
                sea_orm::sea_query::Expr::value("0.9"),
            )
            .filter(policy_acceptances::Column::Slug.eq("bao-mat"))
            .filter(policy_acceptances::Column::UserId.eq(user.id))
            .exec(&app.db)
            .await
            .expect("an older acceptance");
        let (client, to) = sign_in(&app, EMAIL, PASSWORD).await;
        assert_eq!(to, CONSENT);
        let html = page(&app, &client, CONSENT).await;
        let privacy = in_force
            .iter()
            .find(|p| p.slug == "bao-mat")
            .expect("privacy");
        let rules = in_force
            .iter()
            .find(|p| p.slug != "bao-mat")
            .expect("rules");
        assert!(html.contains(&privacy.title));
        let listed = listed(&html);
        assert!(listed.contains(&privacy.title) && !listed.contains(&rules.title));
        assert_eq!(
            form_field(&html, "versions"),
            Some(format!("bao-mat@{}", privacy.version))
        );

        // The demo's accounts go straight on.
        let (_, to) = sign_in(&app, "nguoimua@demo.chocop.vn", app::demo::DEMO_PASSWORD).await;
        assert_eq!(to, "/tai-khoan/don-hang");
    }
);

on_both_databases!(
    a_new_policy_version_is_mailed_to_every_account_once,
    |backend| async move {
        use app::entities::{mail_outbox, policy_announcements, users};
        use app::i18n::Locale;
        use app::legal::announce::{announce, in_window};
        use app::legal::policies::list;
        use sea_orm::PaginatorTrait;
        let app = spawn_app(backend).await;
        // The versions the site started with are recorded, mailed to nobody.
        let started = policy_announcements::Entity::find()
            .all(&app.db)
            .await
            .expect("query");
        assert_eq!(started.len(), list(Locale::Vi).expect("policies").len());
        assert!(started.iter().all(|a| a.recipients == 0));
        let updates = || {
            mail_outbox::Entity::find()
                .filter(mail_outbox::Column::Subject.contains("Chợ OCOP cập nhật"))
                .count(&app.db)
        };
        assert_eq!(updates().await.expect("count"), 0);

        // The home page points out the versions taking effect about now.
        let home = app.text("/").await;
        let shown =
            !in_window(&list(Locale::Vi).expect("policies"), app::ssr::today_vn()).is_empty();
        assert_eq!(home.contains("Cập nhật chính sách"), shown);

        // A new version of the operating rules: every account is mailed once,
        // even by two servers announcing at the same moment.
        let bump = |mut policies: Vec<app::legal::PolicySummary>| {
            policies[0].version = "2.0".into();
            policies
        };
        let vi = bump(list(Locale::Vi).expect("policies"));
        let en = bump(list(Locale::En).expect("policies"));
        let now = chrono::Utc::now();
        let (a, b) = tokio::join!(
            announce(&app.db, &vi, &en, &app.public_url, now),
            announce(&app.db, &vi, &en, &app.public_url, now),
        );
        let accounts = users::Entity::find()
            .filter(users::Column::DisabledAt.is_null())
            .count(&app.db)
            .await
            .expect("count");
        assert_eq!(
            (a.expect("announce") + b.expect("announce")) as u64,
            accounts
        );
        assert_eq!(updates().await.expect("count"), accounts);
        let again = announce(&app.db, &vi, &en, &app.public_url, now)
            .await
            .expect("announce");
        assert_eq!(again, 0, "announced once");
        let mail = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::ToAddress.eq("nguoimua@demo.chocop.vn"))
            .filter(mail_outbox::Column::Subject.contains("Chợ OCOP cập nhật"))
            .one(&app.db)
            .await
            .expect("query")
            .expect("the shopper is told");
        assert!(
            mail.body_text.contains("phiên bản 2.0")
                && mail.body_text.contains("/chinh-sach/quy-che-hoat-dong")
        );

        // A program signing in learns what the account still has to accept.
        add_user(
            &app.db,
            &NewUser {
                email: EMAIL,
                display_name: "Người mới",
                role: Role::Shopper,
                producer_code: None,
                area: None,
                password: PASSWORD,
                is_demo: false,
            },
        )
        .await
        .expect("account");
        let login = |email: &'static str, password: &'static str| {
            tests::browser()
                .post(format!("{}/api/v1/auth/login", app.address))
                .json(&serde_json::json!({ "email": email, "password": password }))
                .send()
        };
        let fresh: serde_json::Value = login(EMAIL, PASSWORD)
            .await
            .expect("login")
            .json()
            .await
            .expect("json");
        let slugs: Vec<&str> = fresh["pending_policies"]
            .as_array()
            .expect("pending_policies")
            .iter()
            .filter_map(|p| p["slug"].as_str())
            .collect();
        assert_eq!(slugs, ["quy-che-hoat-dong", "bao-mat"]);
        let demo: serde_json::Value = login("nguoimua@demo.chocop.vn", app::demo::DEMO_PASSWORD)
            .await
            .expect("login")
            .json()
            .await
            .expect("json");
        assert_eq!(demo["pending_policies"], serde_json::json!([]));
    }
);
