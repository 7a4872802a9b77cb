//! Accounts: searched, an officer created for an area (mailed a link to
//! choose a password, then signs in), a role changed with its attachment
//! (sessions end), an account disabled and enabled, sign-ins reset (the old
//! password stops working). Bad input is named and changes nothing; an
//! administrator cannot lock themselves out; an officer can do none of it.

use super::{admin_csrf, ADMIN};
use crate::onboarding::{choose_password, mail_to};
use crate::stall_pages::{location, page, sign_in};
use app::demo::DEMO_PASSWORD;
use app::domain::{AuditAction, Role};
use app::entities::users;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::{assert_audited, on_both_databases, plain_form as form, TestApp};

async fn account(app: &TestApp, email: &str) -> users::Model {
    users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("{email} exists"))
}

/// Posts the account page's form `act` for account `id`; where the browser
/// is sent.
async fn change(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    id: i64,
    fields: &[(&str, &str)],
) -> String {
    let id = id.to_string();
    let mut all = vec![("csrf", csrf), ("id", id.as_str())];
    all.extend_from_slice(fields);
    let path = format!("/quan-tri/tai-khoan/{id}");
    location(&form(app, client, "admin_change_account", &path, &all).await)
}

/// Whether `email` can sign in with `password` (through the API).
async fn signs_in(app: &TestApp, email: &str, password: &str) -> bool {
    let response = tests::browser()
        .post(format!("{}/api/v1/auth/login", app.address))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("request");
    response.status().is_success()
}

on_both_databases!(
    an_administrator_manages_accounts_and_officers,
    |backend| async move {
        let app = tests::spawn_app(backend).await;
        // Only administrators open the console.
        let (_, html) = page(&app, &tests::browser(), "/quan-tri/tai-khoan").await;
        assert!(
            html.contains("/dang-nhap?next=/quan-tri/tai-khoan"),
            "signed out: asked to sign in"
        );
        let officer = sign_in(&app, "canbo.cantho@demo.chocop.vn", DEMO_PASSWORD).await;
        let (_, html) = page(&app, &officer, "/quan-tri/tai-khoan").await;
        assert!(
            html.contains("Trang này dành cho quản trị viên."),
            "an officer is told whom it is for"
        );
        assert!(!html.contains("nguoimua@demo.chocop.vn"));

        let admin = sign_in(&app, ADMIN, DEMO_PASSWORD).await;
        let csrf = admin_csrf(&app, &admin).await;
        let (status, html) =
            page(&app, &admin, "/quan-tri/tai-khoan?q=canbo&vai-tro=officer").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("canbo.cantho@demo.chocop.vn")
                && html.contains("canbo.dongthap@demo.chocop.vn"),
            "search by address and role"
        );
        assert!(
            !html.contains("nguoimua@demo.chocop.vn"),
            "other roles are filtered out"
        );

        // An officer for an area: an unknown area is named, nothing made.
        let new_officer = "canbo.laivung@example.vn";
        let refused = form(
            &app,
            &admin,
            "admin_create_officer",
            "/quan-tri/tai-khoan",
            &[
                ("csrf", &csrf),
                ("email", new_officer),
                ("name", "Cán bộ Lai Vung"),
                ("area", "Đồng Tháp/Atlantis"),
            ],
        )
        .await;
        assert!(
            location(&refused).contains("__err="),
            "{}",
            location(&refused)
        );
        assert!(users::Entity::find()
            .filter(users::Column::Email.eq(new_officer))
            .one(&app.db)
            .await
            .expect("query")
            .is_none());
        let made = form(
            &app,
            &admin,
            "admin_create_officer",
            "/quan-tri/tai-khoan",
            &[
                ("csrf", &csrf),
                ("email", new_officer),
                ("name", "Cán bộ Lai Vung"),
                ("area", "Đồng Tháp/Lai Vung"),
            ],
        )
        .await;
        let created = account(&app, new_officer).await;
        assert_eq!(
            location(&made),
            format!("/quan-tri/tai-khoan/{}", created.id)
        );
        assert_eq!(created.role, Role::Officer);
        assert!(created.area_commune_id.is_some(), "a commune officer");
        assert_audited(&app, AuditAction::OfficerCreated, new_officer, ADMIN).await;
        let mail = mail_to(&app, new_officer, "Tài khoản cán bộ OCOP").await;
        choose_password(&app, &mail, "mat-khau-can-bo-moi").await;
        assert!(
            signs_in(&app, new_officer, "mat-khau-can-bo-moi").await,
            "the new officer signs in"
        );

        // A role and its attachment, changed together; a producer member
        // needs a producer code.
        let shopper = account(&app, "nguoimua@demo.chocop.vn").await;
        let shopper_session = sign_in(&app, "nguoimua@demo.chocop.vn", DEMO_PASSWORD).await;
        let back = change(
            &app,
            &admin,
            &csrf,
            shopper.id,
            &[
                ("act", "role"),
                ("role", "producer"),
                ("producer", ""),
                ("area", ""),
            ],
        )
        .await;
        assert!(back.contains("__err="), "{back}");
        assert_eq!(
            account(&app, &shopper.email).await.role,
            Role::Shopper,
            "nothing changed"
        );
        let back = change(
            &app,
            &admin,
            &csrf,
            shopper.id,
            &[
                ("act", "role"),
                ("role", "officer"),
                ("producer", ""),
                ("area", "Đồng Tháp"),
            ],
        )
        .await;
        assert_eq!(back, format!("/quan-tri/tai-khoan/{}", shopper.id));
        let promoted = account(&app, &shopper.email).await;
        assert_eq!(promoted.role, Role::Officer);
        assert!(promoted.area_province_id.is_some() && promoted.area_commune_id.is_none());
        let entry = assert_audited(&app, AuditAction::UserRoleChanged, &shopper.email, ADMIN).await;
        assert!(
            entry
                .before
                .as_deref()
                .is_some_and(|b| b.contains("shopper")),
            "{:?}",
            entry.before
        );
        let (_, html) = page(&app, &shopper_session, "/tai-khoan/don-hang").await;
        assert!(
            html.contains("/dang-nhap?next="),
            "the account's sessions ended"
        );

        // Disabled, it cannot sign in; enabled, it can again.
        assert_eq!(
            change(&app, &admin, &csrf, shopper.id, &[("act", "disable")]).await,
            format!("/quan-tri/tai-khoan/{}", shopper.id)
        );
        assert!(
            !signs_in(&app, &shopper.email, DEMO_PASSWORD).await,
            "a disabled account cannot sign in"
        );
        assert_audited(&app, AuditAction::UserDisabled, &shopper.email, ADMIN).await;
        let (_, html) = page(&app, &admin, "/quan-tri/tai-khoan?da-khoa=1").await;
        assert!(html.contains(&shopper.email), "listed among the disabled");
        change(&app, &admin, &csrf, shopper.id, &[("act", "enable")]).await;
        assert!(signs_in(&app, &shopper.email, DEMO_PASSWORD).await);
        assert_audited(&app, AuditAction::UserEnabled, &shopper.email, ADMIN).await;

        // Sign-ins reset: the session ends, the password stops working, a
        // link to choose a new one is mailed.
        let member = "htx.phusa@demo.chocop.vn";
        let member_session = sign_in(&app, member, DEMO_PASSWORD).await;
        let member_id = account(&app, member).await.id;
        change(&app, &admin, &csrf, member_id, &[("act", "reset")]).await;
        let (_, html) = page(&app, &member_session, "/quan-ly").await;
        assert!(html.contains("/dang-nhap?next="), "signed out everywhere");
        assert!(
            !signs_in(&app, member, DEMO_PASSWORD).await,
            "the old password no longer works"
        );
        assert_audited(&app, AuditAction::UserSignInsReset, member, ADMIN).await;
        let mail = mail_to(&app, member, "Đặt lại mật khẩu").await;
        choose_password(&app, &mail, "mat-khau-moi-cua-htx").await;
        assert!(signs_in(&app, member, "mat-khau-moi-cua-htx").await);

        // No one locks themselves out; an officer's forged post does nothing.
        let me = account(&app, ADMIN).await;
        let back = change(&app, &admin, &csrf, me.id, &[("act", "disable")]).await;
        assert!(back.contains("__err="), "{back}");
        assert!(account(&app, ADMIN).await.disabled_at.is_none());
        let (_, desk) = page(&app, &officer, "/can-bo").await;
        let officer_csrf = tests::csrf_in(&desk);
        let forged = change(
            &app,
            &officer,
            &officer_csrf,
            shopper.id,
            &[("act", "disable")],
        )
        .await;
        assert!(forged.contains("__err="), "{forged}");
        assert!(
            account(&app, &shopper.email).await.disabled_at.is_none(),
            "an officer changes nothing"
        );
    }
);
