//! What a caller may do: the permissions, data scopes and field rules of their role.

use std::collections::{BTreeMap, BTreeSet};

use crm_types::access::{DataScope, FieldAccess, Permission, Resource};

use crate::error::ApiError;

/// The effective rights of a caller, from their role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    /// What the caller may do.
    pub permissions: BTreeSet<Permission>,
    /// Which records of each resource the caller sees; absent means none.
    pub data_scopes: BTreeMap<Resource, DataScope>,
    /// Fields the caller may not read or write.
    pub field_rules: BTreeMap<Resource, BTreeMap<String, FieldAccess>>,
}

impl Access {
    /// Whether the caller holds `permission`.
    pub fn has(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    /// 403 unless the caller holds `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.has(permission) {
            Ok(())
        } else {
            let name = serde_json::to_value(permission).ok().and_then(|v| v.as_str().map(str::to_owned));
            Err(ApiError::Forbidden(format!(
                "This needs the permission {}, which your role does not have.",
                name.unwrap_or_default()
            )))
        }
    }

    /// The caller's data scope over `resource`, if they see any of it.
    pub fn scope(&self, resource: Resource) -> Option<DataScope> {
        self.data_scopes.get(&resource).copied()
    }

    /// How the caller may treat `field` of `resource`; `None` means freely.
    pub fn field(&self, resource: Resource, field: &str) -> Option<FieldAccess> {
        self.field_rules.get(&resource).and_then(|fields| fields.get(field)).copied()
    }

    /// Whether the caller may not read some field of `resource`.
    pub fn hides_any(&self, resource: Resource) -> bool {
        self.field_rules.get(&resource).is_some_and(|fields| fields.values().any(|a| *a == FieldAccess::Hidden))
    }

    /// Removes the fields the caller may not read from a serialised record.
    pub fn redact(&self, resource: Resource, record: &mut serde_json::Value) {
        let (Some(fields), Some(object)) = (self.field_rules.get(&resource), record.as_object_mut()) else { return };
        for (field, access) in fields {
            if *access != FieldAccess::Hidden {
                continue;
            }
            match field.split_once('.') {
                // `contacts.mobile`: the field of every element of a nested list.
                Some((list, inner)) => {
                    if let Some(items) = object.get_mut(list).and_then(serde_json::Value::as_array_mut) {
                        for item in items.iter_mut().filter_map(serde_json::Value::as_object_mut) {
                            item.remove(inner);
                        }
                    }
                }
                None => {
                    object.remove(field);
                }
            }
        }
    }

    /// 403 naming the first field of `written` that the caller may not write.
    pub fn check_writable<'a>(
        &self,
        resource: Resource,
        written: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ApiError> {
        for field in written {
            if self.field(resource, field).is_some() {
                return Err(ApiError::Forbidden(format!("Your role may not change the field {field}.")));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marketing() -> Access {
        let mut access = Access::default();
        access.permissions.insert(Permission::CustomerView);
        access.data_scopes.insert(Resource::Customers, DataScope::All);
        access.field_rules.insert(
            Resource::Customers,
            BTreeMap::from([
                ("phone".to_owned(), FieldAccess::Hidden),
                ("contacts.mobile".to_owned(), FieldAccess::Hidden),
                ("stage".to_owned(), FieldAccess::ReadOnly),
            ]),
        );
        access
    }

    #[test]
    fn a_missing_permission_is_a_403_naming_it() {
        let error = marketing().require(Permission::CustomerExport).unwrap_err();
        assert!(error.to_string().contains("customer.export"), "{error}");
        assert!(marketing().require(Permission::CustomerView).is_ok());
    }

    #[test]
    fn hidden_fields_are_removed_and_restricted_fields_refused_in_writes() {
        let mut record = serde_json::json!({
            "name": "华为", "phone": "13800138000", "stage": "初步接洽",
            "contacts": [{"name": "张伟", "mobile": "13900139000"}]
        });
        marketing().redact(Resource::Customers, &mut record);
        assert_eq!(record, serde_json::json!({"name": "华为", "stage": "初步接洽", "contacts": [{"name": "张伟"}]}));
        assert!(marketing().check_writable(Resource::Customers, ["name"]).is_ok());
        let error = marketing().check_writable(Resource::Customers, ["name", "stage"]).unwrap_err();
        assert!(error.to_string().contains("stage"));
    }

    #[test]
    fn a_resource_without_a_scope_is_invisible() {
        assert_eq!(marketing().scope(Resource::Tickets), None);
        assert_eq!(marketing().scope(Resource::Customers), Some(DataScope::All));
    }
}
