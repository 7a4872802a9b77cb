//! Reports and takedowns: anyone reports a listing or a stall (what does
//! not hold is refused, each problem named); the area's officer hides the
//! listing, which leaves the product page, search, the sitemap and
//! checkout at once; the producer answers once; the officer restores it.
//! A suspended stall's products leave search and the sitemap, a cart
//! holding one cannot check out, and its orders in progress still move.
//! Every decision is in the audit log; an officer of another area sees
//! nothing.

use crate::order_steps::{order, post, product_of};
use crate::stall_pages::{location, page, sign_in};
use app::demo::DEMO_PASSWORD;
use app::domain::{AuditAction, ReportStatus};
use app::entities::{abuse_reports, mail_outbox};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use tests::{csrf_in, on_both_databases, plain_form as form, spawn_app, TestApp};

const OFFICER: &str = "canbo.cantho@demo.chocop.vn";

async fn report(app: &TestApp, body: Value) -> (u16, Value) {
    let response = tests::browser()
        .post(format!("{}/api/v1/abuse-reports", app.address))
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn problem(answer: &Value, field: &str) -> bool {
    answer["error"]["fields"][field].is_array()
}

/// Whether search finds product `code` by its code, waiting (at most 10 s)
/// for the index to follow the outbox until it says `expected`.
async fn searchable(app: &TestApp, code: &str, expected: bool) -> bool {
    for _ in 0..100 {
        let hits = app
            .search
            .search(&search_index::SearchQuery::text(code.to_owned()))
            .expect("search");
        let found = hits.hits.iter().any(|h| h.code == code);
        if found == expected {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    !expected
}

/// An officer's decision on report `id` through the case page's form; the
/// address the browser is sent to.
async fn decide(
    app: &TestApp,
    officer: &reqwest::Client,
    id: &str,
    decision: &str,
    reason: &str,
) -> String {
    let path = format!("/can-bo/kiem-duyet/{id}");
    // The session's token, from the desk (an officer of another area gets
    // no case page to take it from).
    let (_, html) = page(app, officer, "/can-bo").await;
    let response = form(
        app,
        officer,
        "officer_decide_report",
        &path,
        &[
            ("csrf", &csrf_in(&html)),
            ("id", id),
            ("decision", decision),
            ("reason", reason),
        ],
    )
    .await;
    location(&response)
}

async fn status_of(app: &TestApp, id: &str) -> ReportStatus {
    abuse_reports::Entity::find_by_id(id.parse::<i64>().expect("id"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("report")
        .status
}

on_both_databases!(
    a_reported_listing_is_hidden_answered_and_restored,
    |backend| async move {
        let app = spawn_app(backend).await;
        let product = product_of(&app, "CT000001").await;
        let code = product.code.clone();
        let sitemap_entry = format!("/san-pham/{}", product.slug);
        assert!(app.text("/sitemap.xml").await.contains(&sitemap_entry));

        // What does not hold is refused, each problem named; nothing kept.
        let (status, answer) = report(&app, json!({"target": {"product": code}, "reason": "counterfeit_logo", "details": "x".repeat(20_000)})).await;
        assert_eq!(status, 422);
        assert!(problem(&answer, "details"), "{answer}");
        let (status, answer) = report(&app, json!({"target": {"product": "SP9999999"}, "reason": "sold_out", "details": "Không đúng như mô tả"})).await;
        assert_eq!(status, 422);
        assert!(
            problem(&answer, "target") && problem(&answer, "reason"),
            "{answer}"
        );
        let (status, answer) = report(&app, json!({"target": {"review": 1}, "reason": "other", "details": "Đánh giá giả mạo, không mua hàng"})).await;
        assert_eq!(status, 422);
        assert!(problem(&answer, "target"), "{answer}");
        let (status, answer) =
            report(&app, json!({"reason": "other", "details": "Không rõ"})).await;
        assert_eq!(status, 422, "{answer}");
        assert_eq!(
            abuse_reports::Entity::find()
                .count(&app.db)
                .await
                .expect("count"),
            0
        );

        // A report; the area's officer is mailed.
        let details = "Nhãn dán sao OCOP 5 sao trong ảnh, nhưng giấy chứng nhận chỉ 3 sao.";
        let (status, answer) = report(&app, json!({"target": {"product": code}, "reason": "counterfeit_logo", "details": details, "evidence_url": "https://example.vn/anh.jpg"})).await;
        assert_eq!(status, 201, "{answer}");
        assert_eq!(answer["status"], "open");
        let id = answer["id"].as_i64().expect("id").to_string();
        let mailed = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::ToAddress.eq(OFFICER))
            .filter(mail_outbox::Column::Subject.contains(format!("Báo cáo vi phạm số {id}")))
            .count(&app.db)
            .await
            .expect("count");
        assert_eq!(mailed, 1, "the area's officer is told");

        // Another area's officer neither sees nor decides it.
        let elsewhere = sign_in(&app, "canbo.dongthap@demo.chocop.vn", DEMO_PASSWORD).await;
        let (status, _) = page(&app, &elsewhere, &format!("/can-bo/kiem-duyet/{id}")).await;
        assert_eq!(status, 404);
        assert!(
            decide(&app, &elsewhere, &id, "hide", "Không có lý do nào cả")
                .await
                .contains("__err")
        );
        assert_eq!(status_of(&app, &id).await, ReportStatus::Open);

        // The officer hides the listing: gone from the page, search, the
        // sitemap and checkout at once.
        let officer = sign_in(&app, OFFICER, DEMO_PASSWORD).await;
        let (status, queue) = page(&app, &officer, "/can-bo/kiem-duyet").await;
        assert_eq!(status, 200);
        assert!(queue.contains(&format!("#{id}")) && queue.contains("Đang chờ xử lý"));
        assert!(
            decide(&app, &officer, &id, "hide", "ngắn")
                .await
                .contains("__err"),
            "a reason is needed"
        );
        let reason = "Ảnh dùng nhãn 5 sao không đúng với quyết định công nhận 3 sao.";
        assert_eq!(
            decide(&app, &officer, &id, "hide", reason).await,
            format!("/can-bo/kiem-duyet/{id}")
        );
        assert_eq!(status_of(&app, &id).await, ReportStatus::Hidden);
        tests::assert_audited(&app, AuditAction::ListingHidden, &id, OFFICER).await;
        let (status, _) = app.get_json(&format!("/api/v1/products/{code}")).await;
        assert_eq!(status, 404, "the product page is gone");
        assert!(
            !searchable(&app, &code, false).await,
            "search no longer finds it"
        );
        assert!(!app.text("/sitemap.xml").await.contains(&sitemap_entry));
        let checkout = reqwest::Client::new()
            .post(format!("{}/api/v1/checkout", app.address))
            .json(&json!({
                "items": [{"code": code, "quantity": 1}],
                "contact": {"name": "Võ Thị Mai", "phone": "0912345678", "email": "mai@example.vn"},
                "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 2"},
                "payment": "cod",
            }))
            .send()
            .await
            .expect("checkout");
        assert_eq!(checkout.status().as_u16(), 422);
        let refused: Value = checkout.json().await.expect("json");
        assert!(refused.to_string().contains("bị tạm gỡ"), "{refused}");
        let told = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::ToAddress.eq("htx.phusa@demo.chocop.vn"))
            .filter(mail_outbox::Column::Subject.contains(format!("Báo cáo vi phạm số {id}")))
            .one(&app.db)
            .await
            .expect("query")
            .expect("the producer is told");
        assert!(told.body_text.contains(reason) && told.body_text.contains("/quan-ly/kiem-duyet"));

        // The producer answers, once.
        let member = sign_in(&app, "htx.phusa@demo.chocop.vn", DEMO_PASSWORD).await;
        let (status, cases) = page(&app, &member, "/quan-ly/kiem-duyet").await;
        assert_eq!(status, 200);
        assert!(cases.contains(reason));
        let words = "Chúng tôi đã thay ảnh, nhãn đúng 3 sao theo quyết định công nhận.";
        let answered = form(
            &app,
            &member,
            "stall_answer_report",
            "/quan-ly/kiem-duyet",
            &[("csrf", &csrf_in(&cases)), ("id", &id), ("answer", words)],
        )
        .await;
        assert_eq!(location(&answered), "/quan-ly/kiem-duyet");
        let again = form(
            &app,
            &member,
            "stall_answer_report",
            "/quan-ly/kiem-duyet",
            &[
                ("csrf", &csrf_in(&cases)),
                ("id", &id),
                ("answer", "Trả lời lần thứ hai, không được nhận"),
            ],
        )
        .await;
        assert!(location(&again).contains("__err"), "one answer only");
        let (_, case) = page(&app, &officer, &format!("/can-bo/kiem-duyet/{id}")).await;
        assert!(case.contains(words), "the officer reads the answer");

        // Restored: back everywhere.
        let restored = decide(
            &app,
            &officer,
            &id,
            "restore",
            "Đã kiểm tra ảnh mới, đúng với chứng nhận.",
        )
        .await;
        assert_eq!(restored, format!("/can-bo/kiem-duyet/{id}"));
        assert_eq!(status_of(&app, &id).await, ReportStatus::Restored);
        tests::assert_audited(&app, AuditAction::ReportRestored, &id, OFFICER).await;
        let (status, _) = app.get_json(&format!("/api/v1/products/{code}")).await;
        assert_eq!(status, 200);
        assert!(searchable(&app, &code, true).await, "search finds it again");
        assert!(app.text("/sitemap.xml").await.contains(&sitemap_entry));
        assert!(
            decide(
                &app,
                &officer,
                &id,
                "restore",
                "Khôi phục lần nữa cho chắc chắn"
            )
            .await
            .contains("__err"),
            "a restored case is not restored twice"
        );

        // A report with nothing in it is dismissed.
        let (_, answer) = report(&app, json!({"target": {"stall": "CT000001"}, "reason": "other", "details": "Tôi không thích màu của gian hàng này."})).await;
        let dismissed = answer["id"].as_i64().expect("id").to_string();
        decide(
            &app,
            &officer,
            &dismissed,
            "dismiss",
            "Không có vi phạm: ý kiến về thẩm mỹ.",
        )
        .await;
        assert_eq!(status_of(&app, &dismissed).await, ReportStatus::Dismissed);
        tests::assert_audited(&app, AuditAction::ReportDismissed, &dismissed, OFFICER).await;
    }
);

on_both_databases!(
    a_suspended_stall_leaves_the_site_and_keeps_its_orders,
    |backend| async move {
        let app = spawn_app(backend).await;
        let product = product_of(&app, "CT000001").await;
        let code = product.code.clone();
        let number = order(&app, &code, "cod").await;
        let slug = "hop-tac-xa-phu-sa-thoi-lai";
        assert!(app
            .text("/sitemap.xml")
            .await
            .contains(&format!("/gian-hang/{slug}")));

        let (status, answer) = report(&app, json!({"target": {"stall": "CT000001"}, "reason": "prohibited_goods", "details": "Gian hàng rao bán sản phẩm không có trong danh mục OCOP."})).await;
        assert_eq!(status, 201, "{answer}");
        let id = answer["id"].as_i64().expect("id").to_string();
        let officer = sign_in(&app, OFFICER, DEMO_PASSWORD).await;
        let (_, case) = page(&app, &officer, &format!("/can-bo/kiem-duyet/{id}")).await;
        assert!(
            !case.contains("value=\"hide\""),
            "a stall report hides no listing"
        );
        let reason = "Tạm ngừng trong khi xác minh danh mục sản phẩm của gian hàng.";
        assert_eq!(
            decide(&app, &officer, &id, "suspend", reason).await,
            format!("/can-bo/kiem-duyet/{id}")
        );
        tests::assert_audited(&app, AuditAction::StallSuspended, &id, OFFICER).await;

        // Off the site: search, the sitemap, the product page, checkout.
        assert!(!searchable(&app, &code, false).await);
        let sitemap = app.text("/sitemap.xml").await;
        assert!(
            !sitemap.contains(&format!("/gian-hang/{slug}"))
                && !sitemap.contains(&format!("/san-pham/{}", product.slug))
        );
        let (status, _) = app.get_json(&format!("/api/v1/products/{code}")).await;
        assert_eq!(status, 404);
        let stall = app.text(&format!("/gian-hang/{slug}")).await;
        assert!(stall.contains("tạm ngừng bán"), "the stall page says so");
        let (list_status, list) = app
            .get_json("/api/v1/products?limit=100&province=can-tho")
            .await;
        assert_eq!(list_status, 200);
        assert!(list["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|p| p["code"] != code.as_str()));

        // The order placed before goes on: the member confirms and ships it.
        let member = app
            .signed_in_client("htx.phusa@demo.chocop.vn", DEMO_PASSWORD)
            .await;
        let status_path = format!("/api/v1/stall/orders/{number}/status");
        for step in ["confirmed", "packed", "shipped"] {
            let (status, body) = post(&app, &member, &status_path, json!({"status": step})).await;
            assert_eq!(status, 200, "{step}: {body}");
        }

        // Restored, the stall is back.
        decide(
            &app,
            &officer,
            &id,
            "restore",
            "Đã xác minh: sản phẩm đúng danh mục OCOP.",
        )
        .await;
        assert!(searchable(&app, &code, true).await);
        assert!(app
            .text("/sitemap.xml")
            .await
            .contains(&format!("/gian-hang/{slug}")));
    }
);
