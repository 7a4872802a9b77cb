//! The `ocop` command line. Each subcommand calls library functions; errors are
//! printed as one sentence (Vietnamese, then English), never as a backtrace.

use crate::config::Settings;
use crate::startup::{Application, StartOptions};
use crate::{database, startup, telemetry};
use app::domain::AuditAction;
use clap::{Parser, Subcommand};
use migrations::Migrator;
use sea_orm_migration::MigratorTrait;
use std::path::PathBuf;
use std::process::ExitCode;

/// Chợ OCOP: marketplace and trade promotion for OCOP products.
#[derive(Debug, Parser)]
#[command(name = "ocop", version, about)]
pub struct Cli {
    /// Log lines as `text` (the default) or `json`; overrides OCOP_LOG_FORMAT.
    #[arg(long, global = true, value_parser = ["text", "json"])]
    log_format: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web server (the default).
    Serve {
        /// Apply pending database migrations first.
        #[arg(long)]
        migrate: bool,
    },
    /// Manage the database schema.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Import a folder of register CSV files (see data/README.md).
    Import {
        /// The folder holding producers.csv, products.csv, ...
        dir: PathBuf,
        /// Import the valid rows of a file that has invalid ones.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Rebuild the search index from the database.
    Reindex,
    /// Copy the database (online: the server may keep running) and the
    /// photos into a new folder.
    Backup {
        /// The folder to create (it must not exist or be empty).
        dir: PathBuf,
    },
    /// Put a backup made by `ocop backup` in place. Stop the server first.
    Restore {
        /// The backup folder.
        dir: PathBuf,
        /// Overwrite a database that already holds products or orders.
        #[arg(long)]
        force: bool,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Debug, Subcommand)]
enum UserAction {
    /// Create an account. The password comes from OCOP_PASSWORD or, when that
    /// is unset, from the first line of standard input; it is never printed.
    Add {
        /// Sign-in e-mail address.
        email: String,
        /// shopper, producer, officer or admin.
        #[arg(long)]
        role: String,
        /// A producer member's producer (register code).
        #[arg(long)]
        producer: Option<String>,
        /// An officer's area: PROVINCE or PROVINCE/COMMUNE.
        #[arg(long)]
        area: Option<String>,
        /// Name shown in the interface (default: the address).
        #[arg(long, default_value = "")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the last migration (or N of them).
    Down {
        /// How many to revert.
        #[arg(default_value_t = 1)]
        steps: u32,
    },
    /// List applied and pending migrations.
    Status,
}

/// Runs the command line and turns the outcome into an exit code.
pub async fn run(cli: Cli) -> ExitCode {
    let mut settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    if let Some(json) = cli
        .log_format
        .as_deref()
        .and_then(crate::config::parse_log_format)
    {
        settings.json_logs = json;
    }
    telemetry::init(settings.json_logs);
    let outcome = match cli.command.unwrap_or(Command::Serve { migrate: false }) {
        Command::Serve { migrate } => serve(settings, migrate).await,
        Command::Migrate { action } => migrate(settings, action).await,
        Command::Import { dir, skip_invalid } => import(settings, dir, skip_invalid).await,
        Command::Reindex => reindex(settings).await,
        Command::Backup { dir } => backup(settings, dir).await,
        Command::Restore { dir, force } => restore(settings, dir, force).await,
        Command::User { action } => user(settings, action).await,
    };
    match outcome {
        Ok(code) => code,
        Err(e) => fail(e.as_ref()),
    }
}

type CliResult = Result<ExitCode, Box<dyn std::error::Error>>;

fn fail(e: &dyn std::error::Error) -> ExitCode {
    eprintln!("ocop: {e}");
    ExitCode::FAILURE
}

async fn serve(settings: Settings, migrate: bool) -> CliResult {
    let app = Application::build(settings, StartOptions { migrate }).await?;
    tracing::info!(
        port = app.port(),
        "Chợ OCOP is listening on http://127.0.0.1:{}",
        app.port()
    );
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

async fn migrate(settings: Settings, action: MigrateAction) -> CliResult {
    startup::ensure_data_dir(&settings.data_dir)?;
    let db = database::connect(&settings.database_url()).await?;
    match action {
        MigrateAction::Up => {
            let before = database::schema_state(&db).await?;
            if let Some(newer) = before.unknown.first() {
                return Err(Box::new(database::DatabaseError::NewerSchema(
                    newer.clone(),
                )));
            }
            Migrator::up(&db, None).await?;
            println!(
                "Đã áp dụng {} migration. / Applied {} migrations.",
                before.pending.len(),
                before.pending.len()
            );
        }
        MigrateAction::Down { steps } => {
            Migrator::down(&db, Some(steps)).await?;
            println!("Đã hoàn tác {steps} migration. / Reverted {steps} migrations.");
        }
        MigrateAction::Status => {
            let state = database::schema_state(&db).await?;
            for m in &state.applied {
                println!("applied  {m}");
            }
            for m in &state.pending {
                println!("pending  {m}");
            }
            for m in &state.unknown {
                println!("unknown  {m}  (from a newer version)");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(settings: Settings, dir: PathBuf, skip_invalid: bool) -> CliResult {
    use app::department::import::{import_dir, FileOutcome, ImportOptions};
    let db = startup::prepare_database(
        &Settings {
            demo: false,
            ..settings
        },
        StartOptions { migrate: true },
    )
    .await?;
    let progress = crate::progress::TerminalProgress::new();
    let report = import_dir(&db, &dir, &ImportOptions { skip_invalid }, &progress).await?;
    for problem in report.problems() {
        eprintln!("{problem}");
    }
    println!("{report}");
    let imported = Imported {
        clean: report.is_clean(),
        skip_invalid,
        report: report.to_string(),
    };
    command_line_did(
        &db,
        AuditAction::RegisterImported,
        &dir.display().to_string(),
        &imported,
    )
    .await?;
    Ok(
        if report.is_clean()
            || (skip_invalid
                && !report
                    .files
                    .iter()
                    .any(|f| f.outcome == FileOutcome::Rejected))
        {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        },
    )
}

async fn backup(settings: Settings, dir: PathBuf) -> CliResult {
    let summary = crate::backup::backup(&settings, &dir).await?;
    let db = database::connect(&settings.database_url()).await?;
    let made = summary.to_string();
    command_line_did(
        &db,
        AuditAction::BackupMade,
        &dir.display().to_string(),
        &made,
    )
    .await?;
    println!(
        "Đã sao lưu vào {0} / Backed up into {0}: {summary}",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn restore(settings: Settings, dir: PathBuf, force: bool) -> CliResult {
    let summary = crate::backup::restore(&settings, &dir, force).await?;
    println!(
        "Đã khôi phục từ {0} / Restored from {0}: {summary}. \
         Chỉ mục tìm kiếm sẽ được dựng lại khi khởi động. / The search index is rebuilt at the next start.",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn reindex(settings: Settings) -> CliResult {
    let db = startup::prepare_database(
        &Settings {
            demo: false,
            ..settings.clone()
        },
        StartOptions::default(),
    )
    .await?;
    let bar = crate::progress::counting_bar("chỉ mục tìm kiếm / search index");
    let count = crate::indexer::rebuild_at(&db, &settings.data_dir, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await?;
    bar.finish_and_clear();
    let index = settings.data_dir.join("search-index");
    command_line_did(
        &db,
        AuditAction::SearchRebuilt,
        &index.display().to_string(),
        &count,
    )
    .await?;
    println!("Đã lập chỉ mục {count} sản phẩm. / Indexed {count} products.");
    Ok(ExitCode::SUCCESS)
}

/// Appends what this command did to the audit log: `action` on `target`,
/// leaving `after`.
async fn command_line_did(
    db: &sea_orm::DatabaseConnection,
    action: AuditAction,
    target: &str,
    after: &impl serde::Serialize,
) -> Result<(), app::error::AppError> {
    app::audit::record(
        db,
        app::audit::Actor::CommandLine,
        app::audit::Change::new(action, target).after(after),
    )
    .await
}

/// An import as the audit log keeps it.
#[derive(serde::Serialize)]
struct Imported {
    clean: bool,
    skip_invalid: bool,
    report: String,
}

/// An account made here, as the audit log keeps it (never its password).
#[derive(serde::Serialize)]
struct CreatedUser<'a> {
    email: &'a str,
    display_name: &'a str,
    role: app::domain::Role,
    producer: Option<&'a str>,
    area: Option<&'a str>,
}

async fn user(settings: Settings, action: UserAction) -> CliResult {
    use app::accounts::users::{add_user, NewUser, Role};
    let UserAction::Add {
        email,
        role,
        producer,
        area,
        name,
    } = action;
    let Some(role) = Role::from_name(role.trim()) else {
        eprintln!(
            "ocop: vai trò phải là shopper, producer, officer hoặc admin. / \
             The role must be shopper, producer, officer or admin."
        );
        return Ok(ExitCode::FAILURE);
    };
    let password = match std::env::var("OCOP_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let db = startup::prepare_database(
        &Settings {
            demo: false,
            ..settings
        },
        StartOptions::default(),
    )
    .await?;
    let new = NewUser {
        email: &email,
        display_name: &name,
        role,
        producer_code: producer.as_deref(),
        area: area.as_deref(),
        password: &password,
        is_demo: false,
    };
    match add_user(&db, &new).await {
        Ok(user) => {
            let created = CreatedUser {
                email: &user.email,
                display_name: &user.display_name,
                role: user.role,
                producer: producer.as_deref(),
                area: area.as_deref(),
            };
            command_line_did(&db, AuditAction::UserCreated, &user.email, &created).await?;
            println!(
                "Đã tạo tài khoản {} ({}). / Created the account {} ({}).",
                user.email, user.role, user.email, user.role
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(app::error::AppError::Validation { fields }) => {
            for (field, messages) in fields {
                for m in messages {
                    eprintln!("ocop: {field}: {} / {}", m.vi, m.en);
                }
            }
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(Box::new(e)),
    }
}
