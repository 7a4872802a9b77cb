//! department: the officer's side (the register importer for now).
pub mod import;
pub mod plans;
