// The customer list in the browser: the administrator narrows the list with every kind of filter the
// API offers (owner, department, region, source, status, size, dates, amounts, custom fields), sees bad
// values refused with a message, clears them, keeps them in a saved view; the list shows that it is
// loading; a sales rep selects every row and tags them, and is told which customers could not be tagged.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiFor, chinaDayIn } from "./api.mjs";
import { openBrowser, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Working#2024pass";
const { api, firstSession } = apiFor("customers_list", PASSWORD);

const HANGZHOU = "杭州甲科技有限公司";
const SHANGHAI = "上海乙贸易有限公司";
const BEIJING = "北京丙咨询有限公司";

let browser;
let admin;
const ids = {};
const users = {};
before(async () => {
  admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  const team = await api("/admin/departments", { method: "POST", body: { name: "杭州组" }, token: admin });
  const roles = await api("/admin/roles", { token: admin });
  const role = (code) => roles.find((r) => r.code === code).id;
  for (const [username, display_name, code] of [["wangjl", "王经理", "sales_manager"], ["lixs", "李晓松", "sales_rep"]]) {
    const body = { username, display_name, role_id: role(code), department_id: team.id, initial_password: "Start#2024go" };
    users[username] = (await api("/admin/users", { method: "POST", body, token: admin })).id;
    await firstSession(username, "Start#2024go");
  }
  const region = {
    key: "region", label_zh: "销售大区", label_en: "Sales region", field_type: "single_select",
    options: [{ code: "east", label_zh: "华东", label_en: "East" }, { code: "north", label_zh: "华北", label_en: "North" }],
  };
  const vip = { key: "vip", label_zh: "重点客户", label_en: "Key account", field_type: "boolean" };
  for (const body of [region, vip]) await api("/admin/custom-fields", { method: "POST", body, token: admin });
  const customer = (name, phone, extra) => ({
    name, phone, industry: "I65", contacts: [{ name: "联系人", mobile: phone }], ...extra,
  });
  const rows = [
    customer(HANGZHOU, "13800000001", {
      owner_id: users.wangjl, address: { province: "浙江省", city: "杭州市" }, source_channel: "exhibition",
      company_size: "lt_50", cumulative_amount: "500000.00", custom_fields: { region: "east", vip: true },
    }),
    customer(SHANGHAI, "13800000002", {
      owner_id: users.lixs, address: { province: "上海市", city: "上海市" }, source_channel: "referral",
      lifecycle_status: "cooperating", company_size: "gt_500", cumulative_amount: "80000", custom_fields: { region: "north", vip: false },
    }),
    customer(BEIJING, "13800000003", { address: { province: "北京市", city: "北京市" }, source_channel: "online_ads" }),
  ];
  for (const body of rows) ids[body.name] = (await api("/customers", { method: "POST", body, token: admin })).id;
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN" });
});
after(async () => {
  await browser?.close();
});

/// Waits until the list shows exactly `names` (in any order).
async function expectRows(page, names) {
  const list = page.getByTestId("customer-list");
  await page.waitForFunction(
    (expected) => {
      if (document.querySelector("[data-testid=customers-loading]")) return false;
      const shown = [...document.querySelectorAll("[data-testid=customer-list] tbody tr")].map((tr) => tr.dataset.customer);
      return shown.length === expected.length && expected.every((n) => shown.includes(n));
    },
    names,
  );
  assert.equal(await list.locator("tbody tr").count(), names.length);
}

test("the list combines every filter, refuses bad values, clears them and keeps them in a saved view", async () => {
  const { page, errors } = browser;
  await signIn(page, ADMIN, PASSWORD);
  await page.goto("/customers");
  await expectRows(page, [HANGZHOU, SHANGHAI, BEIJING]);
  const filters = page.getByTestId("customer-filters");
  const more = filters.getByTestId("more-filters");
  await more.locator("summary").click();
  const clear = filters.getByTestId("clear-filters");

  // Owner, then department combined with source.
  await more.locator("select[name=owner_id]").selectOption({ label: "王经理" });
  await expectRows(page, [HANGZHOU]);
  await page.getByTestId("customer-total").getByText("共 1 个客户").waitFor();
  assert.equal(await more.getByTestId("more-filters-count").textContent(), "1");
  await clear.click();
  await expectRows(page, [HANGZHOU, SHANGHAI, BEIJING]);
  assert.equal(await more.locator("select[name=owner_id]").inputValue(), "");
  await more.locator("select[name=department_id]").selectOption({ label: "杭州组" });
  await expectRows(page, [HANGZHOU, SHANGHAI]);
  await more.locator("select[name=source_channel]").selectOption({ label: "展会推广" });
  await expectRows(page, [HANGZHOU]);
  await clear.click();

  // Region by typed province (applied with Enter), lifecycle status, company size.
  await more.locator("input[name=province]").fill("上海市");
  await more.locator("input[name=province]").press("Enter");
  await expectRows(page, [SHANGHAI]);
  await clear.click();
  await more.locator("input[name=city]").fill("杭州市");
  await more.locator("input[name=city]").press("Enter");
  await expectRows(page, [HANGZHOU]);
  await clear.click();
  await more.locator("select[name=lifecycle_status]").selectOption({ label: "合作中" });
  await expectRows(page, [SHANGHAI]);
  await clear.click();
  await more.locator("select[name=company_size]").selectOption("lt_50");
  await expectRows(page, [HANGZHOU]);
  await clear.click();

  // Creation and change dates: nothing was created before today.
  await more.locator("input[name=created_to]").fill(chinaDayIn(-1));
  await page.getByTestId("no-customers").waitFor();
  await more.locator("input[name=created_to]").fill("");
  await more.locator("input[name=created_from]").fill(chinaDayIn(0));
  await expectRows(page, [HANGZHOU, SHANGHAI, BEIJING]);
  await more.locator("input[name=updated_from]").fill(chinaDayIn(1));
  await page.getByTestId("no-customers").waitFor();
  await clear.click();
  await expectRows(page, [HANGZHOU, SHANGHAI, BEIJING]);

  // Amounts: a range, a value that is not an amount, a range upside down.
  await more.locator("input[name=amount_min]").fill("100000");
  await more.locator("input[name=amount_min]").press("Enter");
  await expectRows(page, [HANGZHOU]);
  await more.locator("input[name=amount_min]").fill("十万");
  await more.locator("input[name=amount_min]").press("Enter");
  await page.getByTestId("filter-error").getByText("金额须为数字").waitFor();
  assert.equal(await more.locator("input[name=amount_min]").getAttribute("aria-invalid"), "true");
  await expectRows(page, [HANGZHOU]);
  await more.locator("input[name=amount_min]").fill("600000");
  await more.locator("input[name=amount_max]").fill("100000");
  await more.locator("input[name=amount_max]").press("Enter");
  await page.getByTestId("filter-error").getByText("下限不能高于上限").waitFor();
  await more.locator("input[name=amount_min]").fill("50000");
  await more.locator("input[name=amount_max]").press("Enter");
  await expectRows(page, [SHANGHAI]);
  assert.equal(await page.getByTestId("filter-error").count(), 0);
  await clear.click();

  // Custom fields: a single choice and a yes/no field (cf=key:value).
  await more.locator("select[name='cf.region']").selectOption({ label: "华东" });
  await expectRows(page, [HANGZHOU]);
  await more.locator("select[name='cf.region']").selectOption("");
  await more.locator("select[name='cf.vip']").selectOption({ label: "否" });
  await expectRows(page, [SHANGHAI]);
  await clear.click();

  // A saved view keeps the filters of the panel.
  await more.locator("select[name=owner_id]").selectOption({ label: "李晓松" });
  await more.locator("select[name='cf.region']").selectOption({ label: "华北" });
  await more.locator("input[name=amount_max]").fill("100000");
  await more.locator("input[name=amount_max]").press("Enter");
  await expectRows(page, [SHANGHAI]);
  const views = page.getByTestId("saved-views");
  await views.locator("input[name=view_name]").fill("华北小客户");
  await views.getByRole("button", { name: "保存为视图" }).click();
  await views.getByTestId("delete-view").waitFor();
  const saved = (await api("/saved-views?resource=customers", { token: admin })).find((v) => v.name === "华北小客户");
  assert.match(saved.filters, new RegExp(`owner_id=${users.lixs}`));
  assert.match(saved.filters, /amount_max=100000/);
  assert.match(saved.filters, /cf=region%3Anorth/);
  await page.goto("/customers");
  await expectRows(page, [HANGZHOU, SHANGHAI, BEIJING]);
  // A wrong amount is reported until a saved view replaces it.
  await page.getByTestId("more-filters").locator("summary").click();
  await page.getByTestId("more-filters").locator("input[name=amount_min]").fill("1.234");
  await page.getByTestId("more-filters").locator("input[name=amount_min]").press("Enter");
  await page.getByTestId("filter-error").getByText("最多两位小数").waitFor();
  await page.getByTestId("saved-views").locator("select[name=view]").selectOption({ label: "华北小客户" });
  await expectRows(page, [SHANGHAI]);
  await page.getByTestId("filter-error").waitFor({ state: "detached" });
  const reopened = page.getByTestId("more-filters");
  assert.equal(await reopened.locator("select[name=owner_id]").inputValue(), String(users.lixs));
  assert.equal(await reopened.locator("select[name='cf.region']").inputValue(), "north");
  assert.equal(await reopened.locator("input[name=amount_max]").inputValue(), "100000");
  assert.equal(await reopened.getByTestId("more-filters-count").textContent(), "3");
  await page.getByTestId("clear-filters").click();
  await expectRows(page, [HANGZHOU, SHANGHAI, BEIJING]);
  assert.equal(await reopened.locator("input[name=amount_max]").inputValue(), "");
  assert.deepEqual(errors, []);
});

test("the list shows that a page is loading", async () => {
  const { page, errors } = browser;
  await page.goto("/customers");
  await expectRows(page, [HANGZHOU, SHANGHAI, BEIJING]);
  // Hold the list's answers back for a moment.
  const slow = async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  };
  await page.route(/\/api\/v1\/customers\?/, slow);
  await page.getByTestId("customer-filters").locator("select[name=grade]").selectOption("C");
  await page.getByTestId("customers-loading").getByText("正在加载客户").waitFor();
  assert.equal(await page.getByTestId("customer-list").getAttribute("aria-busy"), "true");
  await page.getByTestId("customers-loading").waitFor({ state: "detached" });
  await page.unroute(/\/api\/v1\/customers\?/, slow);
  await expectRows(page, [HANGZHOU, SHANGHAI, BEIJING]);
  assert.equal(await page.getByTestId("customer-list").getAttribute("aria-busy"), "false");
  assert.deepEqual(errors, []);
});

test("a rep selects every row and tags them; a customer shared for viewing only is reported as not tagged", async () => {
  const { page, errors } = browser;
  await api(`/customers/${ids[HANGZHOU]}/collaborators/${users.lixs}`, { method: "PUT", body: { access: "view" }, token: admin });
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  await signIn(page, "lixs", PASSWORD);
  await page.goto("/customers");
  await expectRows(page, [HANGZHOU, SHANGHAI]);

  const all = page.getByTestId("select-all");
  await all.check();
  await page.getByTestId("selected-count").getByText("已选 2 个").waitFor();
  assert.equal(await page.getByTestId("customer-list").locator("tbody input[type=checkbox]:checked").count(), 2);
  await all.uncheck();
  await page.getByTestId("selected-count").waitFor({ state: "detached" });
  await all.check();

  const bulk = page.getByTestId("bulk-tag");
  await bulk.locator("select[name=bulk_tag]").selectOption({ label: "高潜力客户" });
  await bulk.getByRole("button", { name: "批量添加标签" }).click();
  const result = page.getByTestId("bulk-tag-result");
  await result.getByText("已为 1 个客户添加标签，0 个客户已有该标签。").waitFor();
  await result.getByText("1 个客户未能添加标签").waitFor();
  const failure = result.getByTestId("bulk-tag-failures").locator(`li[data-customer='${HANGZHOU}']`);
  await failure.getByText("您只能查看此记录，不能修改").waitFor();
  assert.equal(await result.getByTestId("bulk-tag-failures").locator("li").count(), 1);

  const tagged = await api(`/customers/${ids[SHANGHAI]}`, { token: admin });
  const untouched = await api(`/customers/${ids[HANGZHOU]}`, { token: admin });
  assert.deepEqual(tagged.tags, ["high_potential"]);
  assert.deepEqual(untouched.tags, []);
  // The list was reloaded: the tag filter now finds the tagged customer.
  await page.getByTestId("customer-filters").locator("select[name=tag]").selectOption({ label: "高潜力客户" });
  await expectRows(page, [SHANGHAI]);
  assert.deepEqual(errors, []);
});
