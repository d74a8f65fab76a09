//! The signed-in user, shared through context, and the tokens kept in local storage so that a reload
//! keeps the session.

use crm_types::auth::{Me, TokenResponse};
use leptos::prelude::*;

/// Where the app stands with the session.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Checking stored tokens with the server.
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Somebody is signed in.
    SignedIn(Me),
}

/// The session, provided at the root.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<SessionState>);

impl Session {
    /// Provides the session context and starts checking stored tokens.
    pub fn provide() -> Self {
        let session = Self(RwSignal::new(SessionState::Loading));
        provide_context(session);
        session.reload();
        session
    }

    /// Asks the server who the stored tokens belong to.
    pub fn reload(self) {
        if tokens::access().is_none() {
            self.0.set(SessionState::SignedOut);
            return;
        }
        leptos::task::spawn_local(async move {
            let state = match crate::api::me().await {
                Ok(me) => SessionState::SignedIn(me),
                Err(_) => SessionState::SignedOut,
            };
            self.0.set(state);
        });
    }

    /// Stores a new token pair and loads the user.
    pub fn start(self, pair: &TokenResponse) {
        tokens::store(pair);
        // Until the server has answered, nothing may act on the previous user's state.
        self.0.set(SessionState::Loading);
        self.reload();
    }

    /// Signs out here and on the server.
    pub fn end(self) {
        let refresh = tokens::refresh();
        tokens::clear();
        self.0.set(SessionState::SignedOut);
        if let Some(refresh) = refresh {
            leptos::task::spawn_local(async move {
                // The local session is gone either way; the server forgets it when it can.
                let _ = crate::api::logout(&refresh).await;
            });
        }
    }
}

/// The session from context.
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(Session::provide)
}

/// Token storage.
pub mod tokens {
    use crm_types::auth::TokenResponse;
    use gloo_storage::{LocalStorage, Storage};

    const ACCESS: &str = "crm.access_token";
    const REFRESH: &str = "crm.refresh_token";

    /// The stored access token.
    pub fn access() -> Option<String> {
        LocalStorage::get(ACCESS).ok()
    }

    /// The stored refresh token.
    pub fn refresh() -> Option<String> {
        LocalStorage::get(REFRESH).ok()
    }

    /// Keeps a new pair.
    pub fn store(pair: &TokenResponse) {
        // Storage can be unavailable (private mode); the session then lasts for this page view only.
        let _ = LocalStorage::set(ACCESS, &pair.access_token);
        let _ = LocalStorage::set(REFRESH, &pair.refresh_token);
    }

    /// Forgets the tokens.
    pub fn clear() {
        LocalStorage::delete(ACCESS);
        LocalStorage::delete(REFRESH);
    }
}
