//! `/can-bo/dang-ky-gian-hang`: the officer's queue of stall applications
//! of their area, each with its age against the 24-hour target, and
//! `/can-bo/dang-ky-gian-hang/{id}`: one application beside the register,
//! its scan (downloaded, never shown in the page) and the decision.

use super::{ApplicationDetail, ApplicationSummary};
use crate::accounts::access::{with_officer, OfficerAccess};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::domain::{ApplicationStatus, ProducerKind};
use crate::forms::{failure, field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

/// The hours an application may wait.
pub const TARGET_HOURS: i64 = 24;

/// The officer's queue.
#[server(prefix = "/api/fn", endpoint = "officer_applications")]
pub async fn get_queue() -> Result<OfficerAccess<Vec<ApplicationSummary>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let lines = super::review::queue(&state.db, &user, chrono::Utc::now())
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(OfficerAccess::Ready(lines))
}

/// One application (`None`: not of the officer's area, or no such one).
#[server(prefix = "/api/fn", endpoint = "officer_application")]
pub async fn get_application(
    id: String,
) -> Result<OfficerAccess<Option<ApplicationDetail>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    crate::accounts::access::page_item(&id, |id| {
        super::review::detail(&state.db, &user, id, chrono::Utc::now())
    })
    .await
}

/// Approves an application.
#[server(prefix = "/api/fn", endpoint = "officer_approve_application")]
pub async fn approve_application(
    csrf: Option<String>,
    id: Option<String>,
) -> Result<(), FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    let id = id.and_then(|i| i.parse::<i64>().ok()).unwrap_or_default();
    super::review::approve(
        &state.db,
        &user,
        id,
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)?;
    crate::forms::redirect_plain_form(&format!("/can-bo/dang-ky-gian-hang/{id}"));
    Ok(())
}

/// Refuses an application with its reason.
#[server(prefix = "/api/fn", endpoint = "officer_refuse_application")]
pub async fn refuse_application(
    csrf: Option<String>,
    id: Option<String>,
    reason: Option<String>,
) -> Result<(), FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    let id = id.and_then(|i| i.parse::<i64>().ok()).unwrap_or_default();
    super::review::refuse(
        &state.db,
        &user,
        id,
        &reason.unwrap_or_default(),
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)?;
    crate::forms::redirect_plain_form(&format!("/can-bo/dang-ky-gian-hang/{id}"));
    Ok(())
}

fn status_label(status: ApplicationStatus, l: Locale) -> &'static str {
    match status {
        ApplicationStatus::Pending => l.pick("Đang chờ", "Waiting"),
        ApplicationStatus::Approved => l.pick("Đã duyệt", "Approved"),
        ApplicationStatus::Refused => l.pick("Đã từ chối", "Refused"),
    }
}

fn age(line: &ApplicationSummary, l: Locale) -> String {
    let waits = line.status == ApplicationStatus::Pending;
    crate::components::waiting_label(line.age_hours, waits, TARGET_HOURS, l)
}

/// The queue page.
#[component]
pub fn ApplicationQueuePage() -> AnyView {
    let l = use_locale();
    let data = Resource::new(|| (), |_| get_queue());
    view! {
        <PageTitle text=l.pick("Hồ sơ đăng ký gian hàng — Chợ OCOP", "Stall applications — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo">{l.pick("← Bàn làm việc", "← Desk")}</a></p>
        <section aria-labelledby="ho-so-dang-ky">
            <h1 id="ho-so-dang-ky">{l.pick("Hồ sơ đăng ký gian hàng", "Stall applications")}</h1>
            <p class="hint">{l.pick(
                "Mỗi hồ sơ cần được trả lời trong 24 giờ: đối chiếu với sổ đăng ký OCOP và giấy chứng nhận, rồi duyệt hoặc từ chối kèm lý do.",
                "Each application should be answered within 24 hours: check it against the OCOP register and the certificate, then approve it or refuse it with a reason.",
            )}</p>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_officer(access, "/can-bo/dang-ky-gian-hang".into(), |lines| view! { <QueueTable lines/> }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn QueueTable(lines: Vec<ApplicationSummary>) -> AnyView {
    let l = use_locale();
    if lines.is_empty() {
        return view! { <p class="muted">{l.pick("Chưa có hồ sơ nào trên địa bàn.", "No application in your area yet.")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="data">
                <thead><tr>
                    <th scope="col">{l.pick("Số", "No.")}</th>
                    <th scope="col">{l.pick("Người bán", "Seller")}</th>
                    <th scope="col">{l.pick("Chủ thể trong sổ", "Producer in the register")}</th>
                    <th scope="col">{l.pick("Nhận lúc", "Received")}</th>
                    <th scope="col">{l.pick("Thời gian chờ", "Waiting")}</th>
                    <th scope="col">{l.pick("Trạng thái", "Status")}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|line| {
                        let late = line.status == ApplicationStatus::Pending && line.age_hours >= TARGET_HOURS;
                        view! {
                            <tr class:late=late>
                                <td><a href=format!("/can-bo/dang-ky-gian-hang/{}", line.id)>{format!("#{}", line.id)}</a></td>
                                <td>{line.legal_name.clone()}</td>
                                <td>{format!("{} ({})", line.producer.1, line.producer.0)}</td>
                                <td>{crate::time::format_vn(line.received_at)}</td>
                                <td>{age(&line, l)}</td>
                                <td>{status_label(line.status, l)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One application's page.
#[component]
pub fn ApplicationPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let approve = ServerAction::<ApproveApplication>::new();
    let refuse = ServerAction::<RefuseApplication>::new();
    let data = Resource::new(
        move || (id(), approve.version().get(), refuse.version().get()),
        |(id, _, _)| get_application(id),
    );
    view! {
        <PageTitle text=l.pick("Hồ sơ đăng ký gian hàng — Chợ OCOP", "Stall application — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo/dang-ky-gian-hang">{l.pick("← Hồ sơ đăng ký", "← Applications")}</a></p>
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_officer(access, format!("/can-bo/dang-ky-gian-hang/{}", id()), move |detail| match detail {
                    Some(d) => view! { <Application d approve refuse/> }.into_any(),
                    None => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                }),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

/// The identity given beside the register's, a row per field.
#[component]
fn Compare(d: ApplicationDetail) -> AnyView {
    let l = use_locale();
    let kind = |w: &str| {
        ProducerKind::from_name(w)
            .map(|k| k.label(l))
            .unwrap_or("—")
            .to_owned()
    };
    let rows = [
        (
            l.pick("Tên đăng ký", "Registered name"),
            d.identity.legal_name.clone(),
            d.register.legal_name.clone(),
        ),
        (
            l.pick("Loại hình", "Legal form"),
            kind(&d.identity.kind),
            kind(&d.register.kind),
        ),
        (
            l.pick("Mã số DN / thuế", "Registration / tax code"),
            d.identity.registration_no.clone(),
            d.register.registration_no.clone(),
        ),
        (
            l.pick("Địa chỉ", "Address"),
            d.identity.address.clone(),
            d.register.address.clone(),
        ),
        (
            l.pick("Điện thoại", "Phone"),
            d.identity.phone.clone(),
            d.register.phone.clone(),
        ),
    ];
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="data compare">
                <thead><tr>
                    <th scope="col"></th>
                    <th scope="col">{l.pick("Hồ sơ khai", "The application says")}</th>
                    <th scope="col">{l.pick("Sổ đăng ký", "The register says")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(label, given, register)| {
                        let differs = !register.is_empty() && crate::text::match_key(&given) != crate::text::match_key(&register);
                        view! {
                            <tr class:differs=differs>
                                <th scope="row">{label}</th>
                                <td>{given}{differs.then(|| view! { <span class="tag">{l.pick(" khác sổ", " differs")}</span> })}</td>
                                <td>{if register.is_empty() { "—".to_owned() } else { register }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Application(
    d: ApplicationDetail,
    approve: ServerAction<ApproveApplication>,
    refuse: ServerAction<RefuseApplication>,
) -> AnyView {
    let l = use_locale();
    let s = d.summary.clone();
    let approve_error = failure(approve.value());
    let refuse_error: Signal<Option<FormError>> = failure(refuse.value());
    let pending = s.status == ApplicationStatus::Pending;
    let id = s.id.to_string();
    let refuse_id = id.clone();
    view! {
        <section aria-labelledby="ho-so">
            <h1 id="ho-so">{match l {
                Locale::Vi => format!("Hồ sơ số {}: {}", s.id, s.legal_name),
                Locale::En => format!("Application no. {}: {}", s.id, s.legal_name),
            }}</h1>
            <p class="muted">
                {status_label(s.status, l)} " · " {crate::time::format_vn(s.received_at)} " · " {age(&s, l)}
            </p>
            <dl>
                <dt>{l.pick("Người đăng ký", "Applicant")}</dt><dd>{d.contact_name.clone()} " · " {d.email.clone()}</dd>
                <dt>{l.pick("Chủ thể trong sổ", "Producer in the register")}</dt>
                <dd><a href=format!("/can-bo/gian-hang/{}", s.producer.0)>{format!("{} ({})", s.producer.1, s.producer.0)}</a></dd>
                <dt>{l.pick("Chứng nhận đã khai", "Certificate named")}</dt><dd>{d.certificate_named.clone()}</dd>
                <dt>{l.pick("Bản chụp giấy chứng nhận", "Certificate scan")}</dt>
                <dd>
                    <a href=format!("/can-bo/dang-ky-gian-hang/{}/giay-chung-nhan", s.id) download>
                        {format!("{} · {} KB", d.scan.0, d.scan.1)}
                    </a>
                    <span class="hint">{l.pick(" (tải về để xem)", " (downloaded to open)")}</span>
                </dd>
            </dl>
            <h2>{l.pick("Đối chiếu với sổ đăng ký", "Against the register")}</h2>
            <Compare d=d.clone()/>
            <h3>{l.pick("Sản phẩm còn hiệu lực chứng nhận của chủ thể", "The producer's products with a certification in force")}</h3>
            {if d.certified.is_empty() {
                view! { <p class="muted">{l.pick("Không có.", "None.")}</p> }.into_any()
            } else {
                view! { <ul>{d.certified.iter().map(|(code, name, decision)| view! { <li>{format!("{code} — {name} — {decision}")}</li> }).collect_view()}</ul> }.into_any()
            }}
            {d.refusal_reason.clone().map(|r| view! { <p><strong>{l.pick("Lý do từ chối: ", "Refused because: ")}</strong>{r}</p> })}
            {d.decided.clone().map(|(by, at)| view! { <p class="muted">{l.pick("Xử lý bởi ", "Decided by ")}{by}" · "{crate::time::format_vn(at)}</p> })}
            {pending.then(|| view! {
                <div class="decide">
                    <h2>{l.pick("Quyết định", "Decision")}</h2>
                    <FormProblem error=approve_error/>
                    <ActionForm action=approve>
                        <CsrfField/>
                        <input type="hidden" name="id" value=id.clone()/>
                        <p class="hint">{l.pick(
                            "Duyệt: tạo tài khoản thành viên gian hàng, ghi thông tin người bán như hồ sơ khai là đã xác minh, và gửi e-mail để người đăng ký đặt mật khẩu.",
                            "Approve: makes the stall member's account, records the seller information as given as verified, and mails the applicant a link to choose a password.",
                        )}</p>
                        <button type="submit" class="button">{l.pick("Duyệt hồ sơ", "Approve")}</button>
                    </ActionForm>
                    <FormProblem error=refuse_error with_fields=false/>
                    <ActionForm action=refuse>
                        <CsrfField/>
                        <input type="hidden" name="id" value=refuse_id.clone()/>
                        <div class="field">
                            <label for="reason">{l.pick("Lý do từ chối (gửi cho người đăng ký)", "Why it is refused (mailed to the applicant)")}</label>
                            <textarea id="reason" name="reason" rows="3" maxlength="2000" required></textarea>
                            {field_problem(refuse_error, "reason")}
                        </div>
                        <button type="submit" class="secondary">{l.pick("Từ chối", "Refuse")}</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
    .into_any()
}
