//! `/quan-ly/kiem-duyet`: what moderation did about the member's stall, and
//! the one answer the producer may give to each hidden listing or
//! suspension.

use super::Case;
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::domain::ReportStatus;
use crate::forms::{failure, field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::stall::nav::{with_access, StallNav};
use crate::stall::StallAccess;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;

/// The stall's cases.
#[server(prefix = "/api/fn", endpoint = "stall_reports")]
pub async fn get_cases() -> Result<StallAccess<Vec<Case>>, ServerFnError> {
    let (state, _, producer) = match crate::accounts::access::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let cases = super::decide::producer_cases(&state.db, producer, chrono::Utc::now())
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(StallAccess::Ready(cases))
}

/// The producer's answer to a report.
#[server(prefix = "/api/fn", endpoint = "stall_answer_report")]
pub async fn answer_report(
    csrf: Option<String>,
    id: Option<String>,
    answer: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = crate::accounts::access::acting_member(csrf.as_deref()).await?;
    let id = id.and_then(|i| i.parse::<i64>().ok()).unwrap_or_default();
    super::decide::answer(
        &state.db,
        producer,
        id,
        &answer.unwrap_or_default(),
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// The page.
#[component]
pub fn StallReportsPage() -> AnyView {
    let l = use_locale();
    let action = ServerAction::<AnswerReport>::new();
    let data = Resource::new(move || action.version().get(), |_| get_cases());
    let error: Signal<Option<FormError>> = failure(action.value());
    view! {
        <PageTitle text=l.pick("Báo cáo vi phạm về gian hàng — Chợ OCOP", "Reports about your stall — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly/kiem-duyet"/>
        <section aria-labelledby="kiem-duyet">
            <h1 id="kiem-duyet">{l.pick("Báo cáo vi phạm về gian hàng", "Reports about your stall")}</h1>
            <FormProblem error with_fields=false/>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, "/quan-ly/kiem-duyet".into(), move |cases| {
                        if cases.is_empty() {
                            return view! { <p class="muted">{l.pick("Không có báo cáo nào cần bạn trả lời.", "No report needs your answer.")}</p> }.into_any();
                        }
                        cases.into_iter().map(|c| {
                            let answerable = c.producer_answer.is_none() && matches!(c.status, ReportStatus::Hidden | ReportStatus::Suspended);
                            let id = c.id.to_string();
                            view! {
                                <article class="case">
                                    <h2>{match l {
                                        Locale::Vi => format!("Báo cáo số {}: {}", c.id, c.subject()),
                                        Locale::En => format!("Report no. {}: {}", c.id, c.subject()),
                                    }}</h2>
                                    <p><strong>{c.status.label(l)}</strong>" · "{c.reason.label(l)}</p>
                                    {c.decision_reason.clone().map(|r| view! { <p>{l.pick("Lý do: ", "Reason: ")}{r}</p> })}
                                    {c.producer_answer.clone().map(|a| view! { <p>{l.pick("Bạn đã trả lời: ", "You answered: ")}{a}</p> })}
                                    {answerable.then(|| view! {
                                        <ActionForm action>
                                            <CsrfField/>
                                            <input type="hidden" name="id" value=id.clone()/>
                                            <div class="field">
                                                <label for=format!("answer-{id}")>{l.pick("Trả lời của bạn (một lần)", "Your answer (once)")}</label>
                                                <textarea id=format!("answer-{id}") name="answer" rows="4" maxlength="2000" required></textarea>
                                                {field_problem(error, "answer")}
                                            </div>
                                            <button type="submit" class="button">{l.pick("Gửi trả lời", "Send the answer")}</button>
                                        </ActionForm>
                                    })}
                                </article>
                            }
                        }).collect_view().into_any()
                    }),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}
