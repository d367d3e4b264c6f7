//! The members' Cognito user pool.

use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::operation::admin_delete_user::AdminDeleteUserError;
use aws_sdk_cognitoidentityprovider::Client;

use super::{AccountDirectory, StorageError};

#[derive(Debug, Clone)]
pub struct CognitoAccounts {
    client: Client,
    user_pool_id: String,
}

impl CognitoAccounts {
    pub fn new(client: Client, user_pool_id: impl Into<String>) -> Self {
        Self {
            client,
            user_pool_id: user_pool_id.into(),
        }
    }
}

#[async_trait]
impl AccountDirectory for CognitoAccounts {
    async fn delete(&self, username: &str) -> Result<(), StorageError> {
        let result = self
            .client
            .admin_delete_user()
            .user_pool_id(&self.user_pool_id)
            .username(username)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            // Deleted by an earlier attempt whose answer was lost: the same outcome.
            Err(error)
                if matches!(
                    error.as_service_error(),
                    Some(AdminDeleteUserError::UserNotFoundException(_))
                ) =>
            {
                Ok(())
            }
            Err(error) => Err(StorageError::unavailable(error)),
        }
    }
}
