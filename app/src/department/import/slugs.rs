//! Unique slugs for new producers and products. A slug is fixed when the record
//! is created: renaming it later must not break links people have shared.

use std::collections::HashSet;

use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QuerySelect};

use crate::text::slugify;

/// The slugs a table already uses, plus those handed out during this import.
#[derive(Debug, Default)]
pub(super) struct Slugs(HashSet<String>);

impl Slugs {
    /// The slugs already used in `column` of table `E`.
    pub async fn load<E: EntityTrait>(
        db: &DatabaseConnection,
        column: E::Column,
    ) -> Result<Self, DbErr> {
        let slugs = E::find()
            .select_only()
            .column(column)
            .into_tuple::<String>()
            .all(db)
            .await?;
        Ok(Slugs::new(slugs))
    }

    /// Starts from the slugs `existing` already taken.
    pub fn new(existing: impl IntoIterator<Item = String>) -> Self {
        Slugs(existing.into_iter().collect())
    }

    /// A free slug for a record named `name` with register code `code`: the
    /// name's slug; when taken (two producers make "Gạo ST25"), the name's slug
    /// with the code; failing that, with -2, -3, ...
    pub fn claim(&mut self, name: &str, code: &str) -> String {
        let base = slugify(name);
        let code = slugify(code);
        let first = if base.is_empty() {
            code.clone()
        } else {
            base.clone()
        };
        if self.0.insert(first.clone()) {
            return first;
        }
        let with_code = if base.is_empty() {
            code
        } else {
            format!("{base}-{code}")
        };
        if self.0.insert(with_code.clone()) {
            return with_code;
        }
        (2u64..)
            .map(|n| format!("{with_code}-{n}"))
            .find(|candidate| self.0.insert(candidate.clone()))
            .unwrap_or(with_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_stay_unique() {
        let mut slugs = Slugs::new(["gao-st25".to_owned()]);
        assert_eq!(slugs.claim("Gạo ST25", "SP0000002"), "gao-st25-sp0000002");
        assert_eq!(slugs.claim("Bánh pía", "SP1"), "banh-pia");
        assert_eq!(slugs.claim("Bánh pía", "SP2"), "banh-pia-sp2");
        assert_eq!(slugs.claim("Gạo ST25", "SP0000002"), "gao-st25-sp0000002-2");
        assert_eq!(slugs.claim("★", "CT9"), "ct9");
    }
}
