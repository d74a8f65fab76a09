// Reminders in the browser: a sales rep's day shows the to-do of a follow-up; when the next follow-up
// falls due (the server's job clock is moved forward), the bell counts it and pops it up, and opening it
// leads to the customer and clears the count. The rep then sets how reminders reach them.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiFor, chinaDay } from "./api.mjs";
import { openBrowser, serverFor, signIn } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const PASSWORD = "Working#2024pass";
const CUSTOMER = "杭州西湖云联科技有限公司";
const HOUR = 3_600_000;
const base = serverFor("reminders");
const { api, firstSession } = apiFor("reminders", PASSWORD);

let browser;
let customerPath;
let nextFollowupAt;
before(async () => {
  const admin = await firstSession(ADMIN, INITIAL_PASSWORD);
  const team = await api("/admin/departments", { method: "POST", body: { name: "杭州销售一组" }, token: admin });
  const roles = await api("/admin/roles", { token: admin });
  const role = roles.find((r) => r.code === "sales_rep").id;
  const user = { username: "qianl", display_name: "钱磊", role_id: role, department_id: team.id, initial_password: "Start#2024go" };
  await api("/admin/users", { method: "POST", body: user, token: admin });
  const rep = await firstSession("qianl", "Start#2024go");

  // The rep's customer and a visit with the next follow-up in two hours and a to-do due today.
  const customer = {
    name: CUSTOMER,
    phone: "13957100001",
    industry: "I65",
    contacts: [{ name: "吴婷", mobile: "13957100002", is_primary: true }],
  };
  const created = await api("/customers", { method: "POST", body: customer, token: rep });
  customerPath = `/customers/${created.id}`;
  nextFollowupAt = new Date(Date.now() + 2 * HOUR);
  const followup = {
    customer_id: created.id,
    occurred_at: new Date(Date.now() - 60_000).toISOString(),
    kind: "visit",
    topic: "季度回访",
    summary: "回访使用情况,客户考虑续约并扩充账号数量。",
    next_followup_at: nextFollowupAt.toISOString(),
    todos: [{ name: "发送续约报价单", planned_finish: chinaDay(new Date()) }],
  };
  await api("/followups", { method: "POST", body: followup, token: rep });
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN" });
});
after(async () => {
  await browser?.close();
});

// Moves the server's job clock forward (test-clock servers only).
async function advanceClock(seconds) {
  const response = await fetch(`${base}/__test__/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ seconds }),
  });
  assert.ok(response.ok, `POST /__test__/clock: ${response.status}`);
  return (await response.json()).now;
}

test("a follow-up falling due rings the bell, and opening the reminder leads to the customer", async () => {
  const { page, errors } = browser;

  // My day: the to-do due today, today's follow-up (when two hours from now is still today), no reminders.
  await signIn(page, "qianl", PASSWORD);
  await page.waitForURL((url) => url.pathname === "/");
  const day = page.getByTestId("my-day");
  await day.getByRole("heading", { name: "我的一天" }).waitFor();
  const task = day.getByTestId("my-tasks").locator("li[data-task='发送续约报价单']");
  await task.getByText("今天到期").waitFor();
  assert.match(await task.textContent(), new RegExp(CUSTOMER));
  const followups = day.getByTestId("my-followups");
  if (chinaDay(nextFollowupAt) === chinaDay(new Date())) {
    await followups.locator("li[data-topic='季度回访']").getByRole("link", { name: CUSTOMER }).waitFor();
  } else {
    await followups.getByText("今天没有约定的跟进。").waitFor();
  }
  await day.getByTestId("my-reminders").getByText("没有未读提醒。").waitFor();
  await day.getByTestId("my-demands").getByText("没有超过响应时限的需求。").waitFor();
  assert.equal(await day.getByTestId("review-queue").count(), 0, "a rep reviews nobody");

  // The bell has nothing yet.
  const bell = page.getByTestId("bell");
  await page.locator("[data-testid=bell][data-unread='0']").waitFor();
  assert.equal(await bell.getByTestId("bell-badge").count(), 0);
  await bell.getByTestId("bell-button").click();
  await bell.getByTestId("bell-panel").getByText("暂无通知。").waitFor();
  await page.keyboard.press("Escape");
  await bell.getByTestId("bell-panel").waitFor({ state: "detached" });

  // Three hours later the reminder is raised; the bell learns of it when the page comes back to the front.
  await advanceClock(3 * 3600);
  const badge = bell.getByTestId("bell-badge");
  for (let attempt = 0; ; attempt += 1) {
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    try {
      await badge.getByText("1", { exact: true }).waitFor({ timeout: 1_000 });
      break;
    } catch (error) {
      if (attempt === 30) throw error;
    }
  }
  const title = `跟进提醒：${CUSTOMER}`;
  await page.getByTestId("bell-popup").getByText(title).waitFor();
  await day.getByTestId("my-reminders").getByText(title).waitFor();

  // Opening it from the bell marks it read and leads to the customer.
  await bell.getByTestId("bell-button").click();
  const item = bell.getByTestId("notification-list").locator("li[data-unread=true]").filter({ hasText: title });
  await item.getByText(/约定的下次跟进时间 .*上次主题：季度回访/).waitFor();
  await item.getByRole("button").click();
  await page.waitForURL((url) => url.pathname === customerPath);
  await page.locator("[data-testid=bell][data-unread='0']").waitFor();
  await badge.waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("bell-popup").count(), 0);

  // Read, it stays in the bell without the unread marker.
  await bell.getByTestId("bell-button").click();
  await bell.getByTestId("notification-list").locator("li[data-unread=false]").filter({ hasText: title }).waitFor();
  await page.keyboard.press("Escape");
  assert.deepEqual(errors, []);
});

test("the rep chooses how reminders reach them, and the server's objections show at the fields", async () => {
  const { page, errors } = browser;
  await page.getByTestId("notification-settings").getByRole("link", { name: "提醒设置" }).click();
  await page.waitForURL((url) => url.pathname === "/me/notifications");
  const form = page.getByTestId("preferences-form");
  const channels = form.getByRole("group", { name: "其他提醒渠道" });

  // No e-mail address on the account.
  await channels.getByLabel("邮件").check();
  await form.getByRole("button", { name: "保存设置" }).click();
  await channels.locator(".field-error").getByText("账号未设置邮箱，无法通过邮件提醒").waitFor();

  // An IM robot needs its kind and webhook.
  await channels.getByLabel("邮件").uncheck();
  await channels.getByLabel("企业 IM 机器人").check();
  await form.getByRole("button", { name: "保存设置" }).click();
  const webhook = form.locator("label:has(input[name=im_webhook])");
  await webhook.locator(".field-error").getByText("需要选择 IM 类型并填写机器人 Webhook 地址").waitFor();
  assert.equal(await channels.locator(".field-error").count(), 0);

  await form.getByLabel("IM 类型").selectOption({ label: "企业微信" });
  await form.getByLabel("机器人 Webhook 地址").fill("http://127.0.0.1:9/robot/send?key=crm-test");
  await form.getByRole("button", { name: "保存设置" }).click();
  await page.getByTestId("preferences-saved").getByText("提醒设置已保存。").waitFor();
  assert.equal(await form.locator(".field-error").count(), 0);

  // Kept on the server.
  await page.reload();
  await form.waitFor();
  assert.equal(await channels.getByLabel("企业 IM 机器人").isChecked(), true);
  assert.equal(await channels.getByLabel("邮件").isChecked(), false);
  assert.equal(await form.locator("select[name=im_kind] option:checked").textContent(), "企业微信");
  assert.equal(await form.getByLabel("机器人 Webhook 地址").inputValue(), "http://127.0.0.1:9/robot/send?key=crm-test");
  assert.deepEqual(errors, []);
});
