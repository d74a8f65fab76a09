// Launches headless Chromium for a test: a fresh profile, no network beyond the server under test, and
// every page error or console error recorded so that a broken WASM module fails fast and clearly.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { chromium } from "playwright-core";


// scripts/e2e.sh starts a server per test file and passes them as `name=url name=url …`.
const servers = Object.fromEntries(
  (process.env.CRM_E2E_SERVERS ?? "").split(" ").filter(Boolean).map((pair) => pair.split("=")),
);

/// The server for the test file `name` (its file name without `.test.mjs`).
export function serverFor(name) {
  return servers[name] ?? process.env.CRM_E2E_URL ?? "http://127.0.0.1:18080";
}

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

// A phone as field sales hold it: 390 × 844 CSS pixels, touch, a phone's user agent.
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
};

export async function openBrowser({ file, locale = "en-US", phone = false }) {
  const baseURL = serverFor(basename(file, ".test.mjs"));
  const profile = await mkdtemp(join(tmpdir(), "crm-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    locale,
    baseURL,
    ...(phone ? PHONE : {}),
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

/// Signs in through the login page (zh-CN) and waits for the signed-in shell.
export async function signIn(page, username, password) {
  await page.goto("/login");
  await page.getByLabel("用户名或邮箱").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByTestId("side-nav").waitFor();
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/// Runs axe-core on the page as it is now and fails on any serious or critical violation of WCAG 2 A
/// and AA, naming the rule and the elements. (Evaluated through the DevTools protocol, which the
/// page's content security policy does not restrict.)
export async function checkAccessibility(page, where) {
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.evaluate(await readFile(AXE, "utf8"));
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
  if (violations.length) throw new Error(`${where}: accessibility violations:\n${violations.join("\n")}`);
}
