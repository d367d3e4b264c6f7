//! The community function: join the ImmunoCommunity mailing list with double opt-in, without
//! ever telling a caller whether an address has joined.
//!
//! A library exposing its routes; `main.rs` runs them under Lambda and the local server mounts
//! the same routes.

pub mod config;
pub mod domain;
pub mod http;
pub mod mail;
pub mod store;

pub use http::{routes, CommunityState};
