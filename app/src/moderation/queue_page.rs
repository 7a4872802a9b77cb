//! `/can-bo/kiem-duyet`: the moderation queue of the officer's area
//! (administrators: all), each report's age against the 24-hour target; and
//! `/can-bo/kiem-duyet/{id}`: one report, what it is about, the producer's
//! answer, and the decisions that fit where it stands.

use super::{can, Case, Decision, TARGET_HOURS};
use crate::accounts::access::{with_officer, OfficerAccess};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::domain::ReportStatus;
use crate::forms::{failure, field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

/// The queue.
#[server(prefix = "/api/fn", endpoint = "officer_reports")]
pub async fn get_reports() -> Result<OfficerAccess<Vec<Case>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let lines = super::decide::queue(&state.db, &user, chrono::Utc::now())
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(OfficerAccess::Ready(lines))
}

/// One report (`None`: not of the area, or no such one).
#[server(prefix = "/api/fn", endpoint = "officer_report")]
pub async fn get_report(id: String) -> Result<OfficerAccess<Option<Case>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    crate::accounts::access::page_item(&id, |id| {
        super::decide::case(&state.db, &user, id, chrono::Utc::now())
    })
    .await
}

/// Decides a report: `decision` is hide, suspend, restore or dismiss.
#[server(prefix = "/api/fn", endpoint = "officer_decide_report")]
pub async fn decide_report(
    csrf: Option<String>,
    id: Option<String>,
    decision: Option<String>,
    reason: Option<String>,
) -> Result<(), FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    let id = id.and_then(|i| i.parse::<i64>().ok()).unwrap_or_default();
    let decision = decision
        .as_deref()
        .and_then(Decision::from_word)
        .ok_or_else(|| {
            crate::forms::refuse(crate::error::AppError::invalid(
                "decision",
                "Không rõ quyết định nào.",
                "Which decision?",
            ))
        })?;
    super::decide::decide(
        &state.db,
        &user,
        id,
        decision,
        &reason.unwrap_or_default(),
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)?;
    crate::forms::redirect_plain_form(&format!("/can-bo/kiem-duyet/{id}"));
    Ok(())
}

fn age(case: &Case, l: Locale) -> String {
    let waits = case.status == ReportStatus::Open;
    crate::components::waiting_label(case.age_hours, waits, TARGET_HOURS, l)
}

/// The queue page.
#[component]
pub fn ReportQueuePage() -> AnyView {
    let l = use_locale();
    let data = Resource::new(|| (), |_| get_reports());
    view! {
        <PageTitle text=l.pick("Kiểm duyệt báo cáo vi phạm — Chợ OCOP", "Moderation — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo">{l.pick("← Bàn làm việc", "← Desk")}</a></p>
        <section aria-labelledby="kiem-duyet">
            <h1 id="kiem-duyet">{l.pick("Kiểm duyệt báo cáo vi phạm", "Moderation")}</h1>
            <p class="hint">{l.pick("Mỗi báo cáo cần được xử lý trong 24 giờ.", "Each report should be handled within 24 hours.")}</p>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_officer(access, "/can-bo/kiem-duyet".into(), move |cases| {
                        if cases.is_empty() {
                            return view! { <p class="muted">{l.pick("Chưa có báo cáo nào trên địa bàn.", "No report in your area yet.")}</p> }.into_any();
                        }
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{l.pick("Số", "No.")}</th>
                                        <th scope="col">{l.pick("Bị báo cáo", "Reported")}</th>
                                        <th scope="col">{l.pick("Lý do", "Reason")}</th>
                                        <th scope="col">{l.pick("Thời gian chờ", "Waiting")}</th>
                                        <th scope="col">{l.pick("Trạng thái", "Status")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {cases.into_iter().map(|c| {
                                            let late = c.status == ReportStatus::Open && c.age_hours >= TARGET_HOURS;
                                            view! {
                                                <tr class:late=late>
                                                    <td><a href=format!("/can-bo/kiem-duyet/{}", c.id)>{format!("#{}", c.id)}</a></td>
                                                    <td>{c.subject()}</td>
                                                    <td>{c.reason.label(l)}</td>
                                                    <td>{age(&c, l)}</td>
                                                    <td>{c.status.label(l)}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// One report's page.
#[component]
pub fn ReportCasePage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let action = ServerAction::<DecideReport>::new();
    let data = Resource::new(
        move || (id(), action.version().get()),
        |(id, _)| get_report(id),
    );
    view! {
        <PageTitle text=l.pick("Báo cáo vi phạm — Chợ OCOP", "Report — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo/kiem-duyet">{l.pick("← Kiểm duyệt", "← Moderation")}</a></p>
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_officer(access, format!("/can-bo/kiem-duyet/{}", id()), move |case| match case {
                    Some(c) => view! { <CaseView c action/> }.into_any(),
                    None => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                }),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn CaseView(c: Case, action: ServerAction<DecideReport>) -> AnyView {
    let l = use_locale();
    let error = failure(action.value());
    let decisions: Vec<(Decision, &str, &str, &str)> = [
        (Decision::Hide, "hide", "Ẩn sản phẩm", "Hide the listing"),
        (
            Decision::Suspend,
            "suspend",
            "Tạm ngừng gian hàng",
            "Suspend the stall",
        ),
        (Decision::Restore, "restore", "Khôi phục", "Restore"),
        (Decision::Dismiss, "dismiss", "Bỏ qua báo cáo", "Dismiss"),
    ]
    .into_iter()
    .filter(|(d, ..)| can(&c, *d))
    .collect();
    let id = c.id.to_string();
    view! {
        <section aria-labelledby="bao-cao">
            <h1 id="bao-cao">{match l {
                Locale::Vi => format!("Báo cáo số {}: {}", c.id, c.subject()),
                Locale::En => format!("Report no. {}: {}", c.id, c.subject()),
            }}</h1>
            <p class="muted">{c.status.label(l)} " · " {crate::time::format_vn(c.received_at)} " · " {age(&c, l)}</p>
            <dl>
                <dt>{l.pick("Lý do", "Reason")}</dt><dd>{c.reason.label(l)}</dd>
                <dt>{l.pick("Mô tả", "Details")}</dt><dd>{c.details.clone()}</dd>
                {c.evidence_url.clone().map(|u| view! {
                    <dt>{l.pick("Bằng chứng", "Evidence")}</dt>
                    <dd><a href=u.clone() rel="noopener noreferrer nofollow" target="_blank">{u.clone()}</a></dd>
                })}
                <dt>{l.pick("Gian hàng", "Stall")}</dt>
                <dd><a href=format!("/can-bo/gian-hang/{}", c.stall.0)>{format!("{} ({})", c.stall.1, c.stall.0)}</a></dd>
                {c.product.clone().map(|(code, name, _)| view! {
                    <dt>{l.pick("Sản phẩm", "Product")}</dt><dd>{format!("{name} ({code})")}</dd>
                })}
                <dt>{l.pick("Đang hiển thị với người mua", "Shown to shoppers")}</dt>
                <dd>{if c.off_site { l.pick("Không", "No") } else { l.pick("Có", "Yes") }}</dd>
                {c.decision_reason.clone().map(|r| view! { <dt>{l.pick("Lý do quyết định", "Decision's reason")}</dt><dd>{r}</dd> })}
                {c.producer_answer.clone().map(|a| view! { <dt>{l.pick("Chủ thể trả lời", "The producer answered")}</dt><dd>{a}</dd> })}
            </dl>
            {(!decisions.is_empty()).then(|| view! {
                <div class="decide">
                    <h2>{l.pick("Quyết định", "Decision")}</h2>
                    <FormProblem error with_fields=false/>
                    <ActionForm action>
                        <CsrfField/>
                        <input type="hidden" name="id" value=id.clone()/>
                        <div class="field">
                            <label for="reason">{l.pick("Lý do (gửi cho chủ thể)", "Reason (mailed to the producer)")}</label>
                            <textarea id="reason" name="reason" rows="3" maxlength="2000" required></textarea>
                            {field_problem(error, "reason")}
                        </div>
                        <div class="actions">
                            {decisions.into_iter().map(|(_, word, vi, en)| view! {
                                <button type="submit" name="decision" value=word class="secondary">{l.pick(vi, en)}</button>
                            }).collect_view()}
                        </div>
                    </ActionForm>
                </div>
            })}
        </section>
    }
    .into_any()
}
