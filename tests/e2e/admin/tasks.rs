//! The console's overview: every setting's status and never a secret; the
//! search index rebuilt and a backup made from the page, with their
//! progress until done (one of each kind at a time), both audited in the
//! administrator's name; and the annual statistics for the ministry, as a
//! page, JSON and a workbook, counting an order placed this year.

use super::{admin_csrf, ADMIN};
use crate::order_steps::{order, product_of};
use crate::stall_pages::{location, page, sign_in};
use app::demo::DEMO_PASSWORD;
use app::domain::AuditAction;
use tests::{assert_audited, on_both_databases, plain_form as form, TestApp};

/// Starts `task` from the overview's form; where the browser is sent.
async fn start(app: &TestApp, admin: &reqwest::Client, csrf: &str, task: &str) -> String {
    location(
        &form(
            app,
            admin,
            "admin_start_task",
            "/quan-tri",
            &[("csrf", csrf), ("task", task)],
        )
        .await,
    )
}

/// Reads the overview until the task's block says it is done (the task runs
/// in the background; at most a minute); that block's text.
async fn finished(app: &TestApp, admin: &reqwest::Client, task: &str) -> String {
    let anchor = format!("id=\"tac-vu-{task}\"");
    for _ in 0..600 {
        let (_, html) = page(app, admin, "/quan-tri").await;
        let block = html
            .split(&anchor)
            .nth(1)
            .and_then(|rest| rest.split("</article>").next())
            .unwrap_or_default()
            .to_owned();
        if block.contains("job-done") || block.contains("job-failed") {
            return block;
        }
        assert!(block.contains("job-running"), "{task} is running: {block}");
        assert!(
            html.contains("http-equiv=\"refresh\""),
            "the page reloads itself while a task runs"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{task} did not finish within a minute");
}

on_both_databases!(
    the_console_runs_tasks_shows_settings_and_exports_the_year,
    |backend| async move {
        let app = tests::spawn_app_with(backend, |s| {
            s.stripe.webhook_secret = Some(server::config::Secret::new("whsec_never-shown-42"));
        })
        .await;
        let admin = sign_in(&app, ADMIN, DEMO_PASSWORD).await;
        let (status, html) = page(&app, &admin, "/quan-tri").await;
        assert_eq!(status, 200);
        for setting in [
            "OCOP_OPERATOR_NAME",
            "STRIPE_SECRET_KEY",
            "OCOP_SMTP_URL",
            "OCOP_RATE_LIMIT_REPORT",
            "OCOP_BACKUP_DIR",
        ] {
            assert!(html.contains(setting), "{setting} is listed");
        }
        assert!(
            html.contains("Đã đặt (bí mật)"),
            "a set secret says only that"
        );
        assert!(!html.contains("never-shown-42"), "never its value");
        assert!(!html.contains(&app.database.url), "nor the database URL");
        let csrf = admin_csrf(&app, &admin).await;

        // The index, rebuilt from the page.
        assert_eq!(start(&app, &admin, &csrf, "reindex").await, "/quan-tri");
        assert_audited(&app, AuditAction::ReindexStarted, "reindex", ADMIN).await;
        let block = finished(&app, &admin, "reindex").await;
        assert!(block.contains("Đã lập chỉ mục"), "{block}");
        let rebuilt = tests::audited(&app, AuditAction::SearchRebuilt, "search-index").await;
        assert_eq!(
            rebuilt.last().map(|e| e.actor.as_str()),
            Some(ADMIN),
            "finished in the administrator's name"
        );
        let hits = app
            .search
            .search(&search_index::SearchQuery::text("mật ong".to_owned()))
            .expect("search");
        assert!(hits.total > 0, "search still answers");

        // A backup, from the page; listed when done.
        assert_eq!(start(&app, &admin, &csrf, "backup").await, "/quan-tri");
        assert_audited(&app, AuditAction::BackupStarted, "backup", ADMIN).await;
        let block = finished(&app, &admin, "backup").await;
        assert!(block.contains("sao-luu-"), "{block}");
        let folder = std::fs::read_dir(app.data_dir.join("backups"))
            .expect("backups folder")
            .filter_map(Result::ok)
            .next()
            .expect("a backup folder");
        assert!(folder.path().join("BACKUP.txt").is_file());
        let name = folder.file_name().to_string_lossy().into_owned();
        let (_, html) = page(&app, &admin, "/quan-tri").await;
        assert!(html.contains(&name), "the backup is listed");
        let made = tests::audited(&app, AuditAction::BackupMade, &name).await;
        assert_eq!(made.last().map(|e| e.actor.as_str()), Some(ADMIN));
        // A task name the console does not know is refused.
        assert!(start(&app, &admin, &csrf, "rm -rf")
            .await
            .contains("__err="));

        // The annual statistics count this year's order.
        let code = product_of(&app, "CT000001").await.code;
        order(&app, &code, "cod").await;
        let year = app::time::now_vn().format("%Y").to_string();
        let (status, stats) = tests::send_json_status(admin.get(format!(
            "{}/api/v1/admin/annual-statistics/{year}",
            app.address
        )))
        .await;
        assert_eq!(status, 200, "{stats}");
        let line = |key: &str| {
            stats["lines"]
                .as_array()
                .expect("lines")
                .iter()
                .find(|l| l["key"] == key)
                .and_then(|l| l["value"].as_i64())
                .unwrap_or_else(|| panic!("{key} in {stats}"))
        };
        assert!(line("orders_placed") >= 1, "{stats}");
        assert!(
            line("verified_sellers") >= 2,
            "the demo verifies two stalls"
        );
        assert_eq!(
            stats["metrics"].as_array().map(Vec::len),
            Some(app::reports::metrics::Metric::ALL.len())
        );
        assert!(stats["provinces"].as_array().is_some_and(|p| !p.is_empty()));
        let workbook = admin
            .get(format!(
                "{}/api/v1/admin/annual-statistics/{year}.xlsx",
                app.address
            ))
            .send()
            .await
            .expect("request");
        assert_eq!(workbook.status().as_u16(), 200);
        assert!(workbook.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .contains("spreadsheetml"));
        let bytes = workbook.bytes().await.expect("body");
        assert!(bytes.starts_with(b"PK"), "an XLSX (zip) file");
        assert_audited(&app, AuditAction::AnnualReportExported, &year, ADMIN).await;
        let (status, html) =
            page(&app, &admin, &format!("/quan-tri/thong-ke-nam?nam={year}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Giá trị giao dịch (GMV)") && html.contains(".xlsx"));
        let (status, _) = tests::send_json_status(admin.get(format!(
            "{}/api/v1/admin/annual-statistics/2019",
            app.address
        )))
        .await;
        assert_eq!(status, 404, "before the first year");

        // Nobody else starts a task or reads the year.
        let officer = sign_in(&app, "canbo.cantho@demo.chocop.vn", DEMO_PASSWORD).await;
        let (_, desk) = page(&app, &officer, "/can-bo").await;
        let refused = start(&app, &officer, &tests::csrf_in(&desk), "backup").await;
        assert!(refused.contains("__err="), "{refused}");
        let (status, _) = tests::send_json_status(officer.get(format!(
            "{}/api/v1/admin/annual-statistics/{year}",
            app.address
        )))
        .await;
        assert_eq!(status, 403);
    }
);
