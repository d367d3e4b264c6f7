//! The AWS layer: DynamoDB, the Lambda runtime and CloudWatch metrics.

pub mod dynamo;
pub mod lambda;
pub mod metrics;
