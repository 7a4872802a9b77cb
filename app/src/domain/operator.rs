//! Who operates the marketplace, as the law asks every page to say
//! (Decree 52/2013/NĐ-CP as amended by Decree 85/2021/NĐ-CP, and the
//! E-commerce Law 2025): configured by the operator (`[operator]` in the
//! configuration file, or `OCOP_OPERATOR_*`), shown in every page's footer
//! and on `/gioi-thieu`, and written into the policies where they name it.

use serde::{Deserialize, Serialize};

/// The operator's identity; every field is text as the operator wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OperatorIdentity {
    /// Legal name of the company or organisation.
    pub name: String,
    /// Registered address.
    pub address: String,
    /// Business registration number, or the number and date of the
    /// decision establishing it (a public body).
    pub registration: String,
    /// Telephone for shoppers and sellers.
    pub phone: String,
    /// E-mail for shoppers and sellers.
    pub email: String,
    /// The person responsible for the site.
    pub representative: String,
    /// The Ministry of Industry and Trade's confirmation page of the site's
    /// registration; no badge is shown without it.
    pub registration_url: Option<String>,
}

impl OperatorIdentity {
    /// Whether the operator has said who it is (at least its name).
    pub fn is_configured(&self) -> bool {
        !self.name.trim().is_empty()
    }

    /// The value of a policy placeholder (`{{operator.name}}` without the
    /// braces), or `None` for a name that is not one. An unset value reads
    /// as a visible gap, never as invented text.
    pub fn placeholder(&self, key: &str, site_url: &str) -> Option<String> {
        let value = match key {
            "operator.name" => &self.name,
            "operator.address" => &self.address,
            "operator.registration" => &self.registration,
            "operator.phone" => &self.phone,
            "operator.email" => &self.email,
            "operator.representative" => &self.representative,
            "site.url" => site_url,
            _ => return None,
        };
        Some(if value.trim().is_empty() {
            "[…]".to_owned()
        } else {
            value.trim().to_owned()
        })
    }

    /// The registration page, when it is a web address (anything else is
    /// ignored rather than linked).
    pub fn registration_link(&self) -> Option<&str> {
        self.registration_url
            .as_deref()
            .map(str::trim)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_name_each_field_and_show_a_gap_when_unset() {
        let operator = OperatorIdentity {
            name: "Công ty TNHH Chợ Quê".into(),
            email: " lienhe@example.vn ".into(),
            ..Default::default()
        };
        assert!(operator.is_configured());
        let site = "https://chocop.example";
        assert_eq!(
            operator.placeholder("operator.name", site).as_deref(),
            Some("Công ty TNHH Chợ Quê")
        );
        assert_eq!(
            operator.placeholder("operator.email", site).as_deref(),
            Some("lienhe@example.vn")
        );
        assert_eq!(
            operator.placeholder("operator.phone", site).as_deref(),
            Some("[…]")
        );
        assert_eq!(
            operator.placeholder("site.url", site).as_deref(),
            Some(site)
        );
        assert_eq!(operator.placeholder("operator.password", site), None);
        assert!(!OperatorIdentity::default().is_configured());
    }

    #[test]
    fn only_a_web_address_is_linked() {
        let mut operator = OperatorIdentity {
            registration_url: Some("javascript:alert(1)".into()),
            ..Default::default()
        };
        assert_eq!(operator.registration_link(), None);
        operator.registration_url = Some("http://online.gov.vn/Home/WebDetails/1".into());
        assert!(operator.registration_link().is_some());
    }
}
