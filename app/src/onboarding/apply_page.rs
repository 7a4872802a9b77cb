//! `/dang-ky-gian-hang`: the application form, and `/dang-ky-gian-hang/da-gui`
//! once it is sent. The form posts (multipart, with the scan) to the
//! server's door of the same address; a refused form comes back here with
//! everything typed and every problem beside its field (only the file must be
//! chosen again), with JavaScript or without.

use super::ApplicationDraft;
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::forms::{field_problem, CsrfField, FormError};
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The refused form kept for this visitor, if any (shown once).
#[server(prefix = "/api/fn", endpoint = "application_draft")]
pub async fn kept_application() -> Result<Option<ApplicationDraft>, ServerFnError> {
    let state = crate::ssr::state()?;
    let Some(session) = crate::sessions::current_session(&state.db)
        .await
        .map_err(crate::ssr::server_error)?
    else {
        return Ok(None);
    };
    let draft = super::apply::take_draft(&state.db, session.id)
        .await
        .map_err(crate::ssr::server_error)?;
    if draft.is_some() {
        crate::ssr::set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
    }
    Ok(draft)
}

/// The application page.
#[component]
pub fn ApplyPage() -> AnyView {
    let l = use_locale();
    let draft = Resource::new(|| (), |_| kept_application());
    view! {
        <PageTitle text=l.pick("Đăng ký mở gian hàng — Chợ OCOP", "Open your stall — Chợ OCOP")/>
        <section class="apply" aria-labelledby="dang-ky-gian-hang">
            <h1 id="dang-ky-gian-hang">{l.pick("Đăng ký mở gian hàng", "Open your stall")}</h1>
            <p>{l.pick(
                "Chủ thể có sản phẩm được công nhận OCOP còn hiệu lực (hợp tác xã, doanh nghiệp, hộ kinh doanh, tổ hợp tác) có thể tự đăng ký mở gian hàng trên Chợ OCOP. Cán bộ Sở Công Thương trên địa bàn đối chiếu hồ sơ với sổ đăng ký OCOP, thường trong 2 ngày làm việc, rồi trả lời qua e-mail.",
                "A producer with an OCOP-certified product in force (a cooperative, company, household business or cooperative group) can open its stall on Chợ OCOP. The department's officer of your area checks the application against the OCOP register, usually within 2 working days, and answers by e-mail.",
            )}</p>
            <p class="hint">{l.pick(
                "Cần chuẩn bị: mã số doanh nghiệp hoặc mã số thuế; mã sản phẩm OCOP (hoặc số và ngày quyết định công nhận); ảnh chụp hoặc bản PDF giấy chứng nhận OCOP (tối đa 10 MB).",
                "You need: the business registration or tax code; the OCOP product code (or the recognition decision's number and date); a photo or PDF of the OCOP certificate (at most 10 MB).",
            )}</p>
            <Suspense fallback=Loading>
                {move || draft.get().map(|r| match r {
                    Ok(draft) => view! { <ApplyForm draft=draft.unwrap_or_default()/> }.into_any(),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn ApplyForm(draft: ApplicationDraft) -> AnyView {
    let l = use_locale();
    let refused = !draft.message.is_empty();
    let error: Signal<Option<FormError>> = Signal::stored(refused.then(|| FormError {
        message: draft.message.clone(),
        fields: draft.problems.clone(),
    }));
    let f = draft.fields;
    let problem = move |field: &'static str| field_problem(error, field);
    let input = move |id: &'static str,
                      label: &'static str,
                      value: String,
                      kind: &'static str,
                      required: bool| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=id type=kind value=value required=required/>
                {problem(id)}
            </div>
        }
    };
    view! {
        {refused.then(|| view! {
            <div class="form-error" role="alert" id="loi">
                <p>{draft.message.clone()}</p>
                <p>{l.pick("Những gì bạn đã nhập vẫn còn; hãy chọn lại tệp giấy chứng nhận trước khi gửi.", "What you typed is kept; choose the certificate file again before sending.")}</p>
            </div>
        })}
        <form method="post" action="/dang-ky-gian-hang/gui" enctype="multipart/form-data" class="apply-form">
            <CsrfField/>
            <fieldset>
                <legend>{l.pick("Người đăng ký", "The applicant")}</legend>
                {input("contact_name", l.pick("Họ và tên", "Full name"), f.contact_name, "text", true)}
                {input("email", l.pick("E-mail (dùng để đăng nhập gian hàng)", "E-mail (to sign in to the stall)"), f.email, "email", true)}
            </fieldset>
            <fieldset>
                <legend>{l.pick("Thông tin người bán", "Seller information")}</legend>
                <crate::seller::IdentityInputs values=f.identity error/>
            </fieldset>
            <fieldset>
                <legend>{l.pick("Chứng nhận OCOP", "OCOP certification")}</legend>
                {input("product_code", l.pick("Mã sản phẩm OCOP (trên giấy chứng nhận)", "OCOP product code (on the certificate)"), f.product_code, "text", false)}
                <p class="hint">{l.pick("Hoặc, nếu không có mã sản phẩm:", "Or, without the product code:")}</p>
                {input("decision_no", l.pick("Số quyết định công nhận", "Recognition decision number"), f.decision_no, "text", false)}
                {input("decided_on", l.pick("Ngày quyết định (ngày/tháng/năm)", "Decision date (day/month/year)"), f.decided_on, "text", false)}
                <div class="field">
                    <label for="certificate">{l.pick("Ảnh chụp hoặc bản PDF giấy chứng nhận (JPEG, PNG, WebP, PDF; tối đa 10 MB)", "Photo or PDF of the certificate (JPEG, PNG, WebP, PDF; at most 10 MB)")}</label>
                    <input id="certificate" name="certificate" type="file" required
                        accept="application/pdf,image/jpeg,image/png,image/webp"/>
                    {problem("certificate")}
                </div>
            </fieldset>
            <label class="agree">
                <input id="agree" name="agree" type="checkbox" value="1" checked=f.agree required/>
                <span>
                    {l.pick("Tôi đã đọc và đồng ý với ", "I have read and accept the ")}
                    <a href="/chinh-sach/quy-che-hoat-dong" target="_blank">{l.pick("Quy chế hoạt động", "operating rules")}</a>
                    {l.pick(" và ", " and the ")}
                    <a href="/chinh-sach/bao-mat" target="_blank">{l.pick("Chính sách bảo mật", "privacy notice")}</a>
                    {l.pick(" của Chợ OCOP.", " of Chợ OCOP.")}
                </span>
            </label>
            {problem("agree")}
            <button type="submit" class="button">{l.pick("Gửi hồ sơ", "Send the application")}</button>
        </form>
    }
    .into_any()
}

/// `/dang-ky-gian-hang/da-gui`: the application is in.
#[component]
pub fn AppliedPage() -> AnyView {
    let l = use_locale();
    let number = crate::components::number_in_query("so");
    view! {
        <PageTitle text=l.pick("Đã gửi hồ sơ — Chợ OCOP", "Application sent — Chợ OCOP")/>
        <section class="apply" aria-labelledby="da-gui">
            <h1 id="da-gui">{l.pick("Đã gửi hồ sơ", "Application sent")}</h1>
            {move || number().map(|n| view! {
                <p class="notice" role="status">{match l {
                    crate::i18n::Locale::Vi => format!("Chợ OCOP đã nhận hồ sơ số {n}."),
                    crate::i18n::Locale::En => format!("Chợ OCOP received application no. {n}."),
                }}</p>
            })}
            <p>{l.pick(
                "Chúng tôi đã gửi e-mail xác nhận. Cán bộ Sở Công Thương trên địa bàn sẽ đối chiếu hồ sơ với sổ đăng ký OCOP và trả lời bạn qua e-mail; khi được duyệt, e-mail có liên kết để đặt mật khẩu và vào gian hàng.",
                "We sent a confirmation e-mail. The department's officer of your area will check the application against the OCOP register and answer by e-mail; once approved, the e-mail has a link to choose your password and open your stall.",
            )}</p>
            <p><a href="/">{l.pick("Về trang chủ", "Back to the home page")}</a></p>
        </section>
    }
    .into_any()
}
