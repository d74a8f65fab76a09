//! A problem found in one row of an import, by the dry run or by the commit.

use sea_orm::entity::prelude::*;

/// A row of `import_problems`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_problems")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub job_id: i64,
    pub phase: String,
    pub line: i64,
    pub column: Option<String>,
    pub field: Option<String>,
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub message: String,
}

/// Relations of `import_problems`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
