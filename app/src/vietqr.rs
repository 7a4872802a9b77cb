//! VietQR: the NAPAS 247 dynamic QR for a bank transfer, an EMVCo merchant
//! presented payload. Every banking app in Vietnam reads it and fills in the
//! receiving account, the exact amount and the transfer note, so the shopper
//! types nothing and the producer can match the money to the order.
//!
//! Layout (each field is ID, two-digit length, value):
//! `00` format `01`, `01` initiation `12` (dynamic: one payment), `38` the
//! receiving account (`00` NAPAS GUID, `01` beneficiary = `00` bank BIN +
//! `01` account number, `02` service `QRIBFTTA`: transfer to an account),
//! `53` currency `704` (VND), `54` amount, `58` country `VN`, `62` additional
//! data (`01` bill number, `08` purpose), `63` CRC-16/CCITT-FALSE of
//! everything before its value, `6304` included.

use std::fmt::Write;

/// NAPAS's application identifier in field 38.
const NAPAS_GUID: &str = "A000000727";
/// "Transfer to an account number" (`QRIBFTTC` would be to a card).
const SERVICE_TO_ACCOUNT: &str = "QRIBFTTA";
/// ISO 4217 numeric code of the đồng.
const CURRENCY_VND: &str = "704";

/// Why a VietQR payload cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VietQrError {
    /// The bank BIN is not six digits.
    #[error("mã ngân hàng (BIN) phải gồm 6 chữ số / the bank BIN must be 6 digits")]
    Bin,
    /// The account number is not 1-19 digits or letters.
    #[error("số tài khoản phải gồm 1-19 chữ số hoặc chữ cái / the account number must be 1-19 digits or letters")]
    Account,
    /// A zero amount, or one longer than the field allows.
    #[error("số tiền phải lớn hơn 0 / the amount must be above zero")]
    Amount,
    /// Reference or purpose too long or not plain ASCII.
    #[error("nội dung chuyển khoản chỉ gồm chữ không dấu, tối đa 25 ký tự / the transfer note must be plain ASCII of at most 25 characters")]
    Note,
}

/// A dynamic VietQR for one transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VietQr<'a> {
    /// The receiving bank's six-digit NAPAS BIN, e.g. "970403".
    pub bin: &'a str,
    /// The receiving account number.
    pub account: &'a str,
    /// The exact amount in đồng.
    pub amount_vnd: i64,
    /// Field 62.01: the bill number (our order number).
    pub bill_number: &'a str,
    /// Field 62.08: the purpose, which banks put in the transfer note.
    pub purpose: &'a str,
}

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection,
/// no final XOR (the CRC EMVCo prescribes for field 63).
pub fn crc16_ccitt_false(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Appends one ID-length-value field; values are ASCII, so bytes = characters.
fn field(out: &mut String, id: &str, value: &str) {
    let _ = write!(out, "{id}{:02}{value}", value.len());
}

/// A note a banking app shows as it is: printable ASCII, 1-25 characters.
fn plain_note(text: &str) -> bool {
    (1..=25).contains(&text.len()) && text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

impl VietQr<'_> {
    /// The payload to encode in the QR image, CRC included.
    pub fn payload(&self) -> Result<String, VietQrError> {
        if self.bin.len() != 6 || !self.bin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(VietQrError::Bin);
        }
        if !(1..=19).contains(&self.account.len())
            || !self.account.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(VietQrError::Account);
        }
        let amount = self.amount_vnd.to_string();
        if self.amount_vnd <= 0 || amount.len() > 13 {
            return Err(VietQrError::Amount);
        }
        if !plain_note(self.bill_number) || !plain_note(self.purpose) {
            return Err(VietQrError::Note);
        }
        let mut beneficiary = String::new();
        field(&mut beneficiary, "00", self.bin);
        field(&mut beneficiary, "01", self.account);
        let mut account_info = String::new();
        field(&mut account_info, "00", NAPAS_GUID);
        field(&mut account_info, "01", &beneficiary);
        field(&mut account_info, "02", SERVICE_TO_ACCOUNT);
        let mut additional = String::new();
        field(&mut additional, "01", self.bill_number);
        field(&mut additional, "08", self.purpose);

        let mut out = String::with_capacity(160);
        field(&mut out, "00", "01");
        field(&mut out, "01", "12");
        field(&mut out, "38", &account_info);
        field(&mut out, "53", CURRENCY_VND);
        field(&mut out, "54", &amount);
        field(&mut out, "58", "VN");
        field(&mut out, "62", &additional);
        out.push_str("6304");
        let crc = crc16_ccitt_false(out.as_bytes());
        let _ = write!(out, "{crc:04X}");
        Ok(out)
    }
}

/// Reads the top-level fields of a payload (ID → value), checking the CRC:
/// what a banking app does first. `None` for a malformed payload or a bad CRC.
pub fn parse_fields(payload: &str) -> Option<Vec<(String, String)>> {
    let body = payload.get(..payload.len().checked_sub(4)?)?;
    let crc = u16::from_str_radix(payload.get(payload.len() - 4..)?, 16).ok()?;
    if !payload.is_ascii() || crc16_ccitt_false(body.as_bytes()) != crc {
        return None;
    }
    let mut fields = Vec::new();
    let mut rest = payload;
    while !rest.is_empty() {
        let id = rest.get(..2)?;
        let len: usize = rest.get(2..4)?.parse().ok()?;
        let value = rest.get(4..4 + len)?;
        fields.push((id.to_string(), value.to_string()));
        rest = &rest[4 + len..];
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NAPAS's published dynamic example: 180,000 đồng to account
    /// 0011012345678 at BIN 970403, bill NPS6869.
    const NAPAS_EXAMPLE: &str = "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E";

    #[test]
    fn reproduces_the_napas_example_byte_for_byte() {
        let qr = VietQr {
            bin: "970403",
            account: "0011012345678",
            amount_vnd: 180_000,
            bill_number: "NPS6869",
            purpose: "thanh toan don hang",
        };
        assert_eq!(qr.payload().unwrap(), NAPAS_EXAMPLE);
    }

    #[test]
    fn crc_matches_the_standard_check_value() {
        // The catalogue check value of CRC-16/CCITT-FALSE.
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
    }

    #[test]
    fn parsing_checks_the_crc() {
        let fields = parse_fields(NAPAS_EXAMPLE).unwrap();
        assert!(fields.contains(&("54".into(), "180000".into())));
        let tampered = NAPAS_EXAMPLE.replace("180000", "190000");
        assert_eq!(parse_fields(&tampered), None);
    }

    #[test]
    fn refuses_what_a_bank_could_not_read() {
        let good = VietQr {
            bin: "970403",
            account: "0011012345678",
            amount_vnd: 1,
            bill_number: "A",
            purpose: "B",
        };
        assert!(good.payload().is_ok());
        let cases = [
            (
                VietQr {
                    bin: "97040",
                    ..good.clone()
                },
                VietQrError::Bin,
            ),
            (
                VietQr {
                    account: "",
                    ..good.clone()
                },
                VietQrError::Account,
            ),
            (
                VietQr {
                    account: "12 34",
                    ..good.clone()
                },
                VietQrError::Account,
            ),
            (
                VietQr {
                    amount_vnd: 0,
                    ..good.clone()
                },
                VietQrError::Amount,
            ),
            (
                VietQr {
                    purpose: "thanh toán",
                    ..good.clone()
                },
                VietQrError::Note,
            ),
            (
                VietQr {
                    bill_number: &"X".repeat(26),
                    ..good.clone()
                },
                VietQrError::Note,
            ),
        ];
        for (qr, error) in cases {
            assert_eq!(qr.payload(), Err(error));
        }
    }
}
