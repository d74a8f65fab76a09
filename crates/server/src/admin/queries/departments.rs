//! The department tree, as administrators and the staff directory read it: from the request's
//! reference data, without a query.

use crm_types::DepartmentId;
use crm_types::admin::Department;

use crate::entities::departments;
use crate::reference::Reference;

/// The wire form of a department.
pub fn to_dto(row: &departments::Model) -> Department {
    Department {
        id: DepartmentId(row.id),
        name: row.name.clone(),
        parent_id: row.parent_id.map(DepartmentId),
        sort_order: row.sort_order,
        is_active: row.is_active,
    }
}

/// Every department, parents before children (by path) and siblings in their order, from the
/// caller's reference data. Every signed-in user reads it (the staff directory).
pub fn tree(reference: &Reference) -> Vec<Department> {
    let mut rows: Vec<&departments::Model> = reference.departments().collect();
    rows.sort_by(|a, b| (a.path.as_str(), a.sort_order).cmp(&(b.path.as_str(), b.sort_order)));
    rows.into_iter().map(to_dto).collect()
}
