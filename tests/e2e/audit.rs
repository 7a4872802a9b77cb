//! The audit log: the database itself refuses to change or delete an entry;
//! the command line's actions are logged too; administrators (and nobody
//! else) read the log as pages, JSON and CSV; and every kind of action has
//! a scenario that checks its entry (the scenarios of the features assert
//! them with `tests::assert_audited`).

use crate::processes::ocop_binary;
use app::audit::{record, Actor, Change};
use app::domain::AuditAction;
use app::entities::audit_log;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{on_both_databases, spawn_app};

const ADMIN: &str = "quantri@demo.chocop.vn";

on_both_databases!(the_log_cannot_be_rewritten, |backend| async move {
    let app = spawn_app(backend).await;
    // The demo's officer verified two demo stalls when the demo was loaded.
    let before = audit_log::Entity::find()
        .count(&app.db)
        .await
        .expect("count");
    record(
        &app.db,
        Actor::CommandLine,
        Change::new(AuditAction::UserCreated, "ai@example.vn").after(&"created"),
    )
    .await
    .expect("an entry is appended");
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let refused = app.db.execute_unprepared(sql).await;
        assert!(refused.is_err(), "the database refuses: {sql}");
    }
    if backend == tests::Backend::Postgres {
        assert!(app
            .db
            .execute_unprepared("TRUNCATE audit_log")
            .await
            .is_err());
    }
    let kept = audit_log::Entity::find()
        .filter(audit_log::Column::Target.eq("ai@example.vn"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the entry");
    assert_eq!(kept.actor, "ocop");
    assert_eq!(
        audit_log::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        before + 1,
        "nothing was removed"
    );
});

on_both_databases!(
    administrators_read_the_log_and_nobody_else,
    |backend| async move {
        let app = spawn_app(backend).await;
        // An account made from the command line, against the same database.
        let output = std::process::Command::new(ocop_binary())
            .args(["user", "add", "thu.kho@example.vn", "--role", "officer"])
            .args(["--area", "Cần Thơ", "--name", "=HYPERLINK(\"x\")"])
            .env("DATABASE_URL", &app.database.url)
            .env("OCOP_DATA_DIR", &app.data_dir)
            .env("OCOP_PASSWORD", "mat-khau-du-dai-2026")
            .output()
            .expect("run ocop user add");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let entry = audited_once(&app, AuditAction::UserCreated, "thu.kho@example.vn").await;
        assert_eq!((entry.actor.as_str(), entry.actor_id), ("ocop", None));
        assert_eq!(entry.actor_role, "command_line");
        let after = entry.after.expect("the account");
        assert!(
            after.contains("officer") && !after.contains("mat-khau"),
            "{after}"
        );

        // The register imported, the index rebuilt and a backup made from
        // the command line are logged too.
        let elsewhere = tempfile::tempdir().expect("a data directory for the rebuild");
        let copy = tempfile::tempdir().expect("a backup folder");
        let sample = tests::sample_dir().display().to_string();
        let copy_dir = copy.path().join("copy").display().to_string();
        for (args, data_dir) in [
            (vec!["import", sample.as_str()], app.data_dir.as_path()),
            (vec!["reindex"], elsewhere.path()),
            (vec!["backup", copy_dir.as_str()], app.data_dir.as_path()),
        ] {
            let output = std::process::Command::new(ocop_binary())
                .args(&args)
                .env("DATABASE_URL", &app.database.url)
                .env("OCOP_DATA_DIR", data_dir)
                .output()
                .expect("run ocop");
            assert!(
                output.status.success(),
                "ocop {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        audited_once(&app, AuditAction::RegisterImported, &sample).await;
        let index = elsewhere.path().join("search-index").display().to_string();
        let rebuilt = audited_once(&app, AuditAction::SearchRebuilt, &index).await;
        assert!(rebuilt
            .after
            .is_some_and(|n| n.parse::<u64>().is_ok_and(|n| n > 0)));
        audited_once(&app, AuditAction::BackupMade, &copy_dir).await;

        // The JSON pages and the CSV, for an administrator.
        let (admin, _) = app.signed_in_client(ADMIN, app::demo::DEMO_PASSWORD).await;
        let get = |client: &reqwest::Client, path: &str| {
            let request = client.get(format!("{}/api/v1{path}", app.address));
            async move {
                let response = request.send().await.expect("request");
                let status = response.status().as_u16();
                (status, response.text().await.expect("body"))
            }
        };
        let (status, body) = get(&admin, "/admin/audit-log?action=user.created").await;
        assert_eq!(status, 200, "{body}");
        let page: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(page["total"], 1, "{page}");
        assert_eq!(page["items"][0]["target"], "thu.kho@example.vn");
        let (status, body) = get(&admin, "/admin/audit-log?action=user.deleted").await;
        assert_eq!(status, 422, "an unknown action is named: {body}");
        assert!(body.contains("\"action\""), "{body}");
        let (status, csv) = get(&admin, "/admin/audit-log.csv?target=thu.kho%40example.vn").await;
        assert_eq!(status, 200);
        assert!(csv.starts_with("\u{feff}id,thoi_gian,nguoi_lam"), "{csv}");
        assert_eq!(csv.lines().count(), 2, "a header and the one entry: {csv}");
        assert!(
            csv.contains("'=HYPERLINK") || !csv.contains(",=HYPERLINK"),
            "typed text cannot run as a formula: {csv}"
        );

        // Nobody else: a guest, a shopper, a producer member, an officer.
        let (status, _) = get(&tests::browser(), "/admin/audit-log").await;
        assert_eq!(status, 401);
        for email in [
            "nguoimua@demo.chocop.vn",
            "htx.phusa@demo.chocop.vn",
            "canbo.cantho@demo.chocop.vn",
        ] {
            let (client, _) = app.signed_in_client(email, app::demo::DEMO_PASSWORD).await;
            for path in ["/admin/audit-log", "/admin/audit-log.csv"] {
                assert_eq!(get(&client, path).await.0, 403, "{email} {path}");
            }
            let page = client
                .get(format!("{}/quan-tri/nhat-ky", app.address))
                .send()
                .await
                .expect("page")
                .text()
                .await
                .expect("body");
            assert!(
                page.contains("Trang này dành cho quản trị viên."),
                "{email}"
            );
            assert!(!page.contains("thu.kho@example.vn"), "{email}");
        }

        // The page, without JavaScript, filtered by action.
        let page = admin
            .get(format!(
                "{}/quan-tri/nhat-ky?hanh-dong=user.created",
                app.address
            ))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("body");
        assert!(page.contains("thu.kho@example.vn"), "the entry is listed");
        assert!(page.contains("Tạo tài khoản"), "the action is named");
        assert!(page.contains("/api/v1/admin/audit-log.csv?action=user.created"));
    }
);

/// The one entry of `action` on `target`.
async fn audited_once(app: &tests::TestApp, action: AuditAction, target: &str) -> audit_log::Model {
    let mut entries = tests::audited(app, action, target).await;
    assert_eq!(entries.len(), 1, "{action} on {target} once");
    entries.remove(0)
}

/// Every kind of action is checked by some scenario: a new kind without
/// one fails here.
#[test]
fn every_action_has_a_scenario_that_checks_its_entry() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e");
    let mut sources = String::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("e2e folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push_str(&std::fs::read_to_string(&path).expect("source"));
            }
        }
    }
    for action in AuditAction::ALL {
        let named = format!("AuditAction::{action:?}");
        assert!(
            sources.matches(&named).count() >= 1,
            "no scenario checks the audit entry of {named}"
        );
    }
}
