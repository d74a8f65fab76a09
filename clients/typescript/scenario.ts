// A client generated from openapi/openapi.json by openapi-typescript, called through openapi-fetch, used
// as it is generated. The scenario an ERP or IM integration runs: sign in (changing the initial
// password), create a customer, find it with a filter, update it under optimistic locking (If-Match),
// log a follow-up and open a demand. Usage: node scenario.js BASE_URL USERNAME INITIAL_PASSWORD.
import createClient from "openapi-fetch";
import type { paths } from "./generated/schema.js";

function expect(condition: boolean, what: string): asserts condition {
  if (!condition) {
    console.error(`typescript client scenario: ${what}`);
    process.exit(1);
  }
}

const [baseUrl, username, initial] = process.argv.slice(2);
expect(baseUrl !== undefined && username !== undefined && initial !== undefined, "usage: BASE_URL USERNAME PASSWORD");
const client = createClient<paths>({ baseUrl });

const first = await client.POST("/api/v1/auth/login", { body: { username, password: initial } });
expect(first.data !== undefined, `sign-in failed: ${JSON.stringify(first.error)}`);
let token = first.data.access_token;
if (first.data.must_change_password) {
  const renewed = await client.POST("/api/v1/auth/password", {
    body: { current_password: initial, new_password: "TypeScript#Client2026" },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(renewed.data !== undefined, `password change failed: ${JSON.stringify(renewed.error)}`);
  token = renewed.data.access_token;
}
client.use({
  onRequest({ request }) {
    request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
});

const created = await client.POST("/api/v1/customers", {
  body: { name: "深圳类型客户端电子有限公司", phone: "13723456789", industry: "C39", contacts: [{ name: "黄磊" }] },
});
expect(created.data !== undefined, `create failed: ${JSON.stringify(created.error)}`);
const customer = created.data;
const etag = created.response.headers.get("etag");
expect(etag === `"${customer.version}"`, `the ETag ${etag} is not the version ${customer.version}`);

const page = await client.GET("/api/v1/customers", { params: { query: { industry: "C", q: "类型客户端" } } });
expect(page.data !== undefined, `list failed: ${JSON.stringify(page.error)}`);
expect(
  page.data.items.length === 1 && page.data.items[0]?.id === customer.id,
  `the filter found ${page.data.items.map((c) => c.code).join(", ")}`,
);

const stale = await client.PATCH("/api/v1/customers/{id}", {
  params: { path: { id: customer.id }, header: { "If-Match": '"999"' } },
  body: { notes: "旧版本的修改" },
});
expect(stale.response.status === 412, `a stale If-Match answered ${stale.response.status}`);
expect(stale.error?.code === "precondition_failed", `412 problem: ${JSON.stringify(stale.error)}`);
const updated = await client.PATCH("/api/v1/customers/{id}", {
  params: { path: { id: customer.id }, header: { "If-Match": etag } },
  body: { notes: "通过 TypeScript 客户端更新" },
});
expect(updated.data !== undefined, `update failed: ${JSON.stringify(updated.error)}`);
expect(updated.data.notes === "通过 TypeScript 客户端更新", "the update did not stick");
expect(updated.data.version === customer.version + 1, "the version did not move on");

const followup = await client.POST("/api/v1/followups", {
  body: {
    customer_id: customer.id,
    occurred_at: new Date(Date.now() - 10 * 60 * 1000).toISOString(),
    kind: "visit",
    topic: "上门拜访",
    summary: "演示了订单同步,客户希望下周试用。",
  },
});
expect(followup.data !== undefined, `follow-up failed: ${JSON.stringify(followup.error)}`);
const demand = await client.POST("/api/v1/demands", {
  body: { customer_id: customer.id, description: "开通试用账号", priority: "medium" },
});
expect(demand.data !== undefined, `demand failed: ${JSON.stringify(demand.error)}`);
expect(demand.data.code.startsWith("DE"), `the demand's code is ${demand.data.code}`);

const again = await client.GET("/api/v1/customers/{id}", { params: { path: { id: customer.id } } });
expect(again.data?.last_followup_at != null, "the follow-up is not on the customer");
console.log(`typescript client scenario: ${customer.code}, follow-up ${followup.data.id}, demand ${demand.data.code}`);
