//! Reference data that nearly every request needs — the roles with their rights, the department tree
//! that data scopes are made of, the dictionaries, custom field definitions and customer settings that
//! a customer is checked against — kept in memory by each server instance.
//!
//! The database holds a reference generation (`reference_generation`), a number that triggers raise
//! in the same transaction as any change of roles, departments, dictionaries, custom fields, settings
//! or module switches, whichever instance or tool makes it. The caller's identity is read together
//! with that number (`auth::caller`), and [`ReferenceCache::at`] reloads the data only when the number
//! differs from the one it was loaded at. So a committed change is seen by the next request on every
//! instance, and a request reads no reference table at all otherwise.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crm_types::dictionary::DictionaryKind;
use crm_types::settings::CustomerSettings;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Statement};

use crate::auth::access::Access;
use crate::auth::roles::access_of;
use crate::customers::service::input::Codes;
use crate::entities::{custom_fields, departments, dictionary_items, roles};
use crate::error::ApiResult;
use crate::system_settings;

/// The reference data as of one generation.
#[derive(Debug)]
pub struct Reference {
    /// The generation the data was read at (or after).
    pub generation: i64,
    roles: HashMap<i64, (roles::Model, Access)>,
    /// Every department, by id.
    departments: HashMap<i64, departments::Model>,
    /// Every dictionary value, by kind, in display order.
    dictionary: HashMap<String, Vec<dictionary_items::Model>>,
    codes: Codes,
    /// The custom field definitions, in display order.
    custom_fields: Vec<custom_fields::Model>,
    customer_settings: CustomerSettings,
}

/// The SQL expression of the current generation, for queries that read it with something else.
pub const GENERATION: &str = "(SELECT value FROM reference_generation WHERE id = 1)";

/// The current generation.
pub async fn generation(db: &impl ConnectionTrait) -> ApiResult<i64> {
    let backend = db.get_database_backend();
    let row = db.query_one(Statement::from_string(backend, format!("SELECT {GENERATION} AS value"))).await?;
    Ok(match row {
        Some(row) => row.try_get::<Option<i64>>("", "value")?.unwrap_or_default(),
        None => 0,
    })
}

impl Reference {
    /// Reads the reference data now.
    pub async fn load(db: &impl ConnectionTrait) -> ApiResult<Self> {
        let generation = generation(db).await?;
        Self::load_at(db, generation).await
    }

    /// Reads the reference data, labelled with `generation` (read before it, so that a change committed
    /// in between makes the label older than the data, never newer).
    async fn load_at(db: &impl ConnectionTrait, generation: i64) -> ApiResult<Self> {
        let roles = roles::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|role| {
                let access = access_of(&role);
                (role.id, (role, access))
            })
            .collect();
        let departments = departments::Entity::find().all(db).await?.into_iter().map(|d| (d.id, d)).collect();
        let values = dictionary_items::Entity::find()
            .order_by_asc(dictionary_items::Column::SortOrder)
            .order_by_asc(dictionary_items::Column::Id)
            .all(db)
            .await?;
        let codes = Codes::of(&values);
        let mut dictionary: HashMap<String, Vec<dictionary_items::Model>> = HashMap::new();
        for value in values {
            dictionary.entry(value.kind.clone()).or_default().push(value);
        }
        Ok(Self {
            generation,
            roles,
            departments,
            dictionary,
            codes,
            custom_fields: crate::custom_fields::all(db).await?,
            customer_settings: system_settings::customers(db).await?,
        })
    }

    /// A role and its rights.
    pub fn role(&self, id: i64) -> Option<&(roles::Model, Access)> {
        self.roles.get(&id)
    }

    /// A department.
    pub fn department(&self, id: i64) -> Option<&departments::Model> {
        self.departments.get(&id)
    }

    /// Every department, in no particular order.
    pub fn departments(&self) -> impl Iterator<Item = &departments::Model> {
        self.departments.values()
    }

    /// The values of a dictionary, in display order.
    pub fn values(&self, kind: DictionaryKind) -> &[dictionary_items::Model] {
        self.dictionary.get(kind.as_str()).map_or(&[], Vec::as_slice)
    }

    /// The first active value of a dictionary (where new customers start), or an empty code.
    pub fn first_value(&self, kind: DictionaryKind) -> String {
        self.values(kind).iter().find(|v| v.is_active).map(|v| v.code.clone()).unwrap_or_default()
    }

    /// Every value of every dictionary, for checking codes.
    pub fn codes(&self) -> &Codes {
        &self.codes
    }

    /// The custom field definitions, in display order.
    pub fn custom_fields(&self) -> &[custom_fields::Model] {
        &self.custom_fields
    }

    /// The customer settings (code format, duplicate check).
    pub fn customer_settings(&self) -> &CustomerSettings {
        &self.customer_settings
    }

    /// The department and every department below it (by materialised path), or `None` for an unknown
    /// department.
    pub fn subtree(&self, id: i64) -> Option<Vec<i64>> {
        let path = &self.departments.get(&id)?.path;
        let mut ids: Vec<i64> =
            self.departments.values().filter(|d| d.path.starts_with(path.as_str())).map(|d| d.id).collect();
        ids.sort_unstable();
        Some(ids)
    }
}

/// One instance's copy of the reference data.
#[derive(Debug, Default)]
pub struct ReferenceCache {
    current: RwLock<Option<Arc<Reference>>>,
    /// Held while loading, so that many requests that see a new generation at once load it once.
    loading: tokio::sync::Mutex<()>,
}

impl ReferenceCache {
    /// The reference data at `generation` (as read from the database with the request's identity).
    pub async fn at(&self, db: &impl ConnectionTrait, generation: i64) -> ApiResult<Arc<Reference>> {
        if let Some(current) = self.cached(generation) {
            return Ok(current);
        }
        let _loading = self.loading.lock().await;
        if let Some(current) = self.cached(generation) {
            return Ok(current);
        }
        let loaded = Arc::new(Reference::load_at(db, generation).await?);
        if let Ok(mut current) = self.current.write() {
            *current = Some(loaded.clone());
        }
        Ok(loaded)
    }

    /// The reference data as of now (one query for the generation).
    pub async fn current(&self, db: &impl ConnectionTrait) -> ApiResult<Arc<Reference>> {
        let generation = generation(db).await?;
        self.at(db, generation).await
    }

    fn cached(&self, generation: i64) -> Option<Arc<Reference>> {
        let current = self.current.read().ok()?;
        current.as_ref().filter(|r| r.generation == generation).cloned()
    }
}
