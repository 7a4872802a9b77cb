//! `/quan-tri`: the console's overview. What waits (reports, applications),
//! the accounts by role, the plans in force; the server's tasks with their
//! progress (rebuild the search index, make a backup: the page reloads
//! itself every few seconds while one runs, without JavaScript); the
//! backups on disk; and every setting's status, never a secret's value.

use super::nav::{for_admins, AdminNav};
use crate::accounts::access::{with_access, Access};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::domain::{
    BackupInfo, JobKind, JobOutcome, JobState, Role, SettingGroup, SettingLine, SettingValue,
};
use crate::forms::{failure, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use serde::{Deserialize, Serialize};

/// Seconds between reloads while a task runs.
const RELOAD_SECONDS: u32 = 3;

/// What the overview shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Accounts per role, and how many of them are disabled.
    pub accounts: Vec<(Role, u64)>,
    /// Disabled accounts.
    pub disabled: u64,
    /// Reports waiting for a decision.
    pub open_reports: u64,
    /// Of them, older than the 24-hour target.
    pub overdue_reports: u64,
    /// Applications waiting for an officer.
    pub pending_applications: u64,
    /// Plans in force.
    pub plans: u64,
    /// Products in this server's search index.
    pub indexed: u64,
    /// The last or running rebuild.
    pub reindex: Option<JobState>,
    /// The last or running backup.
    pub backup: Option<JobState>,
    /// The backups on disk, newest first.
    pub backups: Vec<BackupInfo>,
    /// Every setting.
    pub settings: Vec<SettingLine>,
}

/// The overview, for an administrator.
#[server(prefix = "/api/fn", endpoint = "admin_overview")]
pub async fn get_overview() -> Result<Access<Overview>, ServerFnError> {
    let (state, _) = match crate::accounts::access::page_admin().await? {
        Ok(admin) => admin,
        Err(access) => return Ok(access),
    };
    let overview = overview(&state, chrono::Utc::now())
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(Access::Ready(overview))
}

#[cfg(feature = "ssr")]
async fn overview(
    state: &crate::state::AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::error::AppResult<Overview> {
    use crate::domain::{ApplicationStatus, ReportStatus};
    use crate::entities::{abuse_reports, plans, producer_applications, users};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let db = &state.db;
    let mut accounts = Vec::new();
    for role in Role::ALL {
        let n = users::Entity::find()
            .filter(users::Column::Role.eq(*role))
            .count(db)
            .await?;
        accounts.push((*role, n));
    }
    let disabled = users::Entity::find()
        .filter(users::Column::DisabledAt.is_not_null())
        .count(db)
        .await?;
    let open = || {
        abuse_reports::Entity::find().filter(abuse_reports::Column::Status.eq(ReportStatus::Open))
    };
    let open_reports = open().count(db).await?;
    let due = now - chrono::Duration::hours(crate::moderation::TARGET_HOURS);
    let overdue_reports = open()
        .filter(abuse_reports::Column::CreatedAt.lt(due))
        .count(db)
        .await?;
    let pending_applications = producer_applications::Entity::find()
        .filter(producer_applications::Column::Status.eq(ApplicationStatus::Pending))
        .count(db)
        .await?;
    let plans = plans::Entity::find()
        .filter(plans::Column::RetiredAt.is_null())
        .count(db)
        .await?;
    Ok(Overview {
        accounts,
        disabled,
        open_reports,
        overdue_reports,
        pending_applications,
        plans,
        indexed: state.search.len(),
        reindex: state.ops.status(JobKind::Reindex),
        backup: state.ops.status(JobKind::Backup),
        backups: state.ops.backups().into_iter().take(5).collect(),
        settings: state.ops.settings(),
    })
}

/// Starts a task (`reindex` or `backup`); the console shows its progress.
#[server(prefix = "/api/fn", endpoint = "admin_start_task")]
pub async fn start_task(csrf: Option<String>, task: Option<String>) -> Result<(), FormError> {
    use crate::audit::{self, Actor, Change};
    use crate::domain::AuditAction;
    use crate::error::AppError;
    use crate::forms::refuse;
    let (state, admin) = crate::accounts::access::acting_admin(csrf.as_deref()).await?;
    let (kind, action) = match task.as_deref() {
        Some("reindex") => (JobKind::Reindex, AuditAction::ReindexStarted),
        Some("backup") => (JobKind::Backup, AuditAction::BackupStarted),
        _ => {
            return Err(refuse(AppError::invalid(
                "task",
                "Không có tác vụ này.",
                "No such task.",
            )))
        }
    };
    match state.ops.start(kind, &admin) {
        Ok(job) => {
            let change = Change::new(action, format!("{kind:?}").to_lowercase()).after(&job);
            audit::record(&state.db, Actor::Account(&admin), change)
                .await
                .map_err(refuse)?;
            Ok(())
        }
        Err(_) => Err(refuse(AppError::Conflict {
            code: "task_running",
            message: crate::error::Message::new(
                "Tác vụ này đang chạy; hãy đợi nó xong.",
                "This task is running; wait for it to finish.",
            ),
        })),
    }
}

/// `/quan-tri`: the overview.
#[component]
pub fn ConsolePage() -> AnyView {
    let l = use_locale();
    let action = ServerAction::<StartTask>::new();
    let data = Resource::new(move || action.version().get(), |_| get_overview());
    let error: Signal<Option<FormError>> = failure(action.value());
    view! {
        <PageTitle text=l.pick("Quản trị — Chợ OCOP", "Administration — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <AdminNav current="/quan-tri"/>
        <section class="admin-console" aria-labelledby="quan-tri">
            <h1 id="quan-tri">{l.pick("Quản trị", "Administration")}</h1>
            <FormProblem error with_fields=false/>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, "/quan-tri".into(), for_admins(), move |o| {
                        view! { <OverviewView o action/> }.into_any()
                    }),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn OverviewView(o: Overview, action: ServerAction<StartTask>) -> AnyView {
    let l = use_locale();
    let running = o.reindex.as_ref().is_some_and(JobState::running)
        || o.backup.as_ref().is_some_and(JobState::running);
    let accounts = o.accounts.clone();
    view! {
        {running.then(|| view! { <Meta http_equiv="refresh" content=RELOAD_SECONDS.to_string()/> })}
        <ul class="tiles">
            <li><a href="/can-bo/kiem-duyet">
                <strong>{o.open_reports}</strong>" "{l.pick("báo cáo vi phạm chờ xử lý", "reports waiting")}
                {(o.overdue_reports > 0).then(|| view! {
                    <span class="badge warn">{format!("{} {}", o.overdue_reports, l.pick("quá 24 giờ", "over 24 hours"))}</span>
                })}
            </a></li>
            <li><a href="/can-bo/dang-ky-gian-hang">
                <strong>{o.pending_applications}</strong>" "{l.pick("hồ sơ mở gian hàng chờ duyệt", "stall applications waiting")}
            </a></li>
            <li><a href="/quan-tri/ke-hoach">
                <strong>{o.plans}</strong>" "{l.pick("kế hoạch đang áp dụng", "plans in force")}
            </a></li>
            <li><a href="/quan-tri/tai-khoan">
                <strong>{accounts.iter().map(|(_, n)| n).sum::<u64>()}</strong>" "{l.pick("tài khoản", "accounts")}
                <small>{accounts.iter().map(|(role, n)| format!("{} {n}", role.label(l))).collect::<Vec<_>>().join(" · ")}
                    {(o.disabled > 0).then(|| format!(" · {} {}", l.pick("đã khoá", "disabled"), o.disabled))}</small>
            </a></li>
        </ul>
        <h2>{l.pick("Tác vụ máy chủ", "Server tasks")}</h2>
        <div class="task-grid">
            <Task
                kind=JobKind::Reindex
                state=o.reindex.clone()
                action
                title=l.pick("Chỉ mục tìm kiếm", "Search index")
                about=match l {
                    Locale::Vi => format!("{} sản phẩm trong chỉ mục của máy chủ này. Dựng lại khi kết quả tìm kiếm có vẻ sai; trang vẫn phục vụ trong lúc dựng.", o.indexed),
                    Locale::En => format!("{} products in this server's index. Rebuild it when search results look wrong; the site keeps serving meanwhile.", o.indexed),
                }
                button=l.pick("Dựng lại chỉ mục", "Rebuild the index")
            />
            <Task
                kind=JobKind::Backup
                state=o.backup.clone()
                action
                title=l.pick("Sao lưu", "Backups")
                about=l.pick(
                    "Sao chép cơ sở dữ liệu và ảnh vào một thư mục mới, trong khi trang vẫn chạy. Khôi phục bằng lệnh ocop restore.",
                    "Copies the database and the photos into a new folder while the site runs. Restore with the ocop restore command.",
                ).to_owned()
                button=l.pick("Sao lưu ngay", "Back up now")
            />
        </div>
        <BackupList backups=o.backups.clone()/>
        <h2>{l.pick("Cấu hình", "Settings")}</h2>
        <p class="hint">{l.pick(
            "Đặt bằng biến môi trường hoặc tệp cấu hình (xem README, mục “Vận hành trang”); khoá bí mật chỉ hiện là đã đặt hay chưa.",
            "Set by environment variables or the configuration file (see README, “Operating the site”); secrets show only whether they are set.",
        )}</p>
        <Settings lines=o.settings.clone()/>
    }
    .into_any()
}

#[component]
fn Task(
    kind: JobKind,
    state: Option<JobState>,
    action: ServerAction<StartTask>,
    title: &'static str,
    about: String,
    button: &'static str,
) -> AnyView {
    let l = use_locale();
    let running = state.as_ref().is_some_and(JobState::running);
    let task = match kind {
        JobKind::Reindex => "reindex",
        JobKind::Backup => "backup",
    };
    view! {
        <article class="task" id=format!("tac-vu-{task}")>
            <h3>{title}</h3>
            <p>{about}</p>
            {state.map(|job| view! { <JobLine job/> })}
            <ActionForm action>
                <CsrfField/>
                <input type="hidden" name="task" value=task/>
                <button type="submit" class="button" disabled=running>
                    {if running { l.pick("Đang chạy…", "Running…") } else { button }}
                </button>
            </ActionForm>
        </article>
    }
    .into_any()
}

#[component]
fn JobLine(job: JobState) -> AnyView {
    let l = use_locale();
    let started = crate::time::format_vn(job.started_at);
    let percent = job.percent();
    let (status, text) = match &job.outcome {
        JobOutcome::Running => ("running", l.pick("Đang chạy", "Running").to_owned()),
        JobOutcome::Done(summary) => ("done", summary.clone()),
        JobOutcome::Failed(reason) => ("failed", reason.clone()),
    };
    view! {
        <div class=format!("job job-{status}") role="status">
            <p><small>{match l {
                Locale::Vi => format!("{} bắt đầu lúc {started}", job.started_by),
                Locale::En => format!("Started by {} at {started}", job.started_by),
            }}</small></p>
            {job.running().then(|| view! {
                <progress max=job.total.max(1).to_string() value=job.done.to_string()>{percent.map(|p| format!("{p}%"))}</progress>
                <p>{format!("{} / {}", job.done, job.total)}{percent.map(|p| format!(" ({p}%)"))}</p>
            })}
            <p>{text}</p>
        </div>
    }
    .into_any()
}

#[component]
fn BackupList(backups: Vec<BackupInfo>) -> AnyView {
    let l = use_locale();
    if backups.is_empty() {
        return view! { <p class="muted">{l.pick("Chưa có bản sao lưu nào trong thư mục sao lưu.", "No backup in the backup folder yet.")}</p> }.into_any();
    }
    view! {
        <h3>{l.pick("Bản sao lưu gần nhất", "Latest backups")}</h3>
        <ul class="backups">
            {backups.into_iter().map(|b| view! {
                <li>
                    <code>{b.name}</code>
                    {b.made_at.map(|t| view! { " · "<time datetime=t.to_rfc3339()>{crate::time::format_vn(t)}</time> })}
                    <br/><small>{b.summary}</small>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Settings(lines: Vec<SettingLine>) -> AnyView {
    let l = use_locale();
    let mut groups: Vec<(SettingGroup, Vec<SettingLine>)> = Vec::new();
    for line in lines {
        match groups.iter_mut().find(|(g, _)| *g == line.group) {
            Some((_, group)) => group.push(line),
            None => groups.push((line.group, vec![line])),
        }
    }
    groups
        .into_iter()
        .map(|(group, lines)| {
            let (vi, en) = group.label();
            view! {
                <h3>{l.pick(vi, en)}</h3>
                <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
                    <table class="settings-table">
                        <thead><tr>
                            <th scope="col">{l.pick("Cấu hình", "Setting")}</th>
                            <th scope="col">{l.pick("Ý nghĩa", "Meaning")}</th>
                            <th scope="col">{l.pick("Giá trị", "Value")}</th>
                        </tr></thead>
                        <tbody>
                            {lines.into_iter().map(|line| {
                                let value = match line.value {
                                    SettingValue::Shown(v) => view! { <code>{v}</code> }.into_any(),
                                    SettingValue::SecretSet => view! { <span class="badge ok">{l.pick("Đã đặt (bí mật)", "Set (secret)")}</span> }.into_any(),
                                    SettingValue::Unset => view! { <span class="badge">{l.pick("Chưa đặt", "Not set")}</span> }.into_any(),
                                };
                                view! {
                                    <tr>
                                        <td><code>{line.env}</code></td>
                                        <td>{l.pick(&line.meaning_vi, &line.meaning_en).to_owned()}</td>
                                        <td>{value}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
        .collect_view()
        .into_any()
}
