//! The duplicate check (查重): existing customers with the same normalised name, phone (the customer's
//! or a contact's mobile) or USCC.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crm_domain::dedupe;
use crm_types::CustomerId;
use crm_types::customer::DuplicateMatch;
use sea_orm::sea_query::{Query, SimpleExpr, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{customer_contacts, customers};
use crate::error::ApiResult;

/// What to look for; empty keys are ignored.
#[derive(Debug, Clone, Default)]
pub struct Probe<'a> {
    /// The name as typed.
    pub name: Option<&'a str>,
    /// A phone as typed.
    pub phone: Option<&'a str>,
    /// The contacts' mobiles, as typed: another customer with one of them as its phone or a contact's
    /// mobile is a look-alike too.
    pub mobiles: Vec<&'a str>,
    /// A USCC as typed.
    pub uscc: Option<&'a str>,
    /// The customer being edited, which is not its own duplicate.
    pub except: Option<i64>,
}

/// Up to ten live customers that match, whatever the caller's scope: the point is to learn that a
/// colleague already has the customer, so the match names its owner.
pub async fn find(db: &impl ConnectionTrait, probe: &Probe<'_>) -> ApiResult<Vec<DuplicateMatch>> {
    let keys = Keys::of(probe);
    // The ids matching each key, as one union: each part is answered by its own index, and the
    // customers are then read by id (an OR of the keys with the contacts as a subquery would make
    // PostgreSQL scan every customer).
    let ids_where = |condition: SimpleExpr| {
        Query::select().column(customers::Column::Id).from(customers::Entity).and_where(condition).to_owned()
    };
    let mut parts = Vec::new();
    if let Some(key) = &keys.name {
        parts.push(ids_where(customers::Column::NameKey.eq(key.as_str())));
    }
    if !keys.phones.is_empty() {
        parts.push(ids_where(customers::Column::PhoneKey.is_in(keys.phones.iter().map(String::as_str))));
        parts.push(
            Query::select()
                .column(customer_contacts::Column::CustomerId)
                .from(customer_contacts::Entity)
                .and_where(customer_contacts::Column::Mobile.is_in(keys.phones.iter().map(String::as_str)))
                .to_owned(),
        );
    }
    if let Some(uscc) = &keys.uscc {
        parts.push(ids_where(customers::Column::Uscc.eq(uscc.as_str())));
    }
    let mut parts = parts.into_iter();
    let Some(mut ids) = parts.next() else { return Ok(Vec::new()) };
    for part in parts {
        ids.union(UnionType::All, part);
    }
    let mut query = customers::Entity::find()
        .filter(customers::Column::Id.in_subquery(ids))
        .filter(customers::Column::DeletedAt.is_null());
    if let Some(id) = probe.except {
        query = query.filter(customers::Column::Id.ne(id));
    }
    let rows = query.order_by_asc(customers::Column::Id).limit(10).all(db).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let owners = crate::lookups::user_names(db, rows.iter().filter_map(|r| r.owner_id)).await?;
    Ok(rows.iter().map(|row| keys.matched(row, &owners)).collect())
}

/// A probe's normalised keys.
#[derive(Debug, Clone, Default)]
struct Keys {
    name: Option<String>,
    /// The phone's and the mobiles' keys, each once.
    phones: Vec<String>,
    uscc: Option<String>,
}

impl Keys {
    fn of(probe: &Probe<'_>) -> Self {
        let mut phones: Vec<String> = Vec::new();
        for key in probe.phone.iter().chain(&probe.mobiles).map(|p| dedupe::phone_key(p)) {
            if key.len() >= 7 && !phones.contains(&key) {
                phones.push(key);
            }
        }
        Self {
            name: probe.name.map(dedupe::name_key).filter(|k| !k.is_empty()),
            phones,
            uscc: probe.uscc.map(|u| u.trim().to_uppercase()).filter(|u| !u.is_empty()),
        }
    }

    /// Whether `row`'s own phone is one of the keys.
    fn has_phone_of(&self, row: &customers::Model) -> bool {
        row.phone_key.as_ref().is_some_and(|key| self.phones.contains(key))
    }

    /// `row` as a match of these keys, with what it matched on.
    fn matched(&self, row: &customers::Model, owners: &HashMap<i64, String>) -> DuplicateMatch {
        let by_name = self.name.as_deref() == Some(row.name_key.as_str());
        let by_uscc = self.uscc.is_some() && row.uscc.as_deref() == self.uscc.as_deref();
        // The customer's own phone, or, when nothing else matched, one of its contacts' mobiles.
        let by_phone = !self.phones.is_empty() && (self.has_phone_of(row) || !by_name && !by_uscc);
        let matched_on = [(by_name, "name"), (by_phone, "phone"), (by_uscc, "uscc")]
            .into_iter()
            .filter(|(matched, _)| *matched)
            .map(|(_, key)| key.to_owned())
            .collect();
        DuplicateMatch {
            id: CustomerId(row.id),
            code: row.code.clone(),
            name: row.name.clone(),
            owner_name: row.owner_id.and_then(|id| owners.get(&id).cloned()),
            matched_on,
        }
    }
}

/// Keys per IN list.
const KEYS_PER_QUERY: usize = 512;

/// [`find`] for many probes at once (an import's batch), with a few queries whatever their number:
/// for each probe, the same matches `find` gives.
pub async fn find_many(db: &impl ConnectionTrait, probes: &[Probe<'_>]) -> ApiResult<Vec<Vec<DuplicateMatch>>> {
    let keys: Vec<Keys> = probes.iter().map(Keys::of).collect();
    let names: BTreeSet<&str> = keys.iter().filter_map(|k| k.name.as_deref()).collect();
    let phones: BTreeSet<&str> = keys.iter().flat_map(|k| k.phones.iter().map(String::as_str)).collect();
    let usccs: BTreeSet<&str> = keys.iter().filter_map(|k| k.uscc.as_deref()).collect();

    // Customers whose contacts have one of the phones as their mobile, by phone.
    let mut by_contact: HashMap<String, BTreeSet<i64>> = HashMap::new();
    let mut ids = BTreeSet::new();
    for chunk in crate::db::statement_chunks(&phones.iter().copied().collect::<Vec<_>>(), KEYS_PER_QUERY) {
        let pairs: Vec<(i64, Option<String>)> = customer_contacts::Entity::find()
            .select_only()
            .column(customer_contacts::Column::CustomerId)
            .column(customer_contacts::Column::Mobile)
            .filter(customer_contacts::Column::Mobile.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (customer_id, mobile) in pairs {
            ids.insert(customer_id);
            by_contact.entry(mobile.unwrap_or_default()).or_default().insert(customer_id);
        }
    }
    let mut rows: BTreeMap<i64, customers::Model> = BTreeMap::new();
    let lists = [
        (customers::Column::NameKey, names.into_iter().collect::<Vec<_>>()),
        (customers::Column::PhoneKey, phones.into_iter().collect()),
        (customers::Column::Uscc, usccs.into_iter().collect()),
    ];
    for (column, values) in lists {
        for chunk in crate::db::statement_chunks(&values, KEYS_PER_QUERY) {
            let found = customers::Entity::find()
                .filter(column.is_in(chunk.iter().copied()))
                .filter(customers::Column::DeletedAt.is_null())
                .all(db)
                .await?;
            rows.extend(found.into_iter().map(|row| (row.id, row)));
        }
    }
    let ids: Vec<i64> = ids.into_iter().filter(|id| !rows.contains_key(id)).collect();
    for chunk in crate::db::statement_chunks(&ids, KEYS_PER_QUERY) {
        let found = customers::Entity::find()
            .filter(customers::Column::Id.is_in(chunk.iter().copied()))
            .filter(customers::Column::DeletedAt.is_null())
            .all(db)
            .await?;
        rows.extend(found.into_iter().map(|row| (row.id, row)));
    }
    if rows.is_empty() {
        return Ok(vec![Vec::new(); probes.len()]);
    }
    let owners = crate::lookups::user_names(db, rows.values().filter_map(|r| r.owner_id)).await?;
    let matches = keys
        .iter()
        .zip(probes)
        .map(|(keys, probe)| {
            let by_contacts =
                |id: &i64| keys.phones.iter().any(|p| by_contact.get(p).is_some_and(|ids| ids.contains(id)));
            rows.values()
                .filter(|row| probe.except != Some(row.id))
                .filter(|row| {
                    keys.name.as_deref() == Some(row.name_key.as_str())
                        || keys.has_phone_of(row)
                        || keys.uscc.is_some() && row.uscc.as_deref() == keys.uscc.as_deref()
                        || by_contacts(&row.id)
                })
                .take(10)
                .map(|row| keys.matched(row, &owners))
                .collect()
        })
        .collect();
    Ok(matches)
}
