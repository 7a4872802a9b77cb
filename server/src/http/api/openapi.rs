//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the API. Written
//! by hand next to the handlers it describes; the e2e tests check that every
//! route in `api::router` appears here.

use axum::Json;
use serde_json::{json, Value};

pub(super) fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn int_param(name: &str, description: &str, min: i64, max: i64) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description,
            "schema": { "type": "integer", "minimum": min, "maximum": max } })
}

/// The document.
pub async fn get_openapi() -> Json<Value> {
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Chợ OCOP API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Certified OCOP products, producers and programme data. Money is integer đồng (`_vnd`); dates YYYY-MM-DD; messages follow Accept-Language (vi default, en)."
        },
        "servers": [{ "url": "/api/v1" }],
        "paths": {
            "/health": { "get": { "operationId": "get_health", "summary": "Liveness",
                "responses": { "200": { "description": "Up", "content": { "application/json": { "schema": {
                    "type": "object", "required": ["status", "version"],
                    "properties": { "status": { "const": "ok" }, "version": { "type": "string" } } } } } } } } },
            "/ready": { "get": { "operationId": "get_ready", "summary": "Readiness: the database answers a query and the search index can be read",
                "responses": {
                    "200": { "description": "Ready", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Readiness" } } } },
                    "503": { "description": "Not ready; each check says ok or what is wrong", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Readiness" } } } }
                } } },
            "/products": { "get": { "operationId": "list_products", "summary": "Certified, published products",
                "parameters": [
                    int_param("page", "Page, from 1", 1, 1_000_000),
                    int_param("limit", "Items per page (default 20; values above 100 are clamped)", 1, 100),
                    int_param("group", "OCOP product group", 1, 6),
                    int_param("stars", "Stars of the valid certification", 3, 5),
                    { "name": "province", "in": "query", "required": false, "description": "Province name (any Unicode form or tone placement), code or slug", "schema": { "type": "string" } }
                ],
                "responses": {
                    "200": { "description": "A page of products", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["total", "items"],
                        "properties": { "total": { "type": "integer" }, "page": { "type": "integer" }, "limit": { "type": "integer" },
                            "items": { "type": "array", "items": { "$ref": "#/components/schemas/ProductSummary" } } } } } } },
                    "422": error_response("Invalid parameter")
                } } },
            "/products/search": { "get": { "operationId": "search_products", "summary": "Search certified products; any words are accepted",
                "parameters": [
                    { "name": "q", "in": "query", "required": false, "description": "Words as typed: with or without diacritics, any Unicode form", "schema": { "type": "string" } },
                    int_param("page", "Page, from 1", 1, 1_000_000),
                    int_param("limit", "Hits per page (default 20; values above 100 are clamped)", 1, 100),
                    int_param("group", "OCOP product group", 1, 6),
                    int_param("stars", "Stars of the valid certification", 3, 5),
                    { "name": "province", "in": "query", "required": false, "description": "Province name, compared without case or diacritics", "schema": { "type": "string" } },
                    int_param("min_price", "Lowest price in đồng", 0, i64::MAX),
                    int_param("max_price", "Highest price in đồng", 0, i64::MAX),
                    { "name": "in_stock", "in": "query", "required": false, "schema": { "type": "boolean" } },
                    { "name": "sort", "in": "query", "required": false, "schema": { "enum": ["relevance", "price_asc", "price_desc", "stars", "newest"] } }
                ],
                "responses": {
                    "200": { "description": "A page of hits with facet counts of all matches", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["total", "took_ms", "hits", "facets"],
                        "properties": { "total": { "type": "integer" }, "took_ms": { "type": "integer" },
                            "hits": { "type": "array", "items": { "type": "object",
                                "required": ["code", "slug", "name", "producer", "province", "stars", "price_vnd", "in_stock", "thumbnail", "snippet"],
                                "properties": { "snippet": { "type": "string", "description": "HTML-escaped text with matches in <mark>" } } } },
                            "facets": { "type": "object", "properties": {
                                "group": { "type": "object", "additionalProperties": { "type": "integer" } },
                                "stars": { "type": "object", "additionalProperties": { "type": "integer" } },
                                "province": { "type": "object", "additionalProperties": { "type": "integer" } } } } } } } } },
                    "422": error_response("Invalid filter value")
                } } },
            "/products/suggest": { "get": { "operationId": "suggest_products", "summary": "Product names for what has been typed (at most 8)",
                "parameters": [{ "name": "q", "in": "query", "required": false, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "Suggestions", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["suggestions"], "properties": { "suggestions": { "type": "array", "maxItems": 8,
                            "items": { "type": "object", "required": ["code", "name", "slug"] } } } } } } }
                } } },
            "/products/{code}": { "get": { "operationId": "get_product", "summary": "One published product",
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "The product", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Product" } } } },
                    "404": error_response("No such published product")
                } } },
            "/stall/products": { "get": { "operationId": "stall_products", "summary": "The signed-in producer member's products",
                "responses": {
                    "200": { "description": "The products", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["items"], "properties": { "items": { "type": "array" } } } } } },
                    "401": error_response("Not signed in"),
                    "403": error_response("Not a producer member")
                } },
                "post": { "operationId": "stall_create_product",
                "summary": "Add a product to one's own stall, unpublished (X-CSRF-Token required); code made from the producer's code",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object",
                    "required": ["name", "group", "unit", "price_vnd", "stock"],
                    "properties": { "name": { "type": "string" }, "group": { "type": "integer", "minimum": 1, "maximum": 6 },
                        "unit": { "type": "string" }, "price_vnd": { "type": "integer", "minimum": 0 }, "stock": { "type": "integer", "minimum": 0 },
                        "description": { "type": "string" }, "origin": { "type": "string" }, "story": { "type": "string", "description": "Markdown source, kept as written; shown as sanitised HTML (story_html of the product)" } } } } } },
                "responses": {
                    "201": { "description": "Created: {code, published: false}" },
                    "401": error_response("Not signed in"),
                    "403": error_response("Not a producer member, or no CSRF token"),
                    "422": error_response("Fields that do not hold, each named")
                } } },
            "/stall/products/{code}/images": { "post": { "operationId": "stall_upload_images",
                "summary": "Add photos (multipart fields image or photo, several; optional alt) to one's own product (X-CSRF-Token required). The type is read from the bytes; size, pixel count and damage are checked; metadata stripped",
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "multipart/form-data": { "schema": { "type": "object",
                    "properties": { "image": { "type": "string", "format": "binary" }, "alt": { "type": "string" } } } } } },
                "responses": {
                    "201": { "description": "{added, photos: [{id, url, width, height, alt}]}" },
                    "401": error_response("Not signed in"),
                    "403": error_response("Not a producer member, or no CSRF token"),
                    "404": error_response("No such product of this producer"),
                    "422": error_response("Not a JPEG/PNG/WebP, too large, too many pixels, damaged, or more than 8 photos")
                } } },
            "/stall/products/{code}": { "patch": { "operationId": "stall_edit_product",
                "summary": "Change name, unit, price_vnd, stock, description, story (Markdown source, kept as written; shown as sanitised HTML) or published of one's own product (X-CSRF-Token required)",
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object",
                    "properties": { "name": { "type": "string" }, "unit": { "type": "string" }, "price_vnd": { "type": "integer", "minimum": 0 },
                        "stock": { "type": "integer", "minimum": 0 }, "description": { "type": "string" }, "story": { "type": "string" }, "published": { "type": "boolean" } },
                    "additionalProperties": false } } } },
                "responses": {
                    "200": { "description": "The product as saved" },
                    "401": error_response("Not signed in"),
                    "403": error_response("Not a producer member, or no CSRF token"),
                    "404": error_response("No such product of this producer"),
                    "422": error_response("Fields that do not hold, each named")
                } } },
            "/checkout": { "post": { "operationId": "checkout",
                "summary": "Place a checkout (guests welcome): one order per producer, stock reserved in one transaction, server prices only",
                "parameters": [{ "name": "Idempotency-Key", "in": "header", "required": false,
                    "description": "1-200 printable ASCII characters; a replay with the same body returns the first answer (200), with another body 409 idempotency_key_reused",
                    "schema": { "type": "string", "maxLength": 200 } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object",
                    "required": ["items", "contact", "delivery", "payment"],
                    "properties": {
                        "items": { "type": "array", "maxItems": 100, "items": { "type": "object", "required": ["code", "quantity"],
                            "properties": { "code": { "type": "string" }, "quantity": { "type": "integer", "minimum": 1, "maximum": 999 } } } },
                        "contact": { "type": "object", "required": ["name", "phone"], "properties": {
                            "name": { "type": "string" }, "phone": { "type": "string", "description": "Vietnamese mobile (10 digits) or landline (11), +84 accepted" },
                            "email": { "type": "string" } } },
                        "delivery": { "type": "object", "required": ["method"], "properties": {
                            "method": { "type": "string", "enum": ["ship", "pickup"] },
                            "province": { "type": "string" }, "commune": { "type": "string" }, "street": { "type": "string" },
                            "sales_point_code": { "type": "string" } } },
                        "payment": { "type": "string", "enum": ["cod", "vietqr", "card"] },
                        "event_code": { "type": "string" } } } } } },
                "responses": {
                    "201": { "description": "Placed: checkout_id, access_token (for guests' order links), total_vnd, orders [{number, producer_code, producer_name, items, subtotal_vnd, shipping_vnd, total_vnd, status, vietqr_payload, url}], payment {method, status, vietqr_payload (when one order), redirect_url (card: the Stripe Checkout page to send the shopper to)}" },
                    "200": { "description": "The stored answer to an earlier request with this Idempotency-Key" },
                    "409": error_response("out_of_stock (error.items lists {code, available}; nothing reserved), idempotency_key_reused, checkout_in_progress (the first request with this key is still opening its card payment; a retry after 30 s opens it when that request died), or checkout_expired (its hold ran out before the card payment could be opened)"),
                    "422": error_response("Fields that do not hold, each named (payment: card when card payments are not configured)"),
                    "502": error_response("payment_unavailable: Stripe could not be reached or refused; the orders were cancelled and nothing stays reserved")
                } } },
            "/webhooks/stripe": { "post": { "operationId": "receive_stripe_event",
                "summary": "Stripe's webhook: checkout.session.completed pays the orders, checkout.session.expired cancels them, payment_intent.payment_failed is noted, charge.refunded refunds; other events are recorded. Each event id is processed once.",
                "parameters": [{ "name": "Stripe-Signature", "in": "header", "required": true,
                    "description": "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" keyed with the endpoint secret>; any v1 may match; at most 300 s from the server's clock",
                    "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object",
                    "required": ["id", "type", "data"], "description": "A Stripe Event object, signed byte for byte" } } } },
                "responses": {
                    "200": { "description": "Recorded", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["received", "outcome"],
                        "properties": { "received": { "const": true }, "outcome": { "enum": ["applied", "recorded", "replayed"] } } } } } },
                    "400": error_response("bad_signature (missing, malformed or not matching Stripe-Signature) or stale_signature (more than 300 s off)"),
                    "404": error_response("Card payments are not configured"),
                    "422": error_response("The event cannot be read, or its amount or currency differs from the payment")
                } } },
            "/orders/{number}": { "get": { "operationId": "get_order",
                "summary": "An order, for the holder of its link's token, the account that placed it, its producer's members, officers of the producer's area and administrators",
                "parameters": [
                    { "name": "number", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": "token", "in": "query", "required": false, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "The order with its lines, payment, delivery and history" },
                    "404": error_response("No such order, or not one this reader may see")
                } } },
            "/orders/{number}/payment": { "post": { "operationId": "payment_received",
                "summary": "Marks a VietQR transfer or cash payment received (a member of the order's producer, an officer of its area, an administrator); a pending transfer order becomes confirmed. Card payments are marked paid only by Stripe's signed webhook.",
                "parameters": [ { "name": "number", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "responses": {
                    "200": { "description": "`{number, status, paid}`" },
                    "401": error_response("Not signed in"),
                    "404": error_response("No such order, or not one this account oversees"),
                    "409": error_response("Already paid, cancelled, or a card payment")
                } } },
            "/stall/orders": { "get": { "operationId": "stall_orders",
                "summary": "The signed-in producer member's orders, newest first, with the count of each status",
                "parameters": [ { "name": "status", "in": "query", "required": false, "schema": { "type": "string" } } ],
                "responses": {
                    "200": { "description": "`{items: [{number, status, payment_method, paid, total_vnd, contact_name, created_at}], counts}`" },
                    "401": error_response("Not signed in"),
                    "403": error_response("Not a producer member")
                } } },
            "/certifications": { "get": { "operationId": "certification_register",
                "summary": "The certification register of the signed-in officer's area (administrators: all): each certified product's latest decision, its end and its state today",
                "parameters": [
                    { "name": "state", "in": "query", "required": false, "schema": { "type": "string", "enum": ["valid", "expiring", "lapsed", "renewed"] } },
                    { "name": "q", "in": "query", "required": false, "schema": { "type": "string" }, "description": "code, or part of the product's or producer's name (diacritics ignored)" },
                    { "name": "page", "in": "query", "required": false, "schema": { "type": "integer" } },
                    { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer" } } ],
                "responses": {
                    "200": { "description": "`{total, page, limit, items: [{product_code, product, producer, stars, decision_no, decided_on, expires_on, state, decisions}]}`" },
                    "401": error_response("Not signed in"),
                    "403": error_response("Not an officer with an area") } } },
            "/certifications.csv": { "get": { "operationId": "certification_register_csv",
                "summary": "The same register, every row, as CSV (UTF-8 with a byte-order mark; typed names made inert for spreadsheets)",
                "responses": { "200": { "description": "text/csv" }, "401": error_response("Not signed in"), "403": error_response("Not an officer with an area") } } },
            "/reports/plans": { "get": { "operationId": "report_plans",
                "summary": "The loaded OCOP plans (public)",
                "responses": { "200": { "description": "`{total, plans: [{id, title, area, area_level, period {from, to}, targets, url}]}`" } } } },
            "/reports/plans/{plan_id}": { "get": { "operationId": "report_plan",
                "summary": "A plan's targets with actual, numerator, denominator, status (met/behind) and gap as of a date, exactly per REPORTING.md; the address ending `.csv` or `.xlsx` gives the same table as a file",
                "parameters": [
                    { "name": "plan_id", "in": "path", "required": true, "schema": { "type": "string" }, "description": "the plan id, optionally with `.csv` or `.xlsx`" },
                    { "name": "as_of", "in": "query", "required": false, "schema": { "type": "string", "format": "date" }, "description": "default: today in Vietnam; capped at the plan's end for counting (`counted_to`)" } ],
                "responses": {
                    "200": { "description": "`{plan, title, area, area_level, period, as_of, counted_to, targets: [{metric, op, target, actual, numerator, denominator, status, gap, by, source}], due: [{kind, due}]}`; `actual` and `gap` are null for a share over a zero denominator" },
                    "404": error_response("No such plan"),
                    "422": error_response("as_of is not a date") } } },
            "/reports/metrics": { "get": { "operationId": "report_metrics",
                "summary": "Every metric of REPORTING.md for an area (the country, a province, or a commune) over [from, as_of]",
                "parameters": [
                    { "name": "province", "in": "query", "required": false, "schema": { "type": "string" }, "description": "code, slug or name" },
                    { "name": "commune", "in": "query", "required": false, "schema": { "type": "string" }, "description": "code, or name (with province when several share it)" },
                    { "name": "from", "in": "query", "required": false, "schema": { "type": "string", "format": "date" }, "description": "default: 1 January of as_of's year" },
                    { "name": "as_of", "in": "query", "required": false, "schema": { "type": "string", "format": "date" } } ],
                "responses": {
                    "200": { "description": "`{province, commune, from, as_of, metrics: {metric_id: {value, numerator, denominator}}}`" },
                    "422": error_response("Unknown area or a bad date") } } },
            "/stall/orders.csv": { "get": { "operationId": "stall_orders_csv",
                "summary": "The signed-in producer member's orders as a CSV download (UTF-8 with a byte-order mark, Vietnam time, cells a shopper typed made inert for spreadsheets)",
                "parameters": [ { "name": "status", "in": "query", "required": false, "schema": { "type": "string" } } ],
                "responses": {
                    "200": { "description": "text/csv: so_don, trang_thai, thanh_toan, da_nhan_tien, tong_vnd, nguoi_nhan, dat_luc" },
                    "401": error_response("Not signed in"),
                    "403": error_response("Not a producer member")
                } } },
            "/stall/orders/{number}/status": { "post": { "operationId": "change_order_status",
                "summary": "Moves an order: confirmed, packed, shipped (carrier, tracking_no), delivered, or cancelled (note: the reason; the stock returns at once)",
                "parameters": [ { "name": "number", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["status"],
                    "properties": { "status": { "type": "string", "enum": ["confirmed", "packed", "shipped", "delivered", "cancelled"] },
                        "note": { "type": "string" }, "carrier": { "type": "string" }, "tracking_no": { "type": "string" } } } } } },
                "responses": {
                    "200": { "description": "`{number, status}`" },
                    "401": error_response("Not signed in"),
                    "403": error_response("An officer may only mark payments received"),
                    "404": error_response("No such order, or another producer's"),
                    "409": error_response("The step does not apply to the order's status, or someone changed it first"),
                    "422": error_response("Unknown status, or a cancellation without a reason")
                } } },
            "/events": {
                "get": { "operationId": "list_events", "summary": "Public events (every status but draft) and, for an officer, the drafts of their area; soonest first",
                    "parameters": [
                        int_param("page", "Page, from 1", 1, 1_000_000),
                        int_param("limit", "Items per page (default 20, max 100)", 1, 100),
                        { "name": "status", "in": "query", "required": false, "schema": { "enum": ["draft", "open", "scheduled", "live", "finished", "cancelled"] } },
                        { "name": "kind", "in": "query", "required": false, "schema": { "enum": ["fair", "exhibition", "trade_conference", "livestream"] } },
                        { "name": "province", "in": "query", "required": false, "description": "Province name, code or slug", "schema": { "type": "string" } }
                    ],
                    "responses": { "200": { "description": "`{total, page, limit, items: [{code, kind, title, status, province, commune, starts_at, ends_at, venue, stream_url, platform, organizer, url}]}` (times RFC 3339, +07:00)" },
                        "422": error_response("Invalid parameter") } },
                "post": { "operationId": "create_event", "summary": "An officer creates an event of their area (an administrator anywhere); the code (EV-<province code>-<year>-<nnn>) is the server's. Needs X-CSRF-Token",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventInput" } } } },
                    "responses": { "201": { "description": "The event, as GET /events/{code}" },
                        "401": error_response("Not signed in"), "403": error_response("Not an officer or administrator"),
                        "422": error_response("Invalid fields (end before start, a stream link that is not http/https, another area's province...)") } } },
            "/events.ics": { "get": { "operationId": "events_ics", "summary": "iCalendar (RFC 5545) of the announced events: open, scheduled, live or finished; never drafts or cancelled events",
                "responses": { "200": { "description": "text/calendar; charset=utf-8" } } } },
            "/events/{code}": {
                "get": { "operationId": "get_event", "summary": "One event with participants, line-up and results (a public event for anyone; a draft for the officers of its area). `{code}.ics` gives the event alone as iCalendar",
                    "parameters": [ { "name": "code", "in": "path", "required": true, "schema": { "type": "string" } } ],
                    "responses": { "200": { "description": "The event" }, "404": error_response("No such event, or a draft of another area") } },
                "patch": { "operationId": "edit_event", "summary": "Changes some fields of an event of the officer's area; status moves forward (draft → open → scheduled → live → finished) or to cancelled before finished; once finished, also contracts_signed, contracts_value_vnd, results_note. Needs X-CSRF-Token",
                    "parameters": [ { "name": "code", "in": "path", "required": true, "schema": { "type": "string" } } ],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventInput" } } } },
                    "responses": { "200": { "description": "The event" }, "401": error_response("Not signed in"), "403": error_response("Not an officer or administrator"),
                        "404": error_response("No such event, or another area's"), "422": error_response("Invalid fields") } } },
            "/invitations": { "post": { "operationId": "invite_member",
                "summary": "An officer (for producers of their area) or an administrator invites a producer member by e-mail; the invitee gets a one-time link, valid 7 days, to choose a password",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["email", "producer_code"],
                    "properties": { "email": { "type": "string" }, "display_name": { "type": "string" }, "producer_code": { "type": "string" } } } } } },
                "responses": {
                    "201": { "description": "`{email, display_name, role}`" },
                    "401": error_response("Not signed in"),
                    "403": error_response("Not an officer or administrator"),
                    "422": error_response("Invalid address, an address already taken, or a producer outside the officer's area")
                } } },
            "/auth/login": { "post": { "operationId": "login", "summary": "Sign in; sets the HttpOnly session cookie",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["email", "password"],
                    "properties": { "email": { "type": "string" }, "password": { "type": "string" } } } } } },
                "responses": {
                    "200": { "description": "Signed in: the account and the session's CSRF token", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["user", "csrf_token"] } } } },
                    "401": error_response("Wrong address or password"),
                    "422": error_response("The body is not the JSON expected"),
                    "429": error_response("Too many failed attempts; see Retry-After")
                } } },
            "/auth/logout": { "post": { "operationId": "logout", "summary": "Sign out (X-CSRF-Token required with a session)",
                "responses": {
                    "204": { "description": "Signed out" },
                    "403": error_response("Missing or wrong X-CSRF-Token")
                } } },
            "/auth/csrf": { "get": { "operationId": "csrf_token", "summary": "The session's CSRF token (starts a guest session when there is none)",
                "responses": {
                    "200": { "description": "The token", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["csrf_token"], "properties": { "csrf_token": { "type": "string" } } } } } }
                } } }
        },
        "components": { "schemas": {
            "EventInput": { "type": "object", "description": "Date-times RFC 3339, or YYYY-MM-DDTHH:MM read as Vietnam time",
                "properties": { "title": { "type": "string", "maxLength": 200 }, "kind": { "enum": ["fair", "exhibition", "trade_conference", "livestream"] },
                    "description": { "type": "string" }, "starts_at": { "type": "string" }, "ends_at": { "type": "string" },
                    "province": { "type": "string", "description": "Province code or name" }, "commune": { "type": "string" },
                    "venue": { "type": "string" }, "stream_url": { "type": "string", "format": "uri" }, "platform": { "type": "string" },
                    "organizer": { "type": "string" }, "host": { "type": "string" },
                    "status": { "enum": ["draft", "open", "scheduled", "live", "finished", "cancelled"] },
                    "contracts_signed": { "type": "integer", "minimum": 0 }, "contracts_value_vnd": { "type": "integer", "minimum": 0 }, "results_note": { "type": "string" } } },
            "Readiness": { "type": "object", "required": ["status", "checks"], "properties": {
                "status": { "enum": ["ready", "not_ready"] },
                "checks": { "type": "object", "required": ["database", "search_index"], "properties": {
                    "database": { "type": "string", "description": "ok, or what is wrong" },
                    "search_index": { "type": "string", "description": "ok, or what is wrong" } } } } },
            "Error": { "type": "object", "required": ["error"],
                "description": "Any route may also answer 413 (payload_too_large: a body over the limit), 503 (timeout: the answer took too long) and, for sign-in, checkout, search, suggestions and uploads, 429 (rate_limited, with Retry-After) per client address.",
                "properties": { "error": {
                "type": "object", "required": ["code", "message"],
                "properties": { "code": { "type": "string" }, "message": { "type": "string" },
                    "request_id": { "type": "string", "description": "The request's id, as in the X-Request-Id header: quote it when asking for help" },
                    "fields": { "type": "object", "additionalProperties": { "type": "array", "items": { "type": "string" } } } } } } },
            "ProductSummary": { "type": "object",
                "required": ["code", "slug", "name", "group", "unit", "price_vnd", "stock", "stars", "producer", "province", "url"],
                "properties": {
                    "code": { "type": "string" }, "slug": { "type": "string" }, "name": { "type": "string" },
                    "group": { "type": "integer" }, "unit": { "type": "string" }, "price_vnd": { "type": "integer" },
                    "stock": { "type": "integer" }, "in_stock": { "type": "boolean" }, "stars": { "type": "integer", "minimum": 3, "maximum": 5 },
                    "producer": { "type": "string" }, "province": { "type": "string" }, "url": { "type": "string" } } },
            "Product": { "type": "object",
                "required": ["code", "slug", "name", "group", "unit", "price_vnd", "stock", "description", "story", "story_html", "published", "producer", "certification", "images", "traceable", "url"],
                "properties": {
                    "code": { "type": "string" }, "slug": { "type": "string" }, "name": { "type": "string" },
                    "group": { "type": "integer", "minimum": 1, "maximum": 6 }, "unit": { "type": "string" },
                    "price_vnd": { "type": "integer", "minimum": 0 }, "stock": { "type": "integer", "minimum": 0 },
                    "description": { "type": "string" },
                    "story": { "type": ["string", "null"], "description": "The story's Markdown source exactly as the producer wrote it: NOT sanitised, never insert it into a page as HTML (show it as text, or show story_html)" },
                    "story_html": { "type": ["string", "null"], "description": "The story as the product page shows it: Markdown rendered to p, br, strong, em, ul, ol, li, h3, h4, blockquote, a (http, https, mailto; rel=\"nofollow noopener noreferrer ugc\") and hr, and sanitised (no script, event handler or style). Null when there is no story" },
                    "published": { "type": "boolean" },
                    "producer": { "type": "object", "properties": { "code": { "type": "string" }, "name": { "type": "string" },
                        "type": { "enum": ["cooperative", "sme", "household", "coop_group", "other"] },
                        "province": { "type": "string" }, "commune": { "type": "string" } } },
                    "certification": { "oneOf": [{ "type": "null" }, { "type": "object", "properties": {
                        "stars": { "type": "integer" }, "score": { "type": "integer" }, "decision_no": { "type": "string" },
                        "decided_on": { "type": "string", "format": "date" }, "expires_on": { "type": "string", "format": "date" },
                        "level": { "enum": ["province", "national"] }, "valid": { "type": "boolean" } } }] },
                    "images": { "type": "array", "items": { "type": "object", "properties": {
                        "url": { "type": "string" }, "width": { "type": "integer" }, "height": { "type": "integer" }, "alt": { "type": "string" } } } },
                    "traceable": { "type": "boolean" }, "url": { "type": "string" } } }
        } }
    });
    super::sales_points::describe(&mut doc);
    Json(doc)
}
