//! Who administers what. Administration is not scoped by data: a right is a permission (`admin.users`,
//! `admin.roles`…) over the whole installation, so its proof is [`Admin`], made only by [`grant`].
//! Every service function that changes administration or reference data (users, departments, roles,
//! modules, API keys, settings, the calendar, custom fields, dictionaries) and every query that reads
//! what only administrators read takes one, so a change or a read nobody checked does not compile.
//!
//! The rights are marker types: one per `admin.*` permission, and two for the lists that people who
//! manage something else need too ([`DepartmentTree`], [`RoleChoices`]).

use std::marker::PhantomData;

use crm_types::access::Permission;

use crate::auth::Caller;
use crate::error::ApiResult;

mod sealed {
    pub trait Sealed {}
}

/// An administration right: what [`grant`] checks before it makes an [`Admin`] proof.
pub trait Right: sealed::Sealed {
    /// 403 unless `caller` holds the right.
    fn check(caller: &Caller) -> ApiResult<()>;
}

/// Proof that the caller holds the administration right `R`. Only [`grant`] makes one.
#[derive(Debug)]
pub struct Admin<R: Right>(PhantomData<R>);

/// The caller's proof of `R` (403 without it).
pub fn grant<R: Right>(caller: &Caller) -> ApiResult<Admin<R>> {
    R::check(caller)?;
    Ok(Admin(PhantomData))
}

macro_rules! rights {
    ($($(#[$doc:meta])* $name:ident => $permission:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub enum $name {}

        impl sealed::Sealed for $name {}

        impl Right for $name {
            fn check(caller: &Caller) -> ApiResult<()> {
                caller.require(Permission::$permission)
            }
        }
    )*};
}

rights! {
    /// User accounts (`admin.users`).
    Users => AdminUsers;
    /// The department tree (`admin.departments`).
    Departments => AdminDepartments;
    /// Roles and their permission matrix (`admin.roles`).
    Roles => AdminRoles;
    /// Module switches (`admin.modules`).
    Modules => AdminModules;
    /// API keys (`admin.api_keys`).
    ApiKeys => AdminApiKeys;
    /// The audit log (`admin.audit`).
    Audit => AdminAudit;
    /// Settings, the working-day calendar, the delivery log, custom fields and dictionaries
    /// (`admin.settings`).
    Settings => AdminSettings;
}

/// Reading the department tree in the administration: its administrators, and whoever manages users
/// (they place users in it).
#[derive(Debug)]
pub enum DepartmentTree {}

impl sealed::Sealed for DepartmentTree {}

impl Right for DepartmentTree {
    fn check(caller: &Caller) -> ApiResult<()> {
        if caller.access.has(Permission::AdminUsers) { Ok(()) } else { caller.require(Permission::AdminDepartments) }
    }
}

/// Listing the roles: their administrators, and whoever manages users or API keys (they assign them).
#[derive(Debug)]
pub enum RoleChoices {}

impl sealed::Sealed for RoleChoices {}

impl Right for RoleChoices {
    fn check(caller: &Caller) -> ApiResult<()> {
        if caller.access.has(Permission::AdminUsers) || caller.access.has(Permission::AdminApiKeys) {
            Ok(())
        } else {
            caller.require(Permission::AdminRoles)
        }
    }
}
