//! Rendered pages kept for a moment ("micro-caching"). A product page takes a
//! dozen queries to render; during a fair or a livestream hundreds of shoppers
//! open the same few pages in the same second. Each page (per address and
//! language) is rendered once and served from memory for at most the
//! lifetime given to [`PageCache::new`]; any change to the catalog applied
//! from the outbox drops every copy at once ([`PageCache::invalidate`]).
//!
//! Only anonymous reads are kept: `GET` without cookies other than the
//! language, answered with a full HTML page (200) that sets no cookie. Error
//! pages (404, 500) are not kept: they show their own request's id.
//! One request renders a page while the others wait for it, or, when only the
//! time ran out and nothing changed, take the previous copy meanwhile.
//!
//! A kept page is sent with the Content-Security-Policy nonce it was
//! rendered with: its inline scripts carry that nonce, so the header must
//! too (the copy puts it in the response's extensions, where the security
//! headers take it from). We chose this over rewriting the nonce inside every
//! copy served, which would scan each page on every hit and make the copy
//! differ from what was rendered. Sharing a nonce among the readers of one
//! copy for its few seconds gives nothing to an attacker: a nonce defends a
//! page against markup injected into that very page, and a kept copy's markup
//! is fixed when it is rendered, before anyone can learn its nonce; another
//! address (another query string) is another copy with its own nonce; and
//! only anonymous pages are kept.

use app::i18n::{Locale, LANG_COOKIE};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, SET_COOKIE};
use http::{HeaderValue, Method, StatusCode};
use leptos::nonce::Nonce;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Pages kept at most (about 50 KB each).
const MAX_PAGES: usize = 4096;
/// Larger pages are served but not kept.
const MAX_BODY: usize = 1 << 20;
/// Header telling whether a page came from the cache ("hit") or was rendered.
pub const CACHE_HEADER: &str = "x-page-cache";

/// The kept pages and the catalog generation they were rendered at.
pub struct PageCache {
    ttl: Duration,
    generation: AtomicU64,
    slots: Mutex<HashMap<String, Slot>>,
}

#[derive(Clone, Default)]
struct Slot {
    page: Option<Arc<Page>>,
    rendering: Arc<tokio::sync::Mutex<()>>,
}

struct Page {
    generation: u64,
    stored: Instant,
    status: StatusCode,
    content_type: HeaderValue,
    body: Bytes,
    /// The CSP nonce its inline scripts carry.
    nonce: Option<Nonce>,
}

impl Page {
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, self.content_type.clone());
        headers.insert(CACHE_HEADER, HeaderValue::from_static("hit"));
        if let Some(nonce) = &self.nonce {
            response.extensions_mut().insert(nonce.clone());
        }
        response
    }
}

impl PageCache {
    /// A cache keeping pages for `ttl`; a zero `ttl` keeps nothing.
    pub fn new(ttl: Duration) -> PageCache {
        PageCache {
            ttl,
            generation: AtomicU64::new(0),
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// Drops every kept page: the catalog changed.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::Release);
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn is_fresh(&self, page: &Page) -> bool {
        page.generation == self.generation() && page.stored.elapsed() < self.ttl
    }

    /// The slot of `key`, made if there is room.
    fn slot(&self, key: &str) -> Option<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = slots.get(key) {
            return Some(slot.clone());
        }
        if slots.len() >= MAX_PAGES {
            slots.retain(|_, s| s.page.as_ref().is_some_and(|p| self.is_fresh(p)));
            if slots.len() >= MAX_PAGES {
                return None;
            }
        }
        Some(slots.entry(key.to_string()).or_default().clone())
    }

    fn page(&self, key: &str) -> Option<Arc<Page>> {
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.get(key).and_then(|s| s.page.clone())
    }

    fn store(&self, key: &str, page: Page) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = slots.get_mut(key) {
            slot.page = Some(Arc::new(page));
        }
    }

    /// The key of a request that may be served from the cache: its language
    /// and address.
    fn key(&self, request: &Request) -> Option<String> {
        if self.ttl.is_zero() || request.method() != Method::GET {
            return None;
        }
        let language = format!("{LANG_COOKIE}=");
        let only_language = request
            .headers()
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .all(|pair| pair.trim().is_empty() || pair.trim_start().starts_with(&language));
        if !only_language {
            return None;
        }
        let locale = Locale::from_headers(request.uri().query(), request.headers());
        let address = request.uri().path_and_query()?.as_str();
        Some(format!("{}{address}", locale.code()))
    }
}

/// The middleware: serves kept pages and keeps the ones rendered.
pub async fn serve(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let Some(key) = cache.key(&request) else {
        return next.run(request).await;
    };
    let Some(slot) = cache.slot(&key) else {
        return next.run(request).await;
    };
    if let Some(page) = slot.page.as_ref().filter(|p| cache.is_fresh(p)) {
        return page.response();
    }
    let _rendering = match slot.rendering.clone().try_lock_owned() {
        Ok(guard) => guard,
        Err(_) => {
            // Someone is rendering this page. If only the time ran out, the
            // previous copy is still right; otherwise wait for theirs.
            if let Some(page) = slot
                .page
                .as_ref()
                .filter(|p| p.generation == cache.generation())
            {
                return page.response();
            }
            let guard = slot.rendering.clone().lock_owned().await;
            if let Some(page) = cache.page(&key).filter(|p| cache.is_fresh(p)) {
                return page.response();
            }
            guard
        }
    };
    // Read before rendering: a change during the rendering leaves the copy old.
    let generation = cache.generation();
    let nonce = request.extensions().get::<Nonce>().cloned();
    let response = next.run(request).await;
    let headers = response.headers();
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let keepable = response.status() == StatusCode::OK
        && html
        && !headers.contains_key(SET_COOKIE)
        && !headers
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store"));
    if !keepable {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "page body could not be read");
            return Response::from_parts(parts, Body::empty());
        }
    };
    if body.len() <= MAX_BODY {
        if let Some(content_type) = parts.headers.get(CONTENT_TYPE).cloned() {
            cache.store(
                &key,
                Page {
                    generation,
                    stored: Instant::now(),
                    status: parts.status,
                    content_type,
                    body: body.clone(),
                    nonce,
                },
            );
        }
    }
    parts
        .headers
        .insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(body))
}
