// Import and export in the browser: a sales manager takes a GBK spreadsheet with Chinese headers (saved by
// Chinese Excel) through the import wizard — the encoding is detected, the mapping suggested, the dry run's
// cleaning report gives exact counts and the problem rows, the commit's progress bar reaches 100 %, the
// error report downloads — finds an imported customer in the list and exports the filtered list as CSV.
// Then mapping templates are renamed and deleted, and a second file, whose grades are written in the old
// system's words, has those texts mapped onto grades in the cleaning report and imports with the codes
// chosen. Last, a file with columns for the administrator's custom fields: one is proposed from its
// label, one is chosen among the custom fields, a text none of the select field's options matches is
// mapped onto one, the imported customer shows both values, and the list exports them when asked.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { apiFor } from "./api.mjs";
import { openBrowser, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Working#2024pass";
const { api, firstSession } = apiFor("import", PASSWORD);
// 6 rows: 3 clean, a missing name (line 3), a bad mobile (line 4), a repeat of line 2 (line 5).
const FIXTURE = new URL("../fixtures/customers_gbk.csv", import.meta.url).pathname;
// 4 rows (UTF-8): grades `VIP` (2 rows), `潜力股` (1 row) and `A`; only `A` is a grade as written.
const GRADES = new URL("../fixtures/customers_grades.csv", import.meta.url).pathname;
// 2 rows (UTF-8) with a column `大区` (a custom select field's label; one row's `江浙沪` is none of its
// options) and `项目` (no field's name).
const CUSTOM = new URL("../fixtures/customers_custom_fields.csv", import.meta.url).pathname;

let browser;
let managerToken;
let adminToken;
before(async () => {
  const admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  adminToken = admin;
  const team = await api("/admin/departments", { method: "POST", body: { name: "杭州销售部" }, token: admin });
  const roles = await api("/admin/roles", { token: admin });
  const manager = roles.find((r) => r.code === "sales_manager").id;
  const body = { username: "qianjl", display_name: "钱经理", role_id: manager, department_id: team.id, initial_password: "Start#2024go" };
  await api("/admin/users", { method: "POST", body, token: admin });
  managerToken = await firstSession("qianjl", "Start#2024go");
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN" });
});
after(async () => {
  await browser?.close();
});

// Clicks what starts a download and returns the downloaded bytes with the file's name.
async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

const count = (scope, key) => scope.locator(`[data-count='${key}'] dd`);

test("a manager imports a GBK spreadsheet through the wizard, then exports the list as CSV", async () => {
  const { page, errors } = browser;
  await signIn(page, "qianjl", PASSWORD);
  await page.getByTestId("side-nav").getByRole("link", { name: "客户" }).click();
  await page.getByTestId("no-customers").waitFor();
  await page.getByTestId("import-customers").click();
  await page.getByTestId("recent-imports").getByText("还没有导入记录。").waitFor();

  // An empty file dropped on the page is refused, and says why.
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([], "空表.csv", { type: "text/csv" }));
    return transfer;
  });
  await page.getByTestId("import-drop-zone").dispatchEvent("drop", { dataTransfer });
  const refused = page.getByTestId("upload-error");
  await refused.getByText("空表.csv").waitFor();
  await refused.getByText("文件是空的。").waitFor();

  // The GBK file, chosen with the picker: the encoding is detected and the Chinese text reads right.
  await page.getByTestId("import-drop-zone").locator("input[type=file]").setInputFiles(FIXTURE);
  await page.waitForURL(/\/customers\/import\/\d+$/);
  const preview = page.getByTestId("preview-step");
  assert.match(await preview.getByTestId("detected-encoding").textContent(), /GBK \/ GB18030.*逗号/);
  await preview.getByTestId("preview-rows").getByText("富春鞋业有限公司").waitFor();
  assert.equal(await preview.getByTestId("preview-rows").locator("tbody tr").count(), 6);
  await preview.getByTestId("to-mapping").click();

  // The mapping comes suggested from the headers; a required field left out is listed.
  const mapping = page.getByTestId("mapping-step");
  const row = (header) => mapping.locator(`tr[data-column='${header}']`);
  for (const [header, field] of [["客户名称", "name"], ["所属行业", "industry"], ["联系人", "contact.name"], ["手机", "contact.mobile"], ["客户等级", "grade"]]) {
    assert.equal(await row(header).locator("select").inputValue(), field, header);
    await row(header).getByTestId("suggested").waitFor();
  }
  assert.equal(await mapping.getByTestId("unmapped-required").count(), 0);
  await row("所属行业").locator("select").selectOption("");
  await mapping.getByTestId("unmapped-required").getByText("所属行业").waitFor();
  assert.ok(await mapping.getByTestId("start-dry-run").isDisabled());
  await row("所属行业").locator("select").selectOption("industry");
  await mapping.getByTestId("unmapped-required").waitFor({ state: "detached" });

  // The mapping is kept as a template for the next file of this layout.
  await mapping.locator("input[name=template_name]").fill("老系统客户表");
  await mapping.getByTestId("save-template").click();
  await mapping.getByTestId("template-notice").getByText("已保存映射模板「老系统客户表」。").waitFor();
  await mapping.locator("select[name=template] option", { hasText: "老系统客户表" }).waitFor({ state: "attached" });

  // The dry run's cleaning report: exact counts, then the problem rows with line, column and reason.
  await mapping.getByTestId("start-dry-run").click();
  const report = page.getByTestId("import-report");
  await report.waitFor();
  const expected = {
    rows_read: "6", in_file_duplicates: "1", database_duplicates: "0", missing_required: "1",
    invalid_format: "1", to_import: "3", to_update: "0", to_skip: "1",
  };
  for (const [key, value] of Object.entries(expected)) assert.equal(await count(report, key).textContent(), value, key);
  const problems = page.getByTestId("report-step").getByTestId("problem-rows");
  const missing = problems.locator("tr[data-line='3']");
  assert.equal(await missing.getAttribute("data-code"), "required");
  assert.match(await missing.textContent(), /客户名称.*必填项为空/);
  const badPhone = problems.locator("tr[data-line='4']");
  assert.match(await badPhone.textContent(), /手机.*格式不正确.*1380013800/);
  await problems.locator("tr[data-line='5'][data-code='in_file_duplicate']").waitFor();

  // The commit: the progress bar reaches 100 % and the result gives the counts.
  await page.getByTestId("commit").getByText("确认导入（3 行）").click();
  const result = page.getByTestId("result-step");
  await result.waitFor();
  await result.getByTestId("import-status").getByText("已完成").waitFor();
  assert.equal(await result.getByTestId("progress-percent").textContent(), "100%");
  assert.equal(await result.getByTestId("import-progress").getAttribute("aria-valuenow"), "100");
  const outcome = result.getByTestId("import-result");
  for (const [key, value] of Object.entries({ imported: "3", updated: "0", skipped: "1", failed: "2" })) {
    assert.equal(await count(outcome, key).textContent(), value, key);
  }

  // The per-row error report downloads as CSV (with the BOM Excel needs).
  const errorReport = await downloaded(page, () => result.getByTestId("download-error-report").click());
  assert.match(errorReport.name, /^import-\d+-errors\.csv$/);
  assert.deepEqual([...errorReport.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const reportText = errorReport.bytes.toString("utf8");
  assert.match(reportText, /行号,列,字段,代码,原因/);
  assert.match(reportText, /\r\n3,客户名称,name,required,/);
  assert.match(reportText, /\r\n4,手机,contact.mobile,invalid_format,/);

  // Coming back later: the job is among the recent imports and opens on its result.
  await page.goto("/customers/import");
  const recent = page.getByTestId("recent-imports").locator("tr[data-import]");
  await recent.first().waitFor();
  assert.equal(await recent.count(), 1);
  await recent.getByText("已完成").waitFor();
  await recent.getByRole("link", { name: "打开" }).click();
  await page.getByTestId("result-step").getByTestId("import-result").waitFor();

  // The imported customers are in the list.
  await page.getByTestId("to-customers").click();
  const list = page.getByTestId("customer-list");
  await list.locator("tr[data-customer='西湖智联科技有限公司']").waitFor();
  assert.equal(await page.getByTestId("customer-total").textContent(), "共 3 个客户");

  // Export the filtered list as CSV: UTF-8 with BOM, the list's columns, only the matching customers.
  await page.getByTestId("customer-filters").locator("input[name=q]").fill("西湖");
  await page.getByTestId("customer-filters").getByRole("button", { name: "查询" }).click();
  await page.getByTestId("customer-total").getByText("共 1 个客户").waitFor();
  const exported = await downloaded(page, () => page.getByTestId("export-customers").click());
  assert.match(exported.name, /^客户列表-\d{8}\.csv$/);
  assert.deepEqual([...exported.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = exported.bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
  assert.equal(lines.length, 2, lines.join("\n"));
  assert.match(lines[0], /^客户编号,客户名称,联系人,所属行业,客户等级,跟进阶段,负责人,创建时间$/);
  assert.match(lines[1], /西湖智联科技有限公司,张伟,/);
  await page.getByTestId("export-done").waitFor();

  // Rows chosen in the list are exported, and only those.
  await page.getByTestId("customer-filters").locator("input[name=q]").fill("");
  await page.getByTestId("customer-filters").getByRole("button", { name: "查询" }).click();
  await page.getByTestId("customer-total").getByText("共 3 个客户").waitFor();
  await list.locator("tr[data-customer='西湖智联科技有限公司'] input[type=checkbox]").check();
  await page.getByTestId("selected-count").getByText("已选 1 个客户").waitFor();
  const chosen = await downloaded(page, () => page.getByTestId("export-customers").click());
  const chosenLines = chosen.bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
  assert.equal(chosenLines.length, 2, chosenLines.join("\n"));
  assert.match(chosenLines[1], /西湖智联科技有限公司/);

  assert.deepEqual(errors, []);
});

// Uploads `file` on the import page and goes on to the mapping step.
async function uploadAndMap(page, file) {
  await page.goto("/customers/import");
  await page.getByTestId("import-drop-zone").locator("input[type=file]").setInputFiles(file);
  await page.waitForURL(/\/customers\/import\/\d+$/);
  await page.getByTestId("preview-step").getByTestId("to-mapping").click();
  return page.getByTestId("mapping-step");
}

test("mapping templates are renamed and deleted where they are chosen", async () => {
  const { page, errors } = browser;
  const mapping = await uploadAndMap(page, GRADES);
  const templates = mapping.getByTestId("templates");
  const option = (name) => templates.locator("select[name=template] option", { hasText: name });

  // Templates: a second one is saved; the first cannot take its name, then is renamed, then deleted.
  await templates.locator("input[name=template_name]").fill("等级映射");
  await templates.getByTestId("save-template").click();
  await templates.getByTestId("template-notice").getByText("已保存映射模板「等级映射」。").waitFor();
  await option("等级映射").waitFor({ state: "attached" });
  await templates.locator("select[name=template]").selectOption({ label: "老系统客户表" });
  await templates.getByTestId("rename-template").click();
  const rename = templates.getByTestId("rename-template-form");
  const newName = rename.locator("input[name=template_new_name]");
  assert.equal(await newName.inputValue(), "老系统客户表");
  await newName.fill("等级映射");
  await rename.getByTestId("confirm-rename").click();
  await rename.locator(".field-error").getByText("已有同名模板，请换一个名称。").waitFor();
  await newName.fill("杭州老系统客户表");
  await rename.getByTestId("confirm-rename").click();
  await templates.getByTestId("template-notice").getByText("已将映射模板「老系统客户表」重命名为「杭州老系统客户表」。").waitFor();
  await rename.waitFor({ state: "detached" });
  await option("杭州老系统客户表").waitFor({ state: "attached" });
  const names = await templates.locator("select[name=template] option").allTextContents();
  assert.deepEqual(names.slice(1).sort(), ["杭州老系统客户表", "等级映射"].sort());
  assert.equal(await templates.locator("select[name=template] option:checked").textContent(), "杭州老系统客户表");
  // Deleting asks first; cancelling keeps the template.
  await templates.getByTestId("delete-template").click();
  const confirm = templates.getByTestId("delete-template-confirm");
  await confirm.getByText("删除映射模板「杭州老系统客户表」？删除后无法恢复。").waitFor();
  await confirm.getByRole("button", { name: "取消" }).click();
  await confirm.waitFor({ state: "detached" });
  await templates.getByTestId("delete-template").click();
  await confirm.getByTestId("confirm-delete-template").click();
  await templates.getByTestId("template-notice").getByText("已删除映射模板「杭州老系统客户表」。").waitFor();
  await option("杭州老系统客户表").waitFor({ state: "detached" });
  assert.ok(await templates.getByTestId("delete-template").isDisabled());
  const saved = await api("/import-templates", { token: managerToken });
  assert.deepEqual(saved.map((t) => t.name), ["等级映射"]);
  assert.deepEqual(errors, []);
});

test("texts no grade matched are mapped onto grades in the cleaning report and import with them", async () => {
  const { page, errors } = browser;
  const mapping = await uploadAndMap(page, GRADES);

  // The dry run: three rows hold grades written as no grade is.
  await mapping.getByTestId("start-dry-run").click();
  const report = page.getByTestId("import-report");
  await report.waitFor();
  assert.equal(await count(report, "rows_read").textContent(), "4");
  assert.equal(await count(report, "invalid_format").textContent(), "3");
  assert.equal(await count(report, "to_import").textContent(), "1");
  const values = page.getByTestId("value-mapping");
  const grades = values.locator("[data-testid=unmatched-values][data-field=grade]");
  await grades.getByText("客户等级").waitFor();
  const vip = grades.locator("tr[data-text='VIP']");
  const promising = grades.locator("tr[data-text='潜力股']");
  assert.equal(await vip.locator("td").nth(1).textContent(), "2");
  assert.equal(await promising.locator("td").nth(1).textContent(), "1");
  // The server's suggestion comes first; every grade can be chosen.
  assert.equal(await promising.locator("optgroup").first().getAttribute("label"), "建议");
  assert.equal(await promising.locator("optgroup").first().locator("option").textContent(), "B 潜力客户");
  await vip.locator("optgroup[label='全部值'] option", { hasText: "S 战略客户" }).waitFor({ state: "attached" });
  assert.ok(await values.getByTestId("apply-values").isDisabled());
  await vip.locator("select").selectOption({ label: "S 战略客户" });
  await promising.locator("select").selectOption({ label: "B 潜力客户" });

  // Saved into the mapping, the dry run runs again: no row has a problem now.
  await values.getByTestId("apply-values").click();
  await count(report, "invalid_format").getByText("0").waitFor();
  assert.equal(await count(report, "to_import").textContent(), "4");
  assert.equal(await page.getByTestId("value-mapping").getByTestId("unmatched-values").count(), 0);
  const mapped = page.getByTestId("mapped-values");
  await mapped.locator("li[data-field=grade][data-text='VIP'][data-code=S]").getByText("客户等级：VIP → S 战略客户").waitFor();
  await mapped.locator("li[data-field=grade][data-text='潜力股'][data-code=B]").waitFor();
  // The choices are the job's: they are still there when the page is opened again.
  await page.reload();
  await page.getByTestId("mapped-values").locator("li[data-text='VIP'][data-code=S]").waitFor();

  // The commit imports every row, with the grades chosen.
  await page.getByTestId("commit").getByText("确认导入（4 行）").click();
  const result = page.getByTestId("result-step");
  await result.getByTestId("import-status").getByText("已完成").waitFor();
  assert.equal(await count(result.getByTestId("import-result"), "imported").textContent(), "4");
  const grade = async (name) => {
    const found = await api(`/customers?q=${encodeURIComponent(name)}`, { token: managerToken });
    assert.equal(found.items.length, 1, name);
    return found.items[0].grade;
  };
  assert.equal(await grade("钱江电子有限公司"), "S");
  assert.equal(await grade("萧山机械有限公司"), "S");
  assert.equal(await grade("滨江软件有限公司"), "B");
  assert.equal(await grade("余杭茶业有限公司"), "A");

  assert.deepEqual(errors, []);
});

test("columns are mapped onto custom fields and the imported customer shows their values", async () => {
  const { page, errors } = browser;
  const option = (code, zh, en) => ({ code, label_zh: zh, label_en: en });
  const region = { key: "region", label_zh: "大区", label_en: "Region", field_type: "single_select", options: [option("east", "华东", "East"), option("south", "华南", "South")] };
  const project = { key: "project", label_zh: "项目名称", label_en: "Project", field_type: "text" };
  for (const body of [region, project]) await api("/admin/custom-fields", { method: "POST", body, token: adminToken });

  const mapping = await uploadAndMap(page, CUSTOM);
  const row = (header) => mapping.locator(`tr[data-column='${header}']`);
  // `大区` is the region field's label: proposed. The custom fields are listed after the standard ones.
  assert.equal(await row("大区").locator("select").inputValue(), "custom_fields.region");
  await row("大区").getByTestId("suggested").waitFor();
  const choices = row("项目").locator("select");
  assert.equal(await choices.inputValue(), "");
  const group = choices.getByTestId("custom-field-targets");
  assert.equal(await group.getAttribute("label"), "自定义字段");
  assert.deepEqual(await group.locator("option").allTextContents(), ["大区", "项目名称"]);
  await choices.selectOption({ label: "项目名称" });

  await mapping.getByTestId("start-dry-run").click();
  const report = page.getByTestId("import-report");
  await report.waitFor();
  assert.equal(await count(report, "to_import").textContent(), "1");
  // `江浙沪` is none of the region's options: it is mapped onto one as a dictionary text is.
  const values = page.getByTestId("value-mapping");
  const regions = values.locator("[data-testid=unmatched-values][data-field='custom_fields.region']");
  await regions.getByText("大区").waitFor();
  const text = regions.locator("tr[data-text='江浙沪']");
  assert.equal(await text.locator("td").nth(1).textContent(), "1");
  await text.locator("option", { hasText: "华东" }).waitFor({ state: "attached" });
  await text.locator("select").selectOption({ label: "华东" });
  await values.getByTestId("apply-values").click();
  await count(report, "to_import").getByText("2").waitFor();
  await page.getByTestId("mapped-values").locator("li[data-field='custom_fields.region'][data-code=east]").getByText("大区：江浙沪 → 华东").waitFor();
  await page.getByTestId("commit").getByText("确认导入（2 行）").click();
  const result = page.getByTestId("result-step");
  await result.getByTestId("import-status").getByText("已完成").waitFor();
  const jiaxing = await api(`/customers?q=${encodeURIComponent("嘉兴纺织")}`, { token: managerToken });
  assert.equal(jiaxing.items.length, 1);
  const record = await api(`/customers/${jiaxing.items[0].id}`, { token: managerToken });
  assert.deepEqual(record.custom_fields, { region: "east", project: "运河计划" });

  const found = await api(`/customers?q=${encodeURIComponent("湖州丝绸")}`, { token: managerToken });
  assert.equal(found.items.length, 1);
  await page.goto(`/customers/${found.items[0].id}`);
  await page.locator("dd[data-field='region']").getByText("华东").waitFor();
  await page.locator("dd[data-field='project']").getByText("丝路计划").waitFor();

  // The list exports with the custom fields' columns when asked, headed with their labels.
  await page.goto("/customers");
  await page.getByTestId("customer-filters").locator("input[name=q]").fill("嘉兴纺织");
  await page.getByTestId("customer-filters").getByRole("button", { name: "查询" }).click();
  await page.getByTestId("customer-total").getByText("共 1 个客户").waitFor();
  await page.getByTestId("export").getByLabel("含自定义字段").check();
  const exported = await downloaded(page, () => page.getByTestId("export-customers").click());
  const lines = exported.bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
  assert.match(lines[0], /,大区,项目名称$/);
  assert.match(lines[1], /^[^,]*,嘉兴纺织有限公司,.*,华东,运河计划$/);
  assert.deepEqual(errors, []);
});
