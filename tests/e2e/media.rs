//! The photo pipeline's promises, on crafted uploads: upright and stripped
//! variants from a rotated camera photo with GPS, every EXIF orientation,
//! limits read from the header (bombs refused in milliseconds), damaged files
//! refused with a message, content-addressed names, and the demo
//! illustrations, stored and served like photos.

use image::{ImageEncoder, RgbImage, RgbaImage};
use server::media::{
    illustrate, probe, process, process_image, variant_file_name, widths_for, Format, Limits,
    MediaError, VariantFormat, STEM_LEN,
};

const RED: [u8; 3] = [220, 20, 20];
const GREEN: [u8; 3] = [20, 200, 40];
const GREY: [u8; 3] = [128, 128, 128];
/// 24 bytes standing in for the GPS latitude rationals: easy to look for in outputs.
const GPS_SECRET: &[u8; 24] = b"GPS-SECRET-10.7626,106.6";

/// A little-endian TIFF block as found in a JPEG's Exif APP1: IFD0 with the
/// orientation and, optionally, a GPS IFD pointer; the GPS IFD holds
/// GPSLatitudeRef "N" and GPSLatitude pointing at `GPS_SECRET`.
fn exif_tiff(orientation: u16, with_gps: bool) -> Vec<u8> {
    fn entry(t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value);
    }
    let entries: u16 = if with_gps { 2 } else { 1 };
    let gps_ifd = 8 + 2 + 12 * u32::from(entries) + 4;
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(entries.to_le_bytes());
    let [o0, o1] = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o0, o1, 0, 0]);
    if with_gps {
        entry(&mut t, 0x8825, 4, 1, gps_ifd.to_le_bytes());
    }
    t.extend(0u32.to_le_bytes());
    if with_gps {
        assert_eq!(t.len() as u32, gps_ifd);
        t.extend(2u16.to_le_bytes());
        entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
        entry(&mut t, 0x0002, 5, 3, (gps_ifd + 2 + 24 + 4).to_le_bytes());
        t.extend(0u32.to_le_bytes());
        t.extend(GPS_SECRET);
    }
    t
}

fn encode_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let (w, h) = image.dimensions();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(
            image.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

/// Splices an Exif APP1 segment right after SOI, where cameras put it.
fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&jpeg[2..]);
    out
}

/// Stored image with a red block at the top-left and a green one at the top-right.
fn marked(width: u32, height: u32, block: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb(if y < block && x < block {
            RED
        } else if y < block && x >= width - block {
            GREEN
        } else {
            GREY
        })
    })
}

fn decode_jpeg(bytes: &[u8]) -> RgbImage {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let pixels = decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    RgbImage::from_raw(u32::from(info.width), u32::from(info.height), pixels).unwrap()
}

fn colour_at(image: &RgbImage, x: u32, y: u32) -> &'static str {
    let [r, g, b] = image.get_pixel(x, y).0;
    match (r, g, b) {
        (180.., ..90, ..90) => "red",
        (..100, 150.., ..110) => "green",
        _ => "other",
    }
}

/// No APPn segment but JFIF's APP0 between SOI and the first scan.
fn assert_clean_jpeg(bytes: &[u8]) {
    assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
    let mut at = 2;
    loop {
        assert_eq!(bytes[at], 0xFF, "marker expected at {at}");
        let marker = bytes[at + 1];
        assert!(
            !(0xE1..=0xEF).contains(&marker),
            "APP{} segment",
            marker - 0xE0
        );
        if marker == 0xDA {
            break;
        }
        at += 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
    }
    assert!(find(bytes, b"Exif").is_none() && find(bytes, b"GPS-SECRET").is_none());
}

/// A simple-format WebP: only the VP8 bitstream chunk, no VP8X/EXIF/XMP/ICCP.
fn assert_clean_webp(bytes: &[u8]) {
    assert_eq!((&bytes[..4], &bytes[8..12]), (&b"RIFF"[..], &b"WEBP"[..]));
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let fourcc = &bytes[at..at + 4];
        assert_eq!(
            fourcc,
            b"VP8 ",
            "unexpected chunk {:?}",
            String::from_utf8_lossy(fourcc)
        );
        let size = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]);
        at += 8 + size as usize + (size as usize & 1);
    }
    assert!(find(bytes, b"GPS-SECRET").is_none());
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend(data);
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &b| {
        (0..8).fold(crc ^ u32::from(b), |c, _| {
            if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            }
        })
    })
}

#[test]
fn upright_and_stripped_from_a_rotated_camera_photo_with_gps() {
    let stored = marked(6000, 4000, 600);
    let tiff = exif_tiff(6, true);
    assert_eq!(
        image::metadata::Orientation::from_exif_chunk(&tiff),
        Some(image::metadata::Orientation::Rotate90)
    );
    let upload = with_exif(&encode_jpeg(&stored, 90), &tiff);
    drop(stored);
    assert!(find(&upload, b"GPS-SECRET").is_some());

    let processed = process(&upload, &Limits::default()).unwrap();
    assert_eq!((processed.width, processed.height), (4000, 6000));
    let sizes: Vec<_> = processed
        .variants
        .iter()
        .map(|v| (v.width, v.height, v.format))
        .collect();
    assert_eq!(
        sizes,
        [
            (1600, 2400, VariantFormat::Jpeg),
            (1600, 2400, VariantFormat::Webp),
            (800, 1200, VariantFormat::Jpeg),
            (800, 1200, VariantFormat::Webp),
            (320, 480, VariantFormat::Jpeg),
            (320, 480, VariantFormat::Webp),
        ]
    );
    for variant in &processed.variants {
        match variant.format {
            VariantFormat::Jpeg => assert_clean_jpeg(&variant.bytes),
            VariantFormat::Webp => assert_clean_webp(&variant.bytes),
        }
    }
    // Orientation 6 turns the stored top-left corner to the top-right.
    let large = decode_jpeg(&processed.variants[0].bytes);
    assert_eq!(large.dimensions(), (1600, 2400));
    assert_eq!(colour_at(&large, 1500, 100), "red");
    assert_eq!(colour_at(&large, 1500, 2300), "green");
    assert_eq!(colour_at(&large, 100, 100), "other");
    let webp = image::load_from_memory(&processed.variants[5].bytes)
        .unwrap()
        .to_rgb8();
    assert_eq!(webp.dimensions(), (320, 480));
    assert_eq!(colour_at(&webp, 300, 20), "red");
}

#[test]
fn all_eight_orientations() {
    // Where the red (stored top-left) and green (stored top-right) blocks end
    // up; "tl" = top-left and so on.
    let expected = [
        (1, false, "tl", "tr"),
        (2, false, "tr", "tl"),
        (3, false, "br", "bl"),
        (4, false, "bl", "br"),
        (5, true, "tl", "bl"),
        (6, true, "tr", "br"),
        (7, true, "br", "tr"),
        (8, true, "bl", "tl"),
    ];
    let source = encode_jpeg(&marked(64, 32, 16), 95);
    for (orientation, swapped, red, green) in expected {
        let upload = with_exif(&source, &exif_tiff(orientation, false));
        let processed = process(&upload, &Limits::default()).unwrap();
        let (w, h) = if swapped { (32, 64) } else { (64, 32) };
        assert_eq!(
            (processed.width, processed.height),
            (w, h),
            "orientation {orientation}"
        );
        assert_eq!(processed.variants.len(), 2);
        let image = decode_jpeg(&processed.variants[0].bytes);
        assert_eq!(image.dimensions(), (w, h));
        let corner = |name: &str| match name {
            "tl" => (8, 8),
            "tr" => (w - 8, 8),
            "bl" => (8, h - 8),
            _ => (w - 8, h - 8),
        };
        let (rx, ry) = corner(red);
        let (gx, gy) = corner(green);
        assert_eq!(
            colour_at(&image, rx, ry),
            "red",
            "orientation {orientation}"
        );
        assert_eq!(
            colour_at(&image, gx, gy),
            "green",
            "orientation {orientation}"
        );
    }
}

#[test]
fn png_exif_orientation_and_alpha_are_honoured() {
    let mut rgba = RgbaImage::from_pixel(400, 300, image::Rgba([0, 0, 0, 0]));
    for y in 0..60 {
        for x in 0..60 {
            rgba.put_pixel(x, y, image::Rgba([RED[0], RED[1], RED[2], 255]));
        }
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(rgba.as_raw(), 400, 300, image::ExtendedColorType::Rgba8)
        .unwrap();
    // eXIf goes before the first IDAT; IHDR ends at byte 33.
    let mut upload = png[..33].to_vec();
    upload.extend(png_chunk(b"eXIf", &exif_tiff(3, false)));
    upload.extend(&png[33..]);
    let processed = process(&upload, &Limits::default()).unwrap();
    assert_eq!((processed.width, processed.height), (400, 300));
    let image = decode_jpeg(&processed.variants[0].bytes);
    assert_eq!(image.dimensions(), (320, 240));
    assert_eq!(colour_at(&image, 310, 230), "red", "rotated 180°");
    assert!(
        image.get_pixel(20, 20).0.iter().all(|&c| c > 240),
        "transparent is white"
    );
}

#[test]
fn png_bomb_is_refused_from_its_header() {
    let mut ihdr = 30_000u32.to_be_bytes().to_vec();
    ihdr.extend(30_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    bomb.extend(png_chunk(b"IHDR", &ihdr));
    bomb.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    ));
    bomb.extend(png_chunk(b"IEND", &[]));
    assert_eq!(probe(&bomb).unwrap(), (Format::Png, 30_000, 30_000));
    let err = process(&bomb, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::TooManyPixels {
                width: 30_000,
                height: 30_000,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.message_vi(),
        "Ảnh quá lớn: 30000×30000 điểm ảnh, tối đa 40 triệu."
    );
    assert_eq!(
        err.message_en(),
        "The image is too large: 30000×30000 pixels, at most 40 million."
    );
}

#[test]
fn jpeg_header_bomb_is_refused() {
    let mut jpeg = encode_jpeg(&RgbImage::new(16, 16), 80);
    let sof = find(&jpeg, &[0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0x75, 0x30, 0x75, 0x30]);
    let err = process(&jpeg, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::TooManyPixels {
                width: 30_000,
                height: 30_000,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn oversized_upload_is_refused_before_reading_it() {
    let mut upload = vec![0u8; 20_000_001];
    upload[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    let err = process(&upload, &Limits::default()).unwrap_err();
    assert!(matches!(
        err,
        MediaError::TooLarge {
            bytes: 20_000_001,
            max: 20_000_000
        }
    ));
    assert_eq!(err.message_vi(), "Tệp ảnh quá lớn: 20 MB, tối đa 20 MB.");
    let err = MediaError::TooLarge {
        bytes: 25_300_000,
        max: 20_000_000,
    };
    assert_eq!(err.message_vi(), "Tệp ảnh quá lớn: 25,3 MB, tối đa 20 MB.");
    assert_eq!(
        err.message_en(),
        "The file is too large: 25.3 MB, at most 20 MB."
    );
}

#[test]
fn non_images_are_unsupported() {
    for bytes in [
        &b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"[..],
        b"",
        b"GIF89a\x01\x00\x01\x00",
    ] {
        let err = process(bytes, &Limits::default()).unwrap_err();
        assert!(matches!(err, MediaError::UnsupportedFormat), "{err:?}");
        assert!(!err.message_vi().is_empty() && !err.message_en().is_empty());
    }
}

#[test]
fn truncated_or_damaged_files_are_corrupt() {
    let noisy = RgbImage::from_fn(512, 384, |x, y| {
        let v = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) as u8;
        image::Rgb([v, v.wrapping_mul(3), v.wrapping_add(90)])
    });
    let jpeg = encode_jpeg(&noisy, 90);
    for cut in [jpeg.len() / 2, 200, 40, 4] {
        let err = process(&jpeg[..cut], &Limits::default()).unwrap_err();
        assert!(
            matches!(err, MediaError::Corrupt(_)),
            "cut at {cut}: {err:?}"
        );
    }
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
    assert!(matches!(
        process(png, &Limits::default()),
        Err(MediaError::Corrupt(_))
    ));
    let webp = b"RIFF\x20\0\0\0WEBPVP8 \x14\0\0\0garbage-garbage-garbage";
    assert!(matches!(
        process(webp, &Limits::default()),
        Err(MediaError::Corrupt(_))
    ));
}

#[test]
fn widths_never_upscale() {
    assert_eq!(widths_for(4000), [320, 800, 1600]);
    assert_eq!(widths_for(1600), [320, 800, 1600]);
    assert_eq!(widths_for(1599), [320, 800]);
    assert_eq!(widths_for(800), [320, 800]);
    assert_eq!(widths_for(320), [320]);
    assert_eq!(widths_for(319), [319]);
    assert_eq!(widths_for(1), [1]);
    assert!(widths_for(0).is_empty());

    let processed = process(&encode_jpeg(&marked(200, 100, 10), 90), &Limits::default()).unwrap();
    let sizes: Vec<_> = processed
        .variants
        .iter()
        .map(|v| (v.width, v.height))
        .collect();
    assert_eq!(sizes, [(200, 100), (200, 100)]);
}

#[test]
fn names_are_content_addressed() {
    use sha2::Digest;
    let upload = encode_jpeg(&marked(900, 600, 50), 90);
    let processed = process(&upload, &Limits::default()).unwrap();
    let sha = format!("{:x}", sha2::Sha256::digest(&upload));
    assert_eq!(processed.source_sha256, sha);
    assert_eq!(processed.stem(), &sha[..32]);
    let names: Vec<_> = processed
        .variants
        .iter()
        .map(|v| v.file_name(processed.stem()))
        .collect();
    assert_eq!(
        names,
        [800, 800, 320, 320]
            .iter()
            .zip(["jpg", "webp", "jpg", "webp"])
            .map(|(w, ext)| format!("{}-{w}.{ext}", &sha[..32]))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        variant_file_name("abc", 320, VariantFormat::Webp),
        "abc-320.webp"
    );
    assert_eq!(
        process(&upload, &Limits::default()).unwrap().stem(),
        processed.stem()
    );
}

#[test]
fn illustrations_are_deterministic_and_go_through_the_pipeline() {
    let name = "Nước mắm Phú Quốc 40 độ đạm";
    let image = illustrate(1, name);
    assert_eq!(image.dimensions(), (1200, 900));
    assert!(image == illustrate(1, name), "same inputs, same pixels");
    assert!(image != illustrate(2, name), "the group shows");
    // Decomposed input draws like precomposed input.
    let decomposed = "Nu\u{31b}o\u{31b}\u{301}c ma\u{306}\u{301}m Phu\u{301} Quo\u{302}\u{301}c 40 \u{111}o\u{302}\u{323} \u{111}a\u{323}m";
    assert!(image == illustrate(1, decomposed));
    for group in [3, 4, 5, 6, 0] {
        let other = illustrate(
            group,
            "Trà Shan tuyết cổ thụ Hà Giang loại đặc biệt thượng hạng",
        );
        assert_eq!(other.dimensions(), (1200, 900));
    }
    let processed = process_image(image).unwrap();
    assert_eq!((processed.width, processed.height), (1200, 900));
    let sizes: Vec<_> = processed
        .variants
        .iter()
        .map(|v| (v.width, v.height))
        .collect();
    assert_eq!(sizes, [(800, 600), (800, 600), (320, 240), (320, 240)]);
    assert_eq!(processed.stem().len(), STEM_LEN);
    assert_clean_jpeg(&processed.variants[0].bytes);
    assert_clean_webp(&processed.variants[1].bytes);
}

tests::on_both_databases!(
    illustrations_are_stored_served_and_shown_responsively,
    |backend| async move {
        use app::entities::{product_groups, product_photos, products};
        use sea_orm::{EntityTrait, QueryOrder, QuerySelect};

        let app = tests::spawn_app(backend).await;
        let first: Vec<products::Model> = products::Entity::find()
            .order_by_asc(products::Column::Id)
            .limit(6)
            .all(&app.db)
            .await
            .expect("products");
        let done = server::media::demo::illustrate_missing(&app.db, &app.data_dir, 6)
            .await
            .expect("illustrated");
        assert_eq!(done, 6);
        // A second pass skips products that have a photo: the next six.
        let again = server::media::demo::illustrate_missing(&app.db, &app.data_dir, 6)
            .await
            .expect("illustrated");
        assert_eq!(again, 6);
        let photos = product_photos::Entity::find()
            .all(&app.db)
            .await
            .expect("photos");
        assert_eq!(photos.len(), 12, "one photo each");
        assert!(first
            .iter()
            .all(|p| photos.iter().filter(|ph| ph.product_id == p.id).count() == 1));
        let certified = crate::oracle::certified_published(crate::oracle::today());
        let product = first
            .iter()
            .find(|p| certified.contains_key(&p.code))
            .expect("a certified product among the first six");

        let html = app
            .get(&format!("/san-pham/{}", product.slug))
            .await
            .text()
            .await
            .expect("html");
        let webp = html
            .split("<source type=\"image/webp\" srcset=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("a WebP source in a <picture>")
            .to_string();
        // 1200 px wide illustrations give the 320 and 800 variants.
        let urls: Vec<&str> = webp
            .split(", ")
            .map(|c| c.split(' ').next().expect("url"))
            .collect();
        assert_eq!(urls.len(), 2, "{webp}");
        assert!(webp.contains("-320.webp 320w") && webp.contains("-800.webp 800w"));
        assert!(html.contains("sizes=\""), "sizes given");
        assert!(html.contains("loading=\"eager\""), "the main photo at once");
        assert!(html.contains("alt=\"Hình minh hoạ cho "), "honest alt text");
        let og = format!("property=\"og:image\" content=\"{}/media/", app.base_url());
        assert!(html.contains(&og), "the photo in link previews");

        for url in &urls {
            let response = app.get(url).await;
            assert_eq!(response.status().as_u16(), 200, "{url}");
            assert_eq!(response.headers()["content-type"], "image/webp");
            assert_eq!(
                response.headers()["cache-control"],
                "public, max-age=31536000, immutable"
            );
            let bytes = response.bytes().await.expect("bytes");
            let image = image::load_from_memory(&bytes).expect("a WebP");
            assert!(image.width() == 320 || image.width() == 800);
        }
        let jpeg = urls[0].replace(".webp", ".jpg");
        let response = app.get(&jpeg).await;
        assert_eq!(response.headers()["content-type"], "image/jpeg");

        // Lists load card photos lazily.
        let group = product_groups::Entity::find_by_id(product.group_id)
            .one(&app.db)
            .await
            .expect("query")
            .expect("group");
        let list = app
            .get(&format!("/nhom/{}", group.slug))
            .await
            .text()
            .await
            .expect("html");
        if list.contains(&format!("href=\"/san-pham/{}\"", product.slug)) {
            assert!(list.contains("loading=\"lazy\""));
        }
        assert_eq!(app.get("/media/../secret").await.status().as_u16(), 404);
    }
);
