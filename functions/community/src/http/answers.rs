//! Answers several community routes give in the same words, declared once for the OpenAPI
//! document (inline in every route that gives them, as any route's own answer is).

shared::problems!(
    /// The member record kept changing under concurrent requests.
    SubscriptionChanging { 409 => "The subscription is changing right now; retry." }
);

shared::problems!(
    /// Over `BODY_LIMIT_BYTES`.
    BodyOver8Kb { 413 => "The body is over 8 KB." }
);
