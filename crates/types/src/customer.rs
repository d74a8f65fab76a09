//! Customers (客户档案) and their contacts, as integrators and the SPA see them.
//!
//! Enums are snake_case English; dictionary fields carry stable dictionary codes; amounts are decimal
//! strings (`"500000.00"`); dates are ISO 8601.

use crate::ids::HandoverId;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{ContactId, CustomerId, DepartmentId, UserId};

/// Whether a customer is a company or a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    /// 企业客户: identified by a USCC.
    Enterprise,
    /// 个人客户: identified by a resident ID number.
    Individual,
}

impl CustomerKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enterprise => "enterprise",
            Self::Individual => "individual",
        }
    }
}

/// Whether a contact still works at the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactStatus {
    /// 在职.
    Active,
    /// 已离职: kept on the record, never primary.
    Left,
}

impl ContactStatus {
    /// The stored name (the `contact_status` dictionary code).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Left => "left",
        }
    }
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Address {
    /// 省.
    #[schema(max_length = 40)]
    pub province: Option<String>,
    /// 市.
    #[schema(max_length = 40)]
    pub city: Option<String>,
    /// 区/县.
    #[schema(max_length = 40)]
    pub district: Option<String>,
    /// Street and number.
    #[schema(max_length = 200)]
    pub detail: Option<String>,
}

/// A contact person (联系人) at a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    /// The id.
    pub id: ContactId,
    /// The name.
    pub name: String,
    /// Job title (职位).
    pub position: Option<String>,
    /// Mobile, normalised (`13800138000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A `decision_role` dictionary code.
    pub decision_role: Option<String>,
    /// Still there, or left.
    pub status: ContactStatus,
    /// The customer's main contact; exactly one active contact is primary.
    pub is_primary: bool,
}

/// A contact in a create request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    /// The name.
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    /// Job title.
    #[serde(default)]
    #[schema(max_length = 50)]
    pub position: Option<String>,
    /// Mobile (`+86`, spaces and dashes accepted).
    #[serde(default)]
    #[schema(max_length = 30)]
    pub mobile: Option<String>,
    /// E-mail.
    #[serde(default)]
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// A `decision_role` dictionary code.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub decision_role: Option<String>,
    /// Make this the primary contact (the first contact is primary when none is marked).
    #[serde(default)]
    pub is_primary: bool,
}

/// Body of `PATCH /api/v1/customers/{id}/contacts/{contact_id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 50)]
    pub name: Option<String>,
    /// A new title; `null` clears it.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 50)]
    pub position: Option<Option<String>>,
    /// A new mobile; `null` clears it.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 30)]
    pub mobile: Option<Option<String>>,
    /// A new e-mail; `null` clears it.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 254)]
    pub email: Option<Option<String>>,
    /// A new decision role; `null` clears it.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub decision_role: Option<Option<String>>,
    /// Mark the contact as having left (its primary role passes to another active contact).
    pub status: Option<ContactStatus>,
    /// `true` makes this the primary contact.
    pub is_primary: Option<bool>,
}

/// Who else works on a customer, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CollaboratorAccess {
    /// Sees the customer.
    View,
    /// Sees and edits the customer.
    Edit,
}

impl CollaboratorAccess {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Edit => "edit",
        }
    }
}

/// A collaborator (协作人) on a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Collaborator {
    /// The user.
    pub user_id: UserId,
    /// The user's display name.
    pub display_name: String,
    /// What they may do.
    pub access: CollaboratorAccess,
}

/// Body of `PUT /api/v1/customers/{id}/collaborators/{user_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollaboratorInput {
    /// What the collaborator may do.
    pub access: CollaboratorAccess,
}

/// The value of one custom field: text, date (`2024-05-01`) and decimal (`"12.50"`) values are
/// strings, number values integers, boolean values booleans, multi-select values lists of option codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum CustomValue {
    /// A boolean field.
    Bool(bool),
    /// A number field.
    Integer(i64),
    /// A text, long text, decimal, date or single-select field.
    Text(String),
    /// A multi-select field.
    List(Vec<String>),
}

/// A customer record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Customer {
    /// The id.
    pub id: CustomerId,
    /// 客户编号, generated (`CUS202405001`), never reused.
    pub code: String,
    /// Company or person.
    pub kind: CustomerKind,
    /// 客户名称: the full registered name, or the person's real name.
    pub name: String,
    /// 统一社会信用代码 (enterprises).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uscc: Option<String>,
    /// 身份证号 (individuals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_card_no: Option<String>,
    /// 联系方式: a normalised mobile or landline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Address.
    pub address: Address,
    /// Website.
    pub website: Option<String>,
    /// `customer_type` code: `potential`, `won`, `lost`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_type: Option<String>,
    /// `industry` code (GB/T 4754: `C`, `I65`).
    pub industry: String,
    /// `grade` code: `S`, `A`, `B`, `C`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// `company_size` code.
    pub company_size: Option<String>,
    /// `source_channel` code.
    pub source_channel: Option<String>,
    /// `sales_stage` code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// `lifecycle_status` code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_status: Option<String>,
    /// 首次合作日期.
    pub first_coop_date: Option<NaiveDate>,
    /// 最近合作日期.
    pub last_coop_date: Option<NaiveDate>,
    /// 累计合作金额 in CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "500000.00")]
    pub cumulative_amount: Option<Decimal>,
    /// 年度合作金额 in CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "120000.00")]
    pub annual_amount: Option<Decimal>,
    /// `decision_role` codes present in the customer's decision chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_roles: Option<Vec<String>>,
    /// `tag` codes.
    pub tags: Vec<String>,
    /// 初步需求.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_need: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// The owner (负责人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<UserId>,
    /// The owner's department when the customer was assigned.
    pub department_id: Option<DepartmentId>,
    /// Contacts, primary first.
    pub contacts: Vec<Contact>,
    /// Collaborators.
    pub collaborators: Vec<Collaborator>,
    /// Custom field values by field key.
    pub custom_fields: BTreeMap<String, CustomValue>,
    /// When the last follow-up happened.
    pub last_followup_at: Option<DateTime<Utc>>,
    /// The optimistic-locking version; also the ETag (`"3"`).
    pub version: i32,
    /// Who created the record.
    pub created_by: Option<UserId>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted (only admins see deleted customers).
    pub deleted_at: Option<DateTime<Utc>>,
    /// Existing customers that look like this one (create and update responses only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<DuplicateMatch>,
}

/// Body of `POST /api/v1/customers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    /// Company or person (default: enterprise).
    #[serde(default)]
    pub kind: Option<CustomerKind>,
    /// The full name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// USCC (enterprises).
    #[serde(default)]
    #[schema(max_length = 18)]
    pub uscc: Option<String>,
    /// Resident ID number (individuals).
    #[serde(default)]
    #[schema(max_length = 18)]
    pub id_card_no: Option<String>,
    /// Mobile or landline.
    #[schema(min_length = 1, max_length = 30)]
    pub phone: String,
    /// E-mail.
    #[serde(default)]
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Address.
    #[serde(default)]
    pub address: Address,
    /// Website.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub website: Option<String>,
    /// `customer_type` code (default `potential`).
    #[serde(default)]
    pub customer_type: Option<String>,
    /// `industry` code.
    #[schema(min_length = 1, max_length = 40)]
    pub industry: String,
    /// `grade` code (default `C`).
    #[serde(default)]
    pub grade: Option<String>,
    /// `company_size` code.
    #[serde(default)]
    pub company_size: Option<String>,
    /// `source_channel` code.
    #[serde(default)]
    pub source_channel: Option<String>,
    /// `lifecycle_status` code (default: the first active value).
    #[serde(default)]
    pub lifecycle_status: Option<String>,
    /// 首次合作日期.
    #[serde(default)]
    pub first_coop_date: Option<NaiveDate>,
    /// 最近合作日期.
    #[serde(default)]
    pub last_coop_date: Option<NaiveDate>,
    /// 累计合作金额.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "500000.00")]
    pub cumulative_amount: Option<Decimal>,
    /// 年度合作金额.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "120000.00")]
    pub annual_amount: Option<Decimal>,
    /// `decision_role` codes.
    #[serde(default)]
    pub decision_roles: Vec<String>,
    /// `tag` codes.
    #[serde(default)]
    pub tags: Vec<String>,
    /// 初步需求.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub initial_need: Option<String>,
    /// Notes.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
    /// The owner (default: the creator).
    #[serde(default)]
    pub owner_id: Option<UserId>,
    /// The contacts: at least one.
    #[schema(min_items = 1)]
    pub contacts: Vec<NewContact>,
    /// Custom field values by key.
    #[serde(default)]
    pub custom_fields: BTreeMap<String, CustomValue>,
}

/// Body of `PATCH /api/v1/customers/{id}` (with `If-Match`): only the fields present change; `null`
/// clears an optional field. Changing `stage`, `customer_type` or `lifecycle_status` needs a `reason`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerPatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// A new USCC.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 18)]
    pub uscc: Option<Option<String>>,
    /// A new ID number.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 18)]
    pub id_card_no: Option<Option<String>>,
    /// A new phone.
    #[schema(min_length = 1, max_length = 30)]
    pub phone: Option<String>,
    /// A new e-mail.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 254)]
    pub email: Option<Option<String>>,
    /// A new address (replaces the whole address).
    pub address: Option<Address>,
    /// A new website.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub website: Option<Option<String>>,
    /// A new customer type (needs `reason`).
    pub customer_type: Option<String>,
    /// A new industry.
    #[schema(min_length = 1, max_length = 40)]
    pub industry: Option<String>,
    /// A new grade (needs the `customer.change_grade` permission).
    pub grade: Option<String>,
    /// A new company size.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub company_size: Option<Option<String>>,
    /// A new source channel.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub source_channel: Option<Option<String>>,
    /// A new sales stage (needs `reason`).
    pub stage: Option<String>,
    /// A new lifecycle status (needs `reason`).
    pub lifecycle_status: Option<String>,
    /// A new first cooperation date.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<NaiveDate>)]
    pub first_coop_date: Option<Option<NaiveDate>>,
    /// A new latest cooperation date.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<NaiveDate>)]
    pub last_coop_date: Option<Option<NaiveDate>>,
    /// A new cumulative amount.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub cumulative_amount: Option<Option<Decimal>>,
    /// A new annual amount.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub annual_amount: Option<Option<Decimal>>,
    /// New decision roles.
    pub decision_roles: Option<Vec<String>>,
    /// New tags (replace the old ones).
    pub tags: Option<Vec<String>>,
    /// A new initial need.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub initial_need: Option<Option<String>>,
    /// New notes.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub notes: Option<Option<String>>,
    /// Custom field values to set; a `null` value clears that field.
    #[schema(value_type = Option<BTreeMap<String, CustomValue>>)]
    pub custom_fields: Option<BTreeMap<String, Option<CustomValue>>>,
    /// Why the stage, type or status changes (required then), kept in the customer's history.
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// An existing customer that looks like the one being entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DuplicateMatch {
    /// The existing customer.
    pub id: CustomerId,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its owner's display name, so that the two people can talk.
    pub owner_name: Option<String>,
    /// Which keys matched: `name`, `phone`, `uscc`.
    pub matched_on: Vec<String>,
}

/// A row of the customer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CustomerSummary {
    /// The id.
    pub id: CustomerId,
    /// The code.
    pub code: String,
    /// Company or person.
    pub kind: CustomerKind,
    /// The name.
    pub name: String,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The primary contact's name.
    pub primary_contact: Option<String>,
    /// `customer_type` code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_type: Option<String>,
    /// `industry` code.
    pub industry: String,
    /// `grade` code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// `sales_stage` code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// `lifecycle_status` code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_status: Option<String>,
    /// `source_channel` code.
    pub source_channel: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// City.
    pub city: Option<String>,
    /// 累计合作金额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub cumulative_amount: Option<Decimal>,
    /// `tag` codes.
    pub tags: Vec<String>,
    /// The owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<UserId>,
    /// The department.
    pub department_id: Option<DepartmentId>,
    /// The last follow-up.
    pub last_followup_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Deleted (admins listing deleted customers only).
    pub deleted_at: Option<DateTime<Utc>>,
}

/// Body of `POST /api/v1/customers/handover` (客户交接).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverRequest {
    /// The customers to hand over.
    #[schema(min_items = 1, max_items = 1000)]
    pub customer_ids: Vec<CustomerId>,
    /// The new owner.
    pub to_user_id: UserId,
    /// Why (离职交接, 区域调整…).
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// The record of a handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Handover {
    /// The id.
    pub id: HandoverId,
    /// The new owner.
    pub to_user_id: UserId,
    /// Who did it.
    pub by_user_id: Option<UserId>,
    /// Why.
    pub reason: String,
    /// How many customers moved.
    pub customer_count: u32,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The new owner's display name.
    #[serde(default)]
    pub to_user_name: Option<String>,
    /// The display name of who did it.
    #[serde(default)]
    pub by_user_name: Option<String>,
}

/// A handover with the customers it moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HandoverDetail {
    /// The handover.
    pub handover: Handover,
    /// The customers, in the order of their ids.
    pub customers: Vec<HandedOverCustomer>,
}

/// A customer of a handover, with whom it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HandedOverCustomer {
    /// The customer.
    pub customer_id: CustomerId,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The owner before.
    pub from_user_id: Option<UserId>,
    /// Their display name.
    pub from_user_name: Option<String>,
}

/// Query of `GET /api/v1/customers/handovers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HandoverQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    #[param(max_length = 40)]
    pub cursor: Option<String>,
}

/// What happened to a customer, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntry {
    /// The id of the entry within its kind.
    pub id: i64,
    /// `created`, `updated`, `stage_changed`, `customer_type_changed`, `lifecycle_status_changed`,
    /// `grade_changed`, `handover`, `contact_added`, `contact_updated`, `contact_left`, `collaborator_added`,
    /// `collaborator_removed`, `deleted`, `restored`, `followup_added` (detail: the topic) (and, as
    /// they land, demands, tickets and orders).
    pub kind: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (a user).
    pub actor_id: Option<UserId>,
    /// Their display name.
    pub actor_name: Option<String>,
    /// For a change of a field: the field.
    pub field: Option<String>,
    /// The old value.
    pub from: Option<String>,
    /// The new value.
    pub to: Option<String>,
    /// The reason given.
    pub reason: Option<String>,
    /// Anything else worth showing (changed field names, a contact's name…).
    pub detail: Option<String>,
}

/// Filters, search, sort and paging of `GET /api/v1/customers`. Every filter combines with the
/// others (AND); a comma-separated list matches any of its values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CustomerQuery {
    /// Full-text search over name, code, phone, contact names and mobiles and USCC.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// `enterprise` or `individual`.
    pub kind: Option<CustomerKind>,
    /// `customer_type` codes.
    #[param(max_length = 400)]
    pub customer_type: Option<String>,
    /// `industry` codes; a section (`C`) includes its divisions (`C39`).
    #[param(max_length = 400)]
    pub industry: Option<String>,
    /// `grade` codes.
    #[param(max_length = 400)]
    pub grade: Option<String>,
    /// `sales_stage` codes.
    #[param(max_length = 400)]
    pub stage: Option<String>,
    /// `lifecycle_status` codes.
    #[param(max_length = 400)]
    pub lifecycle_status: Option<String>,
    /// `company_size` codes.
    #[param(max_length = 400)]
    pub company_size: Option<String>,
    /// `source_channel` codes.
    #[param(max_length = 400)]
    pub source_channel: Option<String>,
    /// `tag` codes: customers with any of them.
    #[param(max_length = 400)]
    pub tag: Option<String>,
    /// Owner user ids.
    #[param(max_length = 400, pattern = "^[0-9]{1,18}(,[0-9]{1,18})*$")]
    pub owner_id: Option<String>,
    /// A department: customers of it and every department below it.
    pub department_id: Option<DepartmentId>,
    /// Province.
    #[param(max_length = 40)]
    pub province: Option<String>,
    /// City.
    #[param(max_length = 40)]
    pub city: Option<String>,
    /// District.
    #[param(max_length = 40)]
    pub district: Option<String>,
    /// Created on or after this day (Asia/Shanghai).
    pub created_from: Option<NaiveDate>,
    /// Created on or before this day.
    pub created_to: Option<NaiveDate>,
    /// Changed on or after this day.
    pub updated_from: Option<NaiveDate>,
    /// Changed on or before this day.
    pub updated_to: Option<NaiveDate>,
    /// Cumulative amount at least this (CNY).
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub amount_min: Option<Decimal>,
    /// Cumulative amount at most this.
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub amount_max: Option<Decimal>,
    /// Annual amount at least this.
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub annual_min: Option<Decimal>,
    /// Annual amount at most this.
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub annual_max: Option<Decimal>,
    /// Only these customers (ids separated by commas, at most 1,000; in a list's query string at most
    /// 2,000 characters): an export of the rows chosen in a list.
    #[param(max_length = 2000, pattern = "^[0-9]+(,[0-9]+)*$")]
    pub ids: Option<String>,
    /// `decision_role` codes: customers whose decision-chain roles include any of them.
    #[param(max_length = 400)]
    pub decision_role: Option<String>,
    /// First cooperation on or after this day.
    pub first_coop_from: Option<NaiveDate>,
    /// First cooperation on or before this day.
    pub first_coop_to: Option<NaiveDate>,
    /// Latest cooperation on or after this day.
    pub last_coop_from: Option<NaiveDate>,
    /// Latest cooperation on or before this day.
    pub last_coop_to: Option<NaiveDate>,
    /// No follow-up for more than this many days (未跟进超 N 天).
    #[param(minimum = 1, maximum = 3650)]
    pub no_followup_days: Option<u32>,
    /// Custom-field filters, `key:value` pairs separated by `;` (`budget_year:2025;vip:true`); a
    /// multi-select field matches when it contains the value; a number, decimal or date field also
    /// takes a range `key:low..high`, a bound left out for none (`discount:..0.9`). An unknown key or a
    /// value of the wrong type is a 422 naming `cf`.
    #[param(max_length = 400, pattern = "^[a-z][a-z0-9_]{0,39}:[^;]+(;[a-z][a-z0-9_]{0,39}:[^;]+)*$")]
    pub cf: Option<String>,
    /// Deleted customers instead of live ones (administrators).
    pub deleted: Option<bool>,
    /// The sort column, `-` for descending: `created_at`, `updated_at`, `name`, `code`, `industry`,
    /// `grade`, `stage`, `customer_type`, `cumulative_amount`, `primary_contact`, `phone`,
    /// `lifecycle_status`, `source_channel`, `city`, `owner`, `last_followup_at` (default
    /// `-created_at`). Customers without a value sort first going up.
    #[param(
        max_length = 30,
        pattern = "^-?(created_at|updated_at|name|code|industry|grade|stage|customer_type|cumulative_amount|primary_contact|phone|lifecycle_status|source_channel|city|owner|last_followup_at)$"
    )]
    pub sort: Option<String>,
    /// Page size (1–200, default 20).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    #[param(max_length = 400)]
    pub cursor: Option<String>,
    /// Also count every matching row (slower on large lists).
    pub with_total: Option<bool>,
}

/// Query of `GET /api/v1/customers/duplicates`: what the user has typed so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DuplicateQuery {
    /// The name.
    #[param(max_length = 100)]
    pub name: Option<String>,
    /// A phone or mobile.
    #[param(max_length = 30)]
    pub phone: Option<String>,
    /// A USCC.
    #[param(max_length = 18)]
    pub uscc: Option<String>,
    /// The customer being edited.
    pub except: Option<i64>,
}

/// Query of `GET /api/v1/customers/{id}/timeline`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TimelineQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    #[param(max_length = 100)]
    pub cursor: Option<String>,
}
