// One customer in the browser: the form warns about look-alikes while the name is still being typed,
// sets decision roles, lifecycle status and (for managers) the owner, and insists on a reason when the
// status changes; the 360° view adds and removes collaborators, marks a contact as left, makes another
// primary, refuses a bad mobile with a message, and loads the older part of a long timeline. Field
// rules: an analyst reads phone numbers masked; a role's own rules disable, hide and leave out fields
// in the form.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiFor } from "./api.mjs";
import { openBrowser, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Working#2024pass";
const { api, firstSession } = apiFor("customers_record", PASSWORD);

const EXISTING = "宁波海曙机械有限公司";

let browser;
let manager;
const users = {};
const ids = {};
before(async () => {
  const admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  const team = await api("/admin/departments", { method: "POST", body: { name: "宁波组" }, token: admin });
  const roles = await api("/admin/roles", { token: admin });
  const role = (code) => roles.find((r) => r.code === code).id;
  const staff = [
    ["wangjl", "王经理", "sales_manager"],
    ["lixs", "李晓松", "sales_rep"],
    ["zhaoy", "赵云", "sales_rep"],
    ["fenxi", "分析师", "analyst"],
  ];
  // A role of the administrator's own: field staff who edit their customers but may not regrade them,
  // read phone numbers only in part and do not see the amounts.
  const fieldStaff = await api("/admin/roles", {
    method: "POST",
    token: admin,
    body: {
      code: "field_staff",
      name: "外勤",
      description: "维护自己的客户,不可调整等级,手机号脱敏,不看金额",
      permissions: ["customer.view", "customer.create", "customer.edit"],
      data_scopes: { customers: "own" },
      field_rules: { customers: { grade: "read_only", phone: "masked", cumulative_amount: "hidden" } },
    },
  });
  staff.push(["waiqin", "外勤小周", "field_staff"]);
  for (const [username, display_name, code] of staff) {
    const role_id = code === "field_staff" ? fieldStaff.id : role(code);
    const body = { username, display_name, role_id, department_id: team.id, initial_password: "Start#2024go" };
    users[username] = (await api("/admin/users", { method: "POST", body, token: admin })).id;
    const token = await firstSession(username, "Start#2024go");
    if (username === "wangjl") manager = token;
  }
  const customer = (name, phone, contacts) => ({ name, phone, industry: "C", contacts });
  const existing = customer(EXISTING, "13900000001", [{ name: "孙伟", mobile: "13900000001" }]);
  ids.existing = (await api("/customers", { method: "POST", body: existing, token: manager })).id;
  const team360 = customer("宁波江北电子有限公司", "13900000003", [
    { name: "陈静", mobile: "13900000004", is_primary: true },
    { name: "周磊", mobile: "13900000005" },
  ]);
  ids.team360 = (await api("/customers", { method: "POST", body: team360, token: manager })).id;
  const fieldCustomer = {
    ...customer("宁波鄞州五金有限公司", "13900000007", [{ name: "吴强", mobile: "13900000008" }]),
    grade: "A",
    cumulative_amount: "120000.00",
    owner_id: users.waiqin,
  };
  ids.field = (await api("/customers", { method: "POST", body: fieldCustomer, token: manager })).id;
  // A customer with a long history: its creation and 24 contacts make 25 timeline entries.
  const busy = customer("宁波北仑港务有限公司", "13900000006", [{ name: "联系人0", mobile: "13900000006" }]);
  ids.busy = (await api("/customers", { method: "POST", body: busy, token: manager })).id;
  for (let i = 1; i <= 24; i++) {
    await api(`/customers/${ids.busy}/contacts`, { method: "POST", body: { name: `联系人${i}` }, token: manager });
  }
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN" });
});
after(async () => {
  await browser?.close();
});

test("the form checks for look-alikes while typing and sets decision roles, lifecycle status and owner", async () => {
  const { page, errors } = browser;
  await signIn(page, "wangjl", PASSWORD);
  const checks = [];
  const count = (request) => {
    if (request.url().includes("/api/v1/customers/duplicates")) checks.push(request.url());
  };
  page.on("request", count);
  await page.goto("/customers/new");
  const form = page.getByTestId("customer-form");
  // Typed key by key and never left: the check runs once typing pauses, not on every key.
  await form.locator("input[name=name]").pressSequentially(EXISTING, { delay: 40 });
  const warning = page.getByTestId("duplicate-warning");
  await warning.getByRole("link", { name: new RegExp(EXISTING) }).waitFor();
  await warning.getByText("名称相同").waitFor();
  assert.equal(await warning.getByRole("link").getAttribute("href"), `/customers/${ids.existing}`);
  assert.ok(checks.length >= 1 && checks.length < EXISTING.length, `${checks.length} checks for ${EXISTING.length} keys`);
  assert.equal(await form.locator("input[name=name]").evaluate((input) => input === document.activeElement), true);
  page.off("request", count);
  // A different name: the warning goes away.
  await form.locator("input[name=name]").fill("宁波鄞州精密制造有限公司");
  await warning.waitFor({ state: "detached" });

  await form.locator("input[name=phone]").fill("13900000002");
  await form.locator("select[name=industry]").selectOption("C");
  await form.locator("select[name=lifecycle_status]").selectOption({ label: "合作中" });
  await form.locator("select[name=owner_id]").selectOption({ label: "李晓松" });
  const roles = form.getByTestId("decision-roles");
  await roles.getByLabel("决策人").check();
  await roles.getByLabel("采购者").check();
  await form.locator("[data-contact-row='0'] input[name=contact_name]").fill("吴敏");
  await form.getByRole("button", { name: "保存" }).click();
  await page.waitForURL((url) => /^\/customers\/\d+$/.test(url.pathname));
  const id = Number(new URL(page.url()).pathname.split("/").pop());
  await page.getByTestId("customer-owner").getByText("李晓松").waitFor();
  assert.equal(await page.getByTestId("customer-lifecycle").textContent(), "合作中");
  assert.equal(await page.getByTestId("customer-decision-roles").textContent(), "决策人、采购者");
  const created = await api(`/customers/${id}`, { token: manager });
  assert.equal(created.owner_id, users.lixs);
  assert.equal(created.lifecycle_status, "cooperating");
  assert.deepEqual(created.decision_roles.sort(), ["decision_maker", "purchaser"]);

  // Editing: a status change needs a reason; a decision role is taken away.
  await page.getByTestId("edit-customer").click();
  const edit = page.getByTestId("customer-form");
  assert.equal(await edit.locator("select[name=owner_id]").count(), 0);
  assert.equal(await edit.locator("select[name=lifecycle_status]").inputValue(), "cooperating");
  await edit.getByTestId("decision-roles").getByLabel("采购者").uncheck();
  await edit.locator("select[name=lifecycle_status]").selectOption({ label: "沉默客户" });
  await edit.getByRole("button", { name: "保存" }).click();
  await edit.locator("label:has(input[name=reason]) .field-error").getByText("必填").waitFor();
  await edit.locator("input[name=reason]").fill("半年未下单");
  await edit.getByRole("button", { name: "保存" }).click();
  await page.waitForURL((url) => url.pathname === `/customers/${id}`);
  await page.getByTestId("customer-lifecycle").getByText("沉默客户").waitFor();
  assert.equal(await page.getByTestId("customer-decision-roles").textContent(), "决策人");
  await page.getByTestId("timeline").locator("li[data-kind=lifecycle_status_changed]").getByText("半年未下单").waitFor();

  // A rep may not give a new customer to someone else: no owner choice.
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  await signIn(page, "lixs", PASSWORD);
  await page.goto("/customers/new");
  await page.getByTestId("customer-form").locator("select[name=lifecycle_status]").waitFor();
  assert.equal(await page.getByTestId("customer-form").locator("select[name=owner_id]").count(), 0);
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  assert.deepEqual(errors, []);
});

test("the 360° view manages collaborators and contacts and loads older timeline entries", async () => {
  const { page, errors } = browser;
  await signIn(page, "wangjl", PASSWORD);
  await page.goto(`/customers/${ids.team360}`);
  const collaborators = page.getByTestId("collaborators");
  const add = page.getByTestId("add-collaborator");
  await add.locator("select[name=collaborator]").selectOption({ label: "李晓松" });
  await add.locator("select[name=access]").selectOption({ label: "可编辑" });
  await add.getByRole("button", { name: "添加协作人" }).click();
  await collaborators.locator("li[data-collaborator='李晓松'][data-access=edit]").getByText("可编辑").waitFor();
  await page.getByTestId("add-collaborator").locator("select[name=collaborator]").selectOption({ label: "赵云" });
  await page.getByTestId("add-collaborator").getByRole("button", { name: "添加协作人" }).click();
  await collaborators.locator("li[data-collaborator='赵云'][data-access=view]").waitFor();
  // Who already collaborates, and the owner, are not offered again.
  const offered = await page.getByTestId("add-collaborator").locator("select[name=collaborator] option").allTextContents();
  assert.ok(!offered.includes("李晓松") && !offered.includes("赵云") && !offered.includes("王经理"), offered.join(","));
  await collaborators.locator("li[data-collaborator='李晓松']").getByRole("button", { name: "移除" }).click();
  await collaborators.locator("li[data-collaborator='李晓松']").waitFor({ state: "detached" });
  await page.getByTestId("timeline").locator("li[data-kind=collaborator_removed]").first().waitFor();
  const shared = await api(`/customers/${ids.team360}`, { token: manager });
  assert.deepEqual(shared.collaborators.map((c) => [c.display_name, c.access]), [["赵云", "view"]]);

  // Contacts: make 周磊 primary, then mark 陈静 as left; a left contact cannot be made primary.
  const contacts = page.getByTestId("contacts");
  await contacts.locator("tr[data-contact='周磊']").getByRole("button", { name: "设为主要联系人" }).click();
  await contacts.locator("tr[data-contact='周磊']").getByTestId("primary-badge").waitFor();
  assert.equal(await contacts.locator("tr[data-contact='陈静']").getByTestId("primary-badge").count(), 0);
  await contacts.locator("tr[data-contact='陈静']").getByRole("button", { name: "标记为已离职" }).click();
  await contacts.locator("tr[data-contact='陈静'][data-status=left]").getByText("已离职").waitFor();
  assert.equal(await contacts.locator("tr[data-contact='陈静']").getByRole("button", { name: "设为主要联系人" }).count(), 0);
  const after = await api(`/customers/${ids.team360}`, { token: manager });
  const byName = Object.fromEntries(after.contacts.map((c) => [c.name, c]));
  assert.equal(byName["周磊"].is_primary, true);
  assert.equal(byName["陈静"].status, "left");
  assert.equal(byName["陈静"].is_primary, false);

  // A contact with a mobile that is not one is refused with a message.
  const addContact = page.getByTestId("add-contact-form");
  await addContact.locator("input[name=contact_name]").fill("郑浩");
  await addContact.locator("input[name=contact_mobile]").fill("12345");
  await addContact.getByRole("button", { name: "添加联系人" }).click();
  await page.getByTestId("add-contact-error").getByText("手机号应为 11 位数字\uff0c如 13800138000").waitFor();
  assert.equal(await contacts.locator("tr[data-contact='郑浩']").count(), 0);

  // A long timeline: 20 entries first, the rest on demand.
  await page.goto(`/customers/${ids.busy}`);
  const timeline = page.getByTestId("timeline");
  await timeline.locator("li").nth(19).waitFor();
  assert.equal(await timeline.locator("li").count(), 20);
  assert.equal(await timeline.locator("li[data-kind=created]").count(), 0);
  await page.getByTestId("timeline-more").click();
  await timeline.locator("li[data-kind=created]").waitFor();
  assert.equal(await timeline.locator("li").count(), 25);
  await page.getByTestId("timeline-more").waitFor({ state: "detached" });
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  assert.deepEqual(errors, []);
});

test("an analyst reads phone numbers masked on the 360° view and in the list", async () => {
  const { page, errors } = browser;
  await signIn(page, "fenxi", PASSWORD);
  await page.goto(`/customers/${ids.team360}`);
  await page.getByTestId("customer-detail").getByText("139****0003").first().waitFor();
  await page.getByText("139****0004").first().waitFor();
  const shown = await page.getByTestId("customer-detail").textContent();
  for (const number of ["13900000003", "13900000004", "13900000005"]) {
    assert.ok(!shown.includes(number), `${number} is shown whole`);
  }
  await page.goto("/customers");
  const chooser = page.getByTestId("column-chooser");
  await chooser.locator("summary").click();
  await chooser.locator("input[name=phone]").check();
  const row = page.locator("tr", { hasText: "宁波江北电子有限公司" });
  await row.getByText("139****0003").waitFor();
  assert.ok(!(await page.locator("main").textContent()).includes("13900000003"));
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  assert.deepEqual(errors, []);
});

test("the form shows fields the role may not write disabled, hides what it may not read, and saves the rest", async () => {
  const { page, errors } = browser;
  await signIn(page, "waiqin", PASSWORD);
  await page.goto(`/customers/${ids.field}/edit`);
  const form = page.getByTestId("customer-form");
  const phone = form.locator("input[name=phone]");
  await phone.waitFor();
  assert.equal(await phone.inputValue(), "139****0007");
  assert.ok(await phone.isDisabled(), "the masked phone cannot be edited");
  assert.ok(await form.locator("select[name=grade]").isDisabled(), "the read-only grade cannot be changed");
  assert.ok(!(await form.locator("input[name=cumulative_amount]").isVisible()), "the hidden amount is not shown");
  assert.ok(!(await form.locator("input[name=notes], textarea[name=notes]").isDisabled()));
  await form.locator("textarea[name=notes]").fill("周三上午拜访采购部");
  await form.getByRole("button", { name: "保存" }).click();
  await page.waitForURL((url) => url.pathname === `/customers/${ids.field}`);
  await page.getByText("周三上午拜访采购部").waitFor();
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  // Nothing the role may not write was sent back: the number, grade and amount are as they were.
  const saved = await api(`/customers/${ids.field}`, { token: manager });
  assert.equal(saved.phone, "13900000007");
  assert.equal(saved.grade, "A");
  assert.equal(saved.cumulative_amount, "120000.00");
  assert.equal(saved.notes, "周三上午拜访采购部");
  assert.deepEqual(errors, []);
});
