//! Paying an order by bank transfer: the note the transfer carries, the
//! VietQR payload to the producer's account, and the details and QR image
//! the order page shows while the transfer is awaited.

use super::types::{OrderView, TransferDetails};
use crate::entities::producers;
use crate::error::{AppError, AppResult};
use crate::vietqr::VietQr;

/// The note a transfer for order `number` carries.
pub fn transfer_note(number: &str) -> String {
    format!("OCOP {number}")
}

/// The transfer QR of one order, to its producer's account.
pub fn vietqr_for(producer: &producers::Model, number: &str, total_vnd: i64) -> AppResult<String> {
    let (Some(bin), Some(account)) = (&producer.bank_bin, &producer.bank_account_no) else {
        return Err(AppError::invalid(
            "payment",
            "Cơ sở này chưa nhận chuyển khoản VietQR.",
            "This producer cannot take VietQR transfers yet.",
        ));
    };
    let purpose = transfer_note(number);
    VietQr {
        bin,
        account,
        amount_vnd: total_vnd,
        bill_number: number,
        purpose: &purpose,
    }
    .payload()
    .map_err(|e| AppError::invalid("payment", e.to_string(), e.to_string()))
}

/// The bank details and QR image for paying `order` by transfer.
pub fn transfer_details(
    producer: &producers::Model,
    order: &OrderView,
    payload: &str,
) -> AppResult<Option<TransferDetails>> {
    let (Some(bank_bin), Some(account_no)) = (&producer.bank_bin, &producer.bank_account_no) else {
        return Ok(None);
    };
    let qr_svg = qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M)
        .map_err(|e| AppError::internal(std::io::Error::other(e.to_string())))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(Some(TransferDetails {
        qr_svg,
        bank_bin: bank_bin.clone(),
        account_no: account_no.clone(),
        account_name: producer.bank_account_name.clone(),
        note: transfer_note(&order.number),
    }))
}
