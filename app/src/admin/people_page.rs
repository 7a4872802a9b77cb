//! `/quan-tri/tai-khoan`: every account, searched by address or name and
//! filtered by role, paged newest first; and the form that creates an
//! officer for an area (a one-time link to choose a password is mailed).
//! Works without JavaScript.

use super::nav::{for_admins, AdminNav};
use super::{AccountRow, PeoplePage as Page};
use crate::accounts::access::{with_access, Access};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::domain::Role;
use crate::forms::{failure, field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// A page of accounts.
#[server(prefix = "/api/fn", endpoint = "admin_people")]
pub async fn get_people(
    q: String,
    role: String,
    disabled: bool,
    page: u64,
) -> Result<Access<Page>, ServerFnError> {
    let (state, _) = match crate::accounts::access::page_admin().await? {
        Ok(admin) => admin,
        Err(access) => return Ok(access),
    };
    let filter = super::PeopleFilter {
        q,
        role: Role::from_name(role.trim()),
        disabled_only: disabled,
    };
    let page = super::people::search(
        &state.db,
        &filter,
        page.clamp(1, 1_000_000),
        super::PEOPLE_PAGE_SIZE,
    )
    .await
    .map_err(crate::ssr::server_error)?;
    Ok(Access::Ready(page))
}

/// Creates an officer for an area.
#[server(prefix = "/api/fn", endpoint = "admin_create_officer")]
pub async fn create_officer(
    csrf: Option<String>,
    email: Option<String>,
    name: Option<String>,
    area: Option<String>,
) -> Result<(), FormError> {
    let (state, admin) = crate::accounts::access::acting_admin(csrf.as_deref()).await?;
    let officer = super::people::create_officer(
        &state.db,
        &admin,
        &super::people::NewOfficer {
            email: email.as_deref().unwrap_or_default(),
            display_name: name.as_deref().unwrap_or_default(),
            area: area.as_deref().unwrap_or_default(),
        },
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)?;
    crate::forms::redirect_plain_form(&format!("/quan-tri/tai-khoan/{}", officer.id));
    Ok(())
}

/// `/quan-tri/tai-khoan`.
#[component]
pub fn PeoplePage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("q").unwrap_or_default(),
            q.get("vai-tro").unwrap_or_default(),
            q.get("da-khoa").is_some_and(|v| !v.is_empty()),
            q.get("trang")
                .and_then(|p| p.trim().parse::<u64>().ok())
                .unwrap_or(1),
        )
    };
    let create = ServerAction::<CreateOfficer>::new();
    let data = Resource::new(
        move || (filters(), create.version().get()),
        |((q, role, disabled, page), _)| get_people(q, role, disabled, page),
    );
    let error: Signal<Option<FormError>> = failure(create.value());
    view! {
        <PageTitle text=l.pick("Tài khoản — Quản trị", "Accounts — Administration")/>
        <Meta name="robots" content="noindex"/>
        <AdminNav current="/quan-tri/tai-khoan"/>
        <section aria-labelledby="tai-khoan">
            <h1 id="tai-khoan">{l.pick("Tài khoản", "Accounts")}</h1>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, "/quan-tri/tai-khoan".into(), for_admins(), move |page| {
                        let (q, role, disabled, _) = filters();
                        view! {
                            <PeopleTable page q role disabled/>
                            <h2 id="tao-can-bo">{l.pick("Tạo tài khoản cán bộ", "Create an officer")}</h2>
                            <p class="hint">{l.pick(
                                "Cán bộ nhận thư có liên kết đặt mật khẩu (dùng một lần, trong 7 ngày). Địa bàn: tên tỉnh, hoặc tỉnh/xã, ví dụ “Cần Thơ” hoặc “Cần Thơ/Thới Lai”.",
                                "The officer is mailed a link to choose a password (once, within 7 days). Area: a province, or province/commune, e.g. “Cần Thơ” or “Cần Thơ/Thới Lai”.",
                            )}</p>
                            <FormProblem error with_fields=false/>
                            <ActionForm action=create attr:class="stacked-form">
                                <CsrfField/>
                                <div class="field">
                                    <label for="officer-email">{l.pick("E-mail", "E-mail")}</label>
                                    <input id="officer-email" name="email" type="email" required maxlength="254" autocomplete="off"/>
                                    {field_problem(error, "email")}
                                </div>
                                <div class="field">
                                    <label for="officer-name">{l.pick("Họ tên", "Name")}</label>
                                    <input id="officer-name" name="name" type="text" required maxlength="120"/>
                                </div>
                                <div class="field">
                                    <label for="officer-area">{l.pick("Địa bàn", "Area")}</label>
                                    <input id="officer-area" name="area" type="text" required maxlength="200" placeholder="Cần Thơ/Thới Lai"/>
                                    {field_problem(error, "area")}
                                </div>
                                <button type="submit" class="button">{l.pick("Tạo và gửi thư mời", "Create and mail the invitation")}</button>
                            </ActionForm>
                        }
                        .into_any()
                    }),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn PeopleTable(page: Page, q: String, role: String, disabled: bool) -> AnyView {
    let l = use_locale();
    let mut base = vec![];
    if !q.trim().is_empty() {
        base.push(format!("q={}", crate::text::encode_component(q.trim())));
    }
    if !role.is_empty() {
        base.push(format!("vai-tro={}", crate::text::encode_component(&role)));
    }
    if disabled {
        base.push("da-khoa=1".to_owned());
    }
    let link = move |n: u64| {
        let mut parts = base.clone();
        parts.push(format!("trang={n}"));
        format!("/quan-tri/tai-khoan?{}", parts.join("&"))
    };
    let pager = crate::components::newest_first_pager(page.page, page.total, page.limit, link);
    view! {
        <form method="get" action="/quan-tri/tai-khoan" class="audit-filters">
            <div class="field">
                <label for="q">{l.pick("E-mail hoặc tên", "E-mail or name")}</label>
                <input id="q" name="q" type="search" value=q/>
            </div>
            <div class="field">
                <label for="vai-tro">{l.pick("Vai trò", "Role")}</label>
                <select id="vai-tro" name="vai-tro">
                    <option value="">{l.pick("Tất cả", "All")}</option>
                    {Role::ALL.iter().map(|r| view! {
                        <option value=r.name() selected=role == r.name()>{r.label(l)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field checkbox">
                <input id="da-khoa" name="da-khoa" type="checkbox" value="1" checked=disabled/>
                <label for="da-khoa">{l.pick("Chỉ tài khoản đã khoá", "Disabled accounts only")}</label>
            </div>
            <button type="submit" class="button secondary">{l.pick("Tìm", "Search")}</button>
        </form>
        <p>{format!("{} {}", page.total, l.pick("tài khoản", "accounts"))}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="audit-table people-table">
                <thead><tr>
                    <th scope="col">{l.pick("Tài khoản", "Account")}</th>
                    <th scope="col">{l.pick("Vai trò", "Role")}</th>
                    <th scope="col">{l.pick("Gắn với", "Attached to")}</th>
                    <th scope="col">{l.pick("Trạng thái", "Status")}</th>
                </tr></thead>
                <tbody>
                    {page.items.into_iter().map(|a| view! { <PersonRow a/> }).collect_view()}
                </tbody>
            </table>
        </div>
        {pager}
    }
    .into_any()
}

/// What an account is attached to, as one line.
pub fn attached(a: &AccountRow) -> String {
    match (&a.producer_code, &a.producer_name, &a.area) {
        (Some(code), Some(name), _) => format!("{name} ({code})"),
        (_, _, Some(area)) => area.clone(),
        _ => String::new(),
    }
}

#[component]
fn PersonRow(a: AccountRow) -> AnyView {
    let l = use_locale();
    let href = format!("/quan-tri/tai-khoan/{}", a.id);
    let attached = attached(&a);
    view! {
        <tr>
            <td><a href=href>{a.display_name.clone()}</a><br/><small>{a.email.clone()}</small></td>
            <td>{a.role.label(l)}</td>
            <td>{attached}</td>
            <td>{match a.disabled_at {
                Some(_) => view! { <span class="badge warn">{l.pick("Đã khoá", "Disabled")}</span> }.into_any(),
                None => view! { <span class="badge ok">{l.pick("Đang dùng", "Active")}</span> }.into_any(),
            }}</td>
        </tr>
    }
    .into_any()
}
