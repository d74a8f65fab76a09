// Custom fields in the browser: the administrator defines fields with default values (a value that
// does not fit the type is refused with a message), new customers start with them, and an existing
// field gets new labels, options and default; an option that customers use cannot be removed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiFor } from "./api.mjs";
import { openBrowser } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Working#2024pass";
const { api, firstSession } = apiFor("custom_fields", PASSWORD);

let browser;
let admin;
before(async () => {
  admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN" });
});
after(async () => {
  await browser?.close();
});

test("the administrator defines fields with defaults, then changes labels, options and default", async () => {
  const { page, errors } = browser;
  await page.goto("/login");
  await page.getByLabel("用户名或邮箱").fill(ADMIN);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByTestId("side-nav").waitFor();
  await page.goto("/admin/settings");

  // A single-select field whose default is one of its options.
  await page.getByTestId("new-custom-field").click();
  const form = page.getByTestId("new-custom-field-form");
  await form.locator("input[name=key]").fill("region");
  await form.locator("input[name=label_zh]").fill("销售大区");
  await form.locator("input[name=label_en]").fill("Sales region");
  await form.locator("select[name=field_type]").selectOption("single_select");
  await form.locator("textarea[name=options]").fill("east 华东 East China\nnorth 华北 North China");
  await form.locator("select[name=default_value]").selectOption({ label: "华东" });
  await form.getByRole("button", { name: "新建" }).click();
  const list = page.getByTestId("custom-field-list");
  await list.locator("tr[data-key=region] td[data-column=default]").getByText("east").waitFor();

  // A number field: a default that is not a whole number is refused before sending.
  await form.locator("input[name=key]").fill("headcount");
  await form.locator("input[name=label_zh]").fill("员工人数");
  await form.locator("input[name=label_en]").fill("Headcount");
  await form.locator("select[name=field_type]").selectOption("number");
  await form.locator("input[name=default_value]").fill("十二");
  await form.getByRole("button", { name: "新建" }).click();
  await form.getByRole("alert").getByText("默认值：格式不正确").waitFor();
  assert.equal(await list.locator("tr[data-key=headcount]").count(), 0);
  await form.locator("input[name=default_value]").fill("12");
  await form.getByRole("button", { name: "新建" }).click();
  await list.locator("tr[data-key=headcount] td[data-column=default]").getByText("12").waitFor();
  const defined = await api("/custom-fields", { token: admin });
  assert.deepEqual(defined.map((f) => [f.key, f.default_value]), [["region", "east"], ["headcount", 12]]);

  // The new-customer form starts with the defaults.
  await page.goto("/customers/new");
  const custom = page.getByTestId("custom-fields");
  assert.equal(await custom.locator("select[name='custom_fields.region']").inputValue(), "east");
  assert.equal(await custom.locator("input[name='custom_fields.headcount']").inputValue(), "12");

  // Change the field: a new label, a third option, another default.
  await page.goto("/admin/settings");
  await list.locator("tr[data-key=region]").getByRole("button", { name: "编辑" }).click();
  const edit = page.getByTestId("edit-custom-field-form");
  assert.equal(await edit.locator("input[name=label_zh]").inputValue(), "销售大区");
  assert.equal(await edit.locator("select[name=default_value]").inputValue(), "east");
  await edit.locator("input[name=label_zh]").fill("销售区域");
  await edit.locator("textarea[name=options]").fill("east 华东 East China\nnorth 华北 North China\nsouth 华南 South China");
  await edit.locator("select[name=default_value]").selectOption({ label: "华北" });
  await edit.getByRole("button", { name: "保存修改" }).click();
  await page.getByTestId("custom-field-saved").waitFor();
  const row = list.locator("tr[data-key=region]");
  await row.locator("td[data-column=label_zh]").getByText("销售区域").waitFor();
  assert.equal(await row.locator("td[data-column=options]").textContent(), "华东、华北、华南");
  assert.equal(await row.locator("td[data-column=default]").textContent(), "north");
  const region = (await api("/custom-fields", { token: admin })).find((f) => f.key === "region");
  assert.equal(region.label_zh, "销售区域");
  assert.equal(region.default_value, "north");
  // A customer created without a value gets the default.
  const customer = { name: "苏州工业园区测试有限公司", phone: "13700000001", industry: "C", contacts: [{ name: "钱程" }] };
  const created = await api("/customers", { method: "POST", body: customer, token: admin });
  assert.equal(created.custom_fields.region, "north");

  // Removing the option that customer uses is refused with a message; the default went with it.
  await row.getByRole("button", { name: "编辑" }).click();
  await edit.locator("textarea[name=options]").fill("east 华东 East China\nsouth 华南 South China");
  assert.equal(await edit.locator("select[name=default_value]").inputValue(), "");
  await edit.getByRole("button", { name: "保存修改" }).click();
  await edit.getByRole("alert").getByText("已使用的选项不能删除").waitFor();
  await edit.getByRole("button", { name: "取消" }).click();
  await edit.waitFor({ state: "detached" });
  const unchanged = (await api("/custom-fields", { token: admin })).find((f) => f.key === "region");
  assert.deepEqual(unchanged.options.map((o) => o.code), ["east", "north", "south"]);
  assert.equal(unchanged.default_value, "north");
  assert.deepEqual(errors, []);
});
