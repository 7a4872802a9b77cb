//! department: the officer's side: the register importer, plan files,
//! certification decisions and the certification register.
pub mod certify;
pub mod import;
pub mod plans;
pub mod register;
