//! A follow-up (跟进记录): one contact with a customer, written by a rep and reviewed by a manager.

use sea_orm::entity::prelude::*;

/// A row of `followups`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "followups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub author_id: i64,
    pub department_id: Option<i64>,
    pub occurred_at: DateTimeUtc,
    pub kind: String,
    pub topic: String,
    pub summary: String,
    pub feedback: Option<String>,
    pub stage_from: Option<String>,
    pub stage_to: Option<String>,
    pub next_followup_at: Option<DateTimeUtc>,
    pub next_channels: String,
    pub demand_id: Option<i64>,
    pub review_status: String,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_comment: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Relations of `followups`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The customer the follow-up is about; the follow-up is seen by those who see it.
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
