//! The community function: join the ImmunoCommunity mailing list with double opt-in, without
//! ever telling a caller whether an address has joined.
//!
//! `build` is the only wiring: the Lambda entry (`main.rs`), the local server and the
//! Lambda-path tests all call it, with AWS or embedded adapters.

pub mod accounts;
pub mod app;
pub mod domain;
pub mod http;
pub mod mail;
pub mod settings;
pub mod store;

use std::sync::Arc;

use shared::aws::dynamo::AwsClients;
use shared::config::ConfigError;
use shared::forms::adapters::FormAdapters;
use utoipa_axum::router::OpenApiRouter;

pub use settings::Settings;

use crate::accounts::{AccountDirectory, CognitoAccounts, MemoryAccounts};
use crate::app::{MailboxCap, Notifier, SendBudget};
use crate::domain::member::MAILS_PER_DAY;
use crate::http::{metric, AccountState, FormState, MembershipState, SignupState, TokenState};
use crate::mail::{Mailer, SesMailer};
use crate::store::{DynamoMemberStore, MemberPorts};

/// The form a token is issued for.
const FORM_PURPOSE: &str = "community";

/// The ports the routes run on.
#[derive(Clone)]
pub struct Adapters {
    pub members: MemberPorts,
    pub mailer: Arc<dyn Mailer>,
    /// The members' accounts, which `DELETE /v1/me` deletes.
    pub accounts: Arc<dyn AccountDirectory>,
    pub form: FormAdapters,
}

impl Adapters {
    /// Production: the DynamoDB tables, SES, the configured CAPTCHA, the system clock, EMF
    /// metrics.
    pub fn aws(settings: &Settings, aws: &AwsClients) -> Result<Self, ConfigError> {
        Ok(Self {
            members: MemberPorts::of(DynamoMemberStore::new(
                aws.dynamodb.clone(),
                &settings.common.table,
            )),
            mailer: Arc::new(SesMailer::new(aws_sdk_sesv2::Client::new(&aws.config))),
            accounts: match &settings.members_user_pool_id {
                Some(pool) => Arc::new(CognitoAccounts::new(
                    aws_sdk_cognitoidentityprovider::Client::new(&aws.config),
                    pool,
                )),
                None => Arc::new(MemoryAccounts::new()),
            },
            form: FormAdapters::aws(&settings.common, &settings.captcha, aws, "community"),
        })
    }
}

/// Every community route, wired to `adapters`; each route gets only the ports it uses.
pub fn build(settings: Settings, adapters: Adapters) -> OpenApiRouter {
    let Adapters {
        members,
        mailer,
        accounts,
        form,
    } = adapters;
    let FormAdapters {
        ports: forms,
        clock,
        metrics,
        ..
    } = form.clone();
    let budget = SendBudget {
        counters: forms.rate_limits.clone(),
        per_day: settings.mail_per_day,
    };
    let mailbox_cap = MailboxCap {
        counters: forms.rate_limits.clone(),
        key: settings.email_hash_key.clone(),
        per_day: u64::from(MAILS_PER_DAY),
    };
    let form = form.pipeline(FORM_PURPOSE, &settings.common, metric::RATE_LIMITED);
    let notifier = Notifier {
        mailer,
        from: settings.mail_from,
        frontend_base_url: settings.frontend_base_url,
        api_base_url: settings.api_base_url,
        token_keys: settings.manage_token_keys.clone(),
        budget,
        mailbox_cap,
    };
    http::routes(
        FormState {
            form: form.clone(),
            captcha: settings.captcha.info(),
            clock: clock.clone(),
        },
        SignupState {
            form,
            members: members.clone(),
            notifier: notifier.clone(),
            email_hash_key: settings.email_hash_key.clone(),
            clock: clock.clone(),
            metrics: metrics.clone(),
        },
        TokenState {
            members: members.clone(),
            token_keys: settings.manage_token_keys,
            email_hash_key: settings.email_hash_key.clone(),
            notifier: notifier.clone(),
            clock: clock.clone(),
            metrics: metrics.clone(),
        },
        AccountState {
            members: members.clone(),
            accounts,
            email_hash_key: settings.email_hash_key.clone(),
            audience: settings.members.clone(),
            clock: clock.clone(),
            metrics: metrics.clone(),
        },
        MembershipState {
            members,
            notifier,
            email_hash_key: settings.email_hash_key,
            audience: settings.members,
            clock,
            metrics,
        },
    )
}
