//! Runs the photo pipeline over files, for the media benchmark
//! (`cargo xtask bench-media`, see xtask/src/bench_media.rs).
//!
//! ```text
//! media_variants OUT_DIR FILE...     every variant of every FILE into OUT_DIR
//! media_variants --generate N DIR    N synthetic 4000×3000 JPEG photos into DIR
//! media_variants --bomb               time the refusal of a 30000×30000 PNG bomb
//! ```
//!
//! One file per worker thread, as many workers as cores: the pipeline itself
//! is single-threaded, so this is how the server's blocking pool uses it too.

use server::media::{process, Limits};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("--generate") if args.len() == 3 => match args[1].parse() {
            Ok(n) => generate(n, Path::new(&args[2])),
            Err(_) => Err(format!("not a count: {}", args[1])),
        },
        Some("--bomb") => bomb(),
        Some(out) if args.len() >= 2 && !out.starts_with("--") => run(
            Path::new(out),
            &args[1..].iter().map(PathBuf::from).collect::<Vec<_>>(),
        ),
        _ => Err("usage: media_variants OUT_DIR FILE... | --generate N DIR | --bomb".into()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("media_variants: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `job(i)` for i in 0..n on every core, each worker taking the next index.
fn parallel(n: usize, job: impl Fn(usize) + Sync) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..workers().min(n.max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                job(i);
            });
        }
    });
}

fn run(out: &Path, files: &[PathBuf]) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let started = Instant::now();
    let (written, bytes, failed) = (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
    let limits = Limits::default();
    parallel(files.len(), |i| {
        let file = &files[i];
        // Each worker holds only its current file and its variants: peak
        // memory does not grow with the number of files.
        let outcome = std::fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|data| process(&data, &limits).map_err(|e| e.message_en()))
            .and_then(|processed| {
                for variant in &processed.variants {
                    let path = out.join(variant.file_name(processed.stem()));
                    std::fs::write(&path, &variant.bytes).map_err(|e| e.to_string())?;
                    written.fetch_add(1, Ordering::Relaxed);
                    bytes.fetch_add(variant.bytes.len() as u64, Ordering::Relaxed);
                }
                Ok(())
            });
        if let Err(e) = outcome {
            eprintln!("{}: {e}", file.display());
            failed.fetch_add(1, Ordering::Relaxed);
        }
    });
    let secs = started.elapsed().as_secs_f64();
    let failed = failed.into_inner();
    println!(
        "{} images, {} variants, {} bytes in {secs:.2} s ({:.1} images/s, {} workers)",
        files.len() as u64 - failed,
        written.into_inner(),
        bytes.into_inner(),
        files.len() as f64 / secs,
        workers(),
    );
    if failed > 0 {
        return Err(format!("{failed} files failed"));
    }
    Ok(())
}

/// Refuses a 30000×30000 PNG (a 57-byte decompression bomb that would
/// decode to 2.7 GB) 1,000 times and prints the slowest and median refusal.
fn bomb() -> Result<(), String> {
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut body = kind.to_vec();
        body.extend(data);
        let crc = !body.iter().fold(!0u32, |crc, &b| {
            (0..8).fold(crc ^ u32::from(b), |c, _| {
                if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                }
            })
        });
        let mut out = u32::try_from(data.len())
            .unwrap_or(0)
            .to_be_bytes()
            .to_vec();
        out.extend(body);
        out.extend(crc.to_be_bytes());
        out
    }
    let mut ihdr = 30_000u32.to_be_bytes().to_vec();
    ihdr.extend(30_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    let mut times = Vec::with_capacity(1000);
    let mut message = String::new();
    for _ in 0..1000 {
        let started = Instant::now();
        let refused = process(&png, &Limits::default());
        times.push(started.elapsed());
        match refused {
            Err(e) => message = e.message_vi(),
            Ok(_) => return Err("the bomb was accepted".into()),
        }
    }
    times.sort();
    println!(
        "30000×30000 PNG bomb ({} bytes) refused 1000 times: median {} ns, slowest {} ns: \"{message}\"",
        png.len(),
        times[500].as_nanos(),
        times[999].as_nanos(),
    );
    Ok(())
}

/// Writes `n` deterministic 12-megapixel "photos" (quality 90): smooth
/// gradients, soft and hard-edged shapes, fine texture and sensor-like noise,
/// so that the encoders and decoders see photo-like statistics.
fn generate(n: usize, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let failed = AtomicUsize::new(0);
    parallel(n, |i| {
        let path = dir.join(format!("photo-{i:03}.jpg"));
        if path.exists() {
            return;
        }
        let (width, height) = (4000u16, 3000u16);
        let pixels = synthetic_photo(i as u64, u32::from(width), u32::from(height));
        let mut jpeg = Vec::new();
        let encoded = jpeg_encoder::Encoder::new(&mut jpeg, 90)
            .encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb)
            .map_err(|e| e.to_string())
            .and_then(|()| std::fs::write(&path, &jpeg).map_err(|e| e.to_string()));
        if let Err(e) = encoded {
            eprintln!("{}: {e}", path.display());
            failed.fetch_add(1, Ordering::Relaxed);
        }
    });
    match failed.into_inner() {
        0 => Ok(()),
        k => Err(format!("{k} photos could not be written")),
    }
}

/// SplitMix64: a tiny, well-mixed generator, enough for synthetic content.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn synthetic_photo(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x2545_f491_4f6c_dd1d) + 1;
    let mut unit = move || (splitmix(&mut state) >> 11) as f32 / (1u64 << 53) as f32;
    let colour =
        |unit: &mut dyn FnMut() -> f32, lo: f32, hi: f32| [0u8; 3].map(|_| lo + (hi - lo) * unit());
    let (top, bottom) = (
        colour(&mut unit, 120.0, 230.0),
        colour(&mut unit, 30.0, 140.0),
    );
    // Shapes: centre, radii, colour, soft or hard edge.
    let shapes: Vec<([f32; 4], [f32; 3], bool)> = (0..9)
        .map(|k| {
            let geometry = [
                unit() * width as f32,
                unit() * height as f32,
                (0.05 + 0.2 * unit()) * width as f32,
                (0.05 + 0.2 * unit()) * height as f32,
            ];
            (geometry, colour(&mut unit, 10.0, 245.0), k % 2 == 0)
        })
        .collect();
    let (fx, fy) = (0.02 + 0.05 * unit(), 0.03 + 0.05 * unit());
    let mut noise = seed ^ 0x5151;
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        let t = y as f32 / height as f32;
        for x in 0..width {
            let mut px = [0f32; 3];
            for c in 0..3 {
                px[c] = top[c] + (bottom[c] - top[c]) * t + 20.0 * (x as f32 / width as f32);
            }
            for (g, col, soft) in &shapes {
                let d = ((x as f32 - g[0]) / g[2]).powi(2) + ((y as f32 - g[1]) / g[3]).powi(2);
                let alpha = if *soft {
                    (1.5 - d).clamp(0.0, 1.0) * 0.8
                } else {
                    f32::from(u8::from(d <= 1.0))
                };
                if alpha > 0.0 {
                    for c in 0..3 {
                        px[c] += (col[c] - px[c]) * alpha;
                    }
                }
            }
            let texture = 6.0 * ((x as f32 * fx).sin() * (y as f32 * fy).cos());
            let grain = (splitmix(&mut noise) & 15) as f32 - 7.5;
            pixels.extend(px.map(|v| (v + texture + grain).clamp(0.0, 255.0) as u8));
        }
    }
    pixels
}
