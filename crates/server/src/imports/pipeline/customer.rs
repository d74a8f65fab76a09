//! The customer target: a row's values made into the `NewCustomer` (with its primary contact) that
//! `customers::create` takes, exactly as if typed into the form.
//!
//! Fields without a place of their own on the customer (`short_name`, `legacy_code`,
//! `registered_capital`, `annual_revenue`, `established_date`) are kept as labelled lines in the notes;
//! `address.region` (省市区 in one cell) fills the province, city and district that have no column of
//! their own; a contact's landline stands in for the customer's phone when that is missing, then the
//! contact's mobile.

use std::collections::BTreeMap;

use crm_domain::import::customer::CUSTOMER;
use crm_domain::import::header::TargetSpec;
use crm_types::UserId;
use crm_types::customer::{CustomerKind, NewContact, NewCustomer};

use super::cells::{Problem, Value};

/// The target's description.
pub fn spec() -> &'static TargetSpec {
    &CUSTOMER
}

/// Fields written into the notes, with their labels.
const INTO_NOTES: [&str; 5] = ["short_name", "legacy_code", "registered_capital", "annual_revenue", "established_date"];

/// `province`, `city`, `district` from a 省市区 cell: split at spaces, slashes or dashes when it has them,
/// else after the administrative suffixes (`广东省深圳市南山区`, `北京市朝阳区`).
pub fn split_region(region: &str) -> [Option<String>; 3] {
    let parts: Vec<&str> =
        region.split(|c: char| c.is_whitespace() || "/-—|,，、".contains(c)).filter(|p| !p.is_empty()).collect();
    let parts: Vec<String> = if parts.len() > 1 {
        parts.into_iter().map(str::to_owned).collect()
    } else {
        let mut pieces = Vec::new();
        let mut rest = region.trim();
        for suffixes in [
            &["特别行政区", "自治区", "省", "市"][..],
            &["自治州", "地区", "盟", "市"][..],
            &["区", "县", "旗", "市"][..],
        ] {
            let found = suffixes.iter().filter_map(|s| rest.find(s).map(|i| i + s.len())).min();
            // A level the text skips (a municipality has no prefecture) is left for the next.
            if let Some(end) = found {
                pieces.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
            if rest.is_empty() {
                break;
            }
        }
        if pieces.is_empty() { vec![region.trim().to_owned()] } else { pieces }
    };
    let mut parts = parts.into_iter();
    let province = parts.next();
    // A municipality (北京市朝阳区) is its own city.
    let second = parts.next();
    let third = parts.next();
    match (&province, &second, &third) {
        (Some(p), Some(d), None) if p.ends_with('市') && (d.ends_with('区') || d.ends_with('县')) => {
            [province.clone(), province, second]
        }
        _ => [province, second, third],
    }
}

fn text(values: &BTreeMap<&'static str, Value>, key: &str) -> Option<String> {
    match values.get(key) {
        Some(Value::Text(text) | Value::Code(text)) => Some(text.clone()),
        Some(Value::Date(date)) => Some(date.format("%Y-%m-%d").to_string()),
        Some(Value::Amount(amount)) => Some(amount.normalize().to_string()),
        _ => None,
    }
}

/// The customer a row describes, or what it lacks. `values` holds the row's non-empty cells by field key.
pub fn build(values: &BTreeMap<&'static str, Value>) -> Result<NewCustomer, Vec<Problem>> {
    let spec = spec();
    let mut problems = Vec::new();
    for group in spec.required {
        if !group.iter().any(|key| values.contains_key(key)) {
            let labels: Vec<&str> = group.iter().filter_map(|k| spec.field(k)).map(|f| f.label_zh).collect();
            problems.push(Problem {
                column: None,
                field: group.first().map(|k| (*k).to_owned()),
                code: "required".into(),
                message: format!("the row needs {}", labels.join(" or ")),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let [region_province, region_city, region_district] =
        text(values, "address.region").map(|r| split_region(&r)).unwrap_or_default();
    let mut notes: Vec<String> = text(values, "notes").into_iter().collect();
    for key in INTO_NOTES {
        if let (Some(value), Some(field)) = (text(values, key), spec.field(key)) {
            notes.push(format!("{}：{value}", field.label_zh));
        }
    }
    let date = |key: &str| match values.get(key) {
        Some(Value::Date(date)) => Some(*date),
        _ => None,
    };
    let amount = |key: &str| match values.get(key) {
        Some(Value::Amount(amount)) => Some(*amount),
        _ => None,
    };
    let contact = NewContact {
        name: text(values, "contact.name").unwrap_or_default(),
        position: text(values, "contact.position"),
        mobile: text(values, "contact.mobile"),
        email: text(values, "contact.email"),
        decision_role: text(values, "contact.decision_role"),
        is_primary: true,
    };
    let phone = text(values, "phone").or_else(|| text(values, "contact.phone")).or_else(|| contact.mobile.clone());
    Ok(NewCustomer {
        kind: text(values, "kind")
            .map(|k| if k == "individual" { CustomerKind::Individual } else { CustomerKind::Enterprise }),
        name: text(values, "name").unwrap_or_default(),
        uscc: text(values, "uscc"),
        id_card_no: text(values, "id_card_no"),
        phone: phone.unwrap_or_default(),
        email: text(values, "email"),
        address: crm_types::customer::Address {
            province: text(values, "address.province").or(region_province),
            city: text(values, "address.city").or(region_city),
            district: text(values, "address.district").or(region_district),
            detail: text(values, "address.detail"),
        },
        website: text(values, "website"),
        customer_type: text(values, "customer_type"),
        industry: text(values, "industry").unwrap_or_default(),
        grade: text(values, "grade"),
        company_size: text(values, "company_size"),
        source_channel: text(values, "source_channel"),
        lifecycle_status: text(values, "lifecycle_status"),
        first_coop_date: date("first_coop_date"),
        last_coop_date: date("last_coop_date"),
        cumulative_amount: amount("cumulative_amount"),
        annual_amount: amount("annual_amount"),
        decision_roles: Vec::new(),
        tags: match values.get("tags") {
            Some(Value::Codes(codes)) => codes.clone(),
            _ => Vec::new(),
        },
        initial_need: text(values, "initial_need"),
        notes: (!notes.is_empty()).then(|| notes.join("\n")),
        owner_id: match values.get("owner") {
            Some(Value::User(id)) => Some(UserId(*id)),
            _ => None,
        },
        contacts: vec![contact],
        custom_fields: BTreeMap::new(),
    })
}

/// The target field a validation error of `customers::create` names (`contacts[0].mobile` →
/// `contact.mobile`, `cumulative_amount` stays).
pub fn field_of_error(field: &str) -> String {
    match field.strip_prefix("contacts[0].") {
        Some(rest) => format!("contact.{rest}"),
        None if field == "contacts" => "contact.name".into(),
        None if field == "owner_id" => "owner".into(),
        None => field.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(parts: [&str; 3]) -> [Option<String>; 3] {
        parts.map(|p| (!p.is_empty()).then(|| p.to_owned()))
    }

    #[test]
    fn a_region_cell_splits_into_province_city_and_district() {
        assert_eq!(split_region("广东省深圳市南山区"), some(["广东省", "深圳市", "南山区"]));
        assert_eq!(split_region("浙江省 杭州市 西湖区"), some(["浙江省", "杭州市", "西湖区"]));
        assert_eq!(split_region("北京市朝阳区"), some(["北京市", "北京市", "朝阳区"]));
        assert_eq!(split_region("江苏省/苏州市"), some(["江苏省", "苏州市", ""]));
        assert_eq!(split_region("上海"), some(["上海", "", ""]));
    }

    #[test]
    fn contact_errors_name_the_contact_fields() {
        assert_eq!(field_of_error("contacts[0].mobile"), "contact.mobile");
        assert_eq!(field_of_error("owner_id"), "owner");
        assert_eq!(field_of_error("uscc"), "uscc");
    }
}
