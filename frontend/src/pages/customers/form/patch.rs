//! What the customer form sends: a whole record when creating, only the changed fields when editing.

use std::collections::BTreeMap;

use chrono::Utc;
use crm_types::customer::{Address, CustomValue, Customer, CustomerKind, CustomerPatch, NewCustomer};

fn sorted(mut codes: Vec<String>) -> Vec<String> {
    codes.sort();
    codes
}

/// An empty record, the starting point of the create form.
pub fn blank() -> Customer {
    Customer {
        id: crm_types::CustomerId(0),
        code: String::new(),
        kind: CustomerKind::Enterprise,
        name: String::new(),
        uscc: None,
        id_card_no: None,
        phone: None,
        email: None,
        address: Address::default(),
        website: None,
        customer_type: Some("potential".into()),
        industry: String::new(),
        grade: None,
        company_size: None,
        source_channel: None,
        stage: None,
        lifecycle_status: None,
        first_coop_date: None,
        last_coop_date: None,
        cumulative_amount: None,
        annual_amount: None,
        decision_roles: None,
        tags: Vec::new(),
        initial_need: None,
        notes: None,
        owner_id: None,
        department_id: None,
        contacts: Vec::new(),
        collaborators: Vec::new(),
        custom_fields: BTreeMap::new(),
        last_followup_at: None,
        version: 0,
        created_by: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        deleted_at: None,
        duplicates: Vec::new(),
    }
}

/// The fields of `new` that differ from `old`: an update sends only what the user changed, so that
/// fields the role may not write are never sent back unchanged.
pub fn patch_of(old: &Customer, new: NewCustomer, reason: Option<String>) -> CustomerPatch {
    fn changed<T: PartialEq>(old: &T, new: T) -> Option<T> {
        (*old != new).then_some(new)
    }
    let (old_tags, new_tags) = (sorted(old.tags.clone()), sorted(new.tags.clone()));
    CustomerPatch {
        name: changed(&old.name, new.name.trim().to_owned()),
        uscc: changed(&old.uscc, new.uscc),
        id_card_no: changed(&old.id_card_no, new.id_card_no),
        phone: (old.phone.as_deref() != Some(new.phone.trim())).then_some(new.phone),
        email: changed(&old.email, new.email),
        address: changed(&old.address, new.address),
        website: changed(&old.website, new.website),
        customer_type: new.customer_type.filter(|t| Some(t) != old.customer_type.as_ref()),
        industry: changed(&old.industry, new.industry),
        grade: new.grade.filter(|g| Some(g) != old.grade.as_ref()),
        company_size: changed(&old.company_size, new.company_size),
        source_channel: changed(&old.source_channel, new.source_channel),
        first_coop_date: changed(&old.first_coop_date, new.first_coop_date),
        last_coop_date: changed(&old.last_coop_date, new.last_coop_date),
        cumulative_amount: changed(&old.cumulative_amount, new.cumulative_amount),
        annual_amount: changed(&old.annual_amount, new.annual_amount),
        tags: (old_tags != new_tags).then_some(new.tags),
        decision_roles: (sorted(old.decision_roles.clone().unwrap_or_default()) != sorted(new.decision_roles.clone()))
            .then_some(new.decision_roles),
        lifecycle_status: new.lifecycle_status.filter(|s| Some(s) != old.lifecycle_status.as_ref()),
        initial_need: changed(&old.initial_need, new.initial_need),
        notes: changed(&old.notes, new.notes),
        custom_fields: custom_changes(&old.custom_fields, new.custom_fields),
        reason,
        ..CustomerPatch::default()
    }
}

/// The custom fields to set (changed or new values) and to clear (values removed).
fn custom_changes(
    old: &BTreeMap<String, CustomValue>,
    new: BTreeMap<String, CustomValue>,
) -> Option<BTreeMap<String, Option<CustomValue>>> {
    let mut changes: BTreeMap<_, _> = old.keys().filter(|k| !new.contains_key(*k)).map(|k| (k.clone(), None)).collect();
    changes.extend(new.into_iter().filter(|(k, v)| old.get(k) != Some(v)).map(|(k, v)| (k, Some(v))));
    (!changes.is_empty()).then_some(changes)
}
