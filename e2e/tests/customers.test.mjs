// Customers in the browser: a sales manager creates a customer with two contacts, is warned about a
// look-alike, filters the list, opens the 360° view, changes the stage with a reason and hands the
// customer over to a rep, who then sees it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiFor } from "./api.mjs";
import { openBrowser, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Working#2024pass";
const { api, firstSession } = apiFor("customers", PASSWORD);

let browser;
before(async () => {
  const admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  const team = await api("/admin/departments", { method: "POST", body: { name: "杭州组" }, token: admin });
  const roles = await api("/admin/roles", { token: admin });
  const role = (code) => roles.find((r) => r.code === code).id;
  for (const [username, display_name, code] of [["wangjl", "王经理", "sales_manager"], ["lixs", "李晓松", "sales_rep"]]) {
    const body = { username, display_name, role_id: role(code), department_id: team.id, initial_password: "Start#2024go" };
    await api("/admin/users", { method: "POST", body, token: admin });
    await firstSession(username, "Start#2024go");
  }
  const options = [{ code: "east", label_zh: "华东", label_en: "East" }, { code: "north", label_zh: "华北", label_en: "North" }];
  const field = { key: "region", label_zh: "销售大区", label_en: "Sales region", field_type: "single_select", options };
  await api("/admin/custom-fields", { method: "POST", body: field, token: admin });
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN" });
});
after(async () => {
  await browser?.close();
});

test("a manager creates, finds, advances and hands over a customer; the new owner sees it", async () => {
  const { page, errors } = browser;
  await signIn(page, "wangjl", PASSWORD);
  await page.getByTestId("side-nav").getByRole("link", { name: "客户" }).click();
  await page.getByTestId("customer-list").waitFor();
  await page.getByTestId("no-customers").waitFor();

  // Create a customer with two contacts; the client checks the rules first.
  await page.getByTestId("new-customer").click();
  const form = page.getByTestId("customer-form");
  await form.getByRole("button", { name: "保存" }).click();
  await form.locator("label:has(input[name=name]) .field-error").getByText("必填").waitFor();
  await form.locator("input[name=name]").fill("杭州西湖数据科技有限公司");
  await form.locator("input[name=phone]").fill("+86 138 0571 0001");
  await form.locator("select[name=industry]").selectOption("I65");
  await form.locator("select[name=source_channel]").selectOption({ label: "展会推广" });
  await form.getByTestId("custom-fields").locator("select[name='custom_fields.region']").selectOption({ label: "华东" });
  await form.locator("[data-contact-row='0'] input[name=contact_name]").fill("陈静");
  await form.locator("[data-contact-row='0'] input[name=contact_mobile]").fill("139 5710 0002");
  await form.getByTestId("add-contact").click();
  await form.locator("[data-contact-row='1'] input[name=contact_name]").fill("周磊");
  await form.locator("[data-contact-row='1'] input[name=contact_mobile]").fill("13957100003");
  await form.getByRole("button", { name: "保存" }).click();
  await page.waitForURL((url) => /^\/customers\/\d+$/.test(url.pathname));
  const detailUrl = new URL(page.url()).pathname;
  await page.getByTestId("customer-detail").getByRole("heading", { name: "杭州西湖数据科技有限公司" }).waitFor();
  assert.equal(await page.getByTestId("contacts").locator("tbody tr").count(), 2);
  assert.match(await page.getByTestId("customer-code").textContent(), /^CUS\d{6}001$/);
  assert.equal(await page.getByTestId("customer-stage").textContent(), "初步接洽");
  assert.equal(await page.locator("dd[data-field=region]").textContent(), "华东");

  // A second customer with the same phone: the form warns while typing, with a link to the first.
  await page.goto("/customers/new");
  const second = page.getByTestId("customer-form");
  await second.locator("input[name=name]").fill("西湖数据(杭州)有限公司");
  await second.locator("input[name=phone]").fill("13805710001");
  await second.locator("input[name=phone]").blur();
  await page.getByTestId("duplicate-warning").getByRole("link", { name: /杭州西湖数据科技有限公司/ }).waitFor();

  // Filled and saved at once, before the typing pause: the save itself checks, lists the look-alike and
  // asks; cancelling sends nothing.
  await page.goto("/customers/new");
  const quick = page.getByTestId("customer-form");
  await quick.locator("input[name=name]").fill("杭州西湖数据科技有限公司");
  await quick.locator("input[name=phone]").fill("13805710001");
  await quick.locator("select[name=industry]").selectOption("I65");
  await quick.locator("[data-contact-row='0'] input[name=contact_name]").fill("陈静");
  await quick.getByRole("button", { name: "保存" }).click();
  const ask = page.getByTestId("confirm");
  await ask.getByText("上方列出的 1 个已有客户可能与此重复").waitFor();
  await page.getByTestId("duplicate-warning").getByRole("link", { name: /杭州西湖数据科技有限公司/ }).waitFor();
  await ask.getByRole("button", { name: "取消" }).click();
  await ask.waitFor({ state: "detached" });
  assert.equal(new URL(page.url()).pathname, "/customers/new");

  // The list filters by industry section, stage and search text.
  await page.goto("/customers");
  const filters = page.getByTestId("customer-filters");
  await filters.locator("select[name=industry]").selectOption("I");
  await page.getByTestId("customer-list").locator("tr[data-customer='杭州西湖数据科技有限公司']").waitFor();
  await filters.locator("select[name=stage]").selectOption({ label: "商务谈判" });
  await page.getByTestId("no-customers").waitFor();
  // Keep this filter as a view shared with the department, then come back to it.
  const views = page.getByTestId("saved-views");
  // A view needs a name: saving without one says so instead of doing nothing.
  await views.getByRole("button", { name: "保存为视图" }).click();
  await views.getByRole("alert").getByText("请填写视图名称").waitFor();
  await views.locator("input[name=view_name]").fill("软件业·商务谈判");
  await views.locator("input[name=shared]").check();
  await views.getByRole("button", { name: "保存为视图" }).click();
  await page.getByTestId("toast").getByText("已保存视图「软件业·商务谈判」。").waitFor();
  await views.getByTestId("delete-view").waitFor();
  assert.equal(await views.locator("input[name=view_name]").inputValue(), "");
  await page.goto("/customers");
  await page.getByTestId("customer-list").locator("tr[data-customer='杭州西湖数据科技有限公司']").waitFor();
  await page.getByTestId("saved-views").locator("select[name=view]").selectOption({ label: "软件业·商务谈判" });
  await page.getByTestId("no-customers").waitFor();
  assert.equal(await filters.locator("select[name=stage]").inputValue(), "negotiation");
  await filters.locator("select[name=industry]").selectOption("I");
  await filters.locator("select[name=stage]").selectOption("");
  await filters.locator("input[name=q]").fill("5710001");
  await filters.getByRole("button", { name: "查询" }).click();
  await page.getByTestId("customer-total").getByText("共 1 个客户").waitFor();

  // The 360° view: change the stage with a reason, then hand the customer over.
  await page.getByTestId("customer-list").getByRole("link", { name: "杭州西湖数据科技有限公司" }).click();
  await page.waitForURL((url) => url.pathname === detailUrl);
  const stage = page.getByTestId("stage-change");
  await stage.locator("select[name=stage]").selectOption({ label: "需求确认" });
  await stage.locator("input[name=reason]").fill("客户确认了数据平台需求");
  await stage.getByRole("button", { name: "保存" }).click();
  await page.getByTestId("customer-stage").getByText("需求确认").waitFor();
  await page.getByTestId("timeline").locator("li[data-kind=stage_changed]").getByText("客户确认了数据平台需求").waitFor();

  // Edit the record: only what changed is sent, under the version just read.
  await page.getByTestId("edit-customer").click();
  const edit = page.getByTestId("customer-form");
  assert.equal(await edit.locator("input[name=name]").inputValue(), "杭州西湖数据科技有限公司");
  await edit.locator("textarea[name=notes]").fill("年底前完成 POC");
  await edit.getByRole("button", { name: "保存" }).click();
  await page.waitForURL((url) => url.pathname === detailUrl);
  await page.getByTestId("customer-detail").getByText("年底前完成 POC").waitFor();

  const handover = page.getByTestId("handover");
  await handover.locator("select[name=to_user]").selectOption({ label: "李晓松" });
  await handover.locator("input[name=handover_reason]").fill("区域调整");
  await handover.getByRole("button", { name: "交接" }).click();
  // Nothing moves until the user confirms whom to; then a toast says it happened and the form is empty
  // again, so a second click cannot hand the customer to the next person in the list.
  const confirm = page.getByTestId("confirm");
  await confirm.getByText("确认将客户「杭州西湖数据科技有限公司」交接给 李晓松").waitFor();
  await confirm.getByRole("button", { name: "确认" }).click();
  await page.getByTestId("toast").getByText("已交接给 李晓松。").waitFor();
  await page.getByTestId("customer-owner").getByText("李晓松").waitFor();
  assert.equal(await handover.locator("select[name=to_user]").inputValue(), "");
  assert.equal(await handover.locator("input[name=handover_reason]").inputValue(), "");
  await page.getByTestId("timeline").locator("li[data-kind=handover]").getByText("区域调整").waitFor();

  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  await signIn(page, "lixs", PASSWORD);
  await page.goto("/customers");
  await page.getByTestId("customer-list").getByRole("link", { name: "杭州西湖数据科技有限公司" }).click();
  await page.getByTestId("customer-owner").getByText("李晓松").waitFor();

  // The administrator's setting lets a look-alike be saved after a warning: confirmed, it is saved.
  await page.goto("/customers/new");
  const again = page.getByTestId("customer-form");
  await again.locator("input[name=name]").fill("西湖数据(杭州)有限公司");
  await again.locator("input[name=phone]").fill("13805710001");
  await again.locator("select[name=industry]").selectOption("I65");
  await again.locator("[data-contact-row='0'] input[name=contact_name]").fill("周磊");
  await again.getByRole("button", { name: "保存" }).click();
  await page.getByTestId("confirm").getByRole("button", { name: "确认" }).click();
  await page.getByTestId("customer-detail").getByRole("heading", { name: "西湖数据(杭州)有限公司" }).waitFor();
  assert.deepEqual(errors, []);
});
