//! A customer (客户档案).

use sea_orm::entity::prelude::*;

/// A row of `customers`. Amounts are whole fen; `decision_roles` is a comma-separated code list;
/// `custom_fields` a JSON object; `search_text` what full-text search looks through, `search_grams`
/// its short terms (`crm_domain::search::grams`: pairs of Chinese characters, seven-digit runs).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub name_key: String,
    pub uscc: Option<String>,
    pub id_card_no: Option<String>,
    pub phone: Option<String>,
    pub phone_key: Option<String>,
    pub email: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub address_detail: Option<String>,
    pub website: Option<String>,
    pub customer_type: String,
    pub industry: String,
    pub grade: String,
    pub company_size: Option<String>,
    pub source_channel: Option<String>,
    pub stage: String,
    pub lifecycle_status: String,
    pub first_coop_date: Option<Date>,
    pub last_coop_date: Option<Date>,
    pub cumulative_fen: Option<i64>,
    pub annual_fen: Option<i64>,
    pub decision_roles: String,
    pub initial_need: Option<String>,
    pub notes: Option<String>,
    pub owner_id: Option<i64>,
    pub department_id: Option<i64>,
    pub primary_contact: Option<String>,
    pub custom_fields: String,
    pub search_text: String,
    pub search_grams: String,
    pub last_followup_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_by: Option<i64>,
    pub updated_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<i64>,
}

/// Relations of `customers`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
