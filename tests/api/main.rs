//! Cross-function tests of the whole API: over HTTP against the local server, through the
//! Lambda entry with API Gateway events, and the store contract on both adapters.

mod abuse_contract;
mod cdn_origin;
mod community_bursts;
mod community_helpers;
mod community_leaving;
mod community_signup;
mod contact;
mod cors;
mod cursors;
mod dynamodb_local;
mod errors;
mod glossary_browse;
mod glossary_relevance;
mod glossary_search;
mod glossary_seed;
mod glossary_snapshot;
mod glossary_store_contract;
mod glossary_terms;
mod helpers;
mod lambda_path;
mod logs;
mod negotiation;
mod openapi;
mod outage;
mod pages;
mod seed;
mod site_content;
mod store_contract;
mod stories_helpers;
mod stories_moderation;
mod stories_submission;
mod stories_withdrawal;
mod template;
mod template_site;
mod throttling;
