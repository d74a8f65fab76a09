// Demands and tasks in the browser: a sales rep raises a demand on the customer's 360° page and splits
// it into two tasks; the sales manager of the same department approves the plan; the rep starts a task,
// delays it with a reason, moves the demand through the flow, is stopped from closing it without the
// customer's confirmation, uploads the confirmation and closes it. On the way: the customer's files
// (upload, drag and drop, preview, a refused type, removal) and the administrator's holiday calendar.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiFor, chinaDayIn } from "./api.mjs";
import { openBrowser, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Working#2024pass";
const { api, firstSession } = apiFor("demands", PASSWORD);

// The next day after today (China) that falls on `weekday` (0 = Sunday … 6 = Saturday), `YYYY-MM-DD`.
function nextWeekday(weekday) {
  for (let days = 1; days <= 7; days += 1) {
    const day = chinaDayIn(days);
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === weekday) return day;
  }
  throw new Error("no such weekday");
}

// A one-page PDF, a one-pixel PNG, and a Windows program that no name makes acceptable.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]);

let browser;
let customerPath;
before(async () => {
  const admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  const team = await api("/admin/departments", { method: "POST", body: { name: "杭州销售组" }, token: admin });
  const roles = await api("/admin/roles", { token: admin });
  const role = (code) => roles.find((r) => r.code === code).id;
  const tokens = {};
  for (const [username, display_name, code] of [["qianjl", "钱经理", "sales_manager"], ["lixs", "李晓", "sales_rep"]]) {
    const body = { username, display_name, role_id: role(code), department_id: team.id, initial_password: "Start#2024go" };
    await api("/admin/users", { method: "POST", body, token: admin });
    tokens[username] = await firstSession(username, "Start#2024go");
  }
  // The rep's own customer.
  const customer = {
    name: "杭州西湖数据服务有限公司",
    phone: "13957100001",
    industry: "I65",
    contacts: [{ name: "王芳", mobile: "13957100002", is_primary: true }],
  };
  const created = await api("/customers", { method: "POST", body: customer, token: tokens.lixs });
  customerPath = `/customers/${created.id}`;
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN" });
});
after(async () => {
  await browser?.close();
});

async function signOut(page) {
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
}

test("a demand is raised, planned, approved, worked on, confirmed by the customer and closed", async () => {
  const { page, errors } = browser;
  const description = "需要定制化数据看板,支持实时销售数据展示";
  const delayReason = "客户临时提供数据不全,需延迟2天";

  // The rep raises a demand on the customer's 360° page; a blank description is caught first.
  await signIn(page, "lixs", PASSWORD);
  await page.goto(customerPath);
  const demands = page.getByTestId("demands");
  await demands.getByTestId("no-demands").waitFor();
  await demands.getByTestId("raise-demand").click();
  const form = demands.getByTestId("demand-form");
  await form.getByRole("button", { name: "保存需求" }).click();
  await form.locator("label:has(textarea[name=description]) .field-error").getByText("必填").waitFor();
  await form.locator("textarea[name=description]").fill(description);
  await form.locator("select[name=kind]").selectOption({ label: "现有需求" });
  await form.locator("select[name=priority]").selectOption({ label: "高" });
  assert.equal(await form.locator("select[name=owner] option:checked").textContent(), "李晓");
  await form.getByRole("button", { name: "保存需求" }).click();
  const row = demands.getByTestId("demand-list").locator("tr", { hasText: description });
  await row.getByTestId("demand-status").getByText("待处理").waitFor();
  assert.equal(await row.getByTestId("priority").textContent(), "高");
  assert.equal(await row.getByTestId("sla").textContent(), "正常");
  const code = await row.getAttribute("data-demand");
  assert.match(code, /^DE\d{4}0001$/);
  await page.getByTestId("timeline").locator("li[data-kind=demand_created]").getByText(code).waitFor();

  // The customer's files: an image is uploaded and previewed inline, a program is refused, the image removed.
  const files = page.getByTestId("attachments");
  await files.getByTestId("no-attachments").waitFor();
  await files.locator("input[name=file]").setInputFiles({ name: "营业执照.png", mimeType: "image/png", buffer: PNG });
  const image = files.locator("tr[data-file='营业执照.png']");
  await image.getByText("李晓").waitFor();
  assert.equal(await image.locator("td").nth(1).textContent(), `${PNG.length} B`);
  await image.getByTestId("preview").click();
  const preview = files.getByTestId("image-preview").locator("img");
  await preview.waitFor();
  assert.match(await preview.getAttribute("src"), /^data:image\/png;base64,/);
  assert.ok(await preview.evaluate((img) => img.complete && img.naturalWidth === 1));
  await files.locator("input[name=file]").setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: EXE });
  await files.getByTestId("upload-error").getByText("「setup.exe」未上传：不支持此文件类型").waitFor();
  // A file dropped on the section is uploaded the same way.
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["客户名称,需求\n杭州西湖数据,数据看板\n"], "需求清单.csv", { type: "text/csv" }));
    return transfer;
  });
  await files.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer: dropped });
  await files.locator("tr[data-file='需求清单.csv']").getByText("李晓").waitFor();
  assert.equal(await files.locator("tr[data-file='需求清单.csv']").getByTestId("preview").count(), 0);
  await image.getByTestId("delete").click();
  await image.getByTestId("confirm-delete").click();
  await image.waitFor({ state: "detached" });
  assert.equal(await files.getByTestId("attachment-list").locator("tbody tr").count(), 1);

  // The rep opens the demand and splits it into two tasks, which wait for the plan's approval.
  await row.getByRole("link", { name: code }).click();
  await page.getByTestId("demand-page").waitFor();
  assert.equal(await page.getByTestId("demand-code").textContent(), code);
  await page.getByTestId("demand-flow").locator("li[aria-current=step]").getByText("待处理").waitFor();
  const plan = page.getByTestId("task-plan");
  await plan.getByTestId("no-tasks").waitFor();
  const taskForm = plan.getByTestId("add-task-form");
  for (const [name, days] of [["调研客户数据看板需求", 3], ["原型设计评审", 7]]) {
    await taskForm.locator("input[name=task_name]").fill(name);
    assert.equal(await taskForm.locator("select[name=task_owner] option:checked").textContent(), "李晓");
    await taskForm.locator("input[name=task_finish]").fill(chinaDayIn(days));
    await taskForm.getByRole("button", { name: "添加任务" }).click();
    await plan.locator(`tbody[data-task='${name}']`).getByTestId("awaiting-approval").waitFor();
  }
  await plan.getByTestId("plan-waiting").waitFor();
  const research = plan.locator("tbody[data-task='调研客户数据看板需求']");
  assert.ok(await research.locator("button[data-move=in_progress]").isDisabled());
  assert.equal(await plan.getByTestId("approve-plan").count(), 0);
  await signOut(page);

  // The manager finds the demand on the board and approves the plan.
  await signIn(page, "qianjl", PASSWORD);
  await page.getByTestId("side-nav").getByRole("link", { name: "需求与任务" }).click();
  const board = page.getByTestId("demand-board");
  const card = board.locator("[data-testid=demand-column][data-status=open]").locator(`[data-code='${code}']`);
  await card.getByText("杭州西湖数据服务有限公司").waitFor();
  assert.equal(await card.getByTestId("sla").textContent(), "正常");
  await card.click();
  await page.getByTestId("task-plan").getByTestId("approve-plan").click();
  await page.getByTestId("task-plan").getByTestId("plan-waiting").waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("task-plan").getByTestId("awaiting-approval").count(), 0);
  await signOut(page);

  // The rep finds the tasks under 我的任务, starts one and delays it with a reason and a new finish.
  await signIn(page, "lixs", PASSWORD);
  await page.goto("/tasks");
  const mine = page.getByTestId("task-list");
  await mine.locator("tbody[data-task='原型设计评审']").waitFor();
  await mine.locator("tbody[data-task='调研客户数据看板需求']").getByRole("link", { name: "查看需求" }).click();
  await page.getByTestId("demand-page").waitFor();
  await research.locator("button[data-move=in_progress]").click();
  await research.getByTestId("task-status").getByText("进行中").waitFor();
  await research.locator("button[data-move=delayed]").click();
  const delay = research.getByTestId("delay-form");
  await delay.getByRole("button", { name: "确认延期" }).click();
  await delay.locator("label:has(textarea[name=reason]) .field-error").getByText("必填").waitFor();
  await delay.locator("textarea[name=reason]").fill(delayReason);
  await delay.locator("input[name=new_finish]").fill(chinaDayIn(5));
  await delay.getByRole("button", { name: "确认延期" }).click();
  await research.getByTestId("task-status").getByText("延期").waitFor();
  await research.getByTestId("delay-reason").getByText(delayReason).waitFor();
  assert.match(await research.textContent(), new RegExp(chinaDayIn(5)));
  await research.getByTestId("show-history").click();
  const history = research.getByTestId("task-history");
  await history.locator("li[data-field=status]").filter({ hasText: "进行中 → 延期" }).getByTestId("history-reason").getByText(delayReason).waitFor();
  await history.locator("li[data-field=plan_approved]").getByText("钱经理").waitFor();

  // The demand moves through the flow; closing it without the customer's confirmation is refused.
  const steps = page.getByTestId("demand-steps");
  await steps.getByRole("button", { name: "开始处理" }).click();
  await page.getByTestId("demand-flow").locator("li[aria-current=step]").getByText("处理中").waitFor();
  await steps.getByRole("button", { name: "提交客户确认" }).click();
  await page.getByTestId("demand-flow").locator("li[aria-current=step]").getByText("待客户确认").waitFor();
  await steps.getByRole("button", { name: "客户已确认，关闭需求" }).click();
  await steps.getByTestId("step-error").getByText(/关闭需求前须上传客户确认文件/).waitFor();
  await page.getByTestId("demand-flow").locator("li[aria-current=step]").getByText("待客户确认").waitFor();

  // The rep uploads the customer's confirmation and closes the demand.
  const demandFiles = page.getByTestId("attachments");
  await demandFiles.locator("select[name=purpose]").selectOption({ label: "客户确认文件" });
  await demandFiles.locator("input[name=file]").setInputFiles({ name: "客户确认函.pdf", mimeType: "application/pdf", buffer: PDF });
  const confirmation = demandFiles.locator("tr[data-file='客户确认函.pdf'][data-purpose=confirmation]");
  await confirmation.getByText("客户确认文件").waitFor();
  await steps.getByTestId("step-error").waitFor({ state: "detached" });
  const [download] = await Promise.all([page.waitForEvent("download"), confirmation.getByTestId("download").click()]);
  assert.equal(download.suggestedFilename(), "客户确认函.pdf");
  // The PDF preview opens a tab of its own with the file read through the signed-in client.
  const [tab] = await Promise.all([page.waitForEvent("popup"), confirmation.getByTestId("preview").click()]);
  await tab.waitForURL(/^blob:/);
  await tab.close();
  await steps.getByRole("button", { name: "客户已确认，关闭需求" }).click();
  await page.getByTestId("demand-flow").locator("li[aria-current=step]").getByText("已完成").waitFor();
  await page.getByTestId("demand-page").getByTestId("demand-status").getByText("已完成").waitFor();
  assert.equal(await steps.getByRole("button").count(), 0);

  // The board shows it under 已完成.
  await page.getByTestId("demand-tabs").getByRole("link", { name: "需求看板" }).click();
  const done = page.getByTestId("demand-board").locator("[data-testid=demand-column][data-status=done]");
  await done.locator(`[data-code='${code}']`).getByText("杭州西湖数据服务有限公司").waitFor();
  assert.equal(await page.getByTestId("demand-board").locator(`[data-code='${code}']`).count(), 1);
  await signOut(page);
  assert.deepEqual(errors, []);
});

test("the administrator keeps the holiday calendar, and a make-up day must fall on a weekend", async () => {
  const { page, errors } = browser;
  const weekday = nextWeekday(3);
  const saturday = nextWeekday(6);
  await signIn(page, ADMIN, PASSWORD);
  await page.getByTestId("side-nav").getByRole("link", { name: "系统管理" }).click();
  await page.getByRole("link", { name: "节假日日历" }).click();
  const form = page.getByTestId("calendar-form");
  await form.locator("input[name=day]").fill(weekday);
  await form.locator("select[name=kind]").selectOption({ label: "调休上班" });
  await form.locator("input[name=name]").fill("公司年会调休");
  await form.getByRole("button", { name: "添加" }).click();
  await form.locator("label:has(select[name=kind]) .field-error").getByText("调休上班日只能设在周六或周日").waitFor();

  await form.locator("input[name=day]").fill(saturday);
  await form.getByRole("button", { name: "添加" }).click();
  const row = page.getByTestId("calendar-days").locator(`tr[data-day='${saturday}']`);
  await row.getByText("公司年会调休").waitFor();
  assert.equal(await row.getAttribute("data-kind"), "workday");
  assert.equal(await row.locator("td").nth(1).textContent(), "周六");

  // Renamed, then removed.
  await row.getByTestId("edit-day").click();
  assert.ok(await form.locator("input[name=day]").isDisabled());
  await form.locator("input[name=name]").fill("年会调休上班");
  await form.getByRole("button", { name: "保存" }).click();
  await row.getByText("年会调休上班").waitFor();
  await row.getByTestId("delete-day").click();
  await row.getByTestId("confirm-delete-day").click();
  await row.waitFor({ state: "detached" });
  assert.deepEqual(errors, []);
});
