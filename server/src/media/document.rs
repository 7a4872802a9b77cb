//! Certificate scans sent with a stall application: a PDF or a photo, read
//! by its bytes (never its name or declared type). A photo goes through the
//! image pipeline and is kept as its largest JPEG, so no metadata and no
//! crafted bytes survive. A PDF is kept as sent, so it is checked: it must
//! start as a PDF and end as one, must not be encrypted (what it holds could
//! not be read), and must carry no active content (scripts, launch actions,
//! embedded files, forms that send data, rich media), looked for in the file
//! and inside every compressed stream, with `#xx` escapes in names undone.
//! The officer downloads it; the site never shows it in a page.

use super::{process, Limits, VariantFormat};
use app::domain::CertificateType;
use app::error::Message;
use app::onboarding::MAX_CERTIFICATE_BYTES;
use sha2::{Digest, Sha256};

/// Names whose presence makes a PDF active: what a viewer would run, open
/// or send.
const ACTIVE: [&[u8]; 10] = [
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"XFA",
    b"SubmitForm",
    b"ImportData",
    b"GoToE",
];

/// The most bytes inflated from one PDF's streams (a compression bomb stops
/// here, and the file is refused).
const MAX_INFLATED: usize = 64 * 1024 * 1024;

/// A scan that holds.
#[derive(Debug)]
pub struct CheckedScan {
    /// What it is kept as.
    pub kind: CertificateType,
    /// The bytes kept.
    pub bytes: Vec<u8>,
    /// Lower-case hex SHA-256 of the bytes sent.
    pub sha256: String,
}

/// Checks a scan; why it is refused, in both languages.
pub fn check_scan(bytes: &[u8]) -> Result<CheckedScan, Message> {
    if bytes.len() > MAX_CERTIFICATE_BYTES {
        return Err(too_large());
    }
    let sha256 = hex(&Sha256::digest(bytes));
    if bytes.starts_with(b"%PDF-") {
        check_pdf(bytes)?;
        return Ok(CheckedScan {
            kind: CertificateType::Pdf,
            bytes: bytes.to_vec(),
            sha256,
        });
    }
    let limits = Limits {
        max_bytes: MAX_CERTIFICATE_BYTES,
        ..Limits::default()
    };
    let processed = process(bytes, &limits).map_err(|e| match e {
        super::MediaError::UnsupportedFormat => Message::new(
            "Chỉ nhận bản PDF hoặc ảnh JPEG, PNG, WebP của giấy chứng nhận; tệp này là loại khác.",
            "Only a PDF or a JPEG, PNG or WebP photo of the certificate is taken; this file is something else.",
        ),
        other => Message::new(other.message_vi(), other.message_en()),
    })?;
    let jpeg = processed
        .variants
        .into_iter()
        .find(|v| v.format == VariantFormat::Jpeg)
        .ok_or_else(|| Message::new("Không đọc được ảnh.", "The photo could not be read."))?;
    Ok(CheckedScan {
        kind: CertificateType::Jpeg,
        bytes: jpeg.bytes,
        sha256,
    })
}

/// The sentence for a file over the limit.
pub fn too_large() -> Message {
    let mb = MAX_CERTIFICATE_BYTES / (1024 * 1024);
    Message::new(
        format!("Tệp giấy chứng nhận quá lớn: tối đa {mb} MB."),
        format!("The certificate file is too large: at most {mb} MB."),
    )
}

fn damaged() -> Message {
    Message::new(
        "Tệp PDF bị hỏng hoặc tải lên chưa hết; hãy xuất lại hoặc chụp ảnh giấy chứng nhận.",
        "The PDF is damaged or did not arrive whole; export it again, or send a photo of the certificate.",
    )
}

fn check_pdf(bytes: &[u8]) -> Result<(), Message> {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if find(tail, b"%%EOF").is_none() {
        return Err(damaged());
    }
    if has_name(bytes, &[b"Encrypt"]) {
        return Err(Message::new(
            "Tệp PDF có mật khẩu hoặc được mã hoá; hãy gửi bản không mã hoá hoặc ảnh chụp giấy chứng nhận.",
            "The PDF is password-protected or encrypted; send an unencrypted copy or a photo of the certificate.",
        ));
    }
    let active = || {
        Message::new(
            "Tệp PDF có nội dung chủ động (mã JavaScript, lệnh mở tệp, tệp đính kèm hoặc biểu mẫu gửi dữ liệu) nên không được nhận; hãy in ra PDF thường hoặc gửi ảnh chụp giấy chứng nhận.",
            "The PDF holds active content (JavaScript, launch actions, attached files or forms that send data) and is not taken; print it to a plain PDF or send a photo of the certificate.",
        )
    };
    if has_name(bytes, &ACTIVE) {
        return Err(active());
    }
    let mut inflated_total = 0usize;
    for stream in streams(bytes) {
        let budget = MAX_INFLATED - inflated_total;
        match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(stream, budget) {
            Ok(inflated) => {
                inflated_total += inflated.len();
                if has_name(&inflated, &ACTIVE) {
                    return Err(active());
                }
            }
            Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                return Err(Message::new(
                    "Tệp PDF quá phức tạp để kiểm tra; hãy gửi ảnh chụp giấy chứng nhận.",
                    "The PDF is too complex to check; send a photo of the certificate.",
                ));
            }
            // Not a compressed stream (an image, most of a scan): nothing
            // a viewer would run is read from it.
            Err(_) => {}
        }
    }
    Ok(())
}

/// The data of each `stream … endstream` of a PDF.
fn streams(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = at + find(&bytes[at..], b"stream")?;
        let mut data = start + b"stream".len();
        // `endstream` also contains `stream`: skip it.
        if start >= 3 && &bytes[start - 3..start] == b"end" {
            at = data;
            continue;
        }
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) == Some(&b'\n') {
            data += 1;
        }
        let end = data + find(&bytes[data..], b"endstream")?;
        at = end + b"endstream".len();
        return Some(&bytes[data..end]);
    })
}

/// Whether `bytes` hold a PDF name (`/Name`, `#xx` escapes undone) that is
/// one of `names`.
fn has_name(bytes: &[u8], names: &[&[u8]]) -> bool {
    let delimiter = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b) || b == 0;
    let mut i = 0;
    while let Some(slash) = bytes[i..].iter().position(|&b| b == b'/') {
        let start = i + slash + 1;
        let len = bytes[start..]
            .iter()
            .position(|&b| delimiter(b))
            .unwrap_or(bytes.len() - start);
        let raw = &bytes[start..start + len];
        let name = unescape(raw);
        if names.contains(&name.as_slice()) {
            return true;
        }
        i = start + len;
        if i >= bytes.len() {
            break;
        }
    }
    false
}

/// A name with its `#xx` escapes undone.
fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' && i + 2 < raw.len() {
            let hex = std::str::from_utf8(&raw[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(body: &str) -> Vec<u8> {
        format!("%PDF-1.4\n1 0 obj\n<< /Type /Catalog {body} >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n").into_bytes()
    }

    #[test]
    fn a_plain_pdf_is_kept_as_sent() {
        let bytes = pdf("/Pages 2 0 R");
        let scan = check_scan(&bytes).unwrap();
        assert_eq!(scan.kind, CertificateType::Pdf);
        assert_eq!(scan.bytes, bytes);
    }

    #[test]
    fn active_content_is_refused_however_it_is_written() {
        for body in [
            "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            "/OpenAction << /S /J#61vaScript /J#53 (x) >>",
            "/AA << /O << /S /Launch /F (cmd.exe) >> >>",
            "/Names << /EmbeddedFiles 3 0 R >>",
            "/AcroForm << /XFA 4 0 R >>",
        ] {
            assert!(check_scan(&pdf(body)).is_err(), "{body}");
        }
    }

    #[test]
    fn active_content_hidden_in_a_compressed_stream_is_found() {
        let hidden = miniz_oxide::deflate::compress_to_vec_zlib(b"<< /S /JavaScript /JS (x) >>", 6);
        let mut bytes =
            b"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n".to_vec();
        bytes.extend_from_slice(&hidden);
        bytes.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        assert!(check_scan(&bytes).is_err());
    }

    #[test]
    fn html_named_pdf_truncated_and_encrypted_files_are_refused() {
        let html = check_scan(b"<html><script>alert(1)</script></html>").unwrap_err();
        assert!(
            html.vi.contains("chỉ nhận") || html.vi.contains("Chỉ nhận"),
            "{}",
            html.vi
        );
        let cut = pdf("/Pages 2 0 R");
        assert!(check_scan(&cut[..cut.len() - 8]).is_err());
        assert!(check_scan(&pdf("/Encrypt 5 0 R")).is_err());
        let big = vec![b' '; MAX_CERTIFICATE_BYTES + 1];
        assert_eq!(check_scan(&big).unwrap_err(), too_large());
    }
}
