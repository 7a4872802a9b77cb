//! The stall as a producer member works it through its pages, with
//! JavaScript off (every form posted as a browser does): an officer invites
//! the member, the member chooses a password, adds a product with two
//! photos and a story, publishes it, an officer records its certification
//! and it appears on the public stall. Uploads are checked from their bytes;
//! another producer's product, a shopper and an officer reach nothing.

use app::demo::DEMO_PASSWORD;
use app::entities::{
    channel_listings, mail_outbox, product_batches, product_photos, product_stories, products,
};
use image::{ImageFormat, RgbImage};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{browser, csrf_in, on_both_databases, plain_form as form, spawn_app, TestApp};

/// Where a response sends the browser, as a path on this server (a form
/// answered without an address of its own goes back to the page it came
/// from, which the server names in full).
pub(crate) fn location(response: &reqwest::Response) -> String {
    let to = tests::location(response);
    let path = match to.find("://") {
        Some(scheme) => to[scheme + 3..]
            .find('/')
            .map(|slash| to[scheme + 3 + slash..].to_owned())
            .unwrap_or_default(),
        None => to,
    };
    path.strip_suffix('?').map(str::to_owned).unwrap_or(path)
}

pub(crate) async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// Signs in through the sign-in page's form.
pub(crate) async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = browser();
    let (_, html) = page(app, &client, "/dang-nhap").await;
    let csrf = tests::form_field(&html, "csrf").unwrap_or_default();
    let response = form(
        app,
        &client,
        "sign_in",
        "/dang-nhap",
        &[
            ("csrf", &csrf),
            ("email", email),
            ("password", password),
            ("next", "/quan-ly"),
        ],
    )
    .await;
    let mut to = location(&response);
    if to.starts_with("/tai-khoan/chap-nhan-chinh-sach") {
        // A new account accepts the policies in force first.
        let (_, html) = page(app, &client, &to).await;
        let versions = tests::form_field(&html, "versions").unwrap_or_default();
        let csrf = csrf_in(&html);
        let fields = [
            ("csrf", csrf.as_str()),
            ("versions", versions.as_str()),
            ("agree", "1"),
            ("next", "/quan-ly"),
        ];
        let accepted = form(app, &client, "account_accept_policies", &to, &fields).await;
        to = location(&accepted);
    }
    assert_eq!(to, "/quan-ly", "{email} signs in");
    client
}

/// A photo: a gradient, so each one has its own bytes.
pub(crate) fn photo(seed: u8, format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, seed])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).expect("encode");
    bytes.into_inner()
}

/// A PNG whose header announces 30000×30000 pixels (a decompression bomb).
fn png_bomb() -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]);
        c
    };
    let mut ihdr = 30_000u32.to_be_bytes().to_vec();
    ihdr.extend(30_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    bomb.extend(chunk(b"IHDR", &ihdr));
    bomb.extend(chunk(b"IEND", &[]));
    bomb
}

/// Uploads `files` (name, bytes) through the editor's form; the redirect.
pub(crate) async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    code: &str,
    files: Vec<(&str, Vec<u8>)>,
) -> String {
    let mut body = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("target", "product")
        .text("code", code.to_owned())
        .text("alt", "");
    for (name, bytes) in files {
        body = body.part(
            "photo",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    let response = client
        .post(format!("{}/quan-ly/tai-anh", app.address))
        .multipart(body)
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status().as_u16(), 303, "back to the page");
    location(&response)
}

async fn product(app: &TestApp, code: &str) -> products::Model {
    products::Entity::find()
        .filter(products::Column::Code.eq(code))
        .one(&app.db)
        .await
        .expect("query")
        .expect("product")
}

async fn photos_of(app: &TestApp, id: i64) -> u64 {
    product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(id))
        .count(&app.db)
        .await
        .expect("count")
}

on_both_databases!(
    invited_member_adds_and_publishes_a_product,
    |backend| async move {
        let app = spawn_app(backend).await;

        // The officer of Cần Thơ invites a member for CT000001 from the desk.
        let officer = sign_in(&app, "canbo.cantho@demo.chocop.vn", DEMO_PASSWORD).await;
        let (status, desk) = page(&app, &officer, "/can-bo").await;
        assert_eq!(status, 200);
        assert!(
            desk.contains("Mời thành viên"),
            "the desk has the invitation form"
        );
        let csrf = csrf_in(&desk);
        let response = form(
            &app,
            &officer,
            "officer_invite",
            "/can-bo",
            &[
                ("csrf", &csrf),
                ("producer_code", "CT000001"),
                ("display_name", "Lê Thị Hoa"),
                ("email", "hoa@htxphusa.vn"),
            ],
        )
        .await;
        assert_eq!(location(&response), "/can-bo", "back to the desk");
        let mail = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::ToAddress.eq("hoa@htxphusa.vn"))
            .one(&app.db)
            .await
            .expect("query")
            .expect("the invitation is mailed");
        let link = mail
            .body_text
            .split_whitespace()
            .find(|w| w.contains("/dat-lai-mat-khau?token="))
            .expect("link");
        let path = &link[link.find("/dat-lai-mat-khau").expect("path")..];

        // The member chooses a password from the link and signs in.
        let member = browser();
        let (_, html) = page(&app, &member, path).await;
        let csrf = tests::form_field(&html, "csrf").unwrap_or_default();
        let token = path.split("token=").nth(1).expect("token");
        let response = form(
            &app,
            &member,
            "reset_password",
            path,
            &[
                ("csrf", &csrf),
                ("token", token),
                ("password", "hoa-sen-thoi-lai-2026"),
                ("repeated", "hoa-sen-thoi-lai-2026"),
            ],
        )
        .await;
        assert_eq!(location(&response), "/dang-nhap?da-doi-mat-khau=1");
        let member = sign_in(&app, "hoa@htxphusa.vn", "hoa-sen-thoi-lai-2026").await;
        let (status, overview) = page(&app, &member, "/quan-ly").await;
        assert_eq!(status, 200);
        assert!(overview.contains("Hợp tác xã Phù Sa Thới Lai"), "her stall");

        // She adds a product; a refused form names the field.
        let (_, new_page) = page(&app, &member, "/quan-ly/san-pham/moi").await;
        let csrf = csrf_in(&new_page);
        let refused = form(
            &app,
            &member,
            "stall_create_product",
            "/quan-ly/san-pham/moi",
            &[
                ("csrf", &csrf),
                ("name", "Mắm cá linh"),
                ("group", "1"),
                ("unit", "hũ"),
                ("price_vnd", "rẻ"),
                ("stock", "5"),
            ],
        )
        .await;
        let back = location(&refused);
        assert!(back.starts_with("/quan-ly/san-pham/moi?"), "{back}");
        let (_, shown) = page(&app, &member, &back).await;
        assert!(
            shown.contains("Giá là số đồng nguyên"),
            "the price's problem is shown"
        );

        let story = "## Mùa nước nổi\n\nCá linh **non** ướp muối hột.\n\n<script>alert('x')</script>\n\n[bấm](javascript:alert(1))";
        let created = form(
            &app,
            &member,
            "stall_create_product",
            "/quan-ly/san-pham/moi",
            &[
                ("csrf", &csrf),
                ("name", "Mắm cá linh Thới Lai"),
                ("group", "1"),
                ("unit", "hũ 500g"),
                ("price_vnd", "85.000"),
                ("stock", "20"),
                ("description", "Mắm cá linh mùa nước nổi."),
                ("origin", "Thới Lai, Cần Thơ"),
                ("story", story),
                ("area_name", ""),
                ("area_ha", ""),
                ("area_description", ""),
            ],
        )
        .await;
        let editor_path = location(&created);
        assert!(
            editor_path.starts_with("/quan-ly/san-pham/CT000001-"),
            "{editor_path}"
        );
        let code = editor_path
            .trim_start_matches("/quan-ly/san-pham/")
            .split('?')
            .next()
            .expect("code")
            .to_owned();
        let saved = product(&app, &code).await;
        assert_eq!(
            (saved.price_vnd, saved.stock, saved.published),
            (85_000, 20, false)
        );
        let stored = product_stories::Entity::find()
            .filter(product_stories::Column::ProductId.eq(saved.id))
            .one(&app.db)
            .await
            .expect("query")
            .expect("story");
        assert!(stored.html.contains("<h3>Mùa nước nổi</h3>"));
        assert!(stored.html.contains("<strong>non</strong>"));
        assert!(!stored.html.contains("<script"), "{}", stored.html);
        assert!(!stored.html.contains("javascript:"), "{}", stored.html);

        // Publishing without a photo is refused, saying what is missing.
        let (_, editor) = page(&app, &member, &editor_path).await;
        let csrf = csrf_in(&editor);
        let refused = form(
            &app,
            &member,
            "stall_publish",
            &editor_path,
            &[("csrf", &csrf), ("code", &code), ("publish", "1")],
        )
        .await;
        let (_, shown) = page(&app, &member, &location(&refused)).await;
        assert!(shown.contains("chưa có ảnh"), "what is missing is said");
        assert!(!product(&app, &code).await.published);

        // Two photos in one upload.
        let back = upload(
            &app,
            &member,
            &csrf,
            &code,
            vec![
                ("ca-linh.jpg", photo(1, ImageFormat::Jpeg)),
                ("hu-mam.png", photo(2, ImageFormat::Png)),
            ],
        )
        .await;
        assert_eq!(back, format!("/quan-ly/san-pham/{code}"));
        assert_eq!(photos_of(&app, saved.id).await, 2);

        // Published, yet not shown until an officer records the certification.
        let response = form(
            &app,
            &member,
            "stall_publish",
            &format!("/quan-ly/san-pham/{code}"),
            &[("csrf", &csrf), ("code", &code), ("publish", "1")],
        )
        .await;
        assert_eq!(location(&response), format!("/quan-ly/san-pham/{code}"));
        assert!(product(&app, &code).await.published);
        let stall = app.text("/gian-hang/hop-tac-xa-phu-sa-thoi-lai").await;
        assert!(!stall.contains("Mắm cá linh Thới Lai"), "not certified yet");

        let (_, desk) = page(&app, &officer, "/can-bo").await;
        assert!(desk.contains("Mắm cá linh Thới Lai"), "awaiting a decision");
        let csrf_officer = csrf_in(&desk);
        let wrong = form(
            &app,
            &officer,
            "officer_certify",
            "/can-bo",
            &[
                ("csrf", &csrf_officer),
                ("code", &code),
                ("stars", "4"),
                ("score", "95"),
                ("decision_no", "15/QĐ-UBND"),
                ("decided_on", "2026-11-20"),
            ],
        )
        .await;
        let (status, shown) = page(&app, &officer, &location(&wrong)).await;
        assert!(
            shown.contains("từ 70 đến 89"),
            "a score outside the stars' band: {status} at {:?}: {}",
            location(&wrong),
            shown.chars().take(2000).collect::<String>()
        );
        let response = form(
            &app,
            &officer,
            "officer_certify",
            "/can-bo",
            &[
                ("csrf", &csrf_officer),
                ("code", &code),
                ("stars", "4"),
                ("score", "82"),
                ("decision_no", "15/QĐ-UBND"),
                ("decided_on", "2026-11-20"),
            ],
        )
        .await;
        assert_eq!(location(&response), "/can-bo");

        // Cached copies of the stall page drop once the outbox is applied.
        let mut stall = String::new();
        for _ in 0..50 {
            stall = app.text("/gian-hang/hop-tac-xa-phu-sa-thoi-lai").await;
            if stall.contains("Mắm cá linh Thới Lai") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            stall.contains("Mắm cá linh Thới Lai"),
            "on the public stall"
        );
        let public = app.text(&format!("/san-pham/{}", saved.slug)).await;
        assert!(public.contains("Mùa nước nổi") && public.contains("<strong>non</strong>"));
        assert!(!public.contains("<script>alert"), "nothing typed runs");
        let (_, list) = page(&app, &member, "/quan-ly/san-pham").await;
        assert!(list.contains("Đang bán"), "the list says it is on sale");
    }
);

on_both_databases!(uploads_are_read_from_their_bytes, |backend| async move {
    let app = spawn_app(backend).await;
    let member = sign_in(&app, "htx.phusa@demo.chocop.vn", DEMO_PASSWORD).await;
    let (_, editor) = page(&app, &member, "/quan-ly/san-pham/SP0000001").await;
    let csrf = csrf_in(&editor);
    let target = product(&app, "SP0000001").await;
    let before = photos_of(&app, target.id).await;

    let text_as_jpeg = b"Day khong phai la anh, chi la chu.".to_vec();
    let mut truncated = photo(3, ImageFormat::Jpeg);
    truncated.truncate(truncated.len() / 3);
    for (name, bytes, code) in [
        ("bom.png", png_bomb(), "too_many_pixels"),
        ("anh.jpg", text_as_jpeg.clone(), "unsupported_format"),
        ("cut.jpg", truncated, "corrupt"),
    ] {
        let back = upload(&app, &member, &csrf, "SP0000001", vec![(name, bytes)]).await;
        assert_eq!(
            back,
            format!("/quan-ly/san-pham/SP0000001?loi-anh={code}"),
            "{name}"
        );
        let (_, shown) = page(&app, &member, &back).await;
        assert!(
            shown.contains("role=\"alert\""),
            "{name}: the refusal is shown"
        );
    }
    assert_eq!(photos_of(&app, target.id).await, before, "nothing kept");

    // No file chosen, and a form without its CSRF token.
    let back = upload(&app, &member, &csrf, "SP0000001", vec![]).await;
    assert!(back.ends_with("loi-anh=no_file"), "{back}");
    let back = upload(
        &app,
        &member,
        "not-the-token",
        "SP0000001",
        vec![("a.jpg", photo(4, ImageFormat::Jpeg))],
    )
    .await;
    assert!(back.ends_with("loi-anh=expired"), "{back}");
    assert_eq!(photos_of(&app, target.id).await, before);

    // Another producer's product is not there for this member.
    let other = product(&app, "SP0000002").await;
    let response = member
        .post(format!("{}/quan-ly/tai-anh", app.address))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf", csrf.clone())
                .text("target", "product")
                .text("code", "SP0000002")
                .part(
                    "photo",
                    reqwest::multipart::Part::bytes(photo(5, ImageFormat::Jpeg)).file_name("x.jpg"),
                ),
        )
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(photos_of(&app, other.id).await, 0, "untouched");

    // The API door answers the same checks in JSON.
    let (api, token) = app
        .signed_in_client("htx.phusa@demo.chocop.vn", DEMO_PASSWORD)
        .await;
    let send = |bytes: Vec<u8>, name: &'static str| {
        let api = api.clone();
        let token = token.clone();
        let url = format!("{}/api/v1/stall/products/SP0000001/images", app.address);
        async move {
            let response = api
                .post(url)
                .header("X-CSRF-Token", token)
                .multipart(reqwest::multipart::Form::new().part(
                    "image",
                    reqwest::multipart::Part::bytes(bytes).file_name(name),
                ))
                .send()
                .await
                .expect("upload");
            let status = response.status().as_u16();
            (
                status,
                response.json::<serde_json::Value>().await.expect("json"),
            )
        }
    };
    let (status, body) = send(text_as_jpeg, "anh.jpg").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("JPEG"), "{body}");
    let (status, body) = send(png_bomb(), "bom.png").await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = send(photo(6, ImageFormat::WebP), "ok.webp").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["added"], 1);
    assert_eq!(photos_of(&app, target.id).await, before + 1);
    let url = body["photos"]
        .as_array()
        .expect("photos")
        .last()
        .expect("photo")["url"]
        .as_str()
        .expect("url")
        .to_owned();
    let served = app.get(&url).await;
    assert_eq!(
        served.status().as_u16(),
        200,
        "the stored variant is served"
    );
});

on_both_databases!(editor_steps_keep_the_product_whole, |backend| async move {
    let app = spawn_app(backend).await;
    let member = sign_in(&app, "htx.phusa@demo.chocop.vn", DEMO_PASSWORD).await;
    let path = "/quan-ly/san-pham/SP0000001";
    let (status, editor) = page(&app, &member, path).await;
    assert_eq!(status, 200);
    let csrf = csrf_in(&editor);
    let version = tests::form_field(&editor, "version").expect("version");
    let target = product(&app, "SP0000001").await;

    // A save from an older version is refused; the current one goes through.
    let fields = |version: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("code", "SP0000001".to_owned()),
            ("version", version.to_owned()),
            ("name", "Bánh pía Vũng Thơm".to_owned()),
            ("group", "1".to_owned()),
            ("unit", "hộp 400g".to_owned()),
            ("price_vnd", "72 000".to_owned()),
            ("stock", "12".to_owned()),
            ("description", "Bánh pía nhân sầu riêng.".to_owned()),
            ("origin", "".to_owned()),
            ("story", "Bánh pía làm tay.".to_owned()),
            ("area_name", "Vườn sầu riêng Thới Lai".to_owned()),
            ("area_ha", "12,5".to_owned()),
            ("area_description", "".to_owned()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { v.clone() };
    let stale: Vec<(&str, String)> = as_refs(&fields("0"));
    let stale: Vec<(&str, &str)> = stale.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = form(&app, &member, "stall_save_product", path, &stale).await;
    let (_, shown) = page(&app, &member, &location(&response)).await;
    assert!(
        shown.contains("vừa được sửa ở nơi khác"),
        "a stale edit is refused"
    );
    assert_eq!(product(&app, "SP0000001").await.price_vnd, target.price_vnd);
    let current = fields(&version);
    let current: Vec<(&str, &str)> = current.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = form(&app, &member, "stall_save_product", path, &current).await;
    assert_eq!(location(&response), path);
    let saved = product(&app, "SP0000001").await;
    assert_eq!((saved.price_vnd, saved.stock), (72_000, 12));
    assert!(saved.traceable);

    // Batches: added, a duplicate number refused, removed.
    let batch = [
        ("csrf", csrf.as_str()),
        ("code", "SP0000001"),
        ("batch_no", "L2611"),
        ("produced_on", "2026-11-01"),
        ("expires_on", "2027-05-01"),
        ("quantity", "300"),
    ];
    assert_eq!(
        location(&form(&app, &member, "stall_add_batch", path, &batch).await),
        path
    );
    let again = form(&app, &member, "stall_add_batch", path, &batch).await;
    assert!(
        location(&again).contains("__err"),
        "the same number twice is refused"
    );
    let batches = product_batches::Entity::find()
        .filter(product_batches::Column::ProductId.eq(target.id))
        .filter(product_batches::Column::BatchNo.eq("L2611"))
        .all(&app.db)
        .await
        .expect("batches");
    assert_eq!(batches.len(), 1);
    let bad_dates = form(
        &app,
        &member,
        "stall_add_batch",
        path,
        &[
            ("csrf", &csrf),
            ("code", "SP0000001"),
            ("batch_no", "L2612"),
            ("produced_on", "2026-11-01"),
            ("expires_on", "2026-10-01"),
            ("quantity", ""),
        ],
    )
    .await;
    let (_, shown) = page(&app, &member, &location(&bad_dates)).await;
    assert!(shown.contains("Hạn dùng phải sau ngày sản xuất"));
    let id = batches[0].id.to_string();
    assert_eq!(
        location(
            &form(
                &app,
                &member,
                "stall_remove_batch",
                path,
                &[("csrf", &csrf), ("code", "SP0000001"), ("batch", &id)]
            )
            .await
        ),
        path
    );

    // A listing on Shopee, then ended.
    let listing = [
        ("csrf", csrf.as_str()),
        ("code", "SP0000001"),
        ("channel", "ecommerce"),
        ("platform", "Shopee"),
        ("url", "https://shopee.vn/banh-pia"),
        ("since", "2026-06-01"),
    ];
    assert_eq!(
        location(&form(&app, &member, "stall_add_listing", path, &listing).await),
        path
    );
    let bad = form(
        &app,
        &member,
        "stall_add_listing",
        path,
        &[
            ("csrf", &csrf),
            ("code", "SP0000001"),
            ("channel", "marketplace"),
            ("platform", "X"),
            ("url", "javascript:alert(1)"),
            ("since", "2026-06-01"),
        ],
    )
    .await;
    assert!(
        location(&bad).contains("__err"),
        "derived channels and script links are refused"
    );
    let listed = channel_listings::Entity::find()
        .filter(channel_listings::Column::ProductId.eq(target.id))
        .filter(channel_listings::Column::Platform.eq("Shopee"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("listing");
    assert_eq!(listed.channel, "ecommerce");
    let id = listed.id.to_string();
    assert_eq!(
        location(
            &form(
                &app,
                &member,
                "stall_end_listing",
                path,
                &[("csrf", &csrf), ("code", "SP0000001"), ("listing", &id)]
            )
            .await
        ),
        path
    );
    let ended = channel_listings::Entity::find_by_id(listed.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("row");
    assert!(ended.until.is_some());

    // Photos: a second one, moved first, described, removed.
    let first = photos_of(&app, target.id).await;
    upload(
        &app,
        &member,
        &csrf,
        "SP0000001",
        vec![("b.jpg", photo(9, ImageFormat::Jpeg))],
    )
    .await;
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(target.id))
        .all(&app.db)
        .await
        .expect("photos");
    assert_eq!(photos.len() as u64, first + 1);
    let newest = photos
        .iter()
        .max_by_key(|p| p.position)
        .expect("photo")
        .clone();
    let id = newest.id.to_string();
    for (action, alt) in [("earlier", ""), ("alt", "Hộp bánh pía mở nắp")] {
        let response = form(
            &app,
            &member,
            "stall_photo",
            path,
            &[
                ("csrf", &csrf),
                ("code", "SP0000001"),
                ("photo", &id),
                ("action", action),
                ("alt", alt),
            ],
        )
        .await;
        assert_eq!(location(&response), path, "{action}");
    }
    let moved = product_photos::Entity::find_by_id(newest.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("row");
    assert!(
        moved.position < newest.position || first == 0,
        "moved earlier"
    );
    assert_eq!(moved.alt, "Hộp bánh pía mở nắp");
    form(
        &app,
        &member,
        "stall_photo",
        path,
        &[
            ("csrf", &csrf),
            ("code", "SP0000001"),
            ("photo", &id),
            ("action", "remove"),
            ("alt", ""),
        ],
    )
    .await;
    assert_eq!(photos_of(&app, target.id).await, first);

    // The QR code to print points at the traceability page.
    let qr = app.get("/qr/SP0000001.png").await;
    assert_eq!(qr.status().as_u16(), 200);
    assert_eq!(qr.headers()["content-type"], "image/png");
});

on_both_databases!(
    nobody_reaches_another_producers_stall,
    |backend| async move {
        let app = spawn_app(backend).await;
        // htx.thanhdat runs CT000002; SP0000001 belongs to CT000001.
        let other = sign_in(&app, "htx.thanhdat@demo.chocop.vn", DEMO_PASSWORD).await;
        let (status, html) = page(&app, &other, "/quan-ly/san-pham/SP0000001").await;
        assert_eq!(status, 404, "another producer's product is not there");
        assert!(!html.contains("Bánh pía Vũng Thơm"));
        let (_, list) = page(&app, &other, "/quan-ly/san-pham").await;
        assert!(!list.contains("SP0000001"));
        let csrf = csrf_in(&page(&app, &other, "/quan-ly/san-pham/moi").await.1);
        let before = product(&app, "SP0000001").await;
        let path = "/quan-ly/san-pham/SP0000001";
        for (action, fields) in [
            (
                "stall_publish",
                vec![("code", "SP0000001"), ("publish", "0")],
            ),
            (
                "stall_save_product",
                vec![
                    ("code", "SP0000001"),
                    ("version", "1"),
                    ("name", "Bị sửa"),
                    ("group", "1"),
                    ("unit", "hộp"),
                    ("price_vnd", "1"),
                    ("stock", "1"),
                ],
            ),
            (
                "stall_add_batch",
                vec![
                    ("code", "SP0000001"),
                    ("batch_no", "X"),
                    ("produced_on", "2026-01-01"),
                ],
            ),
            (
                "stall_add_listing",
                vec![
                    ("code", "SP0000001"),
                    ("channel", "export"),
                    ("platform", "X"),
                    ("since", "2026-01-01"),
                ],
            ),
            (
                "stall_photo",
                vec![("code", "SP0000001"), ("photo", "1"), ("action", "remove")],
            ),
        ] {
            let mut fields = fields;
            fields.push(("csrf", csrf.as_str()));
            let response = form(&app, &other, action, path, &fields).await;
            assert!(location(&response).contains("__err"), "{action} is refused");
        }
        assert_eq!(product(&app, "SP0000001").await, before, "nothing changed");

        // A shopper, an officer and a visitor: no stall.
        let shopper = sign_in(&app, "nguoimua@demo.chocop.vn", DEMO_PASSWORD).await;
        let (_, html) = page(&app, &shopper, "/quan-ly/san-pham").await;
        assert!(html.contains("dành cho thành viên của chủ thể OCOP"));
        let csrf = csrf_in(&page(&app, &shopper, "/tai-khoan/don-hang").await.1);
        let response = form(
            &app,
            &shopper,
            "stall_publish",
            path,
            &[("csrf", &csrf), ("code", "SP0000001"), ("publish", "0")],
        )
        .await;
        assert!(location(&response).contains("__err"));
        let officer = sign_in(&app, "canbo.cantho@demo.chocop.vn", DEMO_PASSWORD).await;
        let (_, html) = page(&app, &officer, "/quan-ly/gian-hang").await;
        assert!(html.contains("dành cho thành viên của chủ thể OCOP"));
        let (_, html) = page(&app, &browser(), "/quan-ly").await;
        assert!(html.contains("/dang-nhap?next=/quan-ly"));

        // A producer member cannot use the officer's desk.
        let (_, desk) = page(&app, &other, "/can-bo").await;
        assert!(desk.contains("dành cho cán bộ OCOP"));
        let csrf = csrf_in(&page(&app, &other, "/quan-ly/san-pham/moi").await.1);
        let response = form(
            &app,
            &other,
            "officer_certify",
            "/can-bo",
            &[
                ("csrf", &csrf),
                ("code", "SP0000002"),
                ("stars", "5"),
                ("score", "99"),
                ("decision_no", "1/X"),
                ("decided_on", "2026-11-01"),
            ],
        )
        .await;
        assert!(location(&response).contains("__err"));
        // An officer of another province cannot certify here.
        let dong_thap = sign_in(&app, "canbo.dongthap@demo.chocop.vn", DEMO_PASSWORD).await;
        let (_, desk) = page(&app, &dong_thap, "/can-bo").await;
        assert!(
            !desk.contains("CT000001"),
            "Cần Thơ's producers are not in Đồng Tháp's desk"
        );
        let csrf = csrf_in(&desk);
        let response = form(
            &app,
            &dong_thap,
            "officer_certify",
            "/can-bo",
            &[
                ("csrf", &csrf),
                ("code", "SP0000001"),
                ("stars", "5"),
                ("score", "99"),
                ("decision_no", "2/X"),
                ("decided_on", "2026-11-01"),
            ],
        )
        .await;
        assert!(location(&response).contains("__err"));
    }
);

on_both_databases!(
    the_stall_profile_is_kept_and_checked,
    |backend| async move {
        let app = spawn_app(backend).await;
        let member = sign_in(&app, "htx.phusa@demo.chocop.vn", DEMO_PASSWORD).await;
        let path = "/quan-ly/gian-hang";
        let (status, html) = page(&app, &member, path).await;
        assert_eq!(status, 200);
        let csrf = csrf_in(&html);
        // The demo stall's seller identity is verified: its name and phone
        // stay as verified, and changing the phone is the officer's to do.
        let phone = app::entities::producers::Entity::find()
            .filter(app::entities::producers::Column::Code.eq("CT000001"))
            .one(&app.db)
            .await
            .expect("q")
            .expect("producer")
            .phone;
        let mut fields = vec![
            ("csrf", csrf.as_str()),
            ("name", "Hợp tác xã Phù Sa Thới Lai"),
            (
                "story",
                "Chúng tôi là **20 hộ** trồng sầu riêng.\n\n<img src=x onerror=alert(1)>",
            ),
            ("phone", phone.as_str()),
            ("email", "lienhe@phusa.vn"),
            ("website", "https://phusa.vn"),
            ("bank_bin", "97043"),
            ("bank_account_no", "0123456789"),
            ("bank_account_name", "Hợp tác xã Phù Sa"),
            ("ship_same_province_vnd", "15.000"),
            ("ship_other_province_vnd", ""),
            ("free_ship_over_vnd", "500000"),
        ];
        let refused = form(&app, &member, "stall_save_profile", path, &fields).await;
        let (_, shown) = page(&app, &member, &location(&refused)).await;
        assert!(shown.contains("Mã ngân hàng (BIN) gồm 6 chữ số"));
        fields[6] = ("bank_bin", "970436");
        let response = form(&app, &member, "stall_save_profile", path, &fields).await;
        assert_eq!(location(&response), path);
        let producer = app::entities::producers::Entity::find()
            .filter(app::entities::producers::Column::Code.eq("CT000001"))
            .one(&app.db)
            .await
            .expect("q")
            .expect("producer");
        assert_eq!(producer.bank_bin.as_deref(), Some("970436"));
        assert_eq!(
            producer.bank_account_name.as_deref(),
            Some("HOP TAC XA PHU SA")
        );
        assert_eq!(producer.ship_same_province_vnd, Some(15_000));
        assert_eq!(producer.ship_other_province_vnd, None);
        assert!(producer.has_epayment);
        let html = producer.story_html.expect("story");
        assert!(
            html.contains("<strong>20 hộ</strong>") && !html.contains("<img"),
            "{html}"
        );
        let stall = app.text("/gian-hang/hop-tac-xa-phu-sa-thoi-lai").await;
        assert!(stall.contains("<strong>20 hộ</strong>"));
        fields[3] = ("phone", "0912 345 678");
        let locked = form(&app, &member, "stall_save_profile", path, &fields).await;
        let (_, shown) = page(&app, &member, &location(&locked)).await;
        assert!(
            shown.contains("Thông tin người bán đã được xác minh"),
            "a verified phone is the officer's to change"
        );
    }
);
