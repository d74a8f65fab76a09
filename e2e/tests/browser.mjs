// Launches headless Chromium for a test: a fresh profile, no network beyond the server under test, and
// every page error or console error recorded so that a broken WASM module fails fast and clearly.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const BASE_URL = process.env.CRM_E2E_URL ?? "http://127.0.0.1:18080";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The browser reports expected 4xx answers (a wrong password, an expired token) as console errors.
const EXPECTED = /Failed to load resource: the server responded with a status of 4\d\d/;

export async function openBrowser({ locale = "en-US" } = {}) {
  const profile = await mkdtemp(join(tmpdir(), "crm-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    locale,
    baseURL: BASE_URL,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !EXPECTED.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  return {
    page,
    errors,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
