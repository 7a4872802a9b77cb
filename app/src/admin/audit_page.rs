//! `/quan-tri/nhat-ky`: the audit log for administrators, filtered by
//! person, action or record, paged newest first, with its CSV export;
//! works without JavaScript.

use super::nav::{for_admins, AdminNav};
use crate::accounts::access::{with_access, Access};
use crate::audit::{AuditEntry, AuditPage};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::domain::AuditAction;
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// Entries per page of the log.
pub const PAGE_SIZE: u64 = 50;

/// A page of the log for the administrator reading it.
#[server(prefix = "/api/fn", endpoint = "admin_audit_log")]
pub async fn get_audit_log(
    actor: String,
    action: String,
    target: String,
    page: u64,
) -> Result<Access<AuditPage>, ServerFnError> {
    let (state, _) = match crate::accounts::access::page_admin().await? {
        Ok(admin) => admin,
        Err(access) => return Ok(access),
    };
    let filter = crate::audit::AuditFilter::from_query(&actor, &action, &target);
    let page = crate::audit::list(&state.db, &filter, page.clamp(1, 1_000_000), PAGE_SIZE)
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(Access::Ready(page))
}

/// `/quan-tri/nhat-ky`: the audit log, for administrators.
#[component]
pub fn AuditLogPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("nguoi").unwrap_or_default(),
            q.get("hanh-dong").unwrap_or_default(),
            q.get("doi-tuong").unwrap_or_default(),
            q.get("trang")
                .and_then(|p| p.trim().parse::<u64>().ok())
                .unwrap_or(1),
        )
    };
    let data = Resource::new(filters, |(a, h, d, p)| get_audit_log(a, h, d, p));
    view! {
        <PageTitle text=l.pick("Nhật ký thao tác — Quản trị", "Audit log — Administration")/>
        <Meta name="robots" content="noindex"/>
        <AdminNav current="/quan-tri/nhat-ky"/>
        <section class="audit-log" aria-labelledby="nhat-ky">
            <h1 id="nhat-ky">{l.pick("Nhật ký thao tác", "Audit log")}</h1>
            <p class="hint">{l.pick(
                "Mọi thao tác của cán bộ và quản trị viên, không sửa và không xoá được.",
                "Every action of officers and administrators; entries cannot be changed or deleted.",
            )}</p>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(
                        access,
                        "/quan-tri/nhat-ky".into(),
                        for_admins(),
                        move |page| {
                            let (actor, action, target, _) = filters();
                            view! { <AuditTable page actor action target/> }.into_any()
                        },
                    ),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn AuditTable(page: AuditPage, actor: String, action: String, target: String) -> AnyView {
    let l = use_locale();
    let query = query_string(&[
        ("nguoi", &actor),
        ("hanh-dong", &action),
        ("doi-tuong", &target),
    ]);
    let csv = format!(
        "/api/v1/admin/audit-log.csv?{}",
        query_string(&[("actor", &actor), ("action", &action), ("target", &target)])
    );
    let link = move |n: u64| {
        let mut q = query.clone();
        if !q.is_empty() {
            q.push('&');
        }
        format!("/quan-tri/nhat-ky?{q}trang={n}")
    };
    let pager = crate::components::newest_first_pager(page.page, page.total, page.limit, link);
    let empty = page.items.is_empty();
    let selected = action.clone();
    view! {
        <form method="get" action="/quan-tri/nhat-ky" class="audit-filters">
            <div class="field">
                <label for="nguoi">{l.pick("Người thực hiện (e-mail)", "Who (e-mail)")}</label>
                <input id="nguoi" name="nguoi" type="search" value=actor/>
            </div>
            <div class="field">
                <label for="hanh-dong">{l.pick("Thao tác", "Action")}</label>
                <select id="hanh-dong" name="hanh-dong">
                    <option value="">{l.pick("Tất cả", "All")}</option>
                    {AuditAction::ALL.iter().map(|a| view! {
                        <option value=a.name() selected=selected == a.name()>{action_label(*a, l)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="doi-tuong">{l.pick("Mã đối tượng", "Record code")}</label>
                <input id="doi-tuong" name="doi-tuong" type="search" value=target/>
            </div>
            <button type="submit" class="button secondary">{l.pick("Lọc", "Filter")}</button>
            <a class="button secondary" href=csv download>{l.pick("Tải CSV", "Download CSV")}</a>
        </form>
        <p>{format!("{} {}", page.total, l.pick("thao tác", "actions"))}</p>
        {if empty {
            view! { <p>{l.pick("Chưa có thao tác nào.", "No actions yet.")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
                    <table class="audit-table">
                        <thead><tr>
                            <th scope="col">{l.pick("Lúc", "When")}</th>
                            <th scope="col">{l.pick("Người", "Who")}</th>
                            <th scope="col">{l.pick("Thao tác", "Action")}</th>
                            <th scope="col">{l.pick("Đối tượng", "Record")}</th>
                            <th scope="col">{l.pick("Thay đổi", "Change")}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|e| view! { <AuditRow entry=e/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {pager}
    }
    .into_any()
}

/// `pairs` with a value, as a query string.
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| format!("{key}={}", crate::text::encode_component(value.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

#[component]
fn AuditRow(entry: AuditEntry) -> AnyView {
    let l = use_locale();
    let when = crate::time::format_vn(entry.at);
    let request = entry.request_id.clone().unwrap_or_default();
    let changes = entry.changes.clone();
    view! {
        <tr>
            <td><time datetime=entry.at.to_rfc3339()>{when}</time></td>
            <td>{entry.actor}<br/><small>{entry.actor_role}</small></td>
            <td>{action_label(entry.action, l)}<br/><small><code>{entry.action.name()}</code></small></td>
            <td><code>{entry.target}</code><br/><small>{entry.target_kind}</small></td>
            <td class="audit-change">
                {(!changes.is_empty()).then(|| view! {
                    <dl class="audit-fields">
                        {changes.into_iter().map(|c| view! {
                            <dt>{c.field}</dt>
                            <dd>
                                {c.before.map(|b| view! { <del>{b}</del>" → " })}
                                {c.after.map(|a| view! { <ins>{a}</ins> })}
                            </dd>
                        }).collect_view()}
                    </dl>
                })}
                {entry.before.map(|b| view! {
                    <details><summary>{l.pick("Bản ghi trước", "Record before")}</summary><pre>{b}</pre></details>
                })}
                {entry.after.map(|a| view! {
                    <details><summary>{l.pick("Bản ghi sau", "Record after")}</summary><pre>{a}</pre></details>
                })}
                {(!request.is_empty()).then(|| view! {
                    <small>{l.pick("Mã yêu cầu: ", "Request id: ")}<code>{request}</code></small>
                })}
            </td>
        </tr>
    }
    .into_any()
}

/// What an action is called, in the reader's language.
pub fn action_label(action: AuditAction, l: crate::i18n::Locale) -> &'static str {
    let (vi, en) = match action {
        AuditAction::ProductCertified => ("Ghi quyết định công nhận", "Certification recorded"),
        AuditAction::MemberInvited => ("Mời thành viên gian hàng", "Stall member invited"),
        AuditAction::EventCreated => ("Tạo sự kiện", "Event created"),
        AuditAction::EventSaved => ("Lưu sự kiện", "Event saved"),
        AuditAction::EventResultsSaved => ("Lưu kết quả sự kiện", "Event results saved"),
        AuditAction::RegistrationDecided => ("Duyệt đăng ký sự kiện", "Registration decided"),
        AuditAction::LineupSet => ("Xếp lịch livestream", "Livestream line-up set"),
        AuditAction::SalesPointCreated => ("Tạo điểm bán", "Sales point created"),
        AuditAction::SalesPointSaved => ("Lưu điểm bán", "Sales point saved"),
        AuditAction::SalesPointProductAdded => (
            "Thêm sản phẩm vào điểm bán",
            "Product added to a sales point",
        ),
        AuditAction::SalesPointProductRemoved => (
            "Bỏ sản phẩm khỏi điểm bán",
            "Product removed from a sales point",
        ),
        AuditAction::OrderMoved => ("Chuyển bước đơn hàng", "Order moved"),
        AuditAction::UserCreated => ("Tạo tài khoản", "Account created"),
        AuditAction::RegisterImported => ("Nhập dữ liệu sổ đăng ký", "Register imported"),
        AuditAction::SearchRebuilt => ("Dựng lại chỉ mục tìm kiếm", "Search index rebuilt"),
        AuditAction::BackupMade => ("Sao lưu", "Backup made"),
        AuditAction::SellerVerified => ("Xác minh thông tin người bán", "Seller verified"),
        AuditAction::ApplicationApproved => {
            ("Duyệt hồ sơ mở gian hàng", "Stall application approved")
        }
        AuditAction::ApplicationRefused => {
            ("Từ chối hồ sơ mở gian hàng", "Stall application refused")
        }
        AuditAction::ListingHidden => ("Ẩn sản phẩm bị báo cáo", "Reported listing hidden"),
        AuditAction::StallSuspended => ("Tạm ngừng gian hàng", "Stall suspended"),
        AuditAction::ReportRestored => ("Khôi phục sau báo cáo", "Restored after a report"),
        AuditAction::ReportDismissed => ("Bỏ qua báo cáo", "Report dismissed"),
        AuditAction::UserRoleChanged => ("Đổi vai trò tài khoản", "Account role changed"),
        AuditAction::UserDisabled => ("Khoá tài khoản", "Account disabled"),
        AuditAction::UserEnabled => ("Mở lại tài khoản", "Account enabled"),
        AuditAction::UserSignInsReset => ("Đặt lại đăng nhập", "Sign-ins reset"),
        AuditAction::OfficerCreated => ("Tạo tài khoản cán bộ", "Officer created"),
        AuditAction::PlanUploaded => ("Tải lên kế hoạch", "Plan uploaded"),
        AuditAction::PlanRetired => ("Ngừng dùng kế hoạch", "Plan retired"),
        AuditAction::ReindexStarted => ("Bắt đầu dựng lại chỉ mục", "Reindex started"),
        AuditAction::BackupStarted => ("Bắt đầu sao lưu", "Backup started"),
        AuditAction::AnnualReportExported => {
            ("Tải báo cáo thống kê năm", "Annual statistics downloaded")
        }
    };
    l.pick(vi, en)
}
