//! Answers several stories routes give in the same words, declared once for the OpenAPI
//! document (inline in every route that gives them, as any route's own answer is).

shared::problems!(
    /// A `{id}` that `IdParam` refuses.
    NotAStoryId { 400 => "The id is not a story id (a UUID); `errors` names `id`." }
);

shared::problems!(
    /// Over the HTTP layer's body limit (`HttpConfig::DEFAULT_BODY_LIMIT_BYTES`).
    BodyOver64Kb { 413 => "The body is over 64 KB." }
);
