//! Typed actors and typed calls: a user of a seeded role with their token, and a request made from an
//! endpoint declared in `crm_types::api` with its DTOs — so a test sends exactly what a client sends,
//! to the path the server serves, and a renamed route or field breaks the test at compile time.

use crm_types::UserId;
use crm_types::api::{Endpoint, Method, Nothing};
use reqwest::Response;
use serde::Serialize;

use crate::helpers::{TestApp, USER_PASSWORD};

/// The seeded roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    SalesRep,
    SalesManager,
    ServiceAgent,
    Marketing,
    Analyst,
}

impl Role {
    /// The role's code.
    pub fn code(self) -> &'static str {
        match self {
            Self::SalesRep => "sales_rep",
            Self::SalesManager => "sales_manager",
            Self::ServiceAgent => "service_agent",
            Self::Marketing => "marketing",
            Self::Analyst => "analyst",
        }
    }
}

/// A signed-in user: who, and the access token of their session.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: UserId,
    pub token: String,
}

impl TestApp {
    /// A new user `username` of `role` in `department`, signed in (initial password changed).
    pub async fn actor(&self, admin: &str, username: &str, role: Role, department: Option<i64>) -> Actor {
        let user = self.create_user(admin, username, role.code(), department).await;
        let token = self.first_session(username, "Initial#2024", USER_PASSWORD).await;
        Actor { id: user.id, token }
    }

    /// Calls `E` as `token`, with the body when the endpoint takes one and `If-Match` when a version
    /// is given.
    pub async fn call<E>(
        &self,
        path: &E::Path,
        query: &E::Query,
        body: &E::Body,
        version: Option<i32>,
        token: &str,
    ) -> Response
    where
        E: Endpoint,
        E::Body: Serialize + 'static,
    {
        let method = match E::METHOD {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut request = self.client.request(method, self.url(&E::url(path, query))).bearer_auth(token);
        if std::any::TypeId::of::<E::Body>() != std::any::TypeId::of::<Nothing>() {
            request = request.json(body);
        }
        if let Some(version) = version {
            request = request.header("If-Match", format!("\"{version}\""));
        }
        request.send().await.unwrap()
    }
}
