//! What every form function runs on beside its own store, built alike by each: the shared
//! tables' ports, the CAPTCHA verifier, the clock and the metrics.

use std::sync::Arc;

use crate::aws::dynamo::AwsClients;
use crate::aws::metrics::Metrics;
use crate::clock::{Clock, SystemClock};
use crate::forms::captcha::{CaptchaSettings, CaptchaVerifier, NoCaptcha};
use crate::forms::pipeline::FormPipeline;
use crate::forms::settings::FormFunctionSettings;
use crate::forms::tables::FormPorts;

#[derive(Clone)]
pub struct FormAdapters {
    /// Rate-limit counters, spent form tokens and idempotent answers.
    pub ports: FormPorts,
    pub captcha: Arc<dyn CaptchaVerifier>,
    pub clock: Arc<dyn Clock>,
    pub metrics: Metrics,
}

impl FormAdapters {
    /// Production: the shared DynamoDB tables, the configured CAPTCHA, the system clock, EMF
    /// metrics of `function`.
    pub fn aws(
        settings: &FormFunctionSettings,
        captcha: &CaptchaSettings,
        aws: &AwsClients,
        function: &'static str,
    ) -> Self {
        Self {
            ports: settings.form_tables.dynamo(&aws.dynamodb),
            captcha: captcha.verifier(),
            clock: Arc::new(SystemClock),
            metrics: Metrics::for_environment(function),
        }
    }

    /// Tests and local runs: fresh embedded stores and no CAPTCHA.
    pub fn memory(clock: Arc<dyn Clock>, metrics: Metrics) -> Self {
        Self {
            ports: FormPorts::memory(),
            captcha: Arc::new(NoCaptcha),
            clock,
            metrics,
        }
    }

    /// The guards of the form tokens are issued for as `purpose`, under the function's guard
    /// settings; a rate-limited request counts as `rate_limited_metric`.
    pub fn pipeline(
        &self,
        purpose: &'static str,
        settings: &FormFunctionSettings,
        rate_limited_metric: &'static str,
    ) -> FormPipeline {
        FormPipeline::for_form(
            purpose,
            settings.form.clone(),
            self.ports.clone(),
            self.captcha.clone(),
            self.metrics.clone(),
            rate_limited_metric,
        )
    }
}
