//! `/bao-cao-vi-pham?san-pham=CODE` (or `?gian-hang=CODE`): anyone reports a
//! listing or a stall. Works without JavaScript; rate-limited.

use crate::components::PageTitle;
use crate::domain::ReportReason;
use crate::forms::{failure, field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// Files a report; its number.
#[server(prefix = "/api/fn", endpoint = "report_abuse")]
pub async fn report_abuse(
    csrf: Option<String>,
    product: Option<String>,
    stall: Option<String>,
    reason: Option<String>,
    details: Option<String>,
    evidence_url: Option<String>,
    email: Option<String>,
) -> Result<i64, FormError> {
    use super::report::{submit, ReportInput, Reported};
    let (state, session) = crate::forms::acting_session(csrf.as_deref(), true).await?;
    let reporter = crate::sessions::account_of(&state.db, &session)
        .await
        .map_err(crate::forms::refuse)?;
    let target = match (
        product.filter(|p| !p.trim().is_empty()),
        stall.filter(|s| !s.trim().is_empty()),
    ) {
        (Some(code), _) => Some(Reported::Product(code)),
        (None, Some(code)) => Some(Reported::Stall(code)),
        (None, None) => None,
    };
    let input = ReportInput {
        target,
        reason: reason.unwrap_or_default(),
        details: details.unwrap_or_default(),
        evidence_url: evidence_url.unwrap_or_default(),
        email: email.unwrap_or_default(),
    };
    let id = submit(
        &state.db,
        &input,
        reporter.as_ref(),
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)?;
    crate::forms::redirect_plain_form(&format!("/bao-cao-vi-pham/da-gui?so={id}"));
    Ok(id)
}

/// The report form.
#[component]
pub fn ReportPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let product = move || query.read().get("san-pham").unwrap_or_default();
    let stall = move || query.read().get("gian-hang").unwrap_or_default();
    let action = ServerAction::<ReportAbuse>::new();
    let error: Signal<Option<FormError>> = failure(action.value());
    let sent = move || match action.value().get() {
        Some(Ok(id)) => Some(id),
        _ => None,
    };
    view! {
        <PageTitle text=l.pick("Báo cáo vi phạm — Chợ OCOP", "Report a problem — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="report" aria-labelledby="bao-cao-vi-pham">
            <h1 id="bao-cao-vi-pham">{l.pick("Báo cáo vi phạm", "Report a problem")}</h1>
            <p>{move || {
                let (p, s) = (product(), stall());
                match (l, p.is_empty()) {
                    (Locale::Vi, false) => format!("Sản phẩm {p}"),
                    (Locale::En, false) => format!("Product {p}"),
                    (Locale::Vi, true) => format!("Gian hàng {s}"),
                    (Locale::En, true) => format!("Stall {s}"),
                }
            }}</p>
            <p class="hint">{l.pick(
                "Cán bộ Sở Công Thương xem xét mọi báo cáo trong 24 giờ. Thông tin của bạn chỉ dùng để xử lý báo cáo.",
                "The department's officers review every report within 24 hours. What you give is used only to handle the report.",
            )}</p>
            {move || sent().map(|id| view! {
                <p class="notice" role="status">{match l {
                    Locale::Vi => format!("Đã nhận báo cáo số {id}. Cảm ơn bạn."),
                    Locale::En => format!("Report no. {id} received. Thank you."),
                }}</p>
            })}
            <FormProblem error with_fields=false/>
            <ActionForm action>
                <CsrfField/>
                <input type="hidden" name="product" value=product/>
                <input type="hidden" name="stall" value=stall/>
                {field_problem(error, "target")}
                <div class="field">
                    <label for="reason">{l.pick("Lý do", "Reason")}</label>
                    <select id="reason" name="reason" required>
                        <option value="">{l.pick("— Chọn —", "— Choose —")}</option>
                        {ReportReason::ALL.iter().map(|r| view! { <option value=r.name()>{r.label(l)}</option> }).collect_view()}
                    </select>
                    {field_problem(error, "reason")}
                </div>
                <div class="field">
                    <label for="details">{l.pick("Mô tả điều bạn thấy", "What you saw")}</label>
                    <textarea id="details" name="details" rows="5" maxlength="2000" required></textarea>
                    {field_problem(error, "details")}
                </div>
                <div class="field">
                    <label for="evidence_url">{l.pick("Liên kết bằng chứng (không bắt buộc)", "Link to evidence (optional)")}</label>
                    <input id="evidence_url" name="evidence_url" type="url" maxlength="500"/>
                    {field_problem(error, "evidence_url")}
                </div>
                <div class="field">
                    <label for="email">{l.pick("E-mail để nhận kết quả (không bắt buộc)", "E-mail for the outcome (optional)")}</label>
                    <input id="email" name="email" type="email"/>
                    {field_problem(error, "email")}
                </div>
                <button type="submit" class="button">{l.pick("Gửi báo cáo", "Send the report")}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// `/bao-cao-vi-pham/da-gui`: the report is in (no JavaScript).
#[component]
pub fn ReportSentPage() -> AnyView {
    let l = use_locale();
    let number = crate::components::number_in_query("so");
    view! {
        <PageTitle text=l.pick("Đã nhận báo cáo — Chợ OCOP", "Report received — Chợ OCOP")/>
        <section class="report" aria-labelledby="da-nhan">
            <h1 id="da-nhan">{l.pick("Đã nhận báo cáo", "Report received")}</h1>
            {move || number().map(|n| view! {
                <p class="notice" role="status">{match l {
                    Locale::Vi => format!("Đã nhận báo cáo số {n}. Cảm ơn bạn."),
                    Locale::En => format!("Report no. {n} received. Thank you."),
                }}</p>
            })}
            <p>{l.pick("Cán bộ Sở Công Thương sẽ xem xét trong 24 giờ.", "The department's officers will review it within 24 hours.")}</p>
            <p><a href="/">{l.pick("Về trang chủ", "Back to the home page")}</a></p>
        </section>
    }
    .into_any()
}
