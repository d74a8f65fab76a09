// The API as the browser tests drive it to set up their data: JSON requests that must succeed, and the
// first sign-in of a user, which sets their working password.
import assert from "node:assert/strict";
import { serverFor } from "./browser.mjs";

/// Requests to the server of test file `name`; a new user's first session sets `password`.
export function apiFor(name, password) {
  const base = serverFor(name);

  async function api(path, { method = "GET", body, token } = {}) {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  // Signs in with an initial password and sets the working one; returns the access token.
  async function firstSession(username, initial) {
    const first = await api("/auth/login", { method: "POST", body: { username, password: initial } });
    const body = { current_password: initial, new_password: password };
    return (await api("/auth/password", { method: "POST", body, token: first.access_token })).access_token;
  }

  return { api, firstSession };
}

/// The day of `at` in China Standard Time, as `YYYY-MM-DD`.
export function chinaDay(at) {
  const format = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
  return format.format(at);
}

/// The day `days` from now in China Standard Time, as `YYYY-MM-DD`.
export function chinaDayIn(days) {
  return chinaDay(new Date(Date.now() + days * 86_400_000));
}
