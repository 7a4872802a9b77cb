//! The stall's profile as its producer keeps it: the name shown, the story,
//! contact, website, the bank account shoppers pay by VietQR, delivery
//! charges, and the logo and cover photo. Register facts (code, kind,
//! address, certification) stay with the department.

use super::story;
use super::types::{ProfileData, ProfileForm};
use crate::catalog::service::picture;
use crate::domain::PhoneVn;
use crate::entities::{media, producers};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::text::{clean, fold};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};

/// The producer of a member, or `Forbidden` when it is gone.
async fn producer(db: &DatabaseConnection, producer_id: i64) -> AppResult<producers::Model> {
    producers::Entity::find_by_id(producer_id)
        .one(db)
        .await?
        .ok_or(AppError::Forbidden)
}

async fn picture_of(
    db: &DatabaseConnection,
    id: Option<i64>,
    alt: String,
) -> AppResult<Option<crate::media::Picture>> {
    Ok(match id {
        Some(id) => media::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|m| picture(&m, alt)),
        None => None,
    })
}

/// The profile editor's data.
pub async fn load(db: &DatabaseConnection, producer_id: i64) -> AppResult<ProfileData> {
    let p = producer(db, producer_id).await?;
    let identity = crate::seller::rules::identity_of(&p);
    let logo = picture_of(db, p.logo_media_id, format!("Logo {}", p.name)).await?;
    let cover = picture_of(db, p.cover_media_id, p.name.clone()).await?;
    let money = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    Ok(ProfileData {
        code: p.code,
        slug: p.slug,
        form: ProfileForm {
            name: p.name,
            story: p.story_source.unwrap_or_default(),
            phone: p.phone,
            email: p.email,
            website: p.website.unwrap_or_default(),
            bank_bin: p.bank_bin.unwrap_or_default(),
            bank_account_no: p.bank_account_no.unwrap_or_default(),
            bank_account_name: p.bank_account_name.unwrap_or_default(),
            ship_same_province_vnd: money(p.ship_same_province_vnd),
            ship_other_province_vnd: money(p.ship_other_province_vnd),
            free_ship_over_vnd: money(p.free_ship_over_vnd),
        },
        identity,
        story_html: p.story_html.unwrap_or_default(),
        logo,
        cover,
    })
}

/// A charge in đồng as typed, empty meaning "the marketplace's default".
fn charge(raw: &str, field: &str, fields: &mut FieldErrors) -> Option<i64> {
    if raw.trim().is_empty() {
        return None;
    }
    match super::product_form::whole_number(raw).filter(|v| *v <= 100_000_000) {
        Some(v) => Some(v),
        None => {
            fields.add(
                field,
                "Số đồng nguyên, từ 0 đến 100 triệu, hoặc để trống để dùng mức chung.",
                "Whole đồng, from 0 to 100 million, or empty for the marketplace's default.",
            );
            None
        }
    }
}

/// Saves the profile, every field checked; nothing is saved unless all of
/// it holds.
pub async fn save(db: &DatabaseConnection, producer_id: i64, form: &ProfileForm) -> AppResult<()> {
    let mut fields = FieldErrors::default();
    let name = clean(&form.name);
    if name.is_empty() || name.chars().count() > 200 {
        fields.add(
            "name",
            "Tên gian hàng có từ 1 đến 200 ký tự.",
            "The stall's name needs 1 to 200 characters.",
        );
    }
    let story = match story::from_source(&form.story) {
        Ok(s) => Some(s),
        Err(_) => {
            fields.add(
                "story",
                format!("Câu chuyện tối đa {} ký tự.", story::MAX_STORY_CHARS),
                format!(
                    "The story takes at most {} characters.",
                    story::MAX_STORY_CHARS
                ),
            );
            None
        }
    };
    let phone = PhoneVn::parse(&form.phone);
    if phone.is_none() {
        fields.add(
            "phone",
            "Số điện thoại Việt Nam, ví dụ 0912 345 678.",
            "A Vietnamese phone number, e.g. 0912 345 678.",
        );
    }
    let email = form.email.trim().to_lowercase();
    let email_ok = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !d.contains('@'));
    if !email_ok {
        fields.add(
            "email",
            "Địa chỉ e-mail chưa đúng.",
            "The e-mail address is not right.",
        );
    }
    let website = match form.website.trim() {
        "" => None,
        typed => match url::Url::parse(typed) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && typed.len() <= 300 => {
                Some(u.to_string())
            }
            _ => {
                fields.add(
                    "website",
                    "Trang web bắt đầu bằng https://",
                    "The website starts with https://",
                );
                None
            }
        },
    };
    let bin = form.bank_bin.trim().to_owned();
    let account_no: String = form
        .bank_account_no
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let account_name = fold(&clean(&form.bank_account_name)).to_uppercase();
    let bank_given = !(bin.is_empty() && account_no.is_empty() && account_name.is_empty());
    if bank_given {
        if bin.len() != 6 || !bin.bytes().all(|b| b.is_ascii_digit()) {
            fields.add(
                "bank_bin",
                "Mã ngân hàng (BIN) gồm 6 chữ số, ví dụ 970436 (Vietcombank).",
                "The bank BIN is 6 digits, e.g. 970436 (Vietcombank).",
            );
        }
        if !(6..=19).contains(&account_no.len())
            || !account_no.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            fields.add(
                "bank_account_no",
                "Số tài khoản gồm 6 đến 19 chữ số hoặc chữ cái.",
                "The account number has 6 to 19 digits or letters.",
            );
        }
        if account_name.is_empty() || account_name.chars().count() > 100 {
            fields.add(
                "bank_account_name",
                "Tên chủ tài khoản như trên thẻ ngân hàng.",
                "The account holder's name as on the bank card.",
            );
        }
    }
    let same = charge(
        &form.ship_same_province_vnd,
        "ship_same_province_vnd",
        &mut fields,
    );
    let other = charge(
        &form.ship_other_province_vnd,
        "ship_other_province_vnd",
        &mut fields,
    );
    let free = charge(&form.free_ship_over_vnd, "free_ship_over_vnd", &mut fields);
    let (Some(story), Some(phone), true) = (story, phone, fields.is_empty()) else {
        return Err(fields.into_error());
    };
    let p = producer(db, producer_id).await?;
    // The name and phone are part of a verified seller identity: only the
    // officer changes them then (and verifies them again).
    if p.identity_verified_at.is_some() && (p.name != name || p.phone != phone.as_str()) {
        let mut locked = FieldErrors::default();
        for (field, changed) in [
            ("name", p.name != name),
            ("phone", p.phone != phone.as_str()),
        ] {
            if changed {
                locked.add(
                    field,
                    "Thông tin người bán đã được xác minh: muốn đổi tên hoặc điện thoại, hãy liên hệ cán bộ Sở Công Thương.",
                    "The seller information is verified: to change the name or phone, contact the department's officer.",
                );
            }
        }
        return Err(locked.into_error());
    }
    let had_epayment = p.has_epayment;
    let mut active = p.into_active_model();
    active.name = Set(name);
    active.story_html = Set((!story.html.is_empty()).then_some(story.html));
    active.story_source = Set((!story.source.is_empty()).then_some(story.source));
    active.phone = Set(phone.as_str().to_owned());
    active.email = Set(email);
    active.website = Set(website);
    active.bank_bin = Set(bank_given.then_some(bin));
    active.bank_account_no = Set(bank_given.then_some(account_no));
    active.bank_account_name = Set(bank_given.then_some(account_name));
    // The register may know of an e-payment account elsewhere: a stall
    // account adds to it, never takes it away.
    active.has_epayment = Set(had_epayment || bank_given);
    active.ship_same_province_vnd = Set(same);
    active.ship_other_province_vnd = Set(other);
    active.free_ship_over_vnd = Set(free);
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}

/// Which picture of the stall an upload is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StallPicture {
    /// The square logo.
    Logo,
    /// The wide cover photo.
    Cover,
}

/// Sets (or with `None` removes) the stall's logo or cover.
pub async fn set_picture(
    db: &DatabaseConnection,
    producer_id: i64,
    which: StallPicture,
    media_id: Option<i64>,
) -> AppResult<()> {
    let mut active = producer(db, producer_id).await?.into_active_model();
    match which {
        StallPicture::Logo => active.logo_media_id = Set(media_id),
        StallPicture::Cover => active.cover_media_id = Set(media_id),
    }
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}
