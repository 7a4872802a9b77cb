//! `/can-bo`: the department officer's workspace, scoped to their area (a
//! province, or a commune; administrators see everything): invite a
//! producer's member by e-mail, and record certification decisions for the
//! area's products that have none in force.

use crate::components::{ErrorBox, Loading, PageTitle};
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use serde::{Deserialize, Serialize};

pub mod area_stall;
#[cfg(feature = "ssr")]
pub mod identity;
pub mod register;

/// The most products listed as awaiting a decision.
#[cfg(feature = "ssr")]
const AWAITING_LIMIT: usize = 100;

/// The workspace's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    /// Producers of the area: (code, name).
    pub producers: Vec<(String, String)>,
    /// Products without a certification in force: (code, name, producer).
    pub awaiting: Vec<(String, String, String)>,
    /// The plans of the area: (id, title).
    pub plans: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
use crate::accounts::access::{acting_officer, page_officer};
use crate::accounts::access::{with_officer, OfficerAccess};

/// The signed-in officer's workspace.
#[server(prefix = "/api/fn", endpoint = "officer_workspace")]
pub async fn get_workspace() -> Result<OfficerAccess<Workspace>, ServerFnError> {
    use crate::accounts::access::oversees;
    use crate::entities::{certifications, producers, products};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let fail = |e: sea_orm::DbErr| crate::ssr::server_error(e.into());
    let (state, user) = match page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let mut query = producers::Entity::find().order_by_asc(producers::Column::Code);
    if let Some(commune) = user.area_commune_id {
        query = query.filter(producers::Column::CommuneId.eq(commune));
    } else if let Some(province) = user.area_province_id {
        query = query.filter(producers::Column::ProvinceId.eq(province));
    }
    let area: Vec<producers::Model> = query
        .all(&state.db)
        .await
        .map_err(fail)?
        .into_iter()
        .filter(|p| oversees(&user, p))
        .collect();
    let ids: Vec<i64> = area.iter().map(|p| p.id).collect();
    let today = crate::ssr::today_vn();
    let names: std::collections::HashMap<i64, String> =
        area.iter().map(|p| (p.id, p.name.clone())).collect();
    let area_products = products::Entity::find()
        .filter(products::Column::ProducerId.is_in(ids))
        .order_by_desc(products::Column::Id)
        .all(&state.db)
        .await
        .map_err(fail)?;
    // Only the area's products' certifications, not the whole country's.
    let certified: std::collections::HashSet<i64> = certifications::Entity::find()
        .filter(certifications::Column::ValidUntil.gt(today))
        .filter(certifications::Column::ProductId.is_in(area_products.iter().map(|p| p.id)))
        .all(&state.db)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|c| c.product_id)
        .collect();
    let awaiting = area_products
        .into_iter()
        .filter(|p| !certified.contains(&p.id))
        .take(AWAITING_LIMIT)
        .map(|p| {
            let producer = names.get(&p.producer_id).cloned().unwrap_or_default();
            (p.code, p.name, producer)
        })
        .collect();
    let plans = crate::entities::plans::Entity::find()
        .order_by_asc(crate::entities::plans::Column::PlanKey)
        .all(&state.db)
        .await
        .map_err(fail)?
        .into_iter()
        .filter(|p| {
            use crate::reports::load::Area;
            match crate::department::register::area_of(&user) {
                Some(Area::Country) => true,
                Some(Area::Province(id)) => p.province_id == Some(id),
                Some(Area::Commune(id)) => p.commune_id == Some(id),
                None => false,
            }
        })
        .map(|p| (p.plan_key, p.title))
        .collect();
    Ok(OfficerAccess::Ready(Workspace {
        producers: area.into_iter().map(|p| (p.code, p.name)).collect(),
        awaiting,
        plans,
    }))
}

/// Invites a member for a producer of the area; the invitee gets a link
/// to choose their password.
#[server(prefix = "/api/fn", endpoint = "officer_invite")]
pub async fn invite(
    csrf: Option<String>,
    email: Option<String>,
    display_name: Option<String>,
    producer_code: Option<String>,
) -> Result<String, FormError> {
    use crate::accounts::invite::{invite_member, Invitation};
    let (state, user) = acting_officer(csrf.as_deref()).await?;
    let (email, display_name, producer_code) = (
        email.unwrap_or_default(),
        display_name.unwrap_or_default(),
        producer_code.unwrap_or_default(),
    );
    let member = invite_member(
        &state.db,
        &user,
        &Invitation {
            email: email.trim(),
            display_name: display_name.trim(),
            producer_code: &producer_code,
        },
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)?;
    Ok(member.email)
}

/// Records a certification decision.
#[server(prefix = "/api/fn", endpoint = "officer_certify")]
pub async fn certify(
    csrf: Option<String>,
    code: Option<String>,
    stars: Option<String>,
    score: Option<String>,
    decision_no: Option<String>,
    decided_on: Option<String>,
) -> Result<(), FormError> {
    use crate::department::certify::{record_decision, DecisionForm};
    let (state, user) = acting_officer(csrf.as_deref()).await?;
    let form = DecisionForm {
        stars: stars.unwrap_or_default(),
        score: score.unwrap_or_default(),
        decision_no: decision_no.unwrap_or_default(),
        decided_on: decided_on.unwrap_or_default(),
    };
    record_decision(
        &state.db,
        &user,
        &code.unwrap_or_default(),
        &form,
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// The workspace page.
#[component]
pub fn OfficerPage() -> AnyView {
    let l = use_locale();
    let invite = ServerAction::<Invite>::new();
    let certify = ServerAction::<Certify>::new();
    let data = Resource::new(
        move || (invite.version().get(), certify.version().get()),
        |_| get_workspace(),
    );
    view! {
        <PageTitle text=l.pick("Cán bộ OCOP — Chợ OCOP", "OCOP officer — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="officer" aria-labelledby="can-bo">
            <h1 id="can-bo">{l.pick("Bàn làm việc cán bộ OCOP", "OCOP officer's desk")}</h1>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_officer(access, "/can-bo".into(), |w| view! { <Desk w invite certify/> }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn Desk(w: Workspace, invite: ServerAction<Invite>, certify: ServerAction<Certify>) -> AnyView {
    let l = use_locale();
    let invite_error = failure(invite.value());
    let certify_error = failure(certify.value());
    let invited = move || match invite.value().get() {
        Some(Ok(email)) => Some(match l {
            Locale::Vi => format!("Đã gửi lời mời tới {email}."),
            Locale::En => format!("Invitation sent to {email}."),
        }),
        _ => None,
    };
    let problem = move |field: &'static str| field_problem(invite_error, field);
    let cert_problem = move |field: &'static str| field_problem(certify_error, field);
    let none_awaiting = w.awaiting.is_empty();
    let stall_count = w.producers.len();
    let awaiting = w
        .awaiting
        .into_iter()
        .map(|(code, name, producer)| {
            let form_id = format!("qd-{code}");
            view! {
                <li>
                    <details>
                        <summary><strong>{name}</strong>" — "{producer}<span class="muted">" "{code.clone()}</span></summary>
                        <ActionForm action=certify attr:id=form_id>
                            <CsrfField/>
                            <input type="hidden" name="code" value=code.clone()/>
                            <div class="field-row">
                                <div class="field">
                                    <label for=format!("stars-{code}")>{l.pick("Số sao", "Stars")}</label>
                                    <select id=format!("stars-{code}") name="stars"><option>"3"</option><option>"4"</option><option>"5"</option></select>
                                </div>
                                <div class="field">
                                    <label for=format!("score-{code}")>{l.pick("Điểm", "Score")}</label>
                                    <input id=format!("score-{code}") name="score" inputmode="numeric" required/>
                                </div>
                                <div class="field">
                                    <label for=format!("no-{code}")>{l.pick("Số quyết định", "Decision no.")}</label>
                                    <input id=format!("no-{code}") name="decision_no" required/>
                                </div>
                                <div class="field">
                                    <label for=format!("on-{code}")>{l.pick("Ngày quyết định", "Decided on")}</label>
                                    <input id=format!("on-{code}") name="decided_on" type="date" required/>
                                </div>
                            </div>
                            <button type="submit" class="button">{l.pick("Ghi nhận chứng nhận", "Record the certification")}</button>
                        </ActionForm>
                    </details>
                </li>
            }
        })
        .collect_view();
    let stalls = w
        .producers
        .iter()
        .map(|(code, name)| view! {
            <li><a href=format!("/can-bo/gian-hang/{code}")>{name.clone()}</a>" "<span class="muted">{code.clone()}</span></li>
        })
        .collect_view();
    view! {
        <ul class="desk-links">
            <li><a href="/can-bo/kiem-duyet">{l.pick("Kiểm duyệt báo cáo vi phạm", "Moderation of reports")}</a></li>
            <li><a href="/can-bo/dang-ky-gian-hang">{l.pick("Hồ sơ đăng ký gian hàng", "Stall applications")}</a></li>
            <li><a href="/can-bo/chung-nhan">{l.pick("Sổ chứng nhận", "Certification register")}</a></li>
            <li><a href="/can-bo/su-kien">{l.pick("Hội chợ, triển lãm và livestream", "Fairs, exhibitions and livestreams")}</a></li>
            <li><a href="/bao-cao">{l.pick("Báo cáo thực hiện kế hoạch", "Plan reports")}</a></li>
            <li><a href="/can-bo/diem-ban">{l.pick("Điểm bán OCOP và độ phủ theo xã", "OCOP sales points and coverage by commune")}</a></li>
        </ul>
        {(!w.plans.is_empty()).then(|| view! {
            <h2>{l.pick("Kế hoạch của địa bàn", "Your area's plans")}</h2>
            <ul>
                {w.plans.iter().map(|(id, title)| view! {
                    <li><a href=format!("/bao-cao/{id}")>{title.clone()}</a></li>
                }).collect_view()}
            </ul>
        })}
        <h2>{l.pick("Mời thành viên quản lý gian hàng", "Invite a stall member")}</h2>
        {move || invited().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        <FormProblem error=invite_error with_fields=false/>
        <ActionForm action=invite>
            <CsrfField/>
            <div class="field">
                <label for="producer_code">{l.pick("Chủ thể", "Producer")}</label>
                <select id="producer_code" name="producer_code" required>
                    {w.producers.into_iter().map(|(code, name)| view! { <option value=code.clone()>{format!("{name} ({code})")}</option> }).collect_view()}
                </select>
                {problem("producer_code")}
            </div>
            <div class="field">
                <label for="display_name">{l.pick("Họ tên người được mời", "Invitee's name")}</label>
                <input id="display_name" name="display_name" required maxlength="100"/>
                {problem("display_name")}
            </div>
            <div class="field">
                <label for="email">"E-mail"</label>
                <input id="email" name="email" type="email" required/>
                {problem("email")}
            </div>
            <button type="submit" class="button">{l.pick("Gửi lời mời", "Send the invitation")}</button>
        </ActionForm>
        <h2>{l.pick("Sản phẩm chưa có chứng nhận còn hiệu lực", "Products without a certification in force")}</h2>
        <FormProblem error=certify_error with_fields=false/>
        {move || certify_error.get().map(|_| view! { <p>{cert_problem("score")}" "{cert_problem("decided_on")}" "{cert_problem("decision_no")}" "{cert_problem("stars")}</p> })}
        {if none_awaiting {
            view! { <p class="muted">{l.pick("Không có sản phẩm nào đang chờ.", "No product is waiting.")}</p> }.into_any()
        } else {
            view! { <ul class="awaiting">{awaiting}</ul> }.into_any()
        }}
        <h2>{l.pick("Gian hàng trên địa bàn", "Stalls of your area")}</h2>
        <details>
            <summary>{match l { Locale::Vi => format!("{} chủ thể", stall_count), Locale::En => format!("{} producers", stall_count) }}</summary>
            <ul class="area-stalls">{stalls}</ul>
        </details>
    }
    .into_any()
}
