// Follow-ups in the browser: a sales rep logs a visit on the customer's 360° page with a next follow-up,
// a to-do, a stage change and the meeting notes attached; the sales manager of the same department finds
// the files in the review queue and returns the follow-up with a comment; the rep reads the comment and
// corrects the record; the manager approves it.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { apiFor, chinaDayIn } from "./api.mjs";
import { openBrowser, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Working#2024pass";
const { api, firstSession } = apiFor("followups", PASSWORD);

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

// Clicks what starts a download and returns the downloaded bytes with the file's name.
async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

let browser;
let customerPath;
const tokens = {};
before(async () => {
  const admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  const team = await api("/admin/departments", { method: "POST", body: { name: "苏州销售组" }, token: admin });
  const roles = await api("/admin/roles", { token: admin });
  const role = (code) => roles.find((r) => r.code === code).id;
  for (const [username, display_name, code] of [
    ["zhaojl", "赵经理", "sales_manager"],
    ["sunxs", "孙晓", "sales_rep"],
    ["qianl", "钱磊", "sales_rep"],
  ]) {
    const body = { username, display_name, role_id: role(code), department_id: team.id, initial_password: "Start#2024go" };
    await api("/admin/users", { method: "POST", body, token: admin });
    tokens[username] = await firstSession(username, "Start#2024go");
  }
  // The rep's own customer, with two contacts.
  const customer = {
    name: "苏州园区智造科技有限公司",
    phone: "13951200001",
    industry: "I65",
    contacts: [
      { name: "陈静", mobile: "13951200002", is_primary: true },
      { name: "周磊", mobile: "13951200003", is_primary: false },
    ],
  };
  const created = await api("/customers", { method: "POST", body: customer, token: tokens.sunxs });
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

// The manager's review queue on /followups.
async function openReviewQueue(page) {
  await page.getByTestId("side-nav").getByRole("link", { name: "跟进记录" }).click();
  await page.getByTestId("followups-page").waitFor();
  await page.getByRole("tab", { name: "待审核" }).click();
  return page.getByTestId("followup-list").locator("tr[data-topic='产品方案演示']");
}

// The same queue from the home page: 前往审核 opens the review tab itself, and the address keeps it.
async function openReviewQueueFromHome(page) {
  await page.goto("/");
  await page.getByTestId("review-queue").getByRole("link", { name: "前往审核" }).click();
  await page.waitForURL((url) => url.pathname === "/followups" && url.searchParams.get("tab") === "review");
  assert.equal(await page.getByRole("tab", { name: "待审核" }).getAttribute("aria-selected"), "true");
  return page.getByTestId("followup-list").locator("tr[data-topic='产品方案演示']");
}

test("a rep logs a follow-up that the manager returns, the rep corrects and the manager approves", async () => {
  const { page, errors } = browser;
  const tomorrow = chinaDayIn(1);
  const finish = chinaDayIn(3);

  // The rep writes a follow-up on the 360° page; a blank summary is caught before sending.
  await signIn(page, "sunxs", PASSWORD);
  await page.goto(customerPath);
  const section = page.getByTestId("followups");
  await section.getByTestId("no-followups").waitFor();
  await section.getByTestId("add-followup").click();
  const form = section.getByTestId("followup-form");
  assert.match(await form.locator("input[name=occurred_at]").inputValue(), /^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
  await form.locator("select[name=kind]").selectOption({ label: "拜访" });
  await form.locator("input[name=topic]").fill("产品方案演示");
  await form.getByRole("button", { name: "保存跟进" }).click();
  await form.locator("label:has(textarea[name=summary]) .field-error").getByText("必填").waitFor();
  await form.locator("textarea[name=summary]").fill("上门演示数据看板原型,客户希望优化报表功能,3 月内完成原型设计。");
  await form.locator("textarea[name=feedback]").fill("对报价无异议,但要求增加培训服务");
  await form.getByTestId("followup-contacts").getByLabel("陈静").check();
  await form.locator("select[name=stage_to]").selectOption({ label: "需求确认" });
  await form.locator("input[name=next_followup_at]").fill(`${tomorrow}T10:00`);
  await form.getByRole("group", { name: "提醒方式" }).getByLabel("短信").check();
  await form.getByTestId("add-todo").click();
  const todo = form.locator("[data-todo-row='0']");
  await todo.locator("input[name=todo_name]").fill("提交报表优化方案");
  assert.equal(await todo.locator("select[name=todo_owner] option:checked").textContent(), "孙晓");
  await todo.locator("input[name=todo_finish]").fill(finish);
  // The meeting notes go with it; a file chosen by mistake is taken out again before saving.
  const chosen = form.getByTestId("pending-files");
  await chosen.locator("input[name=file]").setInputFiles([
    { name: "会议纪要.pdf", mimeType: "application/pdf", buffer: PDF },
    { name: "报价单.png", mimeType: "image/png", buffer: PNG },
  ]);
  await chosen.locator("li[data-file='报价单.png']").getByRole("button", { name: "移除" }).click();
  await chosen.locator("li[data-file='报价单.png']").waitFor({ state: "detached" });
  await chosen.locator("li[data-file='会议纪要.pdf']").waitFor();
  await form.getByRole("button", { name: "保存跟进" }).click();

  // It is listed with its to-do, and the customer moved to the new stage with the follow-up as reason.
  const item = page.getByTestId("followups").locator("li.followup[data-topic='产品方案演示']");
  const task = item.getByTestId("followup-tasks").locator("li[data-task='提交报表优化方案']");
  await task.getByText("待开始").waitFor();
  assert.match(await task.textContent(), new RegExp(`孙晓.*${finish}`));
  assert.equal(await item.getByTestId("review-status").textContent(), "待审核");
  assert.equal(await item.getByTestId("followup-stage-change").textContent(), "初步接洽 → 需求确认");
  assert.equal(await item.getByTestId("followup-next").textContent(), `${tomorrow} 10:00 · 系统消息、短信`);
  assert.equal(await item.getByTestId("followup-contact-names").textContent(), "陈静");
  await page.getByTestId("customer-stage").getByText("需求确认").waitFor();
  await page.getByTestId("timeline").locator("li[data-kind=stage_changed]").getByText(/产品方案演示/).waitFor();
  await page.getByTestId("timeline").locator("li[data-kind=followup_added]").waitFor();

  // The notes were uploaded to the follow-up: listed under it, and they download unchanged.
  await item.getByTestId("toggle-files").click();
  const files = item.getByTestId("followup-attachments");
  const notes = files.locator("tr[data-file='会议纪要.pdf']");
  await notes.getByText("孙晓").waitFor();
  assert.equal(await files.getByTestId("attachment-list").locator("tbody tr").count(), 1);
  const notesFile = await downloaded(page, () => notes.getByTestId("download").click());
  assert.equal(notesFile.name, "会议纪要.pdf");
  assert.deepEqual(notesFile.bytes, PDF);
  // More files are added in the entry itself: an image shows inline, a program is refused.
  await files.locator("input[name=file]").setInputFiles({ name: "白板照片.png", mimeType: "image/png", buffer: PNG });
  const photo = files.locator("tr[data-file='白板照片.png']");
  await photo.getByText("孙晓").waitFor();
  await photo.getByTestId("preview").click();
  const preview = files.getByTestId("image-preview").locator("img");
  await preview.waitFor();
  assert.match(await preview.getAttribute("src"), /^data:image\/png;base64,/);
  await files.locator("input[name=file]").setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: EXE });
  await files.getByTestId("upload-error").getByText("「setup.exe」未上传：不支持此文件类型").waitFor();
  // The customer's own files are apart from the follow-up's.
  await page.getByTestId("attachments").getByTestId("no-attachments").waitFor();

  // A file refused after the follow-up was saved is reported by name before the form closes.
  await section.getByTestId("add-followup").click();
  await form.locator("input[name=topic]").fill("节日问候");
  await form.locator("textarea[name=summary]").fill("电话问候春节,客户表示节后再约演示。");
  await form.getByTestId("pending-files").locator("input[name=file]").setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: EXE });
  await form.getByRole("button", { name: "保存跟进" }).click();
  const notUploaded = form.getByTestId("files-not-uploaded");
  await notUploaded.getByTestId("upload-error").getByText("「setup.exe」未上传：不支持此文件类型").waitFor();
  assert.equal(await form.getByRole("button", { name: "保存跟进" }).count(), 0);
  await notUploaded.getByRole("button", { name: "知道了" }).click();
  await form.waitFor({ state: "detached" });
  await section.locator("li.followup[data-topic='节日问候']").waitFor();
  await signOut(page);

  // The manager returns it; a return needs a comment. The files are there to read first.
  await signIn(page, "zhaojl", PASSWORD);
  let row = await openReviewQueueFromHome(page);
  await row.getByTestId("toggle-files").click();
  const queued = page.locator(`tr[data-files-of='${await row.getAttribute("data-followup")}']`);
  await queued.locator("tr[data-file='白板照片.png']").waitFor();
  const queuedNotes = await downloaded(page, () => queued.locator("tr[data-file='会议纪要.pdf']").getByTestId("download").click());
  assert.deepEqual(queuedNotes.bytes, PDF);
  await row.getByRole("button", { name: "退回", exact: true }).click();
  await row.getByRole("button", { name: "确认退回" }).click();
  await row.locator("label:has(textarea[name=comment]) .field-error").getByText("必填").waitFor();
  await row.locator("textarea[name=comment]").fill("请写明客户要求的培训天数和人数");
  await row.getByRole("button", { name: "确认退回" }).click();
  await page.getByTestId("review-notice").getByText("已退回「产品方案演示」。").waitFor();
  await row.waitFor({ state: "detached" });
  await signOut(page);

  // The rep reads the comment and corrects the follow-up, which goes back to the queue.
  await signIn(page, "sunxs", PASSWORD);
  await page.goto(customerPath);
  await item.getByTestId("review-status").getByText("已退回").waitFor();
  await item.getByTestId("review-comment").getByText("请写明客户要求的培训天数和人数").waitFor();
  await item.getByTestId("edit-followup").click();
  const edit = item.getByTestId("followup-form");
  await edit.getByTestId("returned-comment").getByText("请写明客户要求的培训天数和人数").waitFor();
  assert.equal(await edit.locator("input[name=topic]").inputValue(), "产品方案演示");
  await edit.locator("textarea[name=feedback]").fill("对报价无异议;要求增加 2 天现场培训,财务部 10 人参加");
  await edit.getByRole("button", { name: "保存修改" }).click();
  await item.getByTestId("review-status").getByText("待审核").waitFor();
  await item.getByText("要求增加 2 天现场培训").waitFor();
  await signOut(page);

  // The manager approves it; the team's list and the customer's page show it approved.
  await signIn(page, "zhaojl", PASSWORD);
  row = await openReviewQueue(page);
  await row.getByText("要求增加 2 天现场培训").waitFor();
  await row.getByRole("button", { name: "通过", exact: true }).click();
  await page.getByTestId("review-notice").getByText("已通过「产品方案演示」。").waitFor();
  await row.waitFor({ state: "detached" });
  await page.getByRole("tab", { name: "团队跟进" }).click();
  const approved = page.getByTestId("followup-list").locator("tr[data-topic='产品方案演示']");
  await approved.getByTestId("review-status").getByText("已通过").waitFor();
  await approved.getByRole("link", { name: "苏州园区智造科技有限公司" }).click();
  await page.waitForURL((url) => url.pathname === customerPath);
  await item.getByTestId("review-status").getByText("已通过").waitFor();
  assert.equal(await item.getByTestId("edit-followup").count(), 0);
  assert.deepEqual(errors, []);
});

test("a follow-up returned after its customer was handed over is corrected from 我的跟进", async () => {
  const { page, errors } = browser;
  // The rep writes on a second customer; the manager hands that customer to a colleague, then returns
  // the follow-up. The rep no longer sees the customer.
  const body = { name: "苏州金鸡湖物流有限公司", phone: "13951200011", industry: "I65", contacts: [{ name: "吴敏", mobile: "13951200012", is_primary: true }] };
  const moved = await api("/customers", { method: "POST", body, token: tokens.sunxs });
  const written = await api("/followups", {
    method: "POST",
    token: tokens.sunxs,
    body: {
      customer_id: moved.id,
      occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
      kind: "phone",
      topic: "仓储方案沟通",
      summary: "电话沟通仓储管理系统方案，客户关注上线周期。",
      contact_ids: [moved.contacts[0].id],
    },
  });
  const users = await api("/users", { token: tokens.zhaojl });
  const qianl = users.find((u) => u.display_name === "钱磊").id;
  await api("/customers/handover", { method: "POST", token: tokens.zhaojl, body: { customer_ids: [moved.id], to_user_id: qianl, reason: "区域调整" } });
  await api(`/followups/${written.id}/review`, { method: "POST", token: tokens.zhaojl, body: { decision: "return", comment: "请补充上线周期的具体要求" } });

  await signOut(page);
  await signIn(page, "sunxs", PASSWORD);
  // The notice leads to 我的跟进, where the returned record is, with its comment.
  const bell = page.getByTestId("bell");
  await bell.getByTestId("bell-button").click();
  await bell.getByTestId("notification-list").locator("li").filter({ hasText: "跟进记录被退回：仓储方案沟通" }).getByRole("button").click();
  await page.waitForURL((url) => url.pathname === "/followups" && url.searchParams.get("tab") === "mine");
  const row = page.getByTestId("followup-list").locator("tr[data-topic='仓储方案沟通']");
  await row.getByText("请补充上线周期的具体要求").waitFor();
  await row.getByTestId("correct-followup").click();
  const form = page.locator(`tr[data-correcting='${written.id}']`).getByTestId("followup-form");
  await form.getByTestId("returned-comment").getByText("请补充上线周期的具体要求").waitFor();
  await form.locator("textarea[name=feedback]").fill("客户要求 3 个月内上线，先上仓储模块");
  await form.getByRole("button", { name: "保存修改" }).click();
  await page.getByTestId("toast").getByText("跟进记录已更新").waitFor();
  await row.getByTestId("review-status").getByText("待审核").waitFor();
  await row.getByText("客户要求 3 个月内上线").waitFor();
  assert.deepEqual(errors, []);
});
