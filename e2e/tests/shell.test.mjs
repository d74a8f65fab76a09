// The app shell: sign-in page and shell in zh-CN, the English switch, deep links, 404, sign-out.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openBrowser } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const NEW_PASSWORD = "Shell#2024pass";

let browser;
before(async () => {
  browser = await openBrowser({ file: import.meta.filename, locale: "en-US" });
});
after(async () => {
  await browser?.close();
});

test("the sign-in page is in Chinese by default and shows the server version", async () => {
  const { page, errors } = browser;
  await page.goto("/");
  await page.waitForURL((url) => url.pathname === "/login");
  await page.getByRole("heading", { name: "登录" }).waitFor();
  await page.getByText("客户关系管理系统").waitFor();
  const version = await page.getByTestId("server-version").getByText(/服务器版本 \d+\.\d+\.\d+/).textContent();
  assert.match(version, /^服务器版本 \d+\.\d+\.\d+$/);
  assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
  assert.deepEqual(errors, []);
});

test("a wrong password shows a clear message", async () => {
  const { page, errors } = browser;
  await page.getByLabel("用户名或邮箱").fill(ADMIN);
  await page.getByLabel("密码").fill("Wrong#2024pass");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("alert").getByText("用户名或密码错误。").waitFor();
  assert.deepEqual(errors, []);
});

test("the first sign-in forces a password change, then opens the shell", async () => {
  const { page, errors } = browser;
  await page.getByLabel("用户名或邮箱").fill(ADMIN);
  await page.getByLabel("密码").fill(INITIAL_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => url.pathname === "/change-password");
  await page.getByLabel("当前密码").fill(INITIAL_PASSWORD);
  await page.getByLabel("新密码", { exact: true }).fill("short");
  await page.getByLabel("确认新密码").fill("short");
  await page.getByRole("button", { name: "保存新密码" }).click();
  await page.getByRole("alert").getByText("至少 8 位，须包含字母、数字和特殊字符。").waitFor();
  await page.getByLabel("新密码", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("确认新密码").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "保存新密码" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  const nav = page.getByTestId("side-nav");
  for (const label of ["工作台", "客户", "跟进记录", "需求与任务", "线索", "商机", "服务工单", "报表", "系统管理"]) {
    await nav.getByRole("link", { name: label, exact: true }).waitFor();
  }
  await page.getByTestId("brand").getByText("客户关系管理系统").waitFor();
  // Each page names itself in the browser tab.
  await page.waitForFunction(() => document.title === "我的一天 - 客户关系管理系统");
  assert.deepEqual(errors, []);
});

test("the language switch turns the shell into English and is remembered across a deep-link reload", async () => {
  const { page, errors } = browser;
  await page.getByTestId("language-switch").click();
  const nav = page.getByTestId("side-nav");
  await nav.getByRole("link", { name: "Customers", exact: true }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");

  await page.goto("/customers");
  await page.getByTestId("customers-page").getByRole("heading", { name: "Customers" }).waitFor();
  await nav.getByRole("link", { name: "Follow-ups", exact: true }).waitFor();
  assert.equal(await nav.getByRole("link", { name: "Customers", exact: true }).getAttribute("aria-current"), "page");
  await page.waitForFunction(() => document.title === "Customers - Customer Relationship Management");
  assert.deepEqual(errors, []);
});

test("a switch on a nested page holds after a reload, and dictionary labels follow it at once", async () => {
  const { page, errors } = browser;
  await page.goto("/customers/new");
  const form = page.getByTestId("customer-form");
  const source = form.locator("select[name=source_channel] option[value=exhibition]");
  assert.equal(await source.textContent(), "Trade shows");
  // To Chinese and back on /customers/new: the labels change without a reload.
  await page.getByTestId("language-switch").click();
  await page.getByTestId("new-customer-page").getByRole("heading", { name: "新建客户" }).waitFor();
  assert.equal(await source.textContent(), "展会推广");
  await page.reload();
  await page.getByTestId("new-customer-page").getByRole("heading", { name: "新建客户" }).waitFor();
  await page.getByTestId("language-switch").click();
  assert.equal(await source.textContent(), "Trade shows");
  // The choice is the site's, not the page's: it holds after a reload here and elsewhere.
  await page.reload();
  assert.equal(await source.textContent(), "Trade shows");
  await page.goto("/");
  await page.getByTestId("side-nav").getByRole("link", { name: "Customers", exact: true }).waitFor();
  const cookies = (await page.context().cookies()).filter((c) => c.name === "i18n_pref_locale");
  assert.deepEqual(cookies.map((c) => [c.path, c.value]), [["/", "en"]]);
  assert.deepEqual(errors, []);
});

test("an unknown address shows the not-found page", async () => {
  const { page, errors } = browser;
  await page.goto("/no/such/page");
  await page.getByTestId("not-found").getByRole("heading", { name: "Page not found" }).waitFor();
  assert.deepEqual(errors, []);
});

test("signing out returns to the sign-in page and ends the session", async () => {
  const { page, errors } = browser;
  await page.goto("/reports");
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.goto("/customers");
  await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("next") === "/customers");
  assert.deepEqual(errors, []);
});

test("the API documentation renders from the server alone, within the content security policy", async () => {
  const { page, errors } = browser;
  const outside = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.hostname !== "127.0.0.1" && url.protocol !== "data:") outside.push(request.url());
  });
  await page.goto("/api/docs/");
  await page.getByRole("heading", { name: /CRM API/ }).waitFor();
  await page.getByText("/api/v1/auth/login").first().waitFor();
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
});
