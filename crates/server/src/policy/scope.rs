//! Data scopes applied to queries: the one place that decides which rows of a resource a caller sees.
//! Lists, counts, searches, exports, reports and by-id fetches all filter through [`Visibility`], so
//! they cannot disagree; a row outside the scope is simply not found (404), never "forbidden".

use crm_types::access::{DataScope, Resource};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoSimpleExpr, QueryFilter, QuerySelect};

use crate::auth::Caller;
use crate::entities::departments;
use crate::error::ApiError;

/// Which rows of one resource a caller sees, resolved once per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Nothing (the role has no scope over the resource, or an API key with a personal scope).
    Nothing,
    /// Rows the user owns (or collaborates on, where the resource has collaborators).
    Own {
        /// The user.
        user_id: i64,
    },
    /// Rows owned within a department subtree.
    Department {
        /// The user (who also sees their own rows wherever they sit).
        user_id: i64,
        /// The department and every department below it (by materialised path), resolved once.
        departments: Vec<i64>,
    },
    /// Every row.
    All,
}

/// The ids of the department at `path` and of every department below it.
pub async fn subtree(db: &impl ConnectionTrait, path: &str) -> Result<Vec<i64>, ApiError> {
    Ok(departments::Entity::find()
        .select_only()
        .column(departments::Column::Id)
        .filter(departments::Column::Path.starts_with(path))
        .into_tuple()
        .all(db)
        .await?)
}

impl Visibility {
    /// The caller's scope over `resource`, from their role and the department tree of the request.
    pub fn of(caller: &Caller, resource: Resource) -> Self {
        let Some(scope) = caller.access.scope(resource) else { return Self::Nothing };
        match (scope, caller.user()) {
            (DataScope::All, _) => Self::All,
            // An API key is nobody's colleague: a personal or departmental scope shows it nothing.
            (_, None) => Self::Nothing,
            (DataScope::Own, Some(user)) => Self::Own { user_id: user.id },
            (DataScope::Department, Some(user)) => {
                match user.department_id.and_then(|id| caller.reference.subtree(id)) {
                    Some(departments) => Self::Department { user_id: user.id, departments },
                    None => Self::Own { user_id: user.id },
                }
            }
        }
    }

    /// The condition on a resource's rows: `owner` is the owning user's column, `department` the
    /// owning department's column, and `shared` an optional extra condition under which a user sees a
    /// row they do not own (for customers: being a collaborator).
    pub fn condition<C: ColumnTrait>(&self, owner: C, department: C, shared: Option<SimpleExpr>) -> Condition {
        let own = |user_id: i64| {
            let mut mine = Condition::any().add(owner.eq(user_id));
            if let Some(shared) = shared.clone() {
                mine = mine.add(shared);
            }
            mine
        };
        match self {
            Self::Nothing => Condition::all().add(Expr::val(1).eq(0)),
            Self::All => Condition::all(),
            Self::Own { user_id } => own(*user_id),
            Self::Department { user_id, departments } => {
                // `owner + 0` keeps the owner term from being answered by its own index: with every term
                // of the OR indexed, SQLite unions three index scans and sorts the whole subtree's rows
                // to return one page; this way the list's filters and order pick the index instead.
                let mut any = Condition::any().add(Expr::expr(owner.into_simple_expr()).add(0).eq(*user_id));
                if let Some(shared) = shared.clone() {
                    any = any.add(shared);
                }
                any.add(department.is_in(departments.iter().copied()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::Query;
    use sea_orm::{DbBackend, QueryTrait};

    use super::*;

    mod record {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "records")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub owner_id: i64,
            pub department_id: Option<i64>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    fn sql(visibility: Visibility, shared: Option<SimpleExpr>) -> String {
        let condition = visibility.condition(record::Column::OwnerId, record::Column::DepartmentId, shared);
        record::Entity::find().filter(condition).build(DbBackend::Postgres).to_string()
    }

    #[test]
    fn a_personal_scope_sees_owned_and_shared_rows() {
        let shared = Expr::col(record::Column::Id).in_subquery(
            Query::select()
                .column(record::Column::Id)
                .from(record::Entity)
                .and_where(Expr::col(record::Column::OwnerId).eq(9))
                .to_owned(),
        );
        let text = sql(Visibility::Own { user_id: 7 }, Some(shared));
        assert!(
            text.ends_with(
                r#"WHERE "records"."owner_id" = 7 OR "id" IN (SELECT "id" FROM "records" WHERE "owner_id" = 9)"#
            ),
            "{text}"
        );
    }

    #[test]
    fn a_department_scope_covers_the_resolved_subtree() {
        let text = sql(Visibility::Department { user_id: 7, departments: vec![4, 9] }, None);
        assert!(
            text.ends_with(r#"WHERE "records"."owner_id" + 0 = 7 OR "records"."department_id" IN (4, 9)"#),
            "{text}"
        );
    }

    #[test]
    fn all_restricts_nothing_and_nothing_matches_nothing() {
        let all = sql(Visibility::All, None);
        assert!(!all.contains("owner_id\" =") && !all.contains("1 = 0"), "{all}");
        assert!(sql(Visibility::Nothing, None).ends_with("WHERE 1 = 0"));
    }
}
