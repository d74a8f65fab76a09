// Accessibility: axe-core checks every main page, at desktop width and on a phone, signed in as the
// administrator (who sees every module and every section), with a customer, a follow-up and a
// demand to show. No serious or critical violation of WCAG 2.1 A/AA may remain.
import { after, before, test } from "node:test";
import { apiFor } from "./api.mjs";
import { checkAccessibility, openBrowser, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Access#2024pass";
const { api, firstSession } = apiFor("accessibility", PASSWORD);

let pages;
before(async () => {
  const token = await firstSession(ADMIN, INITIAL_PASSWORD);
  const body = {
    name: "无障碍检查科技有限公司",
    phone: "13800138000",
    industry: "I65",
    contacts: [{ name: "张伟", mobile: "13800138001", is_primary: true }],
  };
  const customer = await api("/customers", { method: "POST", body, token });
  await api("/followups", {
    method: "POST",
    token,
    body: {
      customer_id: customer.id,
      occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
      kind: "phone",
      topic: "需求沟通",
      summary: "电话沟通数据平台需求，客户希望下月演示。",
    },
  });
  const demand = await api("/demands", { method: "POST", token, body: { customer_id: customer.id, description: "对接 ERP 订单接口" } });
  pages = [
    "/",
    "/customers",
    "/customers/new",
    `/customers/${customer.id}`,
    `/customers/${customer.id}/edit`,
    "/customers/import",
    "/followups",
    "/demands",
    `/demands/${demand.id}`,
    "/tasks",
    "/me/notifications",
    "/reports",
    "/admin/users",
    "/admin/departments",
    "/admin/roles",
    "/admin/modules",
    "/admin/api-keys",
    "/admin/audit-log",
    "/admin/dictionaries",
    "/admin/settings",
    "/admin/calendar",
  ];
});

for (const phone of [false, true]) {
  test(`every main page passes axe-core ${phone ? "on a phone" : "at desktop width"}`, async () => {
    const browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN", phone });
    try {
      const { page } = browser;
      await page.goto("/login");
      await page.getByLabel("用户名或邮箱").waitFor();
      await checkAccessibility(page, "/login");
      await signIn(page, ADMIN, PASSWORD);
      for (const path of pages) {
        await page.goto(path);
        await page.getByTestId("side-nav").waitFor();
        await page.waitForLoadState("networkidle");
        await checkAccessibility(page, path);
      }
    } finally {
      await browser.close();
    }
  });
}
