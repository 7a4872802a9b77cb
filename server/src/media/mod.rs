//! Product photos: untrusted uploads in, stripped and resized variants out.
//!
//! An upload (JPEG, PNG or WebP, recognised by its magic bytes) is checked
//! against [`Limits`] from its header alone, decoded once at the smallest
//! scale that still covers the largest variant, turned upright from its EXIF
//! orientation, and re-encoded from raw pixels as JPEG and lossy WebP at each
//! of [`WIDTHS`] it is wide enough for. Re-encoding from pixels is what strips
//! every piece of metadata (EXIF, GPS, XMP, ICC): nothing is copied over.
//!
//! Everything here is synchronous and CPU-bound (tens of milliseconds per
//! photo): async callers run it inside `tokio::task::spawn_blocking`.
//!
//! Demo products get an honest drawn illustration from [`illustrate`], which
//! goes through [`process_image`] so it is stored exactly like an upload.

pub mod demo;
pub mod document;
mod illustration;
mod pipeline;
pub mod store;

pub use illustration::illustrate;
pub use pipeline::{probe, process, process_image};

/// The variant widths in pixels, smallest first; `srcset` is built from them.
pub use app::media::VARIANT_WIDTHS as WIDTHS;

/// JPEG quality of the variants: visually clean for product photos at about
/// a tenth of the upload's size.
pub const JPEG_QUALITY: u8 = 80;

/// Lossy WebP quality of the variants; WebP at 80 is smaller than JPEG at 80
/// for the same look.
pub const WEBP_QUALITY: f32 = 80.0;

/// Hex characters of the source's SHA-256 kept in file names: 128 bits, so
/// two different uploads never share a name, yet names stay short.
pub const STEM_LEN: usize = 32;

/// Size limits applied to an upload before any pixel is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted upload, in bytes.
    pub max_bytes: usize,
    /// Largest accepted width × height, read from the header.
    pub max_pixels: u64,
}

impl Default for Limits {
    /// 20 MB and 40 megapixels: any phone photo passes, a decoded image stays
    /// under about 160 MB even as RGBA.
    fn default() -> Self {
        Limits {
            max_bytes: 20_000_000,
            max_pixels: 40_000_000,
        }
    }
}

/// An accepted input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JPEG (JFIF or Exif).
    Jpeg,
    /// PNG.
    Png,
    /// WebP, lossy or lossless.
    Webp,
}

/// The encoding of one output variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantFormat {
    /// Baseline JPEG, 4:2:0, quality [`JPEG_QUALITY`].
    Jpeg,
    /// Lossy WebP, quality [`WEBP_QUALITY`].
    Webp,
}

impl VariantFormat {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            VariantFormat::Jpeg => "jpg",
            VariantFormat::Webp => "webp",
        }
    }

    /// MIME type for `Content-Type` and `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            VariantFormat::Jpeg => "image/jpeg",
            VariantFormat::Webp => "image/webp",
        }
    }
}

/// One encoded output image, free of any metadata.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Width in pixels: one of [`WIDTHS`], or the source width if it is narrower than all.
    pub width: u32,
    /// Height in pixels, from the upright source's aspect ratio.
    pub height: u32,
    /// Encoding of `bytes`.
    pub format: VariantFormat,
    /// The encoded file.
    pub bytes: Vec<u8>,
}

impl Variant {
    /// File name of this variant under a content-addressed `stem`
    /// (see [`Processed::stem`]): `{stem}-{width}.{jpg|webp}`.
    pub fn file_name(&self, stem: &str) -> String {
        variant_file_name(stem, self.width, self.format)
    }
}

/// File name of a variant: `{stem}-{width}.{jpg|webp}`. Pages use it to
/// build `srcset` from a stored stem and [`widths_for`] without the bytes.
pub fn variant_file_name(stem: &str, width: u32, format: VariantFormat) -> String {
    format!("{stem}-{width}.{}", format.extension())
}

/// The result of processing one image.
#[derive(Debug, Clone)]
pub struct Processed {
    /// Lower-case hex SHA-256 of the uploaded bytes (of the raw pixels for
    /// [`process_image`]); the same upload always yields the same names.
    pub source_sha256: String,
    /// Width of the upright source (after EXIF orientation), full size.
    pub width: u32,
    /// Height of the upright source (after EXIF orientation), full size.
    pub height: u32,
    /// For each width of [`widths_for`]`(width)`, largest first: JPEG then WebP.
    pub variants: Vec<Variant>,
}

impl Processed {
    /// Content-addressed stem of the file names: the first [`STEM_LEN`] hex
    /// characters of `source_sha256`.
    pub fn stem(&self) -> &str {
        self.source_sha256
            .get(..STEM_LEN)
            .unwrap_or(&self.source_sha256)
    }
}

/// The variant widths produced for an upright source: the rule pages build
/// `srcset` from, so files and links always agree.
pub use app::media::variant_widths as widths_for;

/// Why an image was refused or could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The upload is over [`Limits::max_bytes`].
    #[error("upload of {bytes} bytes is over the limit of {max} bytes")]
    TooLarge {
        /// Size of the upload.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The header announces more than [`Limits::max_pixels`].
    #[error("image of {width}x{height} pixels is over the limit of {max_pixels} pixels")]
    TooManyPixels {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
        /// The limit.
        max_pixels: u64,
    },
    /// Not a JPEG, PNG or WebP file.
    #[error("unsupported format: not a JPEG, PNG or WebP image")]
    UnsupportedFormat,
    /// The file claims a supported format but cannot be decoded (truncated,
    /// damaged, or exceeding a decoder's own allocation limit).
    #[error("corrupt image: {0}")]
    Corrupt(String),
    /// Encoding a variant failed.
    #[error("encoding failed: {0}")]
    Encode(String),
}

impl MediaError {
    /// A sentence for the person who uploaded the image, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            MediaError::TooLarge { bytes, max } => format!(
                "Tệp ảnh quá lớn: {} MB, tối đa {} MB.",
                megabytes(*bytes, ','),
                megabytes(*max, ',')
            ),
            MediaError::TooManyPixels {
                width,
                height,
                max_pixels,
            } => format!(
                "Ảnh quá lớn: {width}×{height} điểm ảnh, tối đa {} triệu.",
                millions(*max_pixels, ',')
            ),
            MediaError::UnsupportedFormat => {
                "Định dạng tệp không được hỗ trợ: chỉ nhận ảnh JPEG, PNG hoặc WebP.".into()
            }
            MediaError::Corrupt(_) => {
                "Không đọc được ảnh: tệp bị hỏng hoặc tải lên chưa hết.".into()
            }
            MediaError::Encode(_) => {
                "Không xử lý được ảnh này. Vui lòng thử lại hoặc chọn ảnh khác.".into()
            }
        }
    }

    /// A sentence for the person who uploaded the image, in English.
    pub fn message_en(&self) -> String {
        match self {
            MediaError::TooLarge { bytes, max } => format!(
                "The file is too large: {} MB, at most {} MB.",
                megabytes(*bytes, '.'),
                megabytes(*max, '.')
            ),
            MediaError::TooManyPixels {
                width,
                height,
                max_pixels,
            } => format!(
                "The image is too large: {width}×{height} pixels, at most {} million.",
                millions(*max_pixels, '.')
            ),
            MediaError::UnsupportedFormat => {
                "Unsupported file type: only JPEG, PNG and WebP images are accepted.".into()
            }
            MediaError::Corrupt(_) => {
                "The image could not be read: the file is damaged or incomplete.".into()
            }
            MediaError::Encode(_) => {
                "This image could not be processed. Please try again or choose another one.".into()
            }
        }
    }
}

/// `value / 1e6` with at most one decimal, using `sep` as decimal separator
/// (Vietnamese writes "25,3").
fn decimal_millions(value: u64, sep: char) -> String {
    let tenths = (value + 50_000) / 100_000;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}{sep}{}", tenths / 10, tenths % 10)
    }
}

fn megabytes(bytes: usize, sep: char) -> String {
    decimal_millions(bytes as u64, sep)
}

fn millions(pixels: u64, sep: char) -> String {
    decimal_millions(pixels, sep)
}
