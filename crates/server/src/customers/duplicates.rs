//! The duplicate check (查重): existing customers with the same normalised name, phone (the customer's
//! or a contact's mobile) or USCC.

use crm_domain::dedupe;
use crm_types::CustomerId;
use crm_types::customer::DuplicateMatch;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{customer_contacts, customers};
use crate::error::ApiResult;

/// What to look for; empty keys are ignored.
#[derive(Debug, Clone, Default)]
pub struct Probe<'a> {
    /// The name as typed.
    pub name: Option<&'a str>,
    /// A phone as typed.
    pub phone: Option<&'a str>,
    /// A USCC as typed.
    pub uscc: Option<&'a str>,
    /// The customer being edited, which is not its own duplicate.
    pub except: Option<i64>,
}

/// Up to ten live customers that match, whatever the caller's scope: the point is to learn that a
/// colleague already has the customer, so the match names its owner.
pub async fn find(db: &impl ConnectionTrait, probe: &Probe<'_>) -> ApiResult<Vec<DuplicateMatch>> {
    let name_key = probe.name.map(dedupe::name_key).filter(|k| !k.is_empty());
    let phone_key = probe.phone.map(dedupe::phone_key).filter(|k| k.len() >= 7);
    let uscc = probe.uscc.map(|u| u.trim().to_uppercase()).filter(|u| !u.is_empty());
    let mut any = Condition::any();
    if let Some(key) = &name_key {
        any = any.add(customers::Column::NameKey.eq(key.as_str()));
    }
    if let Some(key) = &phone_key {
        // Contacts' mobiles first, as ids: an `IN (subquery)` inside the OR would make PostgreSQL scan
        // every customer instead of combining the indexes.
        let by_contact: Vec<i64> = customer_contacts::Entity::find()
            .select_only()
            .column(customer_contacts::Column::CustomerId)
            .filter(customer_contacts::Column::Mobile.eq(key.as_str()))
            .limit(50)
            .into_tuple()
            .all(db)
            .await?;
        any = any.add(customers::Column::PhoneKey.eq(key.as_str()));
        if !by_contact.is_empty() {
            any = any.add(customers::Column::Id.is_in(by_contact));
        }
    }
    if let Some(uscc) = &uscc {
        any = any.add(customers::Column::Uscc.eq(uscc.as_str()));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = customers::Entity::find().filter(any).filter(customers::Column::DeletedAt.is_null());
    if let Some(id) = probe.except {
        query = query.filter(customers::Column::Id.ne(id));
    }
    let rows = query.order_by_asc(customers::Column::Id).limit(10).all(db).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let owners = super::record::user_names(db, rows.iter().filter_map(|r| r.owner_id)).await?;
    let mut matches = Vec::with_capacity(rows.len());
    for row in rows {
        let by_name = name_key.as_deref() == Some(row.name_key.as_str());
        let by_uscc = uscc.is_some() && row.uscc.as_deref() == uscc.as_deref();
        // The customer's own phone, or, when nothing else matched, one of its contacts' mobiles.
        let by_phone = phone_key.is_some() && (row.phone_key == phone_key || !by_name && !by_uscc);
        let matched_on = [(by_name, "name"), (by_phone, "phone"), (by_uscc, "uscc")]
            .into_iter()
            .filter(|(matched, _)| *matched)
            .map(|(_, key)| key.to_owned())
            .collect();
        matches.push(DuplicateMatch {
            id: CustomerId(row.id),
            code: row.code,
            name: row.name,
            owner_name: row.owner_id.and_then(|id| owners.get(&id).cloned()),
            matched_on,
        });
    }
    Ok(matches)
}
