//! What the storefront serves besides pages: `sitemap.xml`, `robots.txt`, the
//! traceability QR codes printed on packaging and the address they point to,
//! and the language cookie.

use super::api::query::QueryParams;
use super::error::{localized, ApiError};
use super::locale::RequestLocale;
use app::catalog::service::{product_slug, sitemap_entries};
use app::checkout::EVENT_COOKIE;
use app::error::AppError;
use app::i18n::{Locale, LANG_COOKIE};
use app::ssr::{today_vn, AppState};
use axum::extract::{Path, RawQuery, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE};
use http::HeaderValue;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/robots.txt", get(robots))
        .route("/qr/{file}", get(qr_code))
        .route("/truy-xuat/{code}", get(traceability))
}

/// Sitemaps hold at most 50,000 addresses (sitemaps.org); a catalog that big
/// is listed in pages under a sitemap index.
const SITEMAP_LIMIT: usize = 50_000;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn sitemap(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let mut entries = sitemap_entries(&state.db, today_vn())
        .await
        .map_err(localized(locale))?;
    // Who operates the site and its rules: public pages worth finding.
    let legal = ["/gioi-thieu".to_owned(), "/chinh-sach".to_owned()]
        .into_iter()
        .chain(
            app::legal::POLICY_SLUGS
                .iter()
                .map(|slug| format!("/chinh-sach/{slug}")),
        )
        .map(|path| app::catalog::service::SitemapEntry {
            path,
            modified: None,
        });
    entries.extend(legal);
    let base = &state.site.base_url;
    let pages = entries.len().div_ceil(SITEMAP_LIMIT).max(1);
    let page: Option<usize> = QueryParams::from_raw(query)
        .text("page")
        .and_then(|p| p.parse().ok());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match page {
        None if pages > 1 => {
            xml.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for n in 1..=pages {
                xml.push_str(&format!(
                    "<sitemap><loc>{}</loc></sitemap>\n",
                    xml_escape(&format!("{base}/sitemap.xml?page={n}"))
                ));
            }
            xml.push_str("</sitemapindex>\n");
        }
        _ => {
            let n = page.unwrap_or(1);
            if n == 0 || n > pages {
                return Err(ApiError::new(
                    AppError::not_found("Không có trang sitemap này", "No such sitemap page"),
                    locale,
                ));
            }
            xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for e in entries
                .iter()
                .skip((n - 1) * SITEMAP_LIMIT)
                .take(SITEMAP_LIMIT)
            {
                xml.push_str("<url><loc>");
                xml.push_str(&xml_escape(&format!("{base}{}", e.path)));
                xml.push_str("</loc>");
                if let Some(m) = e.modified {
                    xml.push_str(&format!("<lastmod>{}</lastmod>", m.format("%Y-%m-%d")));
                }
                xml.push_str("</url>\n");
            }
            xml.push_str("</urlset>\n");
        }
    }
    Ok((
        [
            (CONTENT_TYPE, "application/xml; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        xml,
    )
        .into_response())
}

async fn robots(State(state): State<AppState>) -> impl IntoResponse {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /tim-kiem\n\nSitemap: {}/sitemap.xml\n",
        state.site.base_url
    );
    (
        [
            (CONTENT_TYPE, "text/plain; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
}

/// `/truy-xuat/{code}`: the stable address the QR code holds. It names the
/// product by register code, which never changes, and leads to the product
/// page's traceability section, wherever the page's slug is today.
async fn traceability(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    match product_slug(&state.db, &code)
        .await
        .map_err(localized(locale))?
    {
        Some(slug) => Ok(Redirect::to(&format!("/san-pham/{slug}#truy-xuat")).into_response()),
        None => Err(ApiError::new(
            AppError::not_found("Không tìm thấy sản phẩm", "Product not found"),
            locale,
        )),
    }
}

/// `/qr/{code}.svg` and `/qr/{code}.png`: the traceability QR code, in vector
/// form for print shops and as a 1,200-pixel PNG for everyone else.
async fn qr_code(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || {
        ApiError::new(
            AppError::not_found("Không tìm thấy sản phẩm", "Product not found"),
            locale,
        )
    };
    let (code, ext) = file.rsplit_once('.').ok_or_else(not_found)?;
    if !matches!(ext, "svg" | "png") {
        return Err(not_found());
    }
    let code = code.trim().to_uppercase();
    if product_slug(&state.db, &code)
        .await
        .map_err(localized(locale))?
        .is_none()
    {
        return Err(not_found());
    }
    let url = format!("{}/truy-xuat/{code}", state.site.base_url);
    let qr = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| ApiError::new(AppError::internal(e), locale))?;
    let cache = (CACHE_CONTROL, "public, max-age=86400");
    if ext == "svg" {
        let svg = qr
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build();
        return Ok(([(CONTENT_TYPE, "image/svg+xml"), cache], svg).into_response());
    }
    let png = tokio::task::spawn_blocking(move || qr_png(&qr))
        .await
        .map_err(|e| ApiError::new(AppError::internal(e), locale))?
        .map_err(|e| ApiError::new(AppError::internal(e), locale))?;
    Ok(([(CONTENT_TYPE, "image/png"), cache], png).into_response())
}

/// Draws the code as a black-on-white PNG with a four-module quiet zone.
fn qr_png(qr: &qrcode::QrCode) -> Result<Vec<u8>, image::ImageError> {
    let modules = qr.width() as u32;
    let quiet = 4;
    let scale = (1200 / (modules + 2 * quiet)).max(4);
    let side = (modules + 2 * quiet) * scale;
    let colors = qr.to_colors();
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let dark = mx >= quiet
            && my >= quiet
            && mx < modules + quiet
            && my < modules + quiet
            && colors[((my - quiet) * modules + (mx - quiet)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(out.into_inner())
}

/// The event code of `?su-kien=CODE`, when it looks like one (letters,
/// digits, `-` and `_`, at most 40).
fn event_code_in(query: &str) -> Option<String> {
    let code = QueryParams::from_raw(Some(query.to_owned())).text("su-kien")?;
    let ok = !code.is_empty()
        && code.len() <= 40
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(code)
}

/// Remembers `?lang=en` or `?lang=vi` in a cookie for a year, so the choice
/// holds on every later page.
///
/// Also remembers the event code of a fair or livestream link
/// (`?su-kien=CODE`) for a week, so that a later checkout is attributed to
/// the event that brought the shopper.
pub async fn remember_language(request: Request, next: Next) -> Response {
    let query = request.uri().query().unwrap_or("");
    let chosen = Locale::from_query(query);
    let event = event_code_in(query);
    let mut response = next.run(request).await;
    if let Some(code) = event {
        let cookie =
            format!("{EVENT_COOKIE}={code}; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    if let Some(locale) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}
