//! Access tokens: HS256 JWTs that live 15 minutes and name the user.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// How long an access token is valid, in seconds.
pub const ACCESS_TOKEN_TTL_SECS: i64 = 15 * 60;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string (RFC 7519).
    pub sub: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// The refresh-token family (the sign-in) this token belongs to.
    pub sid: String,
}

/// Keys that sign and verify access tokens. Only HS256 is accepted, so `alg: none` and algorithm
/// confusion are refused.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    /// Keys from the configured secret.
    pub fn new(secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        Self { encoding: EncodingKey::from_secret(bytes), decoding: DecodingKey::from_secret(bytes), validation }
    }

    /// Issues a token for `user_id` in session `sid`, valid from `now`.
    pub fn issue(&self, user_id: i64, sid: &str, now: DateTime<Utc>) -> anyhow::Result<String> {
        let iat = now.timestamp();
        let claims = Claims { sub: user_id.to_string(), iat, exp: iat + ACCESS_TOKEN_TTL_SECS, sid: sid.to_owned() };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// The claims of a valid, unexpired token.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok().map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(&SecretString::from("q8Vz3kP0mX7wL2nR5tY9bC4dF6gH1jK0".to_owned()))
    }

    #[test]
    fn a_fresh_token_verifies() {
        let token = keys().issue(7, "s1", Utc::now()).unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.sid.as_str()), ("7", "s1"));
    }

    #[test]
    fn an_expired_token_is_refused() {
        let issued = Utc::now() - chrono::Duration::seconds(ACCESS_TOKEN_TTL_SECS + 60);
        let token = keys().issue(7, "s1", issued).unwrap();
        assert_eq!(keys().verify(&token), None);
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let other = TokenKeys::new(&SecretString::from("Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp".to_owned()));
        let token = other.issue(7, "s1", Utc::now()).unwrap();
        assert_eq!(keys().verify(&token), None);
    }
}
