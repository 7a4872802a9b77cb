//! Every setting as the administrator's console shows it (`/quan-tri`):
//! the value in force when it is not secret; for a key, a password or a
//! URL that may hold one, only whether it is set.

use super::{Secret, Settings};
use app::domain::{SettingGroup, SettingLine, SettingValue};
use std::path::Path;

fn line(
    group: SettingGroup,
    name: &str,
    meaning: (&str, &str),
    value: SettingValue,
) -> SettingLine {
    SettingLine {
        group,
        env: name.to_owned(),
        meaning_vi: meaning.0.to_owned(),
        meaning_en: meaning.1.to_owned(),
        value,
    }
}

fn shown(value: impl ToString) -> SettingValue {
    SettingValue::Shown(value.to_string())
}

fn text(value: &str) -> SettingValue {
    match value.trim() {
        "" => SettingValue::Unset,
        v => shown(v),
    }
}

fn secret(value: Option<&Secret>) -> SettingValue {
    match value {
        Some(_) => SettingValue::SecretSet,
        None => SettingValue::Unset,
    }
}

fn path(value: &Path) -> SettingValue {
    shown(value.display())
}

fn vnd(value: i64) -> SettingValue {
    shown(format!("{value} đ"))
}

impl Settings {
    /// Every setting, grouped, in the order README's "Operating the site"
    /// lists them.
    pub fn status(&self) -> Vec<SettingLine> {
        use SettingGroup::*;
        let op = &self.operator;
        let http = &self.http;
        let limits = &http.rate_limits;
        let commerce = &self.commerce;
        let database = match &self.database_url {
            // A URL may carry a password: only its kind is said.
            Some(url) if url.expose().starts_with("postgres") => {
                shown("PostgreSQL (URL bí mật / URL kept secret)")
            }
            Some(_) => SettingValue::SecretSet,
            None => shown(format!(
                "SQLite {}",
                self.data_dir.join("ocop.db").display()
            )),
        };
        vec![
            line(
                Site,
                "DATABASE_URL",
                ("Cơ sở dữ liệu", "Database"),
                database,
            ),
            line(
                Site,
                "OCOP_DATA_DIR",
                (
                    "Thư mục dữ liệu (ảnh, chỉ mục, thư)",
                    "Data folder (photos, index, mail)",
                ),
                path(&self.data_dir),
            ),
            line(
                Site,
                "OCOP_BACKUP_DIR",
                ("Thư mục sao lưu", "Backup folder"),
                path(&self.backup_dir()),
            ),
            line(
                Site,
                "OCOP_BASE_URL",
                ("Địa chỉ công khai của trang", "Public base URL"),
                shown(self.base_url()),
            ),
            line(
                Site,
                "OCOP_PLANS_DIR",
                ("Thư mục tệp kế hoạch", "Plan files folder"),
                match &self.plans_dir {
                    Some(dir) => path(dir),
                    None => SettingValue::Unset,
                },
            ),
            line(
                Site,
                "OCOP_ADDR",
                ("Địa chỉ lắng nghe", "Listen address"),
                shown(self.addr),
            ),
            line(
                Site,
                "OCOP_SITE_DIR",
                (
                    "Thư mục tài nguyên trang (pkg/)",
                    "Built site assets (pkg/)",
                ),
                path(&self.site_dir),
            ),
            line(
                Site,
                "OCOP_DEMO",
                ("Chế độ trình diễn (dữ liệu mẫu)", "Demo mode (sample data)"),
                shown(self.demo),
            ),
            line(
                Site,
                "OCOP_DEMO_ILLUSTRATIONS",
                (
                    "Vẽ minh hoạ cho sản phẩm chưa có ảnh (trình diễn)",
                    "Draw illustrations for products without photos (demo)",
                ),
                shown(self.demo_illustrations),
            ),
            line(
                Site,
                "OCOP_PAGE_CACHE_SECONDS",
                (
                    "Số giây giữ trang trong bộ nhớ",
                    "Seconds pages are kept in memory",
                ),
                shown(self.page_cache_seconds),
            ),
            line(
                Site,
                "OCOP_LOG_FORMAT",
                ("Định dạng nhật ký", "Log format"),
                shown(if self.json_logs { "json" } else { "text" }),
            ),
            line(
                Operator,
                "OCOP_OPERATOR_NAME",
                ("Tên đơn vị vận hành", "Operator's name"),
                text(&op.name),
            ),
            line(
                Operator,
                "OCOP_OPERATOR_ADDRESS",
                ("Địa chỉ", "Address"),
                text(&op.address),
            ),
            line(
                Operator,
                "OCOP_OPERATOR_REGISTRATION",
                (
                    "Giấy chứng nhận đăng ký / quyết định thành lập",
                    "Business registration or decision",
                ),
                text(&op.registration),
            ),
            line(
                Operator,
                "OCOP_OPERATOR_PHONE",
                ("Điện thoại", "Phone"),
                text(&op.phone),
            ),
            line(
                Operator,
                "OCOP_OPERATOR_EMAIL",
                ("Thư điện tử", "E-mail"),
                text(&op.email),
            ),
            line(
                Operator,
                "OCOP_OPERATOR_REPRESENTATIVE",
                ("Người chịu trách nhiệm", "Person responsible"),
                text(&op.representative),
            ),
            line(
                Operator,
                "OCOP_OPERATOR_REGISTRATION_URL",
                (
                    "Trang xác nhận của Bộ Công Thương",
                    "Ministry's confirmation page",
                ),
                text(op.registration_url.as_deref().unwrap_or("")),
            ),
            line(
                Payments,
                "STRIPE_SECRET_KEY",
                (
                    "Khoá bí mật Stripe (bật thanh toán thẻ)",
                    "Stripe secret key (turns card payments on)",
                ),
                secret(self.stripe.secret_key.as_ref()),
            ),
            line(
                Payments,
                "STRIPE_WEBHOOK_SECRET",
                ("Khoá ký webhook Stripe", "Stripe webhook signing secret"),
                secret(self.stripe.webhook_secret.as_ref()),
            ),
            line(
                Payments,
                "STRIPE_API_BASE",
                ("Địa chỉ API Stripe", "Stripe API base"),
                shown(&self.stripe.api_base),
            ),
            line(
                Shipping,
                "[commerce] ship_same_province_vnd",
                ("Phí giao trong tỉnh", "Fee within the province"),
                vnd(commerce.ship_same_province_vnd),
            ),
            line(
                Shipping,
                "[commerce] ship_other_province_vnd",
                ("Phí giao tỉnh khác", "Fee to another province"),
                vnd(commerce.ship_other_province_vnd),
            ),
            line(
                Shipping,
                "[commerce] free_ship_over_vnd",
                ("Miễn phí giao từ", "Free shipping from"),
                vnd(commerce.free_ship_over_vnd),
            ),
            line(
                Shipping,
                "[commerce] hold_card_minutes",
                (
                    "Phút giữ hàng khi trả thẻ",
                    "Minutes stock is held for a card payment",
                ),
                shown(commerce.hold_card_minutes),
            ),
            line(
                Shipping,
                "[commerce] hold_transfer_hours",
                (
                    "Giờ giữ hàng khi chuyển khoản",
                    "Hours stock is held for a transfer",
                ),
                shown(commerce.hold_transfer_hours),
            ),
            line(
                Shipping,
                "—",
                ("Đơn vị vận chuyển kết nối API", "Carriers connected by API"),
                SettingValue::Unset,
            ),
            line(
                Mail,
                "OCOP_SMTP_URL",
                (
                    "Máy chủ SMTP (không có: thư ghi thành tệp .eml)",
                    "SMTP server (unset: mail written as .eml files)",
                ),
                secret(self.smtp_url.as_ref()),
            ),
            line(
                Http,
                "OCOP_TRUSTED_PROXIES",
                ("Proxy được tin (CIDR)", "Trusted proxies (CIDR)"),
                match http.trusted_proxies.len() {
                    0 => SettingValue::Unset,
                    _ => shown(
                        http.trusted_proxies
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                },
            ),
            line(
                Http,
                "OCOP_BODY_LIMIT_BYTES",
                ("Cỡ yêu cầu tối đa (byte)", "Largest request body (bytes)"),
                shown(http.body_limit_bytes),
            ),
            line(
                Http,
                "OCOP_REQUEST_TIMEOUT_SECONDS",
                (
                    "Thời gian tối đa một yêu cầu (giây)",
                    "Request time limit (seconds)",
                ),
                shown(http.request_timeout_seconds),
            ),
            line(
                Http,
                "OCOP_LONG_REQUEST_TIMEOUT_SECONDS",
                (
                    "Thời gian tối đa tải lên, xuất tệp (giây)",
                    "Upload and export time limit (seconds)",
                ),
                shown(http.long_request_timeout_seconds),
            ),
            line(
                Http,
                "OCOP_RATE_LIMIT_LOGIN",
                (
                    "Đăng nhập mỗi phút mỗi địa chỉ",
                    "Sign-ins per minute per address",
                ),
                shown(limits.login),
            ),
            line(
                Http,
                "OCOP_RATE_LIMIT_CHECKOUT",
                ("Đặt hàng mỗi phút", "Checkouts per minute"),
                shown(limits.checkout),
            ),
            line(
                Http,
                "OCOP_RATE_LIMIT_SEARCH",
                ("Tìm kiếm mỗi phút", "Searches per minute"),
                shown(limits.search),
            ),
            line(
                Http,
                "OCOP_RATE_LIMIT_UPLOAD",
                ("Tải ảnh mỗi phút", "Uploads per minute"),
                shown(limits.upload),
            ),
            line(
                Http,
                "OCOP_RATE_LIMIT_APPLY",
                ("Đơn mở gian hàng mỗi phút", "Stall applications per minute"),
                shown(limits.apply),
            ),
            line(
                Http,
                "OCOP_RATE_LIMIT_REPORT",
                ("Báo cáo vi phạm mỗi phút", "Abuse reports per minute"),
                shown(limits.report),
            ),
            line(
                Http,
                "OCOP_METRICS_TOKEN",
                ("Mã đọc /metrics từ xa", "Token for /metrics from afar"),
                secret(http.metrics_token.as_ref()),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_secret_value_is_ever_shown() {
        let mut settings = Settings::default();
        settings
            .apply_env(|name| {
                Some(match name {
                    "DATABASE_URL" => "postgres://ocop:hunter2-db@db/ocop".into(),
                    "STRIPE_SECRET_KEY" => "sk_test_hunter2-key".into(),
                    "STRIPE_WEBHOOK_SECRET" => "whsec_hunter2-hook".into(),
                    "OCOP_SMTP_URL" => "smtp://mail:hunter2-smtp@mx".into(),
                    "OCOP_METRICS_TOKEN" => "hunter2-metrics".into(),
                    "OCOP_OPERATOR_NAME" => "Công ty Chợ OCOP".into(),
                    _ => return None,
                })
            })
            .expect("valid");
        let lines = settings.status();
        let all = serde_json::to_string(&lines).expect("json");
        assert!(!all.contains("hunter2"), "{all}");
        let value = |name: &str| {
            lines
                .iter()
                .find(|l| l.env == name)
                .map(|l| l.value.clone())
                .expect(name)
        };
        assert_eq!(value("STRIPE_SECRET_KEY"), SettingValue::SecretSet);
        assert_eq!(value("OCOP_METRICS_TOKEN"), SettingValue::SecretSet);
        assert_eq!(value("OCOP_OPERATOR_NAME"), shown("Công ty Chợ OCOP"));
        assert_eq!(value("OCOP_OPERATOR_PHONE"), SettingValue::Unset);
    }
}
