//! department: the officer's side (the register importer for now).
pub mod certify;
pub mod import;
pub mod plans;
