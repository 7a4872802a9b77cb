//! Plans: an uploaded file is kept and checked on its preview page (an
//! unknown metric, a target in the wrong unit, a file too large, a stale
//! page: each named, nothing stored); a good one is previewed target by
//! target, stored, reported at `/bao-cao/{id}` and by the API, replaced by
//! a new version, and retired (it leaves the reports). Only administrators
//! upload.

use super::{admin_csrf, ADMIN};
use crate::stall_pages::{location, page, sign_in};
use app::demo::DEMO_PASSWORD;
use app::domain::AuditAction;
use app::entities::plans;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::{assert_audited, on_both_databases, plain_form as form, TestApp};

const PLAN: &str = r#"id = "thu-nghiem-2026"
title = "Kế hoạch thử nghiệm OCOP năm 2026 của Cần Thơ"
area = "Cần Thơ"
period = { from = "2026-01-01", to = "2026-12-31" }
reports = [{ kind = "annual", due = "12-10" }]

[[targets]]
metric = "certified_products"
op = ">="
value = 5
unit = "count"
source = "Mục 1: ít nhất 5 sản phẩm"

[[targets]]
metric = "products_on_ecommerce_pct"
op = ">="
value = 50
unit = "percent"
source = "Mục 2: một nửa sản phẩm lên sàn"
"#;

/// Uploads `text` as the plan file through the page's multipart form;
/// where the browser is sent.
async fn upload(app: &TestApp, client: &reqwest::Client, csrf: &str, text: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .part(
            "plan",
            reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name("ke-hoach.toml"),
        );
    let response = client
        .post(format!("{}/quan-tri/ke-hoach/tai-len", app.address))
        .header(reqwest::header::ORIGIN, &app.address)
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 303, "the door redirects");
    location(&response)
}

async fn stored(app: &TestApp, id: &str) -> Option<plans::Model> {
    plans::Entity::find()
        .filter(plans::Column::PlanKey.eq(id))
        .one(&app.db)
        .await
        .expect("query")
}

/// Stores the upload previewed at `preview`; where the browser is sent.
async fn store(app: &TestApp, client: &reqwest::Client, csrf: &str, preview: &str) -> String {
    let id = preview.rsplit('/').next().expect("id");
    location(
        &form(
            app,
            client,
            "admin_store_plan",
            preview,
            &[("csrf", csrf), ("id", id)],
        )
        .await,
    )
}

on_both_databases!(
    a_plan_is_uploaded_previewed_stored_reported_replaced_and_retired,
    |backend| async move {
        let app = tests::spawn_app(backend).await;
        let admin = sign_in(&app, ADMIN, DEMO_PASSWORD).await;
        let csrf = admin_csrf(&app, &admin).await;

        // Refused at the door: too large, empty, a stale page.
        let big = format!("{PLAN}\n# {}", "x".repeat(70 * 1024));
        assert_eq!(
            upload(&app, &admin, &csrf, &big).await,
            "/quan-tri/ke-hoach?loi=qua-lon#tai-len"
        );
        assert_eq!(
            upload(&app, &admin, &csrf, "  \n").await,
            "/quan-tri/ke-hoach?loi=trong#tai-len"
        );
        assert_eq!(
            upload(&app, &admin, "old-token", PLAN).await,
            "/quan-tri/ke-hoach?loi=phien#tai-len"
        );
        let (_, html) = page(&app, &admin, "/quan-tri/ke-hoach?loi=qua-lon").await;
        assert!(html.contains("Tệp quá lớn"), "the page says why");

        // Kept, but refused on its preview: an unknown metric, a target in
        // the wrong unit; storing it is refused too.
        for (bad, says) in [
            (
                PLAN.replace("certified_products", "happy_farmers"),
                "happy_farmers",
            ),
            (
                PLAN.replace("unit = \"count\"", "unit = \"percent\""),
                "tính bằng số lượng",
            ),
            (
                PLAN.replace("value = 5\n", "value = 5.5\n"),
                "phải là một số nguyên",
            ),
        ] {
            let preview = upload(&app, &admin, &csrf, &bad).await;
            assert!(
                preview.starts_with("/quan-tri/ke-hoach/tai-len/"),
                "{preview}"
            );
            let (_, html) = page(&app, &admin, &preview).await;
            assert!(
                html.contains("Không dùng được tệp này") && html.contains(says),
                "{says}: {}",
                &html[..html.len().min(400)]
            );
            assert!(store(&app, &admin, &csrf, &preview)
                .await
                .contains("__err="));
            assert!(
                stored(&app, "thu-nghiem-2026").await.is_none(),
                "nothing stored"
            );
        }

        // A good file: previewed with its units, stored, reported.
        let preview = upload(&app, &admin, &csrf, PLAN).await;
        let (_, html) = page(&app, &admin, &preview).await;
        assert!(html.contains("Kế hoạch thử nghiệm OCOP năm 2026 của Cần Thơ"));
        assert!(
            html.contains("2 mục tiêu") && html.contains("phần trăm") && html.contains("số lượng")
        );
        assert_eq!(
            store(&app, &admin, &csrf, &preview).await,
            "/bao-cao/thu-nghiem-2026"
        );
        let plan = stored(&app, "thu-nghiem-2026").await.expect("stored");
        assert_eq!(plan.uploaded_by.as_deref(), Some(ADMIN));
        assert_audited(&app, AuditAction::PlanUploaded, "thu-nghiem-2026", ADMIN).await;
        let (status, report) = app.get_json("/api/v1/reports/plans/thu-nghiem-2026").await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(
            report["targets"].as_array().map(Vec::len),
            Some(2),
            "{report}"
        );
        assert!(
            app.text("/bao-cao").await.contains("thu-nghiem-2026"),
            "listed with the reports"
        );
        // Storing the same upload again changes nothing.
        store(&app, &admin, &csrf, &preview).await;
        assert_eq!(
            tests::audited(&app, AuditAction::PlanUploaded, "thu-nghiem-2026")
                .await
                .len(),
            1
        );

        // A new version replaces it, and says so before it is stored.
        let preview = upload(
            &app,
            &admin,
            &csrf,
            &PLAN.replace("value = 5\n", "value = 7\n"),
        )
        .await;
        let (_, html) = page(&app, &admin, &preview).await;
        assert!(
            html.contains("Thay thế kế hoạch đang có cùng id"),
            "the preview names what it replaces"
        );
        store(&app, &admin, &csrf, &preview).await;
        let (_, report) = app.get_json("/api/v1/reports/plans/thu-nghiem-2026").await;
        assert_eq!(
            report["targets"][0]["target"].as_f64(),
            Some(7.0),
            "{report}"
        );

        // Retired, it leaves the reports.
        let retired = form(
            &app,
            &admin,
            "admin_retire_plan",
            "/quan-tri/ke-hoach",
            &[("csrf", &csrf), ("plan", "thu-nghiem-2026")],
        )
        .await;
        assert_eq!(location(&retired), "/quan-tri/ke-hoach");
        assert_audited(&app, AuditAction::PlanRetired, "thu-nghiem-2026", ADMIN).await;
        assert_eq!(
            app.get("/bao-cao/thu-nghiem-2026").await.status().as_u16(),
            404
        );
        assert!(!app.text("/bao-cao").await.contains("thu-nghiem-2026"));
        let (_, html) = page(&app, &admin, "/quan-tri/ke-hoach").await;
        assert!(
            html.contains("thu-nghiem-2026") && html.contains("Đã ngừng"),
            "the console still lists it"
        );

        // Only administrators upload.
        let officer = sign_in(&app, "canbo.cantho@demo.chocop.vn", DEMO_PASSWORD).await;
        let (_, desk) = page(&app, &officer, "/can-bo").await;
        let response = officer
            .post(format!("{}/quan-tri/ke-hoach/tai-len", app.address))
            .multipart(
                reqwest::multipart::Form::new()
                    .text("csrf", tests::csrf_in(&desk))
                    .part(
                        "plan",
                        reqwest::multipart::Part::bytes(PLAN.as_bytes().to_vec())
                            .file_name("k.toml"),
                    ),
            )
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 403);
    }
);
