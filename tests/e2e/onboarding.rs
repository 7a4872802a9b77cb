//! A producer opens its stall itself ("Đăng ký mở gian hàng"): it applies
//! with its seller identity and certificate scan, through the page's form
//! or the API; what the register does not know, a producer that has a stall,
//! a second application, and scans that are too large, are not PDFs or
//! photos, or carry scripts are refused, each with a clear message and
//! nothing kept. The area's officer reviews it beside the register, opens
//! the scan as a download, and approves (the member account is made, the
//! identity verified, the member chooses a password and puts a product on
//! sale) or refuses with a reason the applicant is mailed. A stall whose
//! identity is not verified cannot put a product on sale, until its
//! officer verifies it; every decision is in the audit log.

use crate::stall_pages::{location, page, sign_in};
use app::demo::DEMO_PASSWORD;
use app::domain::{ApplicationStatus, AuditAction, Role};
use app::entities::{
    certifications, mail_outbox, producer_applications, producers, products, provinces, users,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use tests::{csrf_in, on_both_databases, plain_form as form, spawn_app, TestApp};

/// A plain, valid PDF as a scanner's software writes one.
fn plain_pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A PDF that runs a script when opened.
fn scripted_pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A producer of `province` that has no stall member, with a product
/// certified today: (producer code, name, product code).
async fn free_producer(app: &TestApp, province: &str, skip: &[&str]) -> (String, String, String) {
    let province = provinces::Entity::find()
        .filter(provinces::Column::Name.eq(province))
        .one(&app.db)
        .await
        .expect("query")
        .expect("province");
    let today = chrono::Utc::now().date_naive();
    let members: Vec<i64> = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Producer))
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .filter_map(|u| u.producer_id)
        .collect();
    let candidates = producers::Entity::find()
        .filter(producers::Column::ProvinceId.eq(province.id))
        .all(&app.db)
        .await
        .expect("query");
    for producer in candidates {
        if members.contains(&producer.id) || skip.contains(&producer.code.as_str()) {
            continue;
        }
        let certified = products::Entity::find()
            .filter(products::Column::ProducerId.eq(producer.id))
            .find_also_related(certifications::Entity)
            .filter(certifications::Column::ValidUntil.gt(today + chrono::Duration::days(2)))
            .filter(certifications::Column::DecidedOn.lt(today - chrono::Duration::days(2)))
            .one(&app.db)
            .await
            .expect("query");
        if let Some((product, Some(_))) = certified {
            return (producer.code, producer.name, product.code);
        }
    }
    panic!(
        "the sample has a free certified producer in {}",
        province.name
    );
}

/// An application's typed fields.
fn fields<'a>(name: &'a str, product_code: &'a str, email: &'a str) -> Vec<(&'static str, String)> {
    vec![
        ("email", email.to_owned()),
        ("contact_name", "Trần Thị Mai".to_owned()),
        ("legal_name", name.to_owned()),
        ("kind", "cooperative".to_owned()),
        ("registration_no", "1801234567".to_owned()),
        ("address", "Ấp Thới Hòa, xã Thới Lai, Cần Thơ".to_owned()),
        ("phone", "0912 345 678".to_owned()),
        ("product_code", product_code.to_owned()),
        ("accept_terms", "true".to_owned()),
    ]
}

fn multipart(
    fields: &[(&'static str, String)],
    scan: Option<(&str, Vec<u8>)>,
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(*name, value.clone());
    }
    if let Some((file_name, bytes)) = scan {
        form = form.part(
            "certificate",
            reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()),
        );
    }
    form
}

/// Sends an application through the API: the status and the answer.
async fn apply(
    app: &TestApp,
    fields: &[(&'static str, String)],
    scan: Option<(&str, Vec<u8>)>,
) -> (u16, Value) {
    let response = tests::browser()
        .post(format!("{}/api/v1/producer-applications", app.address))
        .multipart(multipart(fields, scan))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn field_message(answer: &Value, field: &str) -> String {
    answer["error"]["fields"][field]
        .as_array()
        .and_then(|m| m.first())
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("a message for {field}: {answer}"))
        .to_owned()
}

async fn applications(app: &TestApp) -> u64 {
    producer_applications::Entity::find()
        .count(&app.db)
        .await
        .expect("count")
}

pub(crate) async fn mail_to(app: &TestApp, to: &str, subject_has: &str) -> mail_outbox::Model {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .filter(mail_outbox::Column::Subject.contains(subject_has))
        .one(&app.db)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("a mail to {to} about {subject_has}"))
}

/// Follows the password link of `mail` and chooses `password`.
pub(crate) async fn choose_password(app: &TestApp, mail: &mail_outbox::Model, password: &str) {
    let link = mail
        .body_text
        .split_whitespace()
        .find(|w| w.contains("/dat-lai-mat-khau?token="))
        .expect("the mail has the link");
    let path = &link[link.find("/dat-lai-mat-khau").expect("path")..];
    let member = tests::browser();
    let (_, html) = page(app, &member, path).await;
    let csrf = tests::form_field(&html, "csrf").unwrap_or_default();
    let token = path.split("token=").nth(1).expect("token");
    let response = form(
        app,
        &member,
        "reset_password",
        path,
        &[
            ("csrf", &csrf),
            ("token", token),
            ("password", password),
            ("repeated", password),
        ],
    )
    .await;
    assert_eq!(location(&response), "/dang-nhap?da-doi-mat-khau=1");
}

/// Readies product `code` for sale (a photo and a story, taken off sale)
/// and puts it on sale, as the signed-in member of `client`: the status of
/// putting it on sale, and the answer.
async fn put_on_sale(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    code: &str,
) -> (u16, Value) {
    let photo = reqwest::multipart::Form::new().part(
        "image",
        reqwest::multipart::Part::bytes(crate::stall_pages::photo(7, image::ImageFormat::Png))
            .file_name("san-pham.png"),
    );
    let uploaded = client
        .post(format!(
            "{}/api/v1/stall/products/{code}/images",
            app.address
        ))
        .header("X-CSRF-Token", csrf)
        .multipart(photo)
        .send()
        .await
        .expect("request");
    assert_eq!(uploaded.status().as_u16(), 201, "the photo is added");
    let mut last = (0, Value::Null);
    for change in [
        serde_json::json!({ "published": false, "story": "Làm từ nguyên liệu của vùng, theo cách truyền thống." }),
        serde_json::json!({ "published": true }),
    ] {
        let response = client
            .patch(format!("{}/api/v1/stall/products/{code}", app.address))
            .header("X-CSRF-Token", csrf)
            .json(&change)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        last = (status, response.json().await.unwrap_or(Value::Null));
    }
    last
}

on_both_databases!(
    a_producer_applies_is_approved_and_puts_its_first_product_on_sale,
    |backend| async move {
        let app = spawn_app(backend).await;
        let (code, name, product) = free_producer(&app, "Cần Thơ", &[]).await;
        let email = "mai@htx-moi.vn";
        let good = fields(&name, &product, email);
        let pdf = || Some(("giay-chung-nhan.pdf", plain_pdf()));

        // What the register does not know, files that are not what they
        // claim, and a producer with a stall are refused; nothing is kept.
        let mut forged = good.clone();
        forged[7].1 = "SP9999999".to_owned();
        let (status, answer) = apply(&app, &forged, pdf()).await;
        assert_eq!(status, 422, "{answer}");
        assert!(
            field_message(&answer, "product_code").contains("sổ đăng ký"),
            "{answer}"
        );
        let (status, answer) = apply(
            &app,
            &good,
            Some((
                "giay.pdf",
                b"<html><script>alert(1)</script></html>".to_vec(),
            )),
        )
        .await;
        assert_eq!(status, 422);
        assert!(
            field_message(&answer, "certificate").contains("PDF"),
            "{answer}"
        );
        let (status, answer) = apply(&app, &good, Some(("giay.pdf", scripted_pdf()))).await;
        assert_eq!(status, 422);
        assert!(
            field_message(&answer, "certificate").contains("JavaScript"),
            "{answer}"
        );
        let mut big = plain_pdf();
        big.resize(10 * 1024 * 1024 + 1, b' ');
        let (status, answer) = apply(&app, &good, Some(("giay.pdf", big))).await;
        assert_eq!(status, 422);
        assert!(
            field_message(&answer, "certificate").contains("10 MB"),
            "{answer}"
        );
        let (status, answer) = apply(
            &app,
            &good,
            Some(("giay.pdf", vec![b' '; 12 * 1024 * 1024])),
        )
        .await;
        assert_eq!(status, 413, "a body over the limit: {answer}");
        let (status, answer) = apply(&app, &[("accept_terms", "false".to_owned())], None).await;
        assert_eq!(status, 422);
        for field in [
            "email",
            "contact_name",
            "legal_name",
            "kind",
            "registration_no",
            "address",
            "phone",
            "product_code",
            "agree",
            "certificate",
        ] {
            field_message(&answer, field);
        }
        let mut taken = good.clone();
        let today = chrono::Utc::now().date_naive();
        taken[7].1 = products::Entity::find()
            .inner_join(producers::Entity)
            .filter(producers::Column::Code.eq("CT000001"))
            .find_also_related(certifications::Entity)
            .filter(certifications::Column::ValidUntil.gt(today + chrono::Duration::days(2)))
            .filter(certifications::Column::DecidedOn.lt(today - chrono::Duration::days(2)))
            .one(&app.db)
            .await
            .expect("query")
            .expect("a certified product of CT000001")
            .0
            .code;
        taken[2].1 = "Hợp tác xã Phù Sa Thới Lai".to_owned();
        let (status, answer) = apply(&app, &taken, pdf()).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (409, Some("stall_exists")),
            "{answer}"
        );
        assert_eq!(applications(&app).await, 0, "nothing refused is kept");

        // Through the page's form, without JavaScript: a refused form comes
        // back with what was typed; a whole one is received.
        let visitor = tests::browser();
        let (status, html) = page(&app, &visitor, "/dang-ky-gian-hang").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Đăng ký mở gian hàng")
                && html
                    .contains("action=\"/dang-ky-gian-hang/gui\" enctype=\"multipart/form-data\"")
        );
        let mut missing = good.clone();
        missing[4].1 = String::new();
        missing.push(("csrf", tests::form_field(&html, "csrf").unwrap_or_default()));
        let post = |fields: Vec<(&'static str, String)>| {
            visitor
                .post(format!("{}/dang-ky-gian-hang/gui", app.address))
                .header(reqwest::header::ORIGIN, &app.address)
                .header(reqwest::header::ACCEPT, "text/html")
                .multipart(multipart(&fields, pdf()))
                .send()
        };
        let refused = post(missing).await.expect("request");
        assert_eq!(location(&refused), "/dang-ky-gian-hang#loi");
        let (status, again) = page(&app, &visitor, "/dang-ky-gian-hang").await;
        assert_eq!(status, 422);
        assert!(
            again.contains("Mã số doanh nghiệp/thuế không đúng dạng"),
            "the problem beside its field"
        );
        assert!(
            again.contains(&name) && again.contains(email),
            "what was typed is kept"
        );
        // A form from a stale page (another token than the session's) acts
        // on nothing and comes back whole.
        let mut stale = good.clone();
        stale.push(("csrf", "another-tab".to_owned()));
        let refused = post(stale).await.expect("request");
        assert_eq!(location(&refused), "/dang-ky-gian-hang#loi");
        let (_, again) = page(&app, &visitor, "/dang-ky-gian-hang").await;
        assert!(again.contains("Biểu mẫu đã cũ") && again.contains(&name));
        assert_eq!(applications(&app).await, 0, "a stale form is not received");
        let csrf = csrf_in(&again);
        let mut whole = good.clone();
        whole.push(("csrf", csrf));
        let sent = post(whole).await.expect("request");
        let to = location(&sent);
        assert!(to.starts_with("/dang-ky-gian-hang/da-gui?so="), "{to}");
        let number = to.rsplit('=').next().expect("number").to_owned();
        let (status, thanks) = page(&app, &visitor, &to).await;
        assert_eq!(status, 200);
        assert!(thanks.contains(&format!("hồ sơ số {number}")));
        mail_to(&app, email, "Đã nhận hồ sơ").await;
        mail_to(
            &app,
            "canbo.cantho@demo.chocop.vn",
            "Hồ sơ đăng ký gian hàng mới",
        )
        .await;
        let (status, answer) = apply(&app, &good, pdf()).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (409, Some("application_pending")),
            "one waits already"
        );

        // The officer of another province does not see it.
        let elsewhere = sign_in(&app, "canbo.dongthap@demo.chocop.vn", DEMO_PASSWORD).await;
        let (status, _) = page(
            &app,
            &elsewhere,
            &format!("/can-bo/dang-ky-gian-hang/{number}"),
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = page(
            &app,
            &elsewhere,
            &format!("/can-bo/dang-ky-gian-hang/{number}/giay-chung-nhan"),
        )
        .await;
        assert_eq!(status, 404);

        // The area's officer reviews it beside the register and downloads
        // the scan, which no browser renders in the site.
        let officer = sign_in(&app, "canbo.cantho@demo.chocop.vn", DEMO_PASSWORD).await;
        let (status, queue) = page(&app, &officer, "/can-bo/dang-ky-gian-hang").await;
        assert_eq!(status, 200);
        assert!(queue.contains(&format!("#{number}")) && queue.contains("Đang chờ"));
        let detail_path = format!("/can-bo/dang-ky-gian-hang/{number}");
        let (status, detail) = page(&app, &officer, &detail_path).await;
        assert_eq!(status, 200);
        assert!(detail.contains("Sổ đăng ký") && detail.contains(&code));
        let scan = officer
            .get(format!("{}{detail_path}/giay-chung-nhan", app.address))
            .send()
            .await
            .expect("request");
        assert_eq!(scan.status().as_u16(), 200);
        let header = |name: &str| {
            scan.headers()
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
                .join(" | ")
        };
        assert_eq!(header("content-type"), "application/pdf");
        assert!(header("content-disposition").starts_with("attachment;"));
        assert!(header("content-security-policy").contains("sandbox"));
        assert_eq!(scan.bytes().await.expect("body").to_vec(), plain_pdf());

        // Approved: account, verified identity, mail with the password link.
        let response = form(
            &app,
            &officer,
            "officer_approve_application",
            &detail_path,
            &[("csrf", &csrf_in(&detail)), ("id", &number)],
        )
        .await;
        assert_eq!(location(&response), detail_path);
        let application =
            producer_applications::Entity::find_by_id(number.parse::<i64>().expect("id"))
                .one(&app.db)
                .await
                .expect("query")
                .expect("kept");
        assert_eq!(application.status, ApplicationStatus::Approved);
        let producer = producers::Entity::find()
            .filter(producers::Column::Code.eq(code.as_str()))
            .one(&app.db)
            .await
            .expect("query")
            .expect("producer");
        assert_eq!(producer.registration_no.as_deref(), Some("1801234567"));
        assert_eq!(
            producer.identity_verifier.as_deref(),
            Some("Sở Công Thương Cần Thơ")
        );
        tests::assert_audited(
            &app,
            AuditAction::ApplicationApproved,
            &number,
            "canbo.cantho@demo.chocop.vn",
        )
        .await;
        tests::assert_audited(
            &app,
            AuditAction::SellerVerified,
            &code,
            "canbo.cantho@demo.chocop.vn",
        )
        .await;
        let twice = form(
            &app,
            &officer,
            "officer_approve_application",
            &detail_path,
            &[("csrf", &csrf_in(&detail)), ("id", &number)],
        )
        .await;
        assert!(
            location(&twice).contains("__err"),
            "a decided application is not decided again: {}",
            location(&twice)
        );
        assert_eq!(
            users::Entity::find()
                .filter(users::Column::Email.eq(email))
                .count(&app.db)
                .await
                .expect("count"),
            1
        );

        // The member chooses a password, signs in and puts a product on sale;
        // the product page names the verified seller.
        choose_password(
            &app,
            &mail_to(&app, email, "đã được duyệt").await,
            "mai-thoi-lai-2026",
        )
        .await;
        let (member, csrf) = app.signed_in_client(email, "mai-thoi-lai-2026").await;
        let (status, answer) = put_on_sale(&app, &member, &csrf, &product).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["published"], true);
        let (_, product_page) = page(
            &app,
            &tests::browser(),
            &format!(
                "/san-pham/{}",
                products::Entity::find()
                    .filter(products::Column::Code.eq(product.as_str()))
                    .one(&app.db)
                    .await
                    .expect("query")
                    .expect("product")
                    .slug
            ),
        )
        .await;
        assert!(
            product_page.contains("Thông tin người bán")
                && product_page.contains("1801234567")
                && product_page.contains("Sở Công Thương Cần Thơ")
        );
    }
);

on_both_databases!(
    a_refused_application_and_an_unverified_stall,
    |backend| async move {
        let app = spawn_app(backend).await;
        let (first, name, product) = free_producer(&app, "Cần Thơ", &[]).await;
        let email = "an@hkd-moi.vn";
        let (status, answer) = apply(
            &app,
            &fields(&name, &product, email),
            Some(("giay.pdf", plain_pdf())),
        )
        .await;
        assert_eq!(status, 201, "{answer}");
        let number = answer["id"].as_i64().expect("id").to_string();
        let officer = sign_in(&app, "canbo.cantho@demo.chocop.vn", DEMO_PASSWORD).await;
        let detail_path = format!("/can-bo/dang-ky-gian-hang/{number}");
        let (_, detail) = page(&app, &officer, &detail_path).await;
        let csrf = csrf_in(&detail);
        // A reason too short to act on, then a 20 KB one, are refused.
        let short = form(
            &app,
            &officer,
            "officer_refuse_application",
            &detail_path,
            &[("csrf", &csrf), ("id", &number), ("reason", "sai")],
        )
        .await;
        assert!(location(&short).contains("__err"), "{}", location(&short));
        let long = "x".repeat(20_000);
        let too_long = form(
            &app,
            &officer,
            "officer_refuse_application",
            &detail_path,
            &[("csrf", &csrf), ("id", &number), ("reason", &long)],
        )
        .await;
        assert!(
            location(&too_long).contains("__err"),
            "{}",
            location(&too_long)
        );
        let waiting = producer_applications::Entity::find_by_id(number.parse::<i64>().expect("id"))
            .one(&app.db)
            .await
            .expect("query")
            .expect("kept");
        assert_eq!(waiting.status, ApplicationStatus::Pending, "still waiting");
        let reason =
            "Mã số thuế không khớp với giấy đăng ký kinh doanh; hãy gửi lại bản chụp rõ hơn.";
        let refused = form(
            &app,
            &officer,
            "officer_refuse_application",
            &detail_path,
            &[("csrf", &csrf), ("id", &number), ("reason", reason)],
        )
        .await;
        assert_eq!(location(&refused), detail_path);
        let mail = mail_to(&app, email, "chưa được duyệt").await;
        assert!(mail.body_text.contains(reason));
        tests::assert_audited(
            &app,
            AuditAction::ApplicationRefused,
            &number,
            "canbo.cantho@demo.chocop.vn",
        )
        .await;
        assert_eq!(
            users::Entity::find()
                .filter(users::Column::Email.eq(email))
                .count(&app.db)
                .await
                .expect("count"),
            0,
            "no account"
        );
        let (status, _) = apply(
            &app,
            &fields(&name, &product, email),
            Some(("giay.pdf", plain_pdf())),
        )
        .await;
        assert_eq!(status, 201, "a refused applicant may apply again");

        // Without the product code, the decision's number and date (and the
        // registered name, when a decision covers several producers) name
        // the producer.
        let (second, name, product) = free_producer(&app, "Cần Thơ", &[&first]).await;
        let decision = certifications::Entity::find()
            .inner_join(products::Entity)
            .filter(products::Column::Code.eq(product.as_str()))
            .filter(certifications::Column::ValidUntil.gt(chrono::Utc::now().date_naive()))
            .one(&app.db)
            .await
            .expect("query")
            .expect("its decision");
        let mut by_decision = fields(&name, "", "ba@hkd-moi.vn");
        by_decision.push(("decision_no", decision.decision_no.clone()));
        by_decision.push((
            "decided_on",
            decision.decided_on.format("%d/%m/%Y").to_string(),
        ));
        let (status, answer) = apply(&app, &by_decision, Some(("giay.pdf", plain_pdf()))).await;
        assert_eq!(status, 201, "{answer}");
        assert_eq!(answer["producer_code"], second.as_str());

        // A stall whose identity is not verified cannot put a product on
        // sale, even with its identity given; its officer verifies it.
        let stall_code = "CT000025";
        let (member, api_csrf) = app
            .signed_in_client("binhminh.laivung@demo.chocop.vn", DEMO_PASSWORD)
            .await;
        let own = products::Entity::find()
            .inner_join(producers::Entity)
            .filter(producers::Column::Code.eq(stall_code))
            .one(&app.db)
            .await
            .expect("query")
            .expect("a product")
            .code;
        let (status, answer) = put_on_sale(&app, &member, &api_csrf, &own).await;
        assert_eq!(status, 422, "{answer}");
        assert!(
            field_message(&answer, "published").contains("xác minh"),
            "{answer}"
        );
        let browser_member = sign_in(&app, "binhminh.laivung@demo.chocop.vn", DEMO_PASSWORD).await;
        let (status, profile) = page(&app, &browser_member, "/quan-ly/gian-hang").await;
        assert_eq!(status, 200);
        assert!(profile.contains("Thông tin người bán") && profile.contains("chưa được cán bộ"));
        let identity = [
            ("csrf", csrf_in(&profile)),
            ("legal_name", "Công ty TNHH Bình Minh Lai Vung".to_owned()),
            ("kind", "sme".to_owned()),
            ("registration_no", "1400123456".to_owned()),
            ("address", "Quốc lộ 80, xã Lai Vung, Đồng Tháp".to_owned()),
            ("phone", "0277 3654 321".to_owned()),
        ];
        let as_refs = |fields: &[(&'static str, String)]| {
            fields
                .iter()
                .map(|(k, v)| (*k, v.clone()))
                .collect::<Vec<_>>()
        };
        let sent: Vec<(&str, String)> = as_refs(&identity);
        let pairs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = form(
            &app,
            &browser_member,
            "stall_save_identity",
            "/quan-ly/gian-hang",
            &pairs,
        )
        .await;
        assert_eq!(location(&saved), "/quan-ly/gian-hang");
        let (status, _) = put_on_sale(&app, &member, &api_csrf, &own).await;
        assert_eq!(status, 422, "given is not verified");
        let verifier = sign_in(&app, "canbo.dongthap@demo.chocop.vn", DEMO_PASSWORD).await;
        let area_stall = format!("/can-bo/gian-hang/{stall_code}");
        let (status, desk) = page(&app, &verifier, &area_stall).await;
        assert_eq!(status, 200);
        assert!(
            desk.contains("1400123456"),
            "the officer sees what the stall gave"
        );
        let mut verify: Vec<(&str, String)> = as_refs(&identity);
        verify[0].1 = csrf_in(&desk);
        verify.push(("code", stall_code.to_owned()));
        let pairs: Vec<(&str, &str)> = verify.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let verified = form(
            &app,
            &verifier,
            "officer_verify_seller",
            &area_stall,
            &pairs,
        )
        .await;
        assert_eq!(location(&verified), area_stall);
        tests::assert_audited(
            &app,
            AuditAction::SellerVerified,
            stall_code,
            "canbo.dongthap@demo.chocop.vn",
        )
        .await;
        let (status, answer) = put_on_sale(&app, &member, &api_csrf, &own).await;
        assert_eq!(status, 200, "verified, it sells: {answer}");
        let slug = producers::Entity::find()
            .filter(producers::Column::Code.eq(stall_code))
            .one(&app.db)
            .await
            .expect("query")
            .expect("producer")
            .slug;
        let (_, stall) = page(&app, &tests::browser(), &format!("/gian-hang/{slug}")).await;
        assert!(
            stall.contains("Thông tin người bán")
                && stall.contains("Sở Công Thương Đồng Tháp")
                && stall.contains("1400123456")
        );
        // Verified, the identity is the officer's to change.
        let (_, profile) = page(&app, &browser_member, "/quan-ly/gian-hang").await;
        assert!(
            !profile.contains("name=\"registration_no\""),
            "no identity form once verified"
        );
        let mut changed: Vec<(&str, String)> = as_refs(&identity);
        changed[0].1 = csrf_in(&profile);
        changed[1].1 = "Tên khác".to_owned();
        let pairs: Vec<(&str, &str)> = changed.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let locked = form(
            &app,
            &browser_member,
            "stall_save_identity",
            "/quan-ly/gian-hang",
            &pairs,
        )
        .await;
        assert!(
            location(&locked).contains("__err"),
            "refused: {}",
            location(&locked)
        );
        let kept = producers::Entity::find()
            .filter(producers::Column::Code.eq(stall_code))
            .one(&app.db)
            .await
            .expect("query")
            .expect("producer");
        assert_eq!(kept.name, "Công ty TNHH Bình Minh Lai Vung");
    }
);
