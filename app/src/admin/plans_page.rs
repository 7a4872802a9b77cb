//! `/quan-tri/ke-hoach`: every plan, where its version comes from, and a
//! button to retire one; the upload form (a plain multipart form posted to
//! `/quan-tri/ke-hoach/tai-len`, which keeps the file and opens its
//! preview). `/quan-tri/ke-hoach/tai-len/{id}`: an uploaded file checked
//! again, its targets previewed with their units, what it would replace,
//! and the button that stores it. Works without JavaScript.

use super::nav::{for_admins, AdminNav};
use super::{PlanRow, UploadView};
use crate::accounts::access::{with_access, Access};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::forms::{failure, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::reports::plan::{due_label, metric_label};
use crate::reports::preview::PlanPreview;
use crate::time::format_date;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Where the upload form posts (the server's multipart door).
pub const UPLOAD_PATH: &str = "/quan-tri/ke-hoach/tai-len";

/// Every plan.
#[server(prefix = "/api/fn", endpoint = "admin_plans")]
pub async fn get_plans() -> Result<Access<Vec<PlanRow>>, ServerFnError> {
    let (state, _) = match crate::accounts::access::page_admin().await? {
        Ok(admin) => admin,
        Err(access) => return Ok(access),
    };
    let rows = super::plans::list(&state.db)
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(Access::Ready(rows))
}

/// Retires a plan.
#[server(prefix = "/api/fn", endpoint = "admin_retire_plan")]
pub async fn retire_plan(csrf: Option<String>, plan: Option<String>) -> Result<(), FormError> {
    let (state, admin) = crate::accounts::access::acting_admin(csrf.as_deref()).await?;
    super::plans::retire(
        &state.db,
        &admin,
        plan.as_deref().unwrap_or_default(),
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)?;
    state.ops.pages_changed();
    crate::forms::redirect_plain_form("/quan-tri/ke-hoach");
    Ok(())
}

/// An upload, checked (`None`: no such one).
#[server(prefix = "/api/fn", endpoint = "admin_plan_upload")]
pub async fn get_upload(id: String) -> Result<Access<Option<UploadView>>, ServerFnError> {
    let (state, _) = match crate::accounts::access::page_admin().await? {
        Ok(admin) => admin,
        Err(access) => return Ok(access),
    };
    crate::accounts::access::page_item(&id, |id| super::plans::upload(&state.db, id)).await
}

/// Stores the plan of an upload; on to its report.
#[server(prefix = "/api/fn", endpoint = "admin_store_plan")]
pub async fn store_plan(csrf: Option<String>, id: Option<String>) -> Result<(), FormError> {
    let (state, admin) = crate::accounts::access::acting_admin(csrf.as_deref()).await?;
    let id = id
        .and_then(|i| i.trim().parse::<i64>().ok())
        .unwrap_or_default();
    let plan = super::plans::confirm(&state.db, &admin, id, chrono::Utc::now())
        .await
        .map_err(crate::forms::refuse)?;
    state.ops.pages_changed();
    crate::forms::redirect_plain_form(&format!("/bao-cao/{plan}"));
    Ok(())
}

/// `/quan-tri/ke-hoach`.
#[component]
pub fn PlansPage() -> AnyView {
    let l = use_locale();
    let retire = ServerAction::<RetirePlan>::new();
    let data = Resource::new(move || retire.version().get(), |_| get_plans());
    let error: Signal<Option<FormError>> = failure(retire.value());
    let query = use_query_map();
    // The upload door sends a refused file back here with a reason code.
    let refused = move || {
        query
            .read()
            .get("loi")
            .and_then(|code| upload_refusal(&code, l))
    };
    view! {
        <PageTitle text=l.pick("Kế hoạch — Quản trị", "Plans — Administration")/>
        <Meta name="robots" content="noindex"/>
        <AdminNav current="/quan-tri/ke-hoach"/>
        <section aria-labelledby="ke-hoach">
            <h1 id="ke-hoach">{l.pick("Kế hoạch OCOP", "OCOP plans")}</h1>
            <FormProblem error with_fields=false/>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, "/quan-tri/ke-hoach".into(), for_admins(), move |rows| view! {
                        <PlanTable rows retire/>
                        <h2 id="tai-len">{l.pick("Tải lên kế hoạch", "Upload a plan")}</h2>
                        <p class="hint">{l.pick(
                            "Tệp TOML theo mẫu trong thư mục plans/ (id, title, area, period, reports, các [[targets]] với metric, op, value, tuỳ chọn unit = \"count\" hoặc \"percent\"). Tệp được kiểm tra và xem trước trước khi lưu; kế hoạch cùng id sẽ được thay thế.",
                            "A TOML file like those in plans/ (id, title, area, period, reports, [[targets]] with metric, op, value, optionally unit = \"count\" or \"percent\"). It is checked and previewed before it is stored; a plan of the same id is replaced.",
                        )}</p>
                        {refused().map(|why| view! { <p class="error" role="alert">{why}</p> })}
                        <form method="post" action=UPLOAD_PATH enctype="multipart/form-data" class="stacked-form">
                            <CsrfField/>
                            <div class="field">
                                <label for="plan-file">{l.pick("Tệp kế hoạch (.toml, tối đa 64 KB)", "Plan file (.toml, at most 64 KB)")}</label>
                                <input id="plan-file" name="plan" type="file" accept=".toml,text/plain" required/>
                            </div>
                            <button type="submit" class="button">{l.pick("Kiểm tra và xem trước", "Check and preview")}</button>
                        </form>
                    }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// The sentence for a refusal code of the upload door (`loi=`).
fn upload_refusal(code: &str, l: Locale) -> Option<&'static str> {
    Some(match code {
        "qua-lon" => l.pick(
            "Tệp quá lớn: tệp kế hoạch tối đa 64 KB.",
            "The file is too large: a plan file is at most 64 KB.",
        ),
        "trong" => l.pick(
            "Hãy chọn một tệp kế hoạch .toml.",
            "Choose a .toml plan file.",
        ),
        "phien" => l.pick(
            "Trang đã cũ; hãy tải lại trang rồi gửi lại tệp.",
            "The page was stale; reload it and send the file again.",
        ),
        "hong" => l.pick(
            "Tải lên bị gián đoạn hoặc không đúng dạng; hãy thử lại.",
            "The upload was interrupted or malformed; please try again.",
        ),
        _ => return None,
    })
}

/// Where a plan's version comes from, in the reader's language.
fn origin(row: &PlanRow, l: Locale) -> String {
    match (&row.uploaded_by, l) {
        (Some(by), Locale::Vi) => format!("{} · tải lên bởi {by}", row.source_file),
        (Some(by), Locale::En) => format!("{} · uploaded by {by}", row.source_file),
        (None, Locale::Vi) => format!("{} · kèm theo trang", row.source_file),
        (None, Locale::En) => format!("{} · shipped with the site", row.source_file),
    }
}

#[component]
fn PlanTable(rows: Vec<PlanRow>, retire: ServerAction<RetirePlan>) -> AnyView {
    let l = use_locale();
    if rows.is_empty() {
        return view! { <p class="muted">{l.pick("Chưa có kế hoạch nào.", "No plans yet.")}</p> }
            .into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="audit-table">
                <thead><tr>
                    <th scope="col">{l.pick("Kế hoạch", "Plan")}</th>
                    <th scope="col">{l.pick("Kỳ", "Period")}</th>
                    <th scope="col">{l.pick("Mục tiêu", "Targets")}</th>
                    <th scope="col">{l.pick("Nguồn", "Source")}</th>
                    <th scope="col">{l.pick("Trạng thái", "Status")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let origin = origin(&row, l);
                        let retired = row.retired_at.is_some();
                        let id = row.id.clone();
                        view! {
                            <tr>
                                <td>
                                    {if retired {
                                        view! { <span>{row.title.clone()}</span> }.into_any()
                                    } else {
                                        view! { <a href=format!("/bao-cao/{}", row.id)>{row.title.clone()}</a> }.into_any()
                                    }}
                                    <br/><small><code>{row.id.clone()}</code>" · "{row.area.clone()}</small>
                                </td>
                                <td>{format!("{} – {}", format_date(row.from), format_date(row.to))}</td>
                                <td>{row.targets}</td>
                                <td><small>{origin}</small></td>
                                <td>{if retired {
                                    view! { <span class="badge">{l.pick("Đã ngừng", "Retired")}</span> }.into_any()
                                } else {
                                    view! {
                                        <span class="badge ok">{l.pick("Đang áp dụng", "In force")}</span>
                                        <ActionForm action=retire>
                                            <CsrfField/>
                                            <input type="hidden" name="plan" value=id.clone()/>
                                            <button type="submit" class="button secondary small" aria-label=format!("{} {id}", l.pick("Ngừng dùng", "Retire"))>
                                                {l.pick("Ngừng dùng", "Retire")}
                                            </button>
                                        </ActionForm>
                                    }.into_any()
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/quan-tri/ke-hoach/tai-len/{id}`.
#[component]
pub fn PlanUploadPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let store = ServerAction::<StorePlan>::new();
    let data = Resource::new(
        move || (id(), store.version().get()),
        |(id, _)| get_upload(id),
    );
    let error: Signal<Option<FormError>> = failure(store.value());
    view! {
        <PageTitle text=l.pick("Xem trước kế hoạch — Quản trị", "Plan preview — Administration")/>
        <Meta name="robots" content="noindex"/>
        <AdminNav current="/quan-tri/ke-hoach"/>
        <section aria-labelledby="xem-truoc">
            <p><a href="/quan-tri/ke-hoach">{l.pick("← Mọi kế hoạch", "← All plans")}</a></p>
            <h1 id="xem-truoc">{l.pick("Xem trước kế hoạch tải lên", "Preview of an uploaded plan")}</h1>
            <FormProblem error with_fields=false/>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, format!("/quan-tri/ke-hoach/tai-len/{}", id()), for_admins(), move |found| match found {
                        None => view! { <p>{l.pick("Không có tệp tải lên này.", "No such upload.")}</p> }.into_any(),
                        Some(upload) => view! { <UploadPreview upload store/> }.into_any(),
                    }),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn UploadPreview(upload: UploadView, store: ServerAction<StorePlan>) -> AnyView {
    let l = use_locale();
    let head = view! {
        <p><code>{upload.file_name.clone()}</code>" · "{crate::time::format_vn(upload.uploaded_at)}</p>
    };
    let Some(preview) = upload.preview else {
        return view! {
            {head}
            <p class="error" role="alert">{l.pick("Không dùng được tệp này: ", "This file cannot be used: ")}{upload.problem.unwrap_or_default()}</p>
            <p><a class="button secondary" href="/quan-tri/ke-hoach#tai-len">{l.pick("Tải lên tệp khác", "Upload another file")}</a></p>
        }
        .into_any();
    };
    let plan = preview.id.clone();
    let replaces = upload.replaces.map(|r| match l {
        Locale::Vi => format!(
            "Thay thế kế hoạch đang có cùng id: “{}” ({} mục tiêu, {}){}.",
            r.title,
            r.targets,
            origin(&r, l),
            if r.retired_at.is_some() {
                ", đang ngừng dùng: sẽ áp dụng lại"
            } else {
                ""
            }
        ),
        Locale::En => format!(
            "Replaces the stored plan of the same id: “{}” ({} targets, {}){}.",
            r.title,
            r.targets,
            origin(&r, l),
            if r.retired_at.is_some() {
                ", retired: it will be in force again"
            } else {
                ""
            }
        ),
    });
    let action = match upload.stored_at {
        Some(at) => view! {
            <p class="notice" role="status">{match l {
                Locale::Vi => format!("Đã lưu lúc {}.", crate::time::format_vn(at)),
                Locale::En => format!("Stored at {}.", crate::time::format_vn(at)),
            }}" "<a href=format!("/bao-cao/{plan}")>{l.pick("Xem báo cáo", "See the report")}</a></p>
        }
        .into_any(),
        None => view! {
            <ActionForm action=store>
                <CsrfField/>
                <input type="hidden" name="id" value=upload.id.to_string()/>
                <button type="submit" class="button">{l.pick("Lưu kế hoạch này", "Store this plan")}</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        {head}
        {replaces.map(|r| view! { <p class="notice">{r}</p> })}
        <PlanSummary preview/>
        {action}
    }
    .into_any()
}

#[component]
fn PlanSummary(preview: PlanPreview) -> AnyView {
    let l = use_locale();
    view! {
        <h2>{preview.title.clone()}</h2>
        <dl class="facts">
            <dt>"id"</dt><dd><code>{preview.id.clone()}</code></dd>
            <dt>{l.pick("Địa bàn", "Area")}</dt><dd>{preview.area.clone()}</dd>
            <dt>{l.pick("Kỳ", "Period")}</dt><dd>{format!("{} – {}", format_date(preview.from), format_date(preview.to))}</dd>
            <dt>{l.pick("Hạn báo cáo", "Reporting deadlines")}</dt>
            <dd>{preview.reports.iter().map(|r| {
                let (vi, en) = due_label(&r.kind);
                format!("{} ({})", l.pick(vi, en), r.due)
            }).collect::<Vec<_>>().join(", ")}</dd>
        </dl>
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="audit-table">
                <caption>{match l {
                    Locale::Vi => format!("{} mục tiêu", preview.targets.len()),
                    Locale::En => format!("{} targets", preview.targets.len()),
                }}</caption>
                <thead><tr>
                    <th scope="col">{l.pick("Chỉ tiêu", "Metric")}</th>
                    <th scope="col">{l.pick("Mục tiêu", "Target")}</th>
                    <th scope="col">{l.pick("Đơn vị", "Unit")}</th>
                    <th scope="col">{l.pick("Thời hạn", "By")}</th>
                    <th scope="col">{l.pick("Căn cứ", "Source")}</th>
                </tr></thead>
                <tbody>
                    {preview.targets.into_iter().map(|t| {
                        let (vi, en) = metric_label(&t.metric);
                        view! {
                            <tr>
                                <td>{l.pick(vi, en)}<br/><small><code>{t.metric.clone()}</code></small></td>
                                <td>{format!("{} {}", t.op, t.value)}</td>
                                <td>{if t.share { l.pick("phần trăm", "percent") } else { l.pick("số lượng", "count") }}</td>
                                <td>{t.by.map(format_date).unwrap_or_else(|| "—".to_owned())}</td>
                                <td><small>{t.source.clone()}</small></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
