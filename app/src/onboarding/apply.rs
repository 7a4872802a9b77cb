//! Receiving an application: every field checked and every problem named at
//! once, the certificate matched against the register, one application
//! waiting per producer, and the applicant and the area's officers told by
//! mail, in one transaction.

use super::{typed_date, ApplicationDraft, ApplicationFields};
use crate::accounts::users::normalize_email;
use crate::domain::{ApplicationStatus, CertificateType, RegisterCode, Role};
use crate::entities::{
    certifications, producer_applications, producers, products, sessions, users,
};
use crate::error::{AppError, AppResult, FieldErrors, Message};
use crate::mail::{self, Mail};
use crate::seller::rules::{check_identity, CheckedIdentity};
use crate::text::{clean, match_key};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

/// The longest applicant name kept.
const MAX_NAME: usize = 100;

/// The certificate scan, as the server's upload check left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scan {
    /// No file chosen.
    Missing,
    /// A file the check refused, and why.
    Refused(Message),
    /// A file that holds: the checked PDF, or the photo re-encoded.
    Ready {
        /// What it is.
        kind: CertificateType,
        /// Its bytes.
        bytes: Vec<u8>,
        /// Lower-case hex SHA-256 of the bytes sent.
        sha256: String,
    },
}

/// The application as received.
pub struct Received {
    /// Its number.
    pub id: i64,
    /// The register's producer it is for.
    pub producer_code: String,
}

/// How the applicant named the certificate.
enum Named {
    Product(RegisterCode),
    Decision(String, NaiveDate),
}

/// Checks the typed fields; every problem is added to `problems`.
fn check_fields(
    fields: &ApplicationFields,
    problems: &mut FieldErrors,
) -> Option<(String, String, CheckedIdentity, Named)> {
    let email = normalize_email(&fields.email);
    if email.is_none() {
        problems.add(
            "email",
            "Địa chỉ e-mail không hợp lệ.",
            "The e-mail address is not valid.",
        );
    }
    let contact = clean(&fields.contact_name);
    if contact.is_empty() || contact.chars().count() > MAX_NAME {
        problems.add(
            "contact_name",
            "Hãy nhập họ tên người đăng ký (tối đa 100 ký tự).",
            "Enter the applicant's name (at most 100 characters).",
        );
    }
    let identity = match check_identity(&fields.identity) {
        Ok(identity) => Some(identity),
        Err(AppError::Validation { fields }) => {
            for (field, messages) in fields {
                for m in messages {
                    problems.add(field.clone(), m.vi, m.en);
                }
            }
            None
        }
        Err(_) => None,
    };
    let named = match (fields.product_code.trim(), fields.decision_no.trim()) {
        ("", "") => {
            problems.add(
                "product_code",
                "Hãy nhập mã sản phẩm OCOP, hoặc số và ngày quyết định công nhận.",
                "Enter the OCOP product code, or the recognition decision's number and date.",
            );
            None
        }
        (code, _) if !code.is_empty() => match RegisterCode::parse(code) {
            Ok(code) => Some(Named::Product(code)),
            Err(_) => {
                problems.add(
                    "product_code",
                    "Mã sản phẩm chỉ gồm chữ, số và dấu gạch (ví dụ SP0000001).",
                    "A product code has letters, digits and dashes only (e.g. SP0000001).",
                );
                None
            }
        },
        (_, decision) => match typed_date(&fields.decided_on) {
            Some(date) if decision.chars().count() <= 60 => {
                Some(Named::Decision(clean(decision), date))
            }
            _ => {
                problems.add(
                    "decided_on",
                    "Hãy nhập ngày quyết định (ngày/tháng/năm).",
                    "Enter the decision's date (day/month/year).",
                );
                None
            }
        },
    };
    if !fields.agree {
        problems.add(
            "agree",
            "Hãy đọc và đồng ý với Quy chế hoạt động và Chính sách bảo mật.",
            "Read and accept the operating rules and the privacy notice.",
        );
    }
    let contact_ok = !contact.is_empty() && contact.chars().count() <= MAX_NAME;
    Some((email?, contact, identity?, named?)).filter(|_| contact_ok)
}

/// The register's producer the certificate names, or why there is none.
async fn match_register(
    db: &impl ConnectionTrait,
    named: &Named,
    legal_name: &str,
    today: NaiveDate,
) -> AppResult<producers::Model> {
    let producer_id = match named {
        Named::Product(code) => {
            let product = products::Entity::find()
                .filter(products::Column::Code.eq(code.as_str()))
                .one(db)
                .await?
                .ok_or_else(|| {
                    AppError::invalid(
                        "product_code",
                        format!("Không tìm thấy mã sản phẩm {code} trong sổ đăng ký OCOP. Hãy kiểm tra lại mã trên giấy chứng nhận, hoặc liên hệ Sở Công Thương."),
                        format!("The product code {code} is not in the OCOP register. Check the code on the certificate, or contact the department."),
                    )
                })?;
            let certified = certifications::Entity::find()
                .filter(certifications::Column::ProductId.eq(product.id))
                .filter(certifications::Column::DecidedOn.lte(today))
                .filter(certifications::Column::ValidUntil.gt(today))
                .one(db)
                .await?
                .is_some();
            if !certified {
                return Err(AppError::invalid(
                    "product_code",
                    format!(
                        "Sản phẩm {code} không có chứng nhận OCOP còn hiệu lực trong sổ đăng ký."
                    ),
                    format!(
                        "The product {code} has no OCOP certification in force in the register."
                    ),
                ));
            }
            product.producer_id
        }
        Named::Decision(number, date) => {
            let decided = certifications::Entity::find()
                .filter(certifications::Column::DecidedOn.eq(*date))
                .filter(certifications::Column::ValidUntil.gt(today))
                .all(db)
                .await?
                .into_iter()
                .filter(|c| match_key(&c.decision_no) == match_key(number))
                .map(|c| c.product_id)
                .collect::<Vec<_>>();
            let owners: Vec<producers::Model> = producers::Entity::find()
                .inner_join(products::Entity)
                .filter(products::Column::Id.is_in(decided))
                .all(db)
                .await?;
            // One row per product: the same producer may come back several
            // times, and not next to each other.
            let mut owners = owners;
            owners.sort_by_key(|p| p.id);
            owners.dedup_by_key(|p| p.id);
            if owners.len() > 1 {
                let key = match_key(legal_name);
                owners.retain(|p| match_key(&p.name) == key);
            }
            match owners.as_slice() {
                [one] => one.id,
                [] => {
                    return Err(AppError::invalid(
                        "decision_no",
                        "Không tìm thấy quyết định công nhận còn hiệu lực với số và ngày này trong sổ đăng ký OCOP.",
                        "No recognition decision in force with this number and date is in the OCOP register.",
                    ))
                }
                _ => {
                    return Err(AppError::invalid(
                        "product_code",
                        "Quyết định này công nhận sản phẩm của nhiều chủ thể: hãy nhập mã sản phẩm của bạn.",
                        "This decision recognises products of several producers: enter your product code.",
                    ))
                }
            }
        }
    };
    producers::Entity::find_by_id(producer_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::invalid("product_code", "Không có chủ thể này.", "No such producer.")
        })
}

/// Refuses a producer that already has a stall or an application waiting.
async fn check_free(db: &impl ConnectionTrait, producer: &producers::Model) -> AppResult<()> {
    let member = users::Entity::find()
        .filter(users::Column::ProducerId.eq(producer.id))
        .filter(users::Column::Role.eq(Role::Producer))
        .one(db)
        .await?;
    if member.is_some() {
        return Err(AppError::Conflict {
            code: "stall_exists",
            message: Message::new(
                format!("{} đã có gian hàng trên Chợ OCOP. Người đang quản lý gian hàng, hoặc cán bộ Sở Công Thương, có thể mời thêm bạn.", producer.name),
                format!("{} already has a stall on Chợ OCOP. Its current member, or the department's officer, can invite you.", producer.name),
            ),
        });
    }
    let waiting = producer_applications::Entity::find()
        .filter(producer_applications::Column::ProducerId.eq(producer.id))
        .filter(producer_applications::Column::Status.eq(ApplicationStatus::Pending))
        .one(db)
        .await?;
    if waiting.is_some() {
        return Err(pending_conflict(producer));
    }
    Ok(())
}

fn pending_conflict(producer: &producers::Model) -> AppError {
    AppError::Conflict {
        code: "application_pending",
        message: Message::new(
            format!(
                "Đã có một hồ sơ đăng ký gian hàng của {} đang chờ cán bộ Sở Công Thương xem xét.",
                producer.name
            ),
            format!(
                "An application for {} is already waiting for the department's officer.",
                producer.name
            ),
        ),
    }
}

/// Receives an application: checks everything (every problem at once),
/// matches the register, and keeps it with its scan, mailing the applicant
/// and the area's officers.
pub async fn submit(
    db: &DatabaseConnection,
    fields: &ApplicationFields,
    scan: Scan,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<Received> {
    let mut problems = FieldErrors::default();
    let checked = check_fields(fields, &mut problems);
    let certificate = match scan {
        Scan::Ready {
            kind,
            bytes,
            sha256,
        } => Some((kind, bytes, sha256)),
        Scan::Missing => {
            problems.add(
                "certificate",
                "Hãy đính kèm ảnh chụp hoặc bản PDF giấy chứng nhận OCOP.",
                "Attach a photo or a PDF of the OCOP certificate.",
            );
            None
        }
        Scan::Refused(why) => {
            problems.add("certificate", why.vi, why.en);
            None
        }
    };
    let (Some((email, contact, identity, named)), Some((kind, bytes, sha256)), true) =
        (checked, certificate, problems.is_empty())
    else {
        return Err(problems.into_error());
    };
    let taken = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some();
    if taken {
        return Err(AppError::invalid(
            "email",
            "Địa chỉ này đã có tài khoản trên Chợ OCOP; hãy dùng một địa chỉ khác cho gian hàng.",
            "This address already has an account on Chợ OCOP; use another address for the stall.",
        ));
    }
    let today = now.with_timezone(&crate::time::vn_offset()).date_naive();
    let txn = crate::db::begin_write(db).await?;
    let producer = match_register(&txn, &named, &identity.legal_name, today).await?;
    check_free(&txn, &producer).await?;
    let (product_code, decision_no, decided_on) = match &named {
        Named::Product(code) => (Some(code.as_str().to_owned()), None, None),
        Named::Decision(no, date) => (None, Some(no.clone()), Some(*date)),
    };
    let saved = producer_applications::ActiveModel {
        status: Set(ApplicationStatus::Pending),
        email: Set(email.clone()),
        contact_name: Set(contact.clone()),
        legal_name: Set(identity.legal_name.clone()),
        kind: Set(identity.kind),
        registration_no: Set(identity.registration_no.clone()),
        address: Set(identity.address.clone()),
        phone: Set(identity.phone.clone()),
        product_code: Set(product_code),
        decision_no: Set(decision_no),
        decided_on: Set(decided_on),
        producer_id: Set(producer.id),
        certificate_type: Set(kind),
        certificate: Set(bytes),
        certificate_sha256: Set(sha256),
        reviewed_at: Set(None),
        reviewed_by: Set(None),
        refusal_reason: Set(None),
        user_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        // Two sent at once: the index keeps one waiting.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => pending_conflict(&producer),
        _ => AppError::from(e),
    })?;
    tell(&txn, &saved, &producer, &contact, base_url).await?;
    txn.commit().await?;
    tracing::info!(application = saved.id, producer = %producer.code, "stall application received");
    Ok(Received {
        id: saved.id,
        producer_code: producer.code,
    })
}

/// Mails the applicant that the application came, and each officer of the
/// area that one waits.
async fn tell(
    txn: &impl ConnectionTrait,
    application: &producer_applications::Model,
    producer: &producers::Model,
    contact: &str,
    base_url: &str,
) -> AppResult<()> {
    mail::queue(
        txn,
        Mail {
            to: application.email.clone(),
            subject: format!("Đã nhận hồ sơ đăng ký gian hàng số {} / Application received", application.id),
            text: format!(
                "Xin chào {contact},\n\nChợ OCOP đã nhận hồ sơ đăng ký mở gian hàng số {id} cho {name}. Cán bộ Sở Công Thương trên địa bàn sẽ đối chiếu với sổ đăng ký OCOP và trả lời bạn qua địa chỉ này, thường trong 2 ngày làm việc.\n\n---\n\nChợ OCOP received application no. {id} to open the stall of {name}. The department's officer of your area will check it against the OCOP register and answer you at this address, usually within 2 working days.\n\n— Chợ OCOP\n",
                id = application.id,
                name = producer.name,
            ),
        },
    )
    .await?;
    for officer in crate::accounts::access::officers_of(txn, producer).await? {
        mail::queue(
            txn,
            Mail {
                to: officer.email.clone(),
                subject: format!("Hồ sơ đăng ký gian hàng mới: {} / New stall application", producer.name),
                text: format!(
                    "Hồ sơ số {id} của {name} ({code}) đang chờ bạn xem xét:\n{base_url}/can-bo/dang-ky-gian-hang/{id}\n\n---\n\nApplication no. {id} for {name} ({code}) waits for you:\n{base_url}/can-bo/dang-ky-gian-hang/{id}\n",
                    id = application.id,
                    name = producer.name,
                    code = producer.code,
                ),
            },
        )
        .await?;
    }
    Ok(())
}

/// Keeps a refused form with session `session_id`, for the page to show.
pub async fn keep_draft(
    db: &DatabaseConnection,
    session_id: i64,
    draft: &ApplicationDraft,
) -> AppResult<()> {
    let json = serde_json::to_string(draft).map_err(AppError::internal)?;
    sessions::ActiveModel {
        id: Set(session_id),
        application_draft: Set(Some(json)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// The refused form kept with session `session_id`, taken (shown once).
pub async fn take_draft(
    db: &DatabaseConnection,
    session_id: i64,
) -> AppResult<Option<ApplicationDraft>> {
    let Some(session) = sessions::Entity::find_by_id(session_id).one(db).await? else {
        return Ok(None);
    };
    let Some(json) = session.application_draft else {
        return Ok(None);
    };
    sessions::ActiveModel {
        id: Set(session_id),
        application_draft: Set(None),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(serde_json::from_str(&json).ok())
}
