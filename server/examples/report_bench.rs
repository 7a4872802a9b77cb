//! The plan-report benchmark (`cargo xtask bench-reports`, BENCHMARKS.md):
//! on the database named by the usual settings (`DATABASE_URL` or the SQLite
//! file in `OCOP_DATA_DIR`), computes every loaded plan's report as the API
//! does (the database reads, every target, the quarterly trend and the
//! drill-down to communes), once to warm up and then `RUNS` times, and
//! prints the median and the slowest, with the size of each plan's area.
//! Also the metrics of the whole country, the largest area there is.

use app::reports::load::{load_facts, Area};
use app::reports::plan::{area_figures, list_plans, plan_report};
use chrono::NaiveDate;
use server::config::Settings;
use server::startup::{Application, StartOptions};
use std::time::Instant;

const RUNS: usize = 10;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut settings = Settings::load()?;
    settings.addr = "127.0.0.1:0".parse()?;
    settings.demo = false;
    settings.demo_illustrations = false;
    let app = Application::build(settings, StartOptions { migrate: true }).await?;
    let db = app.state().db.clone();
    drop(app);
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    for plan in list_plans(&db).await? {
        let mut times = Vec::new();
        let mut targets = 0;
        for run in 0..=RUNS {
            let started = Instant::now();
            let report = plan_report(&db, &plan.id, as_of)
                .await?
                .ok_or_else(|| anyhow::anyhow!("plan {} vanished", plan.id))?;
            if run > 0 {
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            targets = report.targets.len();
        }
        let facts = load_facts(&db, area_of(&db, &plan.id).await?).await?;
        print_row(
            &format!("plan {} ({}, {targets} targets)", plan.id, plan.area),
            &facts,
            &mut times,
        );
    }
    let mut times = Vec::new();
    for run in 0..=3 {
        let started = Instant::now();
        area_figures(
            &db,
            Area::Country,
            NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            as_of,
        )
        .await?;
        if run > 0 {
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let facts = load_facts(&db, Area::Country).await?;
    print_row("all 27 metrics, whole country", &facts, &mut times);
    Ok(())
}

async fn area_of(db: &sea_orm::DatabaseConnection, plan: &str) -> anyhow::Result<Area> {
    use app::entities::plans;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let plan = plans::Entity::find()
        .filter(plans::Column::PlanKey.eq(plan))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no plan {plan}"))?;
    Ok(Area::of(plan.province_id, plan.commune_id))
}

fn print_row(label: &str, facts: &app::reports::metrics::AreaFacts, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let slowest = times[times.len() - 1];
    println!(
        "REPORT {label}: {} producers, {} products, {} certifications; median {median:.0} ms, slowest {slowest:.0} ms",
        facts.producers.len(),
        facts.products.len(),
        facts.products.iter().map(|p| p.decisions.len()).sum::<usize>(),
    );
}
