//! department: the officer's side: the register importer, certification
//! decisions and the certification register. Its register's data types are
//! shared with the browser; everything else runs on the server.

pub mod register_types;

#[cfg(feature = "ssr")]
pub mod certify;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod register;
