//! `/quan-tri/tai-khoan/{id}`: one account. Its role and what it is
//! attached to, changed together (its sessions end); disable or enable it;
//! reset its sign-ins. An administrator's own account is shown but not
//! changed here. Works without JavaScript.

use super::nav::{for_admins, AdminNav};
use super::people_page::attached;
use super::AccountRow;
use crate::accounts::access::{with_access, Access};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::domain::Role;
use crate::forms::{failure, field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

/// The account and whether it is the reader's own.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountView {
    /// The account.
    pub account: AccountRow,
    /// It is the administrator's own: nothing to change here.
    pub own: bool,
}

/// One account (`None`: no such one).
#[server(prefix = "/api/fn", endpoint = "admin_account")]
pub async fn get_account(id: String) -> Result<Access<Option<AccountView>>, ServerFnError> {
    let (state, admin) = match crate::accounts::access::page_admin().await? {
        Ok(admin) => admin,
        Err(access) => return Ok(access),
    };
    crate::accounts::access::page_item(&id, |id| async move {
        let account = super::people::find(&state.db, id).await?;
        Ok(AccountView {
            own: account.id == admin.id,
            account,
        })
    })
    .await
}

/// Changes an account: `act` is `role` (with `role`, `producer`, `area`),
/// `disable`, `enable` or `reset`.
#[server(prefix = "/api/fn", endpoint = "admin_change_account")]
pub async fn change_account(
    csrf: Option<String>,
    id: Option<String>,
    act: Option<String>,
    role: Option<String>,
    producer: Option<String>,
    area: Option<String>,
) -> Result<(), FormError> {
    use super::people;
    use crate::error::AppError;
    use crate::forms::refuse;
    let (state, admin) = crate::accounts::access::acting_admin(csrf.as_deref()).await?;
    let id = id
        .and_then(|i| i.trim().parse::<i64>().ok())
        .unwrap_or_default();
    let now = chrono::Utc::now();
    let db = &state.db;
    let done = match act.as_deref() {
        Some("role") => {
            let role = role
                .as_deref()
                .and_then(|r| Role::from_name(r.trim()))
                .ok_or_else(|| {
                    refuse(AppError::invalid(
                        "role",
                        "Hãy chọn một vai trò.",
                        "Choose a role.",
                    ))
                })?;
            let producer = producer.unwrap_or_default();
            let area = area.unwrap_or_default();
            people::change_role(db, &admin, id, role, &producer, &area).await
        }
        Some("disable") => people::set_disabled(db, &admin, id, true, now).await,
        Some("enable") => people::set_disabled(db, &admin, id, false, now).await,
        Some("reset") => people::reset_sign_ins(db, &admin, id, &state.site.base_url, now).await,
        _ => Err(AppError::invalid(
            "act",
            "Không có thao tác này.",
            "No such action.",
        )),
    };
    done.map_err(refuse)?;
    crate::forms::redirect_plain_form(&format!("/quan-tri/tai-khoan/{id}"));
    Ok(())
}

/// `/quan-tri/tai-khoan/{id}`.
#[component]
pub fn AccountPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let action = ServerAction::<ChangeAccount>::new();
    let data = Resource::new(
        move || (id(), action.version().get()),
        |(id, _)| get_account(id),
    );
    let error: Signal<Option<FormError>> = failure(action.value());
    view! {
        <PageTitle text=l.pick("Tài khoản — Quản trị", "Account — Administration")/>
        <Meta name="robots" content="noindex"/>
        <AdminNav current="/quan-tri/tai-khoan"/>
        <section aria-labelledby="tai-khoan">
            <p><a href="/quan-tri/tai-khoan">{l.pick("← Mọi tài khoản", "← All accounts")}</a></p>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, format!("/quan-tri/tai-khoan/{}", id()), for_admins(), move |found| match found {
                        None => view! {
                            <h1 id="tai-khoan">{l.pick("Không có tài khoản này", "No such account")}</h1>
                        }.into_any(),
                        Some(view) => view! { <AccountForms view action error/> }.into_any(),
                    }),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn AccountForms(
    view: AccountView,
    action: ServerAction<ChangeAccount>,
    error: Signal<Option<FormError>>,
) -> AnyView {
    let l = use_locale();
    let a = view.account;
    let id = a.id.to_string();
    let (id_role, id_reset) = (id.clone(), id.clone());
    let disabled = a.disabled_at.is_some();
    let producer = a.producer_code.clone().unwrap_or_default();
    let area = a.area.clone().unwrap_or_default();
    let current_role = a.role;
    let facts = view! {
        <h1 id="tai-khoan">{a.display_name.clone()}</h1>
        <dl class="facts">
            <dt>{l.pick("E-mail", "E-mail")}</dt><dd>{a.email.clone()}</dd>
            <dt>{l.pick("Vai trò", "Role")}</dt><dd>{a.role.label(l)}</dd>
            <dt>{l.pick("Gắn với", "Attached to")}</dt><dd>{attached(&a)}</dd>
            <dt>{l.pick("Tạo lúc", "Created")}</dt><dd>{crate::time::format_vn(a.created_at)}</dd>
            <dt>{l.pick("Trạng thái", "Status")}</dt><dd>{match a.disabled_at {
                Some(at) => match l {
                    Locale::Vi => format!("Đã khoá từ {}", crate::time::format_vn(at)),
                    Locale::En => format!("Disabled since {}", crate::time::format_vn(at)),
                },
                None => l.pick("Đang dùng", "Active").to_owned(),
            }}</dd>
        </dl>
        <p><a href=format!("/quan-tri/nhat-ky?doi-tuong={}", crate::text::encode_component(&a.email))>
            {l.pick("Nhật ký thao tác về tài khoản này", "Audit log of this account")}
        </a></p>
    };
    if view.own {
        return view! {
            {facts}
            <p class="hint">{l.pick(
                "Đây là tài khoản của bạn: một quản trị viên khác mới đổi được vai trò hay khoá nó.",
                "This is your own account: only another administrator can change its role or disable it.",
            )}</p>
        }
        .into_any();
    }
    view! {
        {facts}
        <FormProblem error with_fields=false/>
        <h2>{l.pick("Vai trò", "Role")}</h2>
        <p class="hint">{l.pick(
            "Thành viên chủ thể cần mã chủ thể; cán bộ cần địa bàn (tỉnh, hoặc tỉnh/xã). Mọi phiên đăng nhập của tài khoản kết thúc khi đổi.",
            "A producer member needs a producer code; an officer an area (province, or province/commune). Every session of the account ends on a change.",
        )}</p>
        <ActionForm action attr:class="stacked-form">
            <CsrfField/>
            <input type="hidden" name="id" value=id_role/>
            <input type="hidden" name="act" value="role"/>
            <div class="field">
                <label for="role">{l.pick("Vai trò", "Role")}</label>
                <select id="role" name="role">
                    {Role::ALL.iter().map(|r| view! {
                        <option value=r.name() selected=*r == current_role>{r.label(l)}</option>
                    }).collect_view()}
                </select>
                {field_problem(error, "role")}
            </div>
            <div class="field">
                <label for="producer">{l.pick("Mã chủ thể (thành viên chủ thể)", "Producer code (producer member)")}</label>
                <input id="producer" name="producer" type="text" value=producer maxlength="40"/>
                {field_problem(error, "producer")}
            </div>
            <div class="field">
                <label for="area">{l.pick("Địa bàn (cán bộ)", "Area (officer)")}</label>
                <input id="area" name="area" type="text" value=area maxlength="200"/>
                {field_problem(error, "area")}
            </div>
            <button type="submit" class="button">{l.pick("Lưu vai trò", "Save the role")}</button>
        </ActionForm>
        <h2>{l.pick("Đăng nhập", "Signing in")}</h2>
        <div class="button-row">
            <ActionForm action>
                <CsrfField/>
                <input type="hidden" name="id" value=id_reset/>
                <input type="hidden" name="act" value="reset"/>
                <button type="submit" class="button secondary">{l.pick(
                    "Đăng xuất mọi nơi và gửi liên kết đặt mật khẩu mới",
                    "Sign out everywhere and mail a new-password link",
                )}</button>
            </ActionForm>
            <ActionForm action>
                <CsrfField/>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="act" value=if disabled { "enable" } else { "disable" }/>
                <button type="submit" class=if disabled { "button" } else { "button danger" }>{if disabled {
                    l.pick("Mở lại tài khoản", "Enable the account")
                } else {
                    l.pick("Khoá tài khoản", "Disable the account")
                }}</button>
            </ActionForm>
        </div>
    }
    .into_any()
}
