//! The typed API client: one function per endpoint, speaking the server's DTOs from `crm-types`.
//! An expired access token is refreshed once, transparently; a failed refresh ends the session.

use crm_types::auth::{
    ChangePasswordRequest, LoginRequest, Me, PasswordResetConfirm, PasswordResetRequest, RefreshRequest, TokenResponse,
};
use crm_types::system::VersionInfo;
use crm_types::{ErrorCode, Problem};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::tokens;

const BASE: &str = "/api/v1";

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

/// The server's version; needs no sign-in.
pub async fn version() -> Result<VersionInfo, ApiError> {
    decode(send(Request::get(&url("/version")), None::<&()>).await?).await
}

/// Signs in.
pub async fn login(username: &str, password: &str) -> Result<TokenResponse, ApiError> {
    let body = LoginRequest { username: username.to_owned(), password: password.to_owned() };
    decode(send(Request::post(&url("/auth/login")), Some(&body)).await?).await
}

/// Ends the session on the server (best effort).
pub async fn logout(refresh_token: &str) -> Result<(), ApiError> {
    let body = RefreshRequest { refresh_token: refresh_token.to_owned() };
    let response = send(Request::post(&url("/auth/logout")), Some(&body)).await?;
    if response.ok() { Ok(()) } else { Err(problem(response).await) }
}

/// The signed-in user.
pub async fn me() -> Result<Me, ApiError> {
    authorized(|| Request::get(&url("/me")), None::<&()>).await
}

/// Changes the password; the answer is a new session.
pub async fn change_password(current: &str, new: &str) -> Result<TokenResponse, ApiError> {
    let body = ChangePasswordRequest { current_password: current.to_owned(), new_password: new.to_owned() };
    authorized(|| Request::post(&url("/auth/password")), Some(&body)).await
}

/// Asks for a password-reset e-mail.
pub async fn request_password_reset(email: &str, mobile: &str) -> Result<(), ApiError> {
    let body = PasswordResetRequest { email: email.to_owned(), mobile: mobile.to_owned() };
    let response = send(Request::post(&url("/auth/password-reset/request")), Some(&body)).await?;
    if response.ok() { Ok(()) } else { Err(problem(response).await) }
}

/// Sets a new password with the token from the reset e-mail.
pub async fn confirm_password_reset(token: &str, new_password: &str) -> Result<(), ApiError> {
    let body = PasswordResetConfirm { token: token.to_owned(), new_password: new_password.to_owned() };
    let response = send(Request::post(&url("/auth/password-reset/confirm")), Some(&body)).await?;
    if response.ok() { Ok(()) } else { Err(problem(response).await) }
}

/// GET of a signed-in resource.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let path = url(path);
    authorized(|| Request::get(&path), None::<&()>).await
}

/// POST, PUT or PATCH of a signed-in resource, decoding the answer.
pub async fn write<B: Serialize, T: DeserializeOwned>(method: Method, path: &str, body: &B) -> Result<T, ApiError> {
    let path = url(path);
    authorized(|| builder(method, &path), Some(body)).await
}

/// PATCH under optimistic locking: `version` goes in `If-Match`; a stale one fails with 412.
pub async fn patch_versioned<B: Serialize, T: DeserializeOwned>(
    path: &str,
    version: i32,
    body: &B,
) -> Result<T, ApiError> {
    let path = url(path);
    let tag = format!("\"{version}\"");
    authorized(|| Request::patch(&path).header("If-Match", &tag), Some(body)).await
}

/// A signed-in call whose answer has no body (204), such as DELETE.
pub async fn call<B: Serialize>(method: Method, path: &str, body: Option<&B>) -> Result<(), ApiError> {
    let path = url(path);
    authorized_empty(|| builder(method, &path), body).await
}

/// Uploads `file` as the multipart part named `file` (POST to `path`), decoding the answer.
pub async fn upload<T: DeserializeOwned>(path: &str, file: &web_sys::File) -> Result<T, ApiError> {
    let path = url(path);
    let form = web_sys::FormData::new().map_err(|_| ApiError::Network)?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::Network)?;
    // The browser writes the multipart Content-Type with its boundary itself.
    decode(exchange(|| bearer(Request::post(&path)).body(form.clone())).await?).await
}

/// A signed-in download: the bytes and their media type. Plain links cannot carry the access token,
/// so files are fetched here and handed to the browser from memory.
pub async fn download(path: &str) -> Result<(Vec<u8>, String), ApiError> {
    let path = url(path);
    let response = exchange(|| bearer(Request::get(&path)).build()).await?;
    if !response.ok() {
        return Err(problem(response).await);
    }
    let media_type = response.headers().get("content-type").unwrap_or_default();
    let bytes = response.binary().await.map_err(|_| ApiError::Network)?;
    Ok((bytes, media_type))
}

/// The HTTP methods the client uses for writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

fn builder(method: Method, path: &str) -> RequestBuilder {
    match method {
        Method::Post => Request::post(path),
        Method::Put => Request::put(path),
        Method::Patch => Request::patch(path),
        Method::Delete => Request::delete(path),
    }
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

async fn send<B: Serialize>(request: RequestBuilder, body: Option<&B>) -> Result<Response, ApiError> {
    let request = match body {
        Some(body) => request.json(body).map_err(|_| ApiError::Network)?,
        None => request.build().map_err(|_| ApiError::Network)?,
    };
    request.send().await.map_err(|_| ApiError::Network)
}

/// Sends with the access token; on 401 refreshes once and retries.
async fn authorized<T: DeserializeOwned, B: Serialize>(
    request: impl Fn() -> RequestBuilder,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let with_token = |builder: RequestBuilder| match tokens::access() {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    };
    let response = send(with_token(request()), body).await?;
    if response.status() != 401 || !refresh().await {
        return decode(response).await;
    }
    decode(send(with_token(request()), body).await?).await
}

/// Like [`authorized`] for answers without a body.
async fn authorized_empty<B: Serialize>(
    request: impl Fn() -> RequestBuilder,
    body: Option<&B>,
) -> Result<(), ApiError> {
    let with_token = |builder: RequestBuilder| match tokens::access() {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    };
    let mut response = send(with_token(request()), body).await?;
    if response.status() == 401 && refresh().await {
        response = send(with_token(request()), body).await?;
    }
    if response.ok() { Ok(()) } else { Err(problem(response).await) }
}

/// `builder` with the stored access token.
fn bearer(builder: RequestBuilder) -> RequestBuilder {
    match tokens::access() {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

/// Sends the request `build` makes; on 401 refreshes once and sends a fresh one.
async fn exchange(build: impl Fn() -> Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let response = build().map_err(|_| ApiError::Network)?.send().await.map_err(|_| ApiError::Network)?;
    if response.status() != 401 || !refresh().await {
        return Ok(response);
    }
    build().map_err(|_| ApiError::Network)?.send().await.map_err(|_| ApiError::Network)
}

/// Exchanges the stored refresh token; false (and the session cleared) if that fails.
async fn refresh() -> bool {
    let Some(refresh_token) = tokens::refresh() else { return false };
    let body = RefreshRequest { refresh_token };
    let renewed = match send(Request::post(&url("/auth/refresh")), Some(&body)).await {
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

async fn problem(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Problem(Problem::new(
            if status >= 500 { ErrorCode::Internal } else { ErrorCode::BadRequest },
            status,
            "Error",
            format!("HTTP {status}"),
        )),
    }
}
