//! How stored photos are named and offered to browsers. Every upload is kept as
//! variants 320, 800 and 1600 pixels wide in WebP and JPEG, named by the
//! source's content hash (`{stem}-{width}.{webp|jpg}`), so a file never changes
//! once written and can be cached for a year.

use serde::{Deserialize, Serialize};

/// The widths variants are made at, smallest first.
pub const VARIANT_WIDTHS: [u32; 3] = [320, 800, 1600];

/// The variant widths a source of this width has: the standard widths it can
/// fill without upscaling, or its own width when it is narrower than all of
/// them (none for an empty image).
pub fn variant_widths(source_width: u32) -> Vec<u32> {
    let widths: Vec<u32> = VARIANT_WIDTHS
        .into_iter()
        .filter(|w| *w <= source_width)
        .collect();
    if widths.is_empty() && source_width > 0 {
        vec![source_width]
    } else {
        widths
    }
}

/// A stored photo as pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Picture {
    /// Content-addressed name without width and extension, e.g. "3f/3fa2…".
    pub stem: String,
    /// Width of the upright source, in pixels.
    pub width: i32,
    /// Height of the upright source, in pixels.
    pub height: i32,
    /// Alternative text.
    pub alt: String,
}

impl Picture {
    fn widths(&self) -> Vec<u32> {
        variant_widths(u32::try_from(self.width.max(1)).unwrap_or(1))
    }

    /// Where one variant is served.
    pub fn url(&self, width: u32, ext: &str) -> String {
        format!("/media/{}-{width}.{ext}", self.stem)
    }

    /// Height of the variant `width` pixels wide.
    pub fn height_at(&self, width: u32) -> u32 {
        let (w, h) = (self.width.max(1) as u64, self.height.max(1) as u64);
        ((u64::from(width) * h + w / 2) / w).max(1) as u32
    }

    /// `srcset` of every variant in one format ("webp" or "jpg").
    pub fn srcset(&self, ext: &str) -> String {
        self.widths()
            .into_iter()
            .map(|w| format!("{} {w}w", self.url(w, ext)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The largest JPEG: for the API, sharing previews and old browsers.
    pub fn largest_jpeg(&self) -> (String, u32, u32) {
        let w = self.widths().last().copied().unwrap_or(1);
        (self.url(w, "jpg"), w, self.height_at(w))
    }

    /// The JPEG closest to `want` pixels wide without going under it when possible.
    pub fn jpeg_near(&self, want: u32) -> String {
        let widths = self.widths();
        let w = widths
            .iter()
            .copied()
            .find(|w| *w >= want)
            .or_else(|| widths.last().copied())
            .unwrap_or(1);
        self.url(w, "jpg")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_upscales() {
        assert_eq!(variant_widths(4000), vec![320, 800, 1600]);
        assert_eq!(variant_widths(1000), vec![320, 800]);
        assert_eq!(variant_widths(320), vec![320]);
        assert_eq!(variant_widths(200), vec![200]);
        assert!(variant_widths(0).is_empty());
    }

    #[test]
    fn srcset_lists_each_variant() {
        let p = Picture {
            stem: "ab/abcd".into(),
            width: 1200,
            height: 900,
            alt: String::new(),
        };
        assert_eq!(
            p.srcset("webp"),
            "/media/ab/abcd-320.webp 320w, /media/ab/abcd-800.webp 800w"
        );
        assert_eq!(
            p.largest_jpeg(),
            ("/media/ab/abcd-800.jpg".into(), 800, 600)
        );
        assert_eq!(p.jpeg_near(400), "/media/ab/abcd-800.jpg");
    }
}
