"""A client generated from openapi/openapi.json by openapi-python-client, used as it is generated.

The scenario an ERP or IM integration runs: sign in (changing the initial password), create a
customer, find it with a filter, update it under optimistic locking (If-Match), log a follow-up and
open a demand. Usage: scenario.py BASE_URL USERNAME INITIAL_PASSWORD. Exits non-zero on any surprise.
"""

import datetime
import sys

from crm_api_client import AuthenticatedClient, Client
from crm_api_client.api.auth import change_password, login
from crm_api_client.api.customers import create_customer, get_customer, list_customers, update_customer
from crm_api_client.api.demands import create_demand
from crm_api_client.api.followups import create_followup
from crm_api_client.models import (
    ChangePasswordRequest,
    CustomerPatch,
    LoginRequest,
    NewContact,
    NewCustomer,
    NewDemand,
    NewFollowup,
    Priority,
    Problem,
)


def expect(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"python client scenario: {what}")


def main(base_url: str, username: str, initial: str) -> None:
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    first = login.sync(client=anonymous, body=LoginRequest(username=username, password=initial))
    expect(not isinstance(first, Problem) and first is not None, f"sign-in failed: {first}")
    client = AuthenticatedClient(base_url=base_url, token=first.access_token, raise_on_unexpected_status=True)
    if first.must_change_password:
        renewed = change_password.sync(
            client=client,
            body=ChangePasswordRequest(current_password=initial, new_password="Python#Client2026"),
        )
        expect(not isinstance(renewed, Problem) and renewed is not None, f"password change failed: {renewed}")
        client = AuthenticatedClient(base_url=base_url, token=renewed.access_token, raise_on_unexpected_status=True)

    created = create_customer.sync_detailed(
        client=client,
        body=NewCustomer(
            name="杭州生成客户端科技有限公司",
            phone="13912345678",
            industry="I65",
            contacts=[NewContact(name="陈晓")],
        ),
    )
    customer = created.parsed
    expect(created.status_code == 201 and not isinstance(customer, Problem), f"create failed: {created.content!r}")
    etag = created.headers.get("etag")
    expect(etag == f'"{customer.version}"', f"the ETag {etag} is not the version {customer.version}")

    page = list_customers.sync(client=client, industry="I65", q="生成客户端")
    expect(not isinstance(page, Problem) and page is not None, f"list failed: {page}")
    expect([c.id for c in page.items] == [customer.id], f"the filter found {[c.code for c in page.items]}")

    stale = update_customer.sync_detailed(
        id=customer.id, client=client, if_match='"999"', body=CustomerPatch(notes="旧版本的修改")
    )
    expect(stale.status_code == 412, f"a stale If-Match answered {stale.status_code}")
    expect(isinstance(stale.parsed, Problem) and stale.parsed.code.value == "precondition_failed", "412 problem")
    updated = update_customer.sync_detailed(
        id=customer.id, client=client, if_match=etag, body=CustomerPatch(notes="通过 Python 客户端更新")
    )
    expect(updated.status_code == 200, f"update failed: {updated.content!r}")
    expect(updated.parsed.notes == "通过 Python 客户端更新", "the update did not stick")
    expect(updated.parsed.version == customer.version + 1, "the version did not move on")

    followup = create_followup.sync(
        client=client,
        body=NewFollowup(
            customer_id=customer.id,
            occurred_at=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10),
            kind="phone",
            topic="接口对接回访",
            summary="客户确认每天同步一次订单。",
        ),
    )
    expect(not isinstance(followup, Problem) and followup is not None, f"follow-up failed: {followup}")
    demand = create_demand.sync(
        client=client,
        body=NewDemand(customer_id=customer.id, description="对接 ERP 订单接口", priority=Priority.HIGH),
    )
    expect(not isinstance(demand, Problem) and demand is not None, f"demand failed: {demand}")
    expect(demand.code.startswith("DE"), f"the demand's code is {demand.code}")

    again = get_customer.sync(id=customer.id, client=client)
    expect(again.last_followup_at is not None, "the follow-up is not on the customer")
    print(f"python client scenario: {customer.code}, follow-up {followup.id}, demand {demand.code}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
