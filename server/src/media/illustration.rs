//! Drawn illustrations for demo products: a flat icon of the OCOP product
//! group on a warm colour field, the product name, and a "Minh hoạ" mark, so
//! that nobody mistakes a demo picture for a photo of a real product.

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use image::{Rgb, RgbImage};
use unicode_normalization::UnicodeNormalization;

/// DejaVu Sans Bold covers all of Vietnamese's precomposed letters (see
/// server/assets/fonts/LICENSE-DejaVu.txt).
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 900;
const CREAM: [u8; 3] = [252, 246, 234];

/// Draws the illustration of a demo product of OCOP `group` (1 food, 2
/// drinks, 3 herbs, 4 textiles and handicrafts, 5 household and decoration,
/// 6 rural tourism; anything else gets a parcel) named `name`: 1200×900,
/// the same pixels for the same inputs.
pub fn illustrate(group: i16, name: &str) -> RgbImage {
    // ab_glyph does no shaping, so decomposed input ("a" + combining marks)
    // is composed into the precomposed letters the font draws well; the tint
    // hashes the composed form so both spellings give the same picture.
    let name: String = name.nfc().collect();
    let base = tint(group_colour(group), fnv1a(name.as_bytes()));
    let mut image = RgbImage::from_fn(WIDTH, HEIGHT, |_, y| {
        // A gentle top-to-bottom shading makes the field look less flat.
        let t = y as f32 / HEIGHT as f32;
        Rgb(mix(mix(base, CREAM, 0.08 * (1.0 - t)), [0, 0, 0], 0.08 * t))
    });
    let palette = Palette {
        light: mix(base, CREAM, 0.78),
        lighter: mix(base, CREAM, 0.94),
        accent: mix(base, [0, 0, 0], 0.12),
    };
    let icon = Icon {
        cx: WIDTH as f32 / 2.0,
        cy: 300.0,
        size: 380.0,
    };
    draw_icon(&mut image, group, &icon, &palette);
    if let Ok(font) = FontRef::try_from_slice(FONT_BYTES) {
        draw_name(&mut image, &font, &name);
        draw_mark(&mut image, &font, mix(base, [0, 0, 0], 0.28));
    }
    image
}

/// The OCOP groups' base colours: all warm, distinct enough to tell groups
/// apart in a grid of cards.
fn group_colour(group: i16) -> [u8; 3] {
    match group {
        1 => [196, 96, 58],  // terracotta
        2 => [178, 108, 40], // amber
        3 => [122, 126, 58], // olive
        4 => [168, 70, 90],  // rose
        5 => [184, 138, 46], // ochre
        6 => [146, 74, 56],  // brick
        _ => [150, 116, 96], // warm grey
    }
}

/// Shifts each channel by up to ±14 from the name's hash, so neighbouring
/// cards of the same group are not identical.
fn tint(colour: [u8; 3], hash: u64) -> [u8; 3] {
    let mut out = colour;
    for (i, c) in out.iter_mut().enumerate() {
        let delta = ((hash >> (i * 8)) & 0xFF) as i32 * 28 / 255 - 14;
        *c = (i32::from(*c) + delta).clamp(0, 255) as u8;
    }
    out
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let m = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    [m(a[0], b[0]), m(a[1], b[1]), m(a[2], b[2])]
}

fn blend(image: &mut RgbImage, x: i32, y: i32, colour: [u8; 3], coverage: f32) {
    if x < 0 || y < 0 || coverage <= 0.0 {
        return;
    }
    if let Some(pixel) = image.get_pixel_mut_checked(x as u32, y as u32) {
        pixel.0 = mix(pixel.0, colour, coverage.min(1.0));
    }
}

struct Palette {
    light: [u8; 3],
    lighter: [u8; 3],
    accent: [u8; 3],
}

/// Icon coordinates are in units of `size` from the centre, so each icon is
/// written once on a [-0.5, 0.5] square.
struct Icon {
    cx: f32,
    cy: f32,
    size: f32,
}

impl Icon {
    /// Fills the points of the box (unit coordinates) where `inside` holds,
    /// anti-aliased with 4×4 samples per pixel.
    fn fill(
        &self,
        image: &mut RgbImage,
        (u0, v0, u1, v1): (f32, f32, f32, f32),
        colour: [u8; 3],
        inside: impl Fn(f32, f32) -> bool,
    ) {
        let to_px = |u: f32, c: f32| c + u * self.size;
        let (x0, x1) = (
            to_px(u0, self.cx).floor() as i32,
            to_px(u1, self.cx).ceil() as i32,
        );
        let (y0, y1) = (
            to_px(v0, self.cy).floor() as i32,
            to_px(v1, self.cy).ceil() as i32,
        );
        for y in y0..y1 {
            for x in x0..x1 {
                let mut hits = 0u32;
                for j in 0..4 {
                    for i in 0..4 {
                        let u = (x as f32 + (i as f32 + 0.5) / 4.0 - self.cx) / self.size;
                        let v = (y as f32 + (j as f32 + 0.5) / 4.0 - self.cy) / self.size;
                        hits += u32::from(inside(u, v));
                    }
                }
                blend(image, x, y, colour, hits as f32 / 16.0);
            }
        }
    }

    fn circle(&self, image: &mut RgbImage, (cu, cv): (f32, f32), r: f32, colour: [u8; 3]) {
        self.fill(image, (cu - r, cv - r, cu + r, cv + r), colour, |u, v| {
            (u - cu).powi(2) + (v - cv).powi(2) <= r * r
        });
    }

    fn rect(&self, image: &mut RgbImage, b: (f32, f32, f32, f32), r: f32, colour: [u8; 3]) {
        self.fill(image, b, colour, |u, v| {
            let dx = (b.0 + r - u).max(u - (b.2 - r)).max(0.0);
            let dy = (b.1 + r - v).max(v - (b.3 - r)).max(0.0);
            dx * dx + dy * dy <= r * r
        });
    }

    fn polygon(&self, image: &mut RgbImage, points: &[(f32, f32)], colour: [u8; 3]) {
        let bounds = points
            .iter()
            .fold((1.0f32, 1.0f32, -1.0f32, -1.0f32), |b, p| {
                (b.0.min(p.0), b.1.min(p.1), b.2.max(p.0), b.3.max(p.1))
            });
        self.fill(image, bounds, colour, |u, v| {
            // Even-odd rule: count edge crossings of a ray going right.
            let mut inside = false;
            for (i, a) in points.iter().enumerate() {
                let b = points[(i + 1) % points.len()];
                if (a.1 > v) != (b.1 > v) && u < a.0 + (v - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                    inside = !inside;
                }
            }
            inside
        });
    }

    fn line(&self, image: &mut RgbImage, a: (f32, f32), b: (f32, f32), w: f32, colour: [u8; 3]) {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt().max(1e-6);
        let (nx, ny) = (-(b.1 - a.1) / len * w / 2.0, (b.0 - a.0) / len * w / 2.0);
        let quad = [
            (a.0 + nx, a.1 + ny),
            (b.0 + nx, b.1 + ny),
            (b.0 - nx, b.1 - ny),
            (a.0 - nx, a.1 - ny),
        ];
        self.polygon(image, &quad, colour);
    }
}

fn draw_icon(image: &mut RgbImage, group: i16, icon: &Icon, p: &Palette) {
    let im = image;
    match group {
        1 => {
            // A bowl of rice with chopsticks.
            icon.line(im, (0.05, -0.48), (0.30, -0.02), 0.035, p.lighter);
            icon.line(im, (0.16, -0.50), (0.36, -0.04), 0.035, p.lighter);
            for (c, r) in [
                ((-0.2, 0.0), 0.14),
                ((0.2, 0.0), 0.14),
                ((0.0, -0.07), 0.19),
            ] {
                icon.circle(im, c, r, p.lighter);
            }
            let bowl = |u: f32, v: f32| {
                v >= 0.02 && (u / 0.44).powi(2) + ((v - 0.02) / 0.36).powi(2) <= 1.0
            };
            icon.fill(im, (-0.44, 0.02, 0.44, 0.38), p.light, bowl);
            icon.fill(im, (-0.44, 0.1, 0.44, 0.15), p.accent, |u, v| {
                bowl(u, v) && v <= 0.14
            });
            icon.rect(im, (-0.15, 0.34, 0.15, 0.42), 0.02, p.light);
        }
        2 => {
            // A bottle with a label.
            icon.rect(im, (-0.075, -0.48, 0.075, -0.38), 0.02, p.lighter);
            icon.rect(im, (-0.06, -0.40, 0.06, -0.2), 0.0, p.light);
            icon.polygon(
                im,
                &[(-0.06, -0.24), (0.06, -0.24), (0.18, -0.08), (-0.18, -0.08)],
                p.light,
            );
            icon.rect(im, (-0.18, -0.12, 0.18, 0.46), 0.06, p.light);
            icon.rect(im, (-0.18, 0.04, 0.18, 0.28), 0.0, p.lighter);
            icon.circle(im, (0.0, 0.16), 0.06, p.accent);
        }
        3 => {
            // A leaf on its stem: the intersection of two discs, turned 45°.
            let (l, c) = (0.40f32, 0.28f32);
            let r2 = l * l + c * c;
            let turn = |u: f32, v: f32| ((u - v) / 2f32.sqrt(), (u + v) / 2f32.sqrt());
            icon.line(im, (-0.26, 0.26), (-0.42, 0.42), 0.04, p.light);
            icon.fill(im, (-0.45, -0.45, 0.45, 0.45), p.light, |u, v| {
                let (a, b) = turn(u, v);
                a * a + (b - c).powi(2) <= r2 && a * a + (b + c).powi(2) <= r2
            });
            let d = std::f32::consts::FRAC_1_SQRT_2;
            icon.line(im, (-0.26, 0.26), (0.26, -0.26), 0.022, p.accent);
            for t in [-0.16f32, 0.0, 0.16] {
                let (mu, mv) = (t * d, -t * d);
                icon.line(im, (mu, mv), (mu + 0.16 * d, mv), 0.016, p.accent);
                icon.line(im, (mu, mv), (mu, mv - 0.16 * d), 0.016, p.accent);
            }
        }
        4 => {
            // A spool of thread with a loose end.
            icon.rect(im, (-0.24, -0.33, 0.24, 0.33), 0.0, p.lighter);
            for k in 0..10 {
                let v = -0.30 + k as f32 * 0.064;
                icon.line(im, (-0.24, v), (0.24, v + 0.02), 0.012, p.light);
            }
            icon.rect(im, (-0.33, -0.43, 0.33, -0.32), 0.04, p.light);
            icon.rect(im, (-0.33, 0.32, 0.33, 0.43), 0.04, p.light);
            icon.line(im, (0.24, 0.12), (0.38, 0.2), 0.012, p.lighter);
            icon.line(im, (0.38, 0.2), (0.44, 0.46), 0.012, p.lighter);
        }
        5 => {
            // A vase with a painted band.
            icon.circle(im, (0.0, 0.12), 0.3, p.light);
            icon.polygon(
                im,
                &[(-0.1, -0.16), (0.1, -0.16), (0.25, -0.02), (-0.25, -0.02)],
                p.light,
            );
            icon.rect(im, (-0.1, -0.32, 0.1, -0.12), 0.0, p.light);
            icon.rect(im, (-0.17, -0.40, 0.17, -0.31), 0.03, p.lighter);
            icon.rect(im, (-0.17, 0.38, 0.17, 0.46), 0.02, p.light);
            icon.fill(im, (-0.3, 0.06, 0.3, 0.14), p.accent, |u, v| {
                u * u + (v - 0.12).powi(2) <= 0.09 && (0.07..=0.13).contains(&v)
            });
            for u in [-0.16f32, 0.0, 0.16] {
                icon.circle(im, (u, 0.24), 0.03, p.lighter);
            }
        }
        6 => {
            // A village house under the sun.
            icon.circle(im, (0.36, -0.38), 0.08, p.lighter);
            icon.rect(im, (-0.34, -0.06, 0.34, 0.42), 0.0, p.light);
            icon.polygon(im, &[(-0.48, 0.0), (0.0, -0.40), (0.48, 0.0)], p.lighter);
            icon.rect(im, (-0.08, 0.16, 0.08, 0.42), 0.02, p.accent);
            icon.rect(im, (0.15, 0.06, 0.27, 0.18), 0.01, p.accent);
            icon.rect(im, (-0.27, 0.06, -0.15, 0.18), 0.01, p.accent);
            icon.rect(im, (-0.5, 0.42, 0.5, 0.46), 0.0, p.lighter);
        }
        _ => {
            // A tied parcel.
            icon.rect(im, (-0.34, -0.26, 0.34, 0.38), 0.04, p.light);
            icon.rect(im, (-0.05, -0.26, 0.05, 0.38), 0.0, p.accent);
            icon.rect(im, (-0.34, 0.0, 0.34, 0.08), 0.0, p.accent);
            icon.circle(im, (-0.1, -0.33), 0.08, p.lighter);
            icon.circle(im, (0.1, -0.33), 0.08, p.lighter);
        }
    }
}

/// Advance width of `text`, kerning included.
fn text_width(font: &FontRef, scale: PxScale, text: &str) -> f32 {
    let font = font.as_scaled(scale);
    let mut prev = None;
    text.chars().fold(0.0, |width, c| {
        let id = font.glyph_id(c);
        let kern = prev.map_or(0.0, |p| font.kern(p, id));
        prev = Some(id);
        width + kern + font.h_advance(id)
    })
}

fn draw_text(
    image: &mut RgbImage,
    font: &FontRef,
    scale: PxScale,
    text: &str,
    origin: (f32, f32),
    colour: [u8; 3],
) {
    let scaled = font.as_scaled(scale);
    let (mut x, mut prev) = (origin.0, None);
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        x += prev.map_or(0.0, |p| scaled.kern(p, id));
        if let Some(outline) =
            font.outline_glyph(id.with_scale_and_position(scale, point(x, origin.1)))
        {
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                blend(
                    image,
                    bounds.min.x as i32 + gx as i32,
                    bounds.min.y as i32 + gy as i32,
                    colour,
                    coverage,
                );
            });
        }
        x += scaled.h_advance(id);
        prev = Some(id);
    }
}

/// Greedy word wrap into lines at most `max_width` wide.
fn wrap(font: &FontRef, scale: PxScale, text: &str, max_width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(font, scale, &format!("{line} {word}")) <= max_width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The name, centred under the icon on at most three lines: the largest size
/// that fits, else the smallest with the rest cut off by an ellipsis.
fn draw_name(image: &mut RgbImage, font: &FontRef, name: &str) {
    let max_width = WIDTH as f32 - 140.0;
    let sizes = [78.0f32, 66.0, 56.0, 48.0];
    let mut chosen = (sizes[sizes.len() - 1], Vec::new());
    for size in sizes {
        let lines = wrap(font, PxScale::from(size), name, max_width);
        let fits = lines.len() <= 3;
        chosen = (size, lines);
        if fits {
            break;
        }
    }
    let (size, mut lines) = chosen;
    let scale = PxScale::from(size);
    if lines.len() > 3 {
        lines.truncate(3);
        let last = &mut lines[2];
        while !last.is_empty() && text_width(font, scale, &format!("{last}…")) > max_width {
            last.pop();
        }
        last.push('…');
    }
    let line_height = size * 1.22;
    let ascent = font.as_scaled(scale).ascent();
    let block = line_height * lines.len() as f32;
    let top = 690.0 - block / 2.0;
    for (i, line) in lines.iter().enumerate() {
        let x = (WIDTH as f32 - text_width(font, scale, line)) / 2.0;
        let baseline = top + i as f32 * line_height + (line_height - size) / 2.0 + ascent;
        draw_text(image, font, scale, line, (x, baseline), CREAM);
    }
}

/// "Minh hoạ" (illustration) in a dark pill in the bottom-right corner.
fn draw_mark(image: &mut RgbImage, font: &FontRef, pill: [u8; 3]) {
    let scale = PxScale::from(30.0);
    let text = "Minh hoạ";
    let width = text_width(font, scale, text);
    let (right, bottom, pad) = (WIDTH as f32 - 28.0, HEIGHT as f32 - 28.0, 14.0);
    let (left, top) = (right - width - 2.0 * pad, bottom - 30.0 - 2.0 * pad);
    let icon = Icon {
        cx: 0.0,
        cy: 0.0,
        size: 1.0,
    };
    icon.rect(image, (left, top, right, bottom), 22.0, pill);
    let ascent = font.as_scaled(scale).ascent();
    draw_text(
        image,
        font,
        scale,
        text,
        (left + pad, top + pad + ascent - 3.0),
        CREAM,
    );
}
