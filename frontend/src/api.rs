//! The typed API client. Every request is an endpoint of `crm_types::api`, which fixes its method,
//! path, query, body and answer, so no page builds a URL or picks a response type by hand:
//!
//! ```ignore
//! let page = api::get::<ListCustomers>(&(), &query).await?;
//! let saved = api::send_if_match::<UpdateCustomer>(&id, version, &patch).await?;
//! ```
//!
//! An expired access token is refreshed once, transparently; a failed refresh ends the session.

use std::any::TypeId;

use crm_types::api::{
    ChangePassword, ConfirmPasswordReset, Endpoint, FileContent, FileUpload, GetMe, Login, Logout, Method, NoContent,
    Nothing, RefreshSession, RequestPasswordReset,
};
use crm_types::auth::{
    ChangePasswordRequest, LoginRequest, Me, PasswordResetConfirm, PasswordResetRequest, RefreshRequest, TokenResponse,
};
use crm_types::{ErrorCode, Problem};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::tokens;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server answered with a problem.
    Problem(Problem),
}

impl ApiError {
    /// The problem code, if the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Network => None,
            Self::Problem(problem) => Some(problem.code),
        }
    }
}

/// A GET (or a POST without a body) of `E`, decoding its answer.
pub async fn get<E>(path: &E::Path, query: &E::Query) -> Result<E::Response, ApiError>
where
    E: Endpoint<Body = Nothing>,
    E::Response: DeserializeOwned,
{
    decode(exchange::<E>(path, query, None, None).await?).await
}

/// `E` with a JSON body, decoding its answer.
pub async fn send<E>(path: &E::Path, body: &E::Body) -> Result<E::Response, ApiError>
where
    E: Endpoint<Query = Nothing>,
    E::Body: Serialize + 'static,
    E::Response: DeserializeOwned,
{
    decode(exchange::<E>(path, &Nothing {}, Some(body), None).await?).await
}

/// `E` under optimistic locking: `version` (the ETag read) goes in `If-Match`; a stale one fails
/// with 412 (`precondition_failed`).
pub async fn send_if_match<E>(path: &E::Path, version: i32, body: &E::Body) -> Result<E::Response, ApiError>
where
    E: Endpoint<Query = Nothing>,
    E::Body: Serialize + 'static,
    E::Response: DeserializeOwned,
{
    decode(exchange::<E>(path, &Nothing {}, Some(body), Some(version)).await?).await
}

/// `E` whose answer has no body (204), with its body if it takes one.
pub async fn act<E>(path: &E::Path, body: &E::Body) -> Result<(), ApiError>
where
    E: Endpoint<Query = Nothing, Response = NoContent>,
    E::Body: Serialize + 'static,
{
    let response = exchange::<E>(path, &Nothing {}, Some(body), None).await?;
    if response.ok() { Ok(()) } else { Err(problem(response).await) }
}

/// A file `E` answers with: its bytes and media type. Plain links cannot carry the access token, so
/// files are fetched here and handed to the browser from memory.
pub async fn download<E>(path: &E::Path, query: &E::Query) -> Result<(Vec<u8>, String), ApiError>
where
    E: Endpoint<Body = Nothing, Response = FileContent>,
{
    let response = exchange::<E>(path, query, None, None).await?;
    if !response.ok() {
        return Err(problem(response).await);
    }
    let media_type = response.headers().get("content-type").unwrap_or_default();
    let bytes = response.binary().await.map_err(|_| ApiError::Network)?;
    Ok((bytes, media_type))
}

/// Uploads `file` as the multipart part named `file` to `E`, decoding its answer.
pub async fn upload<E>(path: &E::Path, query: &E::Query, file: &web_sys::File) -> Result<E::Response, ApiError>
where
    E: Endpoint<Body = FileUpload>,
    E::Response: DeserializeOwned,
{
    let url = E::url(path, query);
    let form = web_sys::FormData::new().map_err(|_| ApiError::Network)?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::Network)?;
    // The browser writes the multipart Content-Type with its boundary itself.
    let response = retried(|| with_token(builder(E::METHOD, &url)).body(form.clone())).await?;
    decode(response).await
}

/// Signs in.
pub async fn login(username: &str, password: &str) -> Result<TokenResponse, ApiError> {
    let body = LoginRequest { username: username.to_owned(), password: password.to_owned() };
    decode(anonymous::<Login>(&body).await?).await
}

/// Ends the session on the server (best effort).
pub async fn logout(refresh_token: &str) -> Result<(), ApiError> {
    let body = RefreshRequest { refresh_token: refresh_token.to_owned() };
    act::<Logout>(&(), &body).await
}

/// The signed-in user.
pub async fn me() -> Result<Me, ApiError> {
    get::<GetMe>(&(), &Nothing {}).await
}

/// Changes the password; the answer is a new session.
pub async fn change_password(current: &str, new: &str) -> Result<TokenResponse, ApiError> {
    let body = ChangePasswordRequest { current_password: current.to_owned(), new_password: new.to_owned() };
    send::<ChangePassword>(&(), &body).await
}

/// Asks for a password-reset e-mail.
pub async fn request_password_reset(email: &str, mobile: &str) -> Result<(), ApiError> {
    let body = PasswordResetRequest { email: email.to_owned(), mobile: mobile.to_owned() };
    empty(anonymous::<RequestPasswordReset>(&body).await?).await
}

/// Sets a new password with the token from the reset e-mail.
pub async fn confirm_password_reset(token: &str, new_password: &str) -> Result<(), ApiError> {
    let body = PasswordResetConfirm { token: token.to_owned(), new_password: new_password.to_owned() };
    empty(anonymous::<ConfirmPasswordReset>(&body).await?).await
}

fn builder(method: Method, url: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Patch => Request::patch(url),
        Method::Delete => Request::delete(url),
    }
}

/// `builder` with the stored access token.
fn with_token(builder: RequestBuilder) -> RequestBuilder {
    match tokens::access() {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

/// Sends `E` signed in: the body as JSON when the endpoint takes one, `If-Match` when a version is
/// given; on 401 refreshes the tokens once and sends it again.
async fn exchange<E>(
    path: &E::Path,
    query: &E::Query,
    body: Option<&E::Body>,
    version: Option<i32>,
) -> Result<Response, ApiError>
where
    E: Endpoint,
    E::Body: Serialize + 'static,
{
    let url = E::url(path, query);
    let body = body.filter(|_| TypeId::of::<E::Body>() != TypeId::of::<Nothing>());
    let json = body.map(serde_json::to_string).transpose().map_err(|_| ApiError::Network)?;
    retried(|| {
        let mut request = with_token(builder(E::METHOD, &url));
        if let Some(version) = version {
            request = request.header("If-Match", &format!("\"{version}\""));
        }
        match &json {
            Some(json) => request.header("Content-Type", "application/json").body(json.clone()),
            None => request.build(),
        }
    })
    .await
}

/// Sends the request `build` makes; on 401 refreshes once and sends a fresh one.
async fn retried(build: impl Fn() -> Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let response = build().map_err(|_| ApiError::Network)?.send().await.map_err(|_| ApiError::Network)?;
    if response.status() != 401 || !refresh().await {
        return Ok(response);
    }
    build().map_err(|_| ApiError::Network)?.send().await.map_err(|_| ApiError::Network)
}

/// `E` without a session (sign-in, password reset): no token, no refresh.
async fn anonymous<E>(body: &E::Body) -> Result<Response, ApiError>
where
    E: Endpoint<Path = (), Query = Nothing>,
    E::Body: Serialize,
{
    let url = E::url(&(), &Nothing {});
    let request = builder(E::METHOD, &url).json(body).map_err(|_| ApiError::Network)?;
    request.send().await.map_err(|_| ApiError::Network)
}

/// Exchanges the stored refresh token; false (and the session cleared) if that fails.
async fn refresh() -> bool {
    let Some(refresh_token) = tokens::refresh() else { return false };
    let renewed = match anonymous::<RefreshSession>(&RefreshRequest { refresh_token }).await {
        Ok(response) if response.ok() => response.json::<TokenResponse>().await.ok(),
        _ => None,
    };
    match renewed {
        Some(pair) => {
            tokens::store(&pair);
            true
        }
        None => {
            tokens::clear();
            false
        }
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() { response.json::<T>().await.map_err(|_| ApiError::Network) } else { Err(problem(response).await) }
}

async fn empty(response: Response) -> Result<(), ApiError> {
    if response.ok() { Ok(()) } else { Err(problem(response).await) }
}

async fn problem(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => {
            let code = if status >= 500 { ErrorCode::Internal } else { ErrorCode::BadRequest };
            let mut problem = Problem::new(code, format!("HTTP {status}"));
            problem.status = status;
            ApiError::Problem(problem)
        }
    }
}
