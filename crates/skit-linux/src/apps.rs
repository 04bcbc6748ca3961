//! Desktop applications: reading their desktop entries, building their command
//! lines, starting them detached, and finding their icons. No gpui here.

pub mod entries;
pub(crate) mod exec;
pub mod icons;
pub mod launch;
pub mod open_with;
