//! The HTTP layer: what every route of every function speaks.

pub mod bearer;
pub mod caching;
pub mod claims;
pub mod client_address;
pub mod extract;
pub mod lang;
pub mod member;
pub mod pagination;
pub mod problem;
pub mod request_id;
pub mod responses;
pub mod settings;
pub mod stack;

pub use settings::HttpConfig;
