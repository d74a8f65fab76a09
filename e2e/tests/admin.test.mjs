// Administration in the browser: the administrator creates a department and a sales rep; the rep signs
// in, must change the password, and sees only the navigation the role allows.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openBrowser } from "./browser.mjs";

const ADMIN = process.env.CRM_E2E_ADMIN ?? "admin";
const INITIAL_PASSWORD = process.env.CRM_E2E_ADMIN_PASSWORD ?? "Initial#2024";
const ADMIN_PASSWORD = "Admin#2024pass";
const REP_INITIAL = "RepStart#2024";
const REP_PASSWORD = "RepOwn#2024pass";

let browser;
before(async () => {
  browser = await openBrowser({ file: import.meta.filename, locale: "zh-CN" });
});
after(async () => {
  await browser?.close();
});

async function signIn(page, username, password) {
  await page.goto("/login");
  await page.getByLabel("用户名或邮箱").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

async function changePassword(page, current, next) {
  await page.waitForURL((url) => url.pathname === "/change-password");
  await page.getByLabel("当前密码").fill(current);
  await page.getByLabel("新密码", { exact: true }).fill(next);
  await page.getByLabel("确认新密码").fill(next);
  await page.getByRole("button", { name: "保存新密码" }).click();
  await page.getByTestId("side-nav").waitFor();
}

test("the administrator is forced to change the initial password, then creates a department and a sales rep", async () => {
  const { page, errors } = browser;
  await signIn(page, ADMIN, INITIAL_PASSWORD);
  await changePassword(page, INITIAL_PASSWORD, ADMIN_PASSWORD);

  await page.getByTestId("side-nav").getByRole("link", { name: "系统管理" }).click();
  await page.waitForURL((url) => url.pathname === "/admin/users");

  await page.getByRole("link", { name: "部门" }).click();
  const form = page.getByTestId("new-department-form");
  await form.locator("input[name=department_name]").fill("华东区销售部");
  await form.getByRole("button", { name: "新建部门" }).click();
  await page.getByTestId("departments").locator("tr[data-department='华东区销售部']").waitFor();

  await page.getByRole("link", { name: "用户" }).click();
  await page.getByTestId("new-user").click();
  const userForm = page.getByTestId("new-user-form");
  await userForm.locator("input[name=username]").fill("zhangsan");
  await userForm.locator("input[name=display_name]").fill("张三");
  await userForm.locator("select[name=department]").selectOption({ label: "华东区销售部" });
  await userForm.locator("select[name=role]").selectOption({ label: "销售代表" });
  // A wrong mobile and a short password: each field says what its rule is, and nothing is sent.
  await userForm.locator("input[name=mobile]").fill("138 0013");
  await userForm.locator("input[name=initial_password]").fill("short");
  await userForm.getByRole("button", { name: "新建" }).click();
  await userForm.getByText("手机号应为 11 位数字\uff0c如 13800138000").waitFor();
  await userForm.getByText("密码至少 8 位").waitFor();
  assert.equal(await userForm.locator("input[name=mobile]").getAttribute("aria-invalid"), "true");

  await userForm.locator("input[name=mobile]").fill("138 0013 8000");
  await userForm.locator("input[name=initial_password]").fill(REP_INITIAL);
  await userForm.getByRole("button", { name: "新建" }).click();
  await page.getByTestId("toast").getByText("已创建用户 张三。").waitFor();
  const users = page.getByTestId("users");
  const zhangsan = users.locator("tr[data-username=zhangsan]");
  await zhangsan.getByText("待改密").waitFor();
  // The form is empty again, the password first of all.
  for (const field of ["username", "display_name", "mobile", "initial_password"]) {
    assert.equal(await userForm.locator(`input[name=${field}]`).inputValue(), "", field);
  }
  assert.equal(await userForm.locator("select[name=department]").inputValue(), "");

  // Changing the role inline sends only the role: the department stays.
  const checked = (name) => zhangsan.locator(`select[name=${name}] option:checked`).textContent();
  await zhangsan.locator("select[name=role]").selectOption({ label: "销售经理" });
  await page.getByTestId("toast").getByText("已保存用户 张三。").waitFor();
  await page.reload();
  await zhangsan.waitFor();
  assert.equal(await checked("role"), "销售经理");
  assert.equal(await checked("department"), "华东区销售部");
  await zhangsan.locator("select[name=role]").selectOption({ label: "销售代表" });
  await page.getByTestId("toast").getByText("已保存用户 张三。").first().waitFor();

  // Disabling asks first; cancelling changes nothing, confirming disables, and enabling needs no question.
  await zhangsan.getByTestId("toggle-user").click();
  await page.getByTestId("confirm").getByText("确认停用用户 张三").waitFor();
  await page.getByTestId("confirm").getByRole("button", { name: "取消" }).click();
  await zhangsan.getByText("已启用").waitFor();
  await zhangsan.getByTestId("toggle-user").click();
  await page.getByTestId("confirm").getByRole("button", { name: "确认" }).click();
  await page.getByTestId("toast").getByText("已停用用户 张三。").waitFor();
  await zhangsan.getByText("已停用").waitFor();
  await zhangsan.getByTestId("toggle-user").click();
  await page.getByTestId("toast").getByText("已启用用户 张三。").waitFor();
  await zhangsan.getByText("已启用").waitFor();
  await page.reload();
  assert.equal(await checked("department"), "华东区销售部");
  assert.equal(await checked("role"), "销售代表");

  // Switch the leads module off: it leaves everybody's navigation.
  await page.getByRole("link", { name: "模块" }).click();
  const leads = page.getByTestId("modules").getByLabel("线索");
  await leads.uncheck();
  await page.waitForFunction(() => document.querySelector("[data-testid=side-nav]")?.textContent?.includes("线索") === false);

  await page.getByRole("link", { name: "审计日志" }).click();
  // Actions in words, filtered by who did them and by action.
  await page.getByTestId("audit-entries").locator("td[data-action='user.create']").getByText("新建用户").first().waitFor();
  await page.locator("select[name=action]").selectOption({ label: "新建部门" });
  await page.getByRole("button", { name: "查询" }).click();
  // The list reloads with only that action.
  await page.getByTestId("audit-entries").locator("td[data-action='user.create']").first().waitFor({ state: "detached" });
  await page.getByTestId("audit-entries").locator("td[data-action='department.create']").first().waitFor();
  assert.equal(await page.getByTestId("audit-entries").locator("td[data-action='user.create']").count(), 0);
  await page.getByTestId("verify-audit").click();
  await page.getByRole("status").getByText(/审计日志完整/).waitFor();

  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  assert.deepEqual(errors, []);
});

test("the sales rep changes the initial password and sees only what the role allows", async () => {
  const { page, errors } = browser;
  await signIn(page, "zhangsan", REP_INITIAL);
  await changePassword(page, REP_INITIAL, REP_PASSWORD);
  const nav = page.getByTestId("side-nav");
  const labels = (await nav.getByRole("link").allTextContents()).map((s) => s.trim());
  // No tickets, campaigns or administration for a sales rep; no leads since the module was switched off.
  assert.deepEqual(labels, ["工作台", "客户", "跟进记录", "需求与任务", "商机", "交易记录", "报表"]);
  await page.getByTestId("current-user").getByText("张三").waitFor();

  await page.goto("/admin/users");
  await page.getByTestId("forbidden").getByRole("heading", { name: "无权访问" }).waitFor();
  await page.goto("/tickets");
  await page.getByTestId("forbidden").waitFor();
  await page.goto("/leads");
  await page.getByTestId("forbidden").waitFor();
  assert.deepEqual(errors, []);
});

test("a forgotten password can be requested from the sign-in page without revealing accounts", async () => {
  const { page, errors } = browser;
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/login");
  await page.getByRole("link", { name: "忘记密码？" }).click();
  await page.getByLabel("绑定的邮箱").fill("nobody@example.com");
  await page.getByLabel("绑定的手机号").fill("13800138000");
  await page.getByRole("button", { name: "发送重置邮件" }).click();
  await page.getByRole("status").getByText(/重置链接已发送/).waitFor();
  assert.deepEqual(errors, []);
});
