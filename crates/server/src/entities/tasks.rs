//! A task (任务): a step of a demand's plan or a to-do from a follow-up, with an owner and a planned
//! finish date.

use sea_orm::entity::prelude::*;

/// A row of `tasks`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub demand_id: Option<i64>,
    pub followup_id: Option<i64>,
    pub name: String,
    pub owner_id: i64,
    pub department_id: Option<i64>,
    pub planned_finish: Date,
    pub status: String,
    pub delay_reason: Option<String>,
    pub plan_approved_by: Option<i64>,
    pub plan_approved_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Relations of `tasks`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The customer the task serves; the task is seen by those who see it, and by its owner.
    #[sea_orm(
        belongs_to = "super::customers::Entity",
        from = "Column::CustomerId",
        to = "super::customers::Column::Id"
    )]
    Customer,
}

impl Related<super::customers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
