//! The photo pipeline benchmark of BENCHMARKS.md: the server's
//! `media_variants` example against libvips' `vipsthumbnail` on the same
//! 100 synthetic 12-megapixel JPEG photos, each making the same six outputs
//! (1600, 800 and 320 px wide, as WebP and JPEG at quality 80, metadata
//! stripped). Wall time is measured here around all of a tool's commands;
//! peak RSS comes from GNU time, as the largest over those commands.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Photos in the benchmark set.
const PHOTOS: usize = 100;
/// Output widths, the same as `server::media::WIDTHS`.
const WIDTHS: [u32; 3] = [1600, 800, 320];

/// What one tool did over the whole set.
struct Measure {
    wall: f64,
    max_rss_mb: f64,
    files: usize,
    bytes: u64,
}

/// Builds the example in release mode, generates the photos if absent, and
/// prints the comparison table.
pub fn run(workspace_root: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .args([
            "build",
            "--release",
            "-p",
            "server",
            "--example",
            "media_variants",
        ])
        .current_dir(workspace_root);
    super::run(super::clean_env(&mut build))?;
    compare(
        &workspace_root.join("target/release/examples/media_variants"),
        &workspace_root.join("target/bench/media"),
    )
}

/// Runs both tools with `example` (a built `media_variants`) over the photos
/// in `work/in`, writing into `work/out-*`, and prints a markdown table.
pub fn compare(example: &Path, work: &Path) -> Result<()> {
    ensure_tools()?;
    let input = work.join("in");
    if jpegs(&input).len() < PHOTOS {
        super::run(
            Command::new(example)
                .arg("--generate")
                .arg(PHOTOS.to_string())
                .arg(&input),
        )?;
    }
    let photos: Vec<PathBuf> = jpegs(&input).into_iter().take(PHOTOS).collect();
    if photos.len() < PHOTOS {
        bail!("expected {PHOTOS} photos in {}", input.display());
    }

    let ours_out = fresh_dir(&work.join("out-ours"))?;
    let mut ours = Command::new(example);
    ours.arg(&ours_out).args(&photos);
    let ours = measure(vec![ours], &ours_out)?;

    let vips_out = fresh_dir(&work.join("out-vips"))?;
    let mut commands = Vec::new();
    for width in WIDTHS {
        for ext in ["webp", "jpg"] {
            let mut cmd = Command::new("vipsthumbnail");
            cmd.arg("-s")
                .arg(format!("{width}x"))
                .arg("-o")
                .arg(vips_out.join(format!("%s-{width}.{ext}[Q=80,strip]")))
                .args(&photos);
            commands.push(cmd);
        }
    }
    let vips = measure(commands, &vips_out)?;

    let version = Command::new("vips")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!(
        "{PHOTOS} photos of 4000×3000 (JPEG q90) in {}; {} cores; {version}\n",
        input.display(),
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    super::run(Command::new(example).arg("--bomb"))?;
    println!();
    println!("| tool | outputs | output bytes | wall time | images/s | peak RSS |");
    println!("|---|---|---|---|---|---|");
    for (name, m) in [
        ("media_variants (ours)", &ours),
        ("vipsthumbnail ×6", &vips),
    ] {
        println!(
            "| {name} | {} | {} | {:.1} s | {:.2} | {:.0} MB |",
            m.files,
            m.bytes,
            m.wall,
            PHOTOS as f64 / m.wall,
            m.max_rss_mb
        );
    }
    println!("\nours:  media_variants OUT in/*.jpg  (one photo per worker, all six outputs from one decode)");
    println!("vips:  vipsthumbnail -s {{1600,800,320}}x -o 'OUT/%s-W.{{webp,jpg}}[Q=80,strip]' in/*.jpg  (six runs)");
    if ours.files != PHOTOS * 6 || vips.files != PHOTOS * 6 {
        bail!("expected {} outputs from each tool", PHOTOS * 6);
    }
    Ok(())
}

/// GNU time for peak RSS, libvips' tools for the reference.
fn ensure_tools() -> Result<()> {
    super::ensure_installed("/usr/bin/time", "time")?;
    super::ensure_installed("/usr/bin/vipsthumbnail", "libvips-tools")
}

fn jpegs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn fresh_dir(dir: &Path) -> Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    Ok(dir.to_path_buf())
}

/// Runs `commands` one after the other under GNU time; the outputs are
/// counted in `out`.
fn measure(commands: Vec<Command>, out: &Path) -> Result<Measure> {
    let started = Instant::now();
    let mut max_rss_kb = 0f64;
    for command in commands {
        let mut timed = Command::new("/usr/bin/time");
        timed
            .arg("-f")
            .arg("BENCH %e %M")
            .arg(command.get_program())
            .args(command.get_args());
        let result = timed.output()?;
        let stderr = String::from_utf8_lossy(&result.stderr);
        if !result.status.success() {
            bail!("{:?} failed: {stderr}", command.get_program());
        }
        let line = stderr
            .lines()
            .find(|l| l.starts_with("BENCH "))
            .context("GNU time output")?;
        let kb: f64 = line.split_whitespace().nth(2).unwrap_or("0").parse()?;
        max_rss_kb = max_rss_kb.max(kb);
    }
    let wall = started.elapsed().as_secs_f64();
    let (mut files, mut bytes) = (0, 0);
    for entry in std::fs::read_dir(out)? {
        files += 1;
        bytes += entry?.metadata()?.len();
    }
    Ok(Measure {
        wall,
        max_rss_mb: max_rss_kb / 1024.0,
        files,
        bytes,
    })
}
