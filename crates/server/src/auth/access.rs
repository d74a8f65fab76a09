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
        if self.has(permission) { Ok(()) } else { Err(ApiError::PermissionRequired(permission)) }
    }

    /// The caller's data scope over `resource`, if they see any of it.
    pub fn scope(&self, resource: Resource) -> Option<DataScope> {
        self.data_scopes.get(&resource).copied()
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
    fn a_resource_without_a_scope_is_invisible() {
        assert_eq!(marketing().scope(Resource::Tickets), None);
        assert_eq!(marketing().scope(Resource::Customers), Some(DataScope::All));
    }
}
