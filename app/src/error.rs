//! The one error type of the application's services. The server maps it to HTTP
//! responses in one place (`server::http::error`).

use crate::i18n::Locale;
use std::collections::BTreeMap;

/// A message in both languages; the response picks the reader's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Vietnamese text.
    pub vi: String,
    /// English text.
    pub en: String,
}

impl Message {
    /// A message from its two translations.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The text in `locale`.
    pub fn text(&self, locale: Locale) -> &str {
        locale.pick(&self.vi, &self.en)
    }
}

/// What can go wrong in a request, in terms a client can act on.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or is not visible to this reader).
    #[error("not found: {what}")]
    NotFound {
        /// What was looked for, for the message.
        what: Message,
    },
    /// Sign-in needed.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// A state change without the session's CSRF token.
    #[error("missing or wrong CSRF token")]
    CsrfRejected,
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited for {retry_after_secs} s")]
    RateLimited {
        /// When to try again.
        retry_after_secs: u64,
    },
    /// The request's body is larger than this route takes.
    #[error("request body over {limit_bytes} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit_bytes: u64,
    },
    /// The request took longer than it may; whatever it did is undone or
    /// left as a retry would find it.
    #[error("request timed out")]
    TimedOut,
    /// Input that does not hold, field by field.
    #[error("validation failed")]
    Validation {
        /// Field name → what is wrong with it.
        fields: BTreeMap<String, Vec<Message>>,
    },
    /// The request clashes with the current state (stock, a duplicate, a replay).
    #[error("conflict: {code}")]
    Conflict {
        /// Machine-readable reason, snake_case.
        code: &'static str,
        /// Human sentence.
        message: Message,
    },
    /// Stock cannot cover an order; nothing was reserved.
    #[error("out of stock")]
    OutOfStock {
        /// Each line short of stock: product code and the units still available.
        available: Vec<(String, i64)>,
    },
    /// A service we depend on (the card processor) could not be reached or
    /// refused; whatever the request started was undone. The cause is
    /// logged, the message shown.
    #[error("unavailable: {code}")]
    Unavailable {
        /// Machine-readable reason, snake_case (`payment_unavailable`).
        code: &'static str,
        /// Human sentence: what happened and what to do.
        message: Message,
        /// What the service said, for the log only.
        #[source]
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Anything else: logged with its cause chain, answered generically.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl AppError {
    /// A validation error on one field.
    pub fn invalid(field: &str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        let mut fields = BTreeMap::new();
        fields.insert(field.to_string(), vec![Message::new(vi, en)]);
        AppError::Validation { fields }
    }

    /// A not-found error naming the missing thing in both languages.
    pub fn not_found(vi: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::NotFound {
            what: Message::new(vi, en),
        }
    }
}

impl AppError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TimedOut => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict { .. } | AppError::OutOfStock { .. } => StatusCode::CONFLICT,
            AppError::Unavailable { .. } => StatusCode::BAD_GATEWAY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code, snake_case.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound { .. } => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::CsrfRejected => "csrf_rejected",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::TooLarge { .. } => "payload_too_large",
            AppError::TimedOut => "timeout",
            AppError::Validation { .. } => "invalid_input",
            AppError::Conflict { code, .. } => code,
            AppError::OutOfStock { .. } => "out_of_stock",
            AppError::Unavailable { code, .. } => code,
            AppError::Internal(_) => "internal_error",
        }
    }

    /// The sentence a reader sees, in their language; internal causes are
    /// never part of it.
    pub fn message(&self, l: Locale) -> String {
        match self {
            AppError::NotFound { what } => what.text(l).to_string(),
            AppError::Unauthorized => l.pick("Vui lòng đăng nhập.", "Please sign in.").to_string(),
            AppError::Forbidden => l
                .pick(
                    "Bạn không có quyền làm việc này.",
                    "You are not allowed to do this.",
                )
                .to_string(),
            AppError::CsrfRejected => l
                .pick(
                    "Yêu cầu thiếu mã chống giả mạo (CSRF); hãy tải lại trang và thử lại.",
                    "The request lacks its anti-forgery (CSRF) token; reload the page and try again.",
                )
                .to_string(),
            AppError::RateLimited { retry_after_secs } => match l {
                Locale::Vi => format!(
                    "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {retry_after_secs} giây."
                ),
                Locale::En => {
                    format!("Too many attempts. Please try again in {retry_after_secs} seconds.")
                }
            },
            AppError::TooLarge { limit_bytes } => {
                let size = human_size(*limit_bytes);
                match l {
                    Locale::Vi => format!("Dữ liệu gửi lên quá lớn: tối đa {size}."),
                    Locale::En => format!("The request is too large: at most {size}."),
                }
            }
            AppError::TimedOut => l
                .pick(
                    "Máy chủ xử lý yêu cầu quá lâu nên đã dừng lại. Vui lòng thử lại sau ít phút.",
                    "The server took too long to answer and stopped. Please try again in a few minutes.",
                )
                .to_string(),
            AppError::Validation { .. } => l
                .pick(
                    "Dữ liệu gửi lên chưa hợp lệ.",
                    "Some of the input is not valid.",
                )
                .to_string(),
            AppError::Conflict { message, .. } => message.text(l).to_string(),
            AppError::OutOfStock { available } => {
                out_of_stock_message(available, l)
            }
            AppError::Unavailable { message, .. } => message.text(l).to_string(),
            AppError::Internal(_) => l
                .pick(
                    "Đã có lỗi xảy ra ở máy chủ, vui lòng thử lại sau.",
                    "Something went wrong on our side, please try again later.",
                )
                .to_string(),
        }
    }

    /// Each field's problems in the reader's language (validation errors only).
    pub fn field_messages(&self, l: Locale) -> Vec<(String, Vec<String>)> {
        match self {
            AppError::Validation { fields } => fields
                .iter()
                .map(|(f, ms)| {
                    (
                        f.clone(),
                        ms.iter().map(|m| m.text(l).to_string()).collect(),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Any failure that is ours, not the user's: logged, never shown.
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(e))
    }
}

/// A size in bytes as people read it: "1 MB", "64 MB", "512 KB".
fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} B")
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        AppError::Internal(Box::new(e))
    }
}

/// Problems with input gathered field by field, so that one answer names
/// all of them; nothing is applied unless there are none.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, Vec<Message>>);

impl FieldErrors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, vi: impl Into<String>, en: impl Into<String>) {
        self.0
            .entry(field.into())
            .or_default()
            .push(Message::new(vi, en));
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `value` when nothing was recorded, else every problem as one
    /// validation error.
    pub fn into_result<T>(self, value: T) -> AppResult<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(AppError::Validation { fields: self.0 })
        }
    }

    /// Every problem as one validation error (empty or not).
    pub fn into_error(self) -> AppError {
        AppError::Validation { fields: self.0 }
    }
}

/// Shorthand for service results.
pub type AppResult<T> = Result<T, AppError>;

/// "Only 2 left of SP0000001; SP0000002 is sold out."
pub fn out_of_stock_message(available: &[(String, i64)], l: Locale) -> String {
    let parts: Vec<String> = available
        .iter()
        .map(|(code, n)| match (l, *n) {
            (Locale::Vi, 0) => format!("{code} đã hết hàng"),
            (Locale::Vi, n) => format!("{code} chỉ còn {n}"),
            (Locale::En, 0) => format!("{code} is sold out"),
            (Locale::En, n) => format!("only {n} left of {code}"),
        })
        .collect();
    match l {
        Locale::Vi => format!("Không đủ hàng: {}. Chưa có gì được đặt.", parts.join("; ")),
        Locale::En => format!(
            "Not enough stock: {}. Nothing was ordered.",
            parts.join("; ")
        ),
    }
}
