// A sales rep's day on a phone (390 × 844, touch): sign in, today's agenda, the customer from the menu
// drawer, a tap-to-call number, a follow-up logged on the road — and on every page nothing wider than
// the screen, and buttons and fields big enough for a thumb.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiFor } from "./api.mjs";
import { openBrowser, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Phone#2024pass";
const { api, firstSession } = apiFor("phone", PASSWORD);
const CUSTOMER = "宁波港城国际贸易有限公司（外贸进出口及跨境电商综合服务）";

let browser;
let customerPath;
before(async () => {
  const admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  const team = await api("/admin/departments", { method: "POST", body: { name: "宁波销售组" }, token: admin });
  const roles = await api("/admin/roles", { token: admin });
  const rep = roles.find((r) => r.code === "sales_rep").id;
  const body = { username: "zhoum", display_name: "周敏", role_id: rep, department_id: team.id, initial_password: "Start#2024go" };
  await api("/admin/users", { method: "POST", body, token: admin });
  const token = await firstSession("zhoum", "Start#2024go");
  const customer = {
    name: CUSTOMER,
    phone: "13957400001",
    industry: "F51",
    notes: "客户的采购负责人常驻宁波北仑港区办公室，邮箱 procurement.department@ningbo-portcity-trading.example.com",
    contacts: [{ name: "王海波", mobile: "13957400002", is_primary: true }],
  };
  customerPath = `/customers/${(await api("/customers", { method: "POST", body: customer, token })).id}`;
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN", phone: true });
});
after(async () => {
  await browser?.close();
});

// Nothing scrolls sideways, and every visible button and field is at least 44 px high.
async function fitsThePhone(page, where) {
  const found = await page.evaluate(() => {
    const small = [...document.querySelectorAll("button, select, input:not([type=checkbox]):not([type=radio]), textarea")]
      .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 43.5)
      .map((e) => `${e.tagName.toLowerCase()}[${e.getAttribute("name") ?? e.getAttribute("data-testid") ?? e.textContent.trim()}]`);
    return { width: document.documentElement.scrollWidth, screen: window.innerWidth, small };
  });
  assert.ok(found.width <= found.screen, `${where}: the page is ${found.width} px wide on a ${found.screen} px screen`);
  assert.deepEqual(found.small, [], `${where}: too small to tap`);
}

test("a rep's day on a phone: agenda, customer, call, follow-up, with nothing wider than the screen", async () => {
  const { page, errors } = browser;
  await page.goto("/login");
  await page.getByLabel("用户名或邮箱").waitFor();
  await fitsThePhone(page, "sign-in");
  await signIn(page, "zhoum", PASSWORD);
  await page.getByTestId("my-day").waitFor();
  await fitsThePhone(page, "my day");

  // The navigation is a drawer behind the menu button; a choice closes it.
  const menu = page.getByTestId("menu-button");
  assert.equal(await menu.getAttribute("aria-expanded"), "false");
  await menu.click();
  assert.equal(await menu.getAttribute("aria-expanded"), "true");
  await page.getByTestId("profile-menu").getByText("周敏").waitFor();
  await page.getByTestId("side-nav").getByRole("link", { name: "客户", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/customers");
  assert.equal(await menu.getAttribute("aria-expanded"), "false");
  const list = page.getByTestId("customer-list");
  await list.getByRole("link", { name: CUSTOMER }).waitFor();
  await fitsThePhone(page, "customer list");

  // The 360° view: the numbers are a tap away from a call.
  await list.getByRole("link", { name: CUSTOMER }).click();
  await page.waitForURL((url) => url.pathname === customerPath);
  assert.equal(await page.getByTestId("customer-detail").getByTestId("tel").first().getAttribute("href"), "tel:13957400001");
  assert.equal(await page.getByTestId("contacts").getByTestId("tel").getAttribute("href"), "tel:13957400002");
  await fitsThePhone(page, "360° view");

  // A follow-up logged on the road.
  const section = page.getByTestId("followups");
  await section.getByTestId("add-followup").click();
  const form = section.getByTestId("followup-form");
  await form.locator("select[name=kind]").selectOption({ label: "拜访" });
  await form.locator("input[name=topic]").fill("港区现场拜访");
  await form.locator("textarea[name=summary]").fill("拜访采购负责人，确认下季度的报关系统需求。");
  await fitsThePhone(page, "follow-up form");
  await form.getByRole("button", { name: "保存跟进" }).click();
  await section.locator("li.followup[data-topic='港区现场拜访']").waitFor();
  await fitsThePhone(page, "360° view with the follow-up");

  // Signing out is in the menu's profile section.
  await menu.click();
  await page.getByTestId("menu-sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  assert.deepEqual(errors, []);
});
