//! `/can-bo/chung-nhan`: the certification register of the officer's area by
//! state (valid, expiring within 90 days, lapsed, renewed or re-rated), with
//! a CSV download; `/can-bo/chung-nhan/{code}`: one product's full history
//! and the form to record its next decision (new, upgrade or renewal).

use super::Certify;
use crate::accounts::access::{with_officer, OfficerAccess};
use crate::components::{ErrorBox, Loading, PageTitle, StarBadge};
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::time::format_date;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

pub use crate::department::register_types::*;

/// The register of the signed-in officer's area.
#[server(prefix = "/api/fn", endpoint = "officer_register")]
pub async fn officer_register(
    filter: String,
    q: String,
    page: String,
) -> Result<OfficerAccess<RegisterPage>, ServerFnError> {
    let (state, user) = match super::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let rows = crate::department::register::register(&state.db, &user, crate::ssr::today_vn())
        .await
        .map_err(crate::ssr::server_error)?;
    let page = page.trim().parse().unwrap_or(1);
    Ok(OfficerAccess::Ready(page_of(
        rows,
        Filter::from_param(filter.trim()),
        q.trim(),
        page,
    )))
}

/// One product's history, if it is in the officer's area.
#[server(prefix = "/api/fn", endpoint = "officer_history")]
pub async fn officer_history(
    code: String,
) -> Result<OfficerAccess<Option<ProductHistory>>, ServerFnError> {
    let (state, user) = match super::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let history =
        crate::department::register::history(&state.db, &user, &code, crate::ssr::today_vn())
            .await
            .map_err(crate::ssr::server_error)?;
    if history.is_none() {
        crate::ssr::set_status(http::StatusCode::NOT_FOUND);
    }
    Ok(OfficerAccess::Ready(history))
}

fn state_badge(state: RegisterState, l: Locale) -> AnyView {
    let class = match state {
        RegisterState::Valid => "badge ok",
        RegisterState::Expiring => "badge gold",
        RegisterState::Lapsed => "badge warn",
    };
    view! { <span class=class>{state.label(l)}</span> }.into_any()
}

/// `/can-bo/chung-nhan`.
#[component]
pub fn RegisterPageView() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let data = Resource::new(
        move || (get("trang-thai"), get("q"), get("trang")),
        |(f, q, p)| officer_register(f, q, p),
    );
    view! {
        <PageTitle text=l.pick("Sổ chứng nhận OCOP — Chợ OCOP", "OCOP certification register — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo">{l.pick("← Bàn làm việc", "← Desk")}</a></p>
        <section aria-labelledby="so-chung-nhan" class="register">
            <h1 id="so-chung-nhan">{l.pick("Sổ chứng nhận sản phẩm OCOP", "OCOP certification register")}</h1>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => {
                        let filter = Filter::from_param(&get("trang-thai"));
                        let q = get("q");
                        with_officer(access, "/can-bo/chung-nhan".into(), move |p| view! { <Register p filter q/> }.into_any())
                    }
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn Register(p: RegisterPage, filter: Filter, q: String) -> AnyView {
    let l = use_locale();
    let (param, _) = filter.tab(l);
    let encoded_q = crate::text::encode_component(&q);
    let link = move |f: Filter, page: usize| {
        let (value, _) = f.tab(l);
        let mut parts = Vec::new();
        if !value.is_empty() {
            parts.push(format!("trang-thai={value}"));
        }
        if !encoded_q.is_empty() {
            parts.push(format!("q={encoded_q}"));
        }
        if page > 1 {
            parts.push(format!("trang={page}"));
        }
        if parts.is_empty() {
            "/can-bo/chung-nhan".to_owned()
        } else {
            format!("/can-bo/chung-nhan?{}", parts.join("&"))
        }
    };
    let pages = p.total.div_ceil(PAGE_SIZE).max(1);
    let csv = format!("/api/v1/certifications.csv?state={}", filter.api());
    view! {
        <nav class="tabs" aria-label=l.pick("Trạng thái", "State")>
            {TABS.iter().zip(p.counts.iter()).map(|(t, n)| {
                let (_, name) = t.tab(l);
                let current = *t == filter;
                view! {
                    <a href=link(*t, 1) aria-current=current.then_some("page")>{format!("{name} ({n})")}</a>
                }
            }).collect_view()}
        </nav>
        <form method="get" class="register-search" role="search">
            {(!param.is_empty()).then(|| view! { <input type="hidden" name="trang-thai" value=param/> })}
            <label for="tim-chung-nhan">{l.pick("Tìm mã, tên sản phẩm hoặc chủ thể", "Find a code, product or producer")}</label>
            <input id="tim-chung-nhan" name="q" type="search" value=q.clone()/>
            <button type="submit">{l.pick("Tìm", "Find")}</button>
        </form>
        <p><a href=csv download>{l.pick("Tải danh sách (CSV)", "Download the list (CSV)")}</a></p>
        {if p.rows.is_empty() {
            view! { <p class="muted">{l.pick("Không có sản phẩm nào.", "No product.")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
                    <table class="report-table">
                        <caption>{match l {
                            Locale::Vi => format!("{} sản phẩm, trang {} / {pages}", p.total, p.page),
                            Locale::En => format!("{} products, page {} of {pages}", p.total, p.page),
                        }}</caption>
                        <thead><tr>
                            <th scope="col">{l.pick("Sản phẩm", "Product")}</th>
                            <th scope="col">{l.pick("Hạng", "Stars")}</th>
                            <th scope="col">{l.pick("Quyết định", "Decision")}</th>
                            <th scope="col">{l.pick("Hết hạn", "Ends")}</th>
                            <th scope="col">{l.pick("Trạng thái", "State")}</th>
                        </tr></thead>
                        <tbody>
                            {p.rows.into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("/can-bo/chung-nhan/{}", r.code)>{r.name.clone()}</a>
                                        <small class="muted">{format!("{} · {}", r.code, r.producer)}</small>
                                    </th>
                                    <td><StarBadge stars=r.stars/></td>
                                    <td>{r.decision_no.clone()}<small class="muted">{format_date(r.decided_on)}
                                        {(r.decisions > 1).then(|| match l {
                                            Locale::Vi => format!(" · {} lần", r.decisions),
                                            Locale::En => format!(" · {} decisions", r.decisions),
                                        })}</small></td>
                                    <td>{format_date(r.expires_on)}</td>
                                    <td>{state_badge(r.state, l)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <nav class="pager" aria-label=l.pick("Trang", "Pages")>
                    {(p.page > 1).then(|| view! { <a href=link(filter, p.page - 1) rel="prev">{l.pick("← Trang trước", "← Previous")}</a> })}
                    {(p.page < pages).then(|| view! { <a href=link(filter, p.page + 1) rel="next">{l.pick("Trang sau →", "Next →")}</a> })}
                </nav>
            }.into_any()
        }}
    }
    .into_any()
}

/// `/can-bo/chung-nhan/{code}`.
#[component]
pub fn HistoryPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let certify = ServerAction::<Certify>::new();
    let data = Resource::new(
        move || (code(), certify.version().get()),
        |(c, _)| officer_history(c),
    );
    view! {
        <PageTitle text=l.pick("Lịch sử chứng nhận — Chợ OCOP", "Certification history — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo/chung-nhan">{l.pick("← Sổ chứng nhận", "← Register")}</a></p>
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_officer(access, format!("/can-bo/chung-nhan/{}", code()), move |h| match h {
                    Some(h) => view! { <History h certify/> }.into_any(),
                    None => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                }),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn History(h: ProductHistory, certify: ServerAction<Certify>) -> AnyView {
    let l = use_locale();
    let error = failure(certify.value());
    let problem = move |field: &'static str| field_problem(error, field);
    let recorded = move || matches!(certify.value().get(), Some(Ok(())));
    view! {
        <section aria-labelledby="lich-su" class="register">
            <h1 id="lich-su">{h.name.clone()}</h1>
            <p class="muted">
                {h.code.clone()}" · "
                <a href=format!("/can-bo/gian-hang/{}", h.producer_code)>{h.producer.clone()}</a>" · "
                <a href=format!("/san-pham/{}", h.slug)>{l.pick("Trang công khai", "Public page")}</a>
            </p>
            <p>{l.pick("Hôm nay: ", "Today: ")}{match h.state {
                Some(s) => state_badge(s, l),
                None => view! { <span class="badge">{l.pick("Chưa được công nhận", "Not certified")}</span> }.into_any(),
            }}</p>
            {if h.entries.is_empty() {
                view! { <p class="muted">{l.pick("Chưa có quyết định nào.", "No decision yet.")}</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {h.entries.iter().rev().map(|e| view! {
                            <li>
                                <strong>{e.kind.label(l)}</strong>" · "<StarBadge stars=e.stars/>
                                <span>{format!(" {} · {} {}", e.decision_no, l.pick("điểm", "score"), e.score)}</span>
                                <small class="muted">
                                    {format!("{} {} → {} · {}", l.pick("hiệu lực", "valid"), format_date(e.decided_on), format_date(e.valid_until),
                                        if e.level == "national" { l.pick("cấp trung ương", "national") } else { l.pick("cấp tỉnh", "provincial") })}
                                    {e.replaced.then(|| l.pick(" (thay bằng quyết định sau, trước khi hết hạn)", " (replaced by the next decision before it ended)"))}
                                </small>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <h2>{l.pick("Ghi nhận quyết định mới", "Record a new decision")}</h2>
            <p class="muted">{l.pick(
                "Công nhận mới, thăng hạng hay tái công nhận được xác định từ quyết định trước. Hiệu lực 36 tháng; 5 sao là cấp trung ương.",
                "New, upgrade or renewal follows from the decision before. Valid 36 months; 5 stars is national level.")}</p>
            {move || recorded().then(|| view! { <p class="notice" role="status">{l.pick("Đã ghi nhận quyết định.", "Decision recorded.")}</p> })}
            <FormProblem error with_fields=false/>
            <ActionForm action=certify>
                <CsrfField/>
                <input type="hidden" name="code" value=h.code.clone()/>
                <div class="field-row">
                    <div class="field">
                        <label for="stars">{l.pick("Số sao", "Stars")}</label>
                        <select id="stars" name="stars"><option>"3"</option><option>"4"</option><option>"5"</option></select>
                        {problem("stars")}
                    </div>
                    <div class="field">
                        <label for="score">{l.pick("Điểm (3 sao 50–69, 4 sao 70–89, 5 sao 90–100)", "Score (3★ 50–69, 4★ 70–89, 5★ 90–100)")}</label>
                        <input id="score" name="score" inputmode="numeric" required/>
                        {problem("score")}
                    </div>
                    <div class="field">
                        <label for="decision_no">{l.pick("Số quyết định", "Decision no.")}</label>
                        <input id="decision_no" name="decision_no" required maxlength="50"/>
                        {problem("decision_no")}
                    </div>
                    <div class="field">
                        <label for="decided_on">{l.pick("Ngày quyết định", "Decided on")}</label>
                        <input id="decided_on" name="decided_on" type="date" required/>
                        {problem("decided_on")}
                    </div>
                </div>
                <button type="submit" class="button">{l.pick("Ghi nhận", "Record")}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
