use domain::FieldErrors;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    /// The input was refused field by field; nothing was changed.
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// Unknown, or not visible to this principal: the two look the same so existence never leaks.
    #[error("not found")]
    NotFound,
    /// Unknown email or wrong password (deliberately not told apart).
    #[error("wrong email or password")]
    BadCredentials,
    #[error("too many attempts; try again later")]
    RateLimited,
    #[error("this installation is already set up")]
    AlreadySetUp,
    /// The action is understood but refused by a rule; the key names a localized explanation.
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error("configuration: {0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}
