//! What the content routes take from the path, beyond the shared `lang` parameter.

use serde::Deserialize;
use shared::http::problem::FieldLocation;
use shared::ApiError;
use utoipa::IntoParams;

use crate::domain::Slug;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SlugParam {
    /// The page's URL name.
    #[param(
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length = 100,
        example = "clinical-trials-overview"
    )]
    slug: String,
}

impl SlugParam {
    pub fn parse(&self) -> Result<Slug, ApiError> {
        Slug::parse(&self.slug).map_err(|error| {
            ApiError::invalid_field(FieldLocation::Path, "slug", error.to_string())
        })
    }
}
