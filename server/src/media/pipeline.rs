//! Probe, decode within limits, orient, resize and encode.

use super::{
    widths_for, Format, Limits, MediaError, Processed, Variant, VariantFormat, JPEG_QUALITY,
    WEBP_QUALITY, WIDTHS,
};
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Recognises the format from its magic bytes (file names and client MIME
/// types are not trusted) and reads the stored width and height from the
/// header only, without decoding pixels, so that oversized images are refused
/// in microseconds. The dimensions are as stored, before EXIF orientation.
pub fn probe(bytes: &[u8]) -> Result<(Format, u32, u32), MediaError> {
    let format = detect(bytes).ok_or(MediaError::UnsupportedFormat)?;
    let (width, height) = guarded(|| match format {
        Format::Jpeg => {
            let mut decoder = jpeg_decoder::Decoder::new(bytes);
            decoder.read_info().map_err(corrupt)?;
            let info = decoder
                .info()
                .ok_or_else(|| MediaError::Corrupt("no JPEG frame header".into()))?;
            Ok((u32::from(info.width), u32::from(info.height)))
        }
        Format::Png => png_dimensions(bytes),
        Format::Webp => {
            let decoder =
                image::codecs::webp::WebPDecoder::new(Cursor::new(bytes)).map_err(corrupt)?;
            Ok(decoder.dimensions())
        }
    })?;
    if width == 0 || height == 0 {
        return Err(MediaError::Corrupt("zero width or height".into()));
    }
    Ok((format, width, height))
}

/// Processes an uploaded file: checks `limits` (size, then header pixels),
/// decodes, applies the EXIF orientation and returns the JPEG and WebP
/// variants for [`widths_for`] the upright width, all stripped of metadata.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<Processed, MediaError> {
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge {
            bytes: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let (format, width, height) = probe(bytes)?;
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(MediaError::TooManyPixels {
            width,
            height,
            max_pixels: limits.max_pixels,
        });
    }
    let source_sha256 = hex(&Sha256::digest(bytes));
    let decoded = guarded(|| match format {
        Format::Jpeg => decode_jpeg(bytes, limits),
        Format::Png => decode_with_image(bytes, ImageFormat::Png, width, height, limits),
        Format::Webp => decode_with_image(bytes, ImageFormat::WebP, width, height, limits),
    })?;
    let (upright_w, upright_h) = if swaps_axes(decoded.orientation) {
        (height, width)
    } else {
        (width, height)
    };
    let mut image = DynamicImage::ImageRgb8(decoded.image);
    image.apply_orientation(decoded.orientation);
    encode_variants(image.into_rgb8(), upright_w, upright_h, source_sha256)
}

/// Processes an image that is already pixels (a drawn illustration): no
/// decoding, no orientation. The content address is the SHA-256 of the width
/// and height (big-endian u32) followed by the RGB bytes.
pub fn process_image(image: RgbImage) -> Result<Processed, MediaError> {
    let (width, height) = image.dimensions();
    if width == 0 || height == 0 {
        return Err(MediaError::Corrupt("empty image".into()));
    }
    let mut hasher = Sha256::new();
    hasher.update(width.to_be_bytes());
    hasher.update(height.to_be_bytes());
    hasher.update(image.as_raw());
    let source_sha256 = hex(&hasher.finalize());
    encode_variants(image, width, height, source_sha256)
}

fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Format::Webp)
    } else {
        None
    }
}

/// IHDR must be the first chunk, at a fixed offset; reading it by hand avoids
/// a decoder that would walk (and buffer) the ancillary chunks first.
fn png_dimensions(bytes: &[u8]) -> Result<(u32, u32), MediaError> {
    let ihdr = bytes
        .get(8..24)
        .filter(|h| &h[4..8] == b"IHDR")
        .ok_or_else(|| MediaError::Corrupt("PNG without IHDR".into()))?;
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Ok((be(&ihdr[8..12]), be(&ihdr[12..16])))
}

struct Decoded {
    image: RgbImage,
    orientation: Orientation,
}

/// JPEG goes through jpeg-decoder for its DCT-domain downscaling: decoding a
/// 12 MP photo at 1/2 (or 1/4, 1/8) scale skips most of the IDCT and
/// colour-conversion work and needs a quarter of the memory, which is what
/// makes it as fast as libvips' shrink-on-load.
fn decode_jpeg(bytes: &[u8], limits: &Limits) -> Result<Decoded, MediaError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    // Second wall behind the header check: jpeg-decoder refuses to allocate
    // more than this for the output (4 bytes per pixel covers CMYK).
    let max_buffer = limits.max_pixels.saturating_mul(4);
    decoder.set_max_decoding_buffer_size(usize::try_from(max_buffer).unwrap_or(usize::MAX));
    decoder.read_info().map_err(corrupt)?;
    let info = decoder
        .info()
        .ok_or_else(|| MediaError::Corrupt("no JPEG frame header".into()))?;
    // Exif APP1 must directly follow SOI, so read_info has already seen it.
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    // Ask for the smallest scale whose upright width still covers the largest
    // variant; the other axis is left unconstrained (jpeg-decoder takes the
    // first scale where either axis is large enough).
    let largest = WIDTHS[WIDTHS.len() - 1];
    let (request_w, request_h) = if swaps_axes(orientation) {
        let target = u32::from(info.height).min(largest);
        (u16::MAX, u16::try_from(target).unwrap_or(u16::MAX))
    } else {
        let target = u32::from(info.width).min(largest);
        (u16::try_from(target).unwrap_or(u16::MAX), u16::MAX)
    };
    let (width, height) = decoder.scale(request_w, request_h).map_err(corrupt)?;
    let pixels = decoder.decode().map_err(corrupt)?;
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&l| [l, l, l]).collect(),
        // Big-endian samples: the high byte is the 8-bit value.
        jpeg_decoder::PixelFormat::L16 => pixels
            .chunks_exact(2)
            .flat_map(|l| [l[0], l[0], l[0]])
            .collect(),
        // jpeg-decoder already undoes Adobe's inversion; this is the naive
        // conversion without a profile, good enough for the rare CMYK upload.
        jpeg_decoder::PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                let k = 255 - u16::from(p[3]);
                let channel = |c: u8| ((255 - u16::from(c)) * k / 255) as u8;
                [channel(p[0]), channel(p[1]), channel(p[2])]
            })
            .collect(),
    };
    let image = RgbImage::from_raw(u32::from(width), u32::from(height), rgb)
        .ok_or_else(|| MediaError::Corrupt("JPEG decoded to fewer pixels than its size".into()))?;
    Ok(Decoded { image, orientation })
}

/// PNG and WebP have no cheap scaled decode; they are decoded at full size
/// within image's own limits, then flattened onto white (the variants have no
/// alpha channel, and product photos sit on white pages).
fn decode_with_image(
    bytes: &[u8],
    format: ImageFormat,
    width: u32,
    height: u32,
    limits: &Limits,
) -> Result<Decoded, MediaError> {
    let mut image_limits = image::Limits::default();
    // The decoder must agree with the header we already checked, and may
    // allocate at most RGBA at 16 bits per channel for that many pixels.
    image_limits.max_image_width = Some(width);
    image_limits.max_image_height = Some(height);
    image_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(image_limits);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let decoded = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    let image = if decoded.color().has_alpha() {
        flatten_on_white(decoded)
    } else {
        decoded.into_rgb8()
    };
    Ok(Decoded { image, orientation })
}

fn flatten_on_white(image: DynamicImage) -> RgbImage {
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    let pixels = rgba
        .as_raw()
        .chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect();
    RgbImage::from_raw(width, height, pixels).unwrap_or_else(|| RgbImage::new(width, height))
}

/// Orientations 5 to 8 turn the image a quarter, so width and height swap.
fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Resizes from largest to smallest, each step from the previous one: a
/// Lanczos3 reduction by at most 2.5× per step keeps the quality of a direct
/// resize at a fraction of its cost. Heights follow the full-size upright
/// aspect ratio, which is more exact than the (rounded) scaled decode's.
fn encode_variants(
    image: RgbImage,
    upright_w: u32,
    upright_h: u32,
    source_sha256: String,
) -> Result<Processed, MediaError> {
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let mut current = image;
    let mut variants = Vec::with_capacity(2 * WIDTHS.len());
    for width in widths_for(upright_w).into_iter().rev() {
        let height = scaled_height(width, upright_w, upright_h);
        if current.dimensions() != (width, height) {
            current = resize(&mut resizer, &options, &current, width, height)?;
        }
        variants.push(Variant {
            width,
            height,
            format: VariantFormat::Jpeg,
            bytes: encode_jpeg(&current)?,
        });
        variants.push(Variant {
            width,
            height,
            format: VariantFormat::Webp,
            bytes: encode_webp(&current)?,
        });
    }
    Ok(Processed {
        source_sha256,
        width: upright_w,
        height: upright_h,
        variants,
    })
}

fn scaled_height(width: u32, full_w: u32, full_h: u32) -> u32 {
    let height = (u64::from(width) * u64::from(full_h) + u64::from(full_w) / 2) / u64::from(full_w);
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

fn resize(
    resizer: &mut Resizer,
    options: &ResizeOptions,
    source: &RgbImage,
    width: u32,
    height: u32,
) -> Result<RgbImage, MediaError> {
    let (src_w, src_h) = source.dimensions();
    let src = ImageRef::new(src_w, src_h, source.as_raw(), PixelType::U8x3).map_err(encode)?;
    let mut dst = Image::new(width, height, PixelType::U8x3);
    resizer.resize(&src, &mut dst, options).map_err(encode)?;
    RgbImage::from_raw(width, height, dst.into_vec())
        .ok_or_else(|| MediaError::Encode("resized buffer has the wrong size".into()))
}

/// From raw pixels, so the file has only a JFIF header: no Exif, XMP or ICC.
fn encode_jpeg(image: &RgbImage) -> Result<Vec<u8>, MediaError> {
    let (width, height) = image.dimensions();
    let too_big = || MediaError::Encode(format!("{width}x{height} is too large for JPEG"));
    let w = u16::try_from(width).map_err(|_| too_big())?;
    let h = u16::try_from(height).map_err(|_| too_big())?;
    let mut out = Vec::with_capacity(image.as_raw().len() / 8);
    let encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
    encoder
        .encode(image.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(encode)?;
    Ok(out)
}

/// libwebp's picture API with no metadata attached writes a plain VP8 file
/// (no VP8X, EXIF, XMP or ICCP chunk).
fn encode_webp(image: &RgbImage) -> Result<Vec<u8>, MediaError> {
    let (width, height) = image.dimensions();
    let webp = webp::Encoder::from_rgb(image.as_raw(), width, height)
        .encode_simple(false, WEBP_QUALITY)
        .map_err(|e| MediaError::Encode(format!("WebP: {e:?}")))?;
    Ok(webp.to_vec())
}

/// Decoders are fed untrusted bytes; a panic in one must become a refused
/// upload, not a dead worker thread.
fn guarded<T>(f: impl FnOnce() -> Result<T, MediaError>) -> Result<T, MediaError> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(MediaError::Corrupt("decoder panicked".into())))
}

fn corrupt(e: impl std::fmt::Display) -> MediaError {
    MediaError::Corrupt(e.to_string())
}

fn encode(e: impl std::fmt::Display) -> MediaError {
    MediaError::Encode(e.to_string())
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
