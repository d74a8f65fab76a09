//! Saved views (保存的视图): a named filter, column set and sort of a list, kept for oneself or shared
//! with one's department.

use crate::ids::SavedViewId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{DepartmentId, UserId};

/// The list a view belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ViewResource {
    /// The customer list (`GET /api/v1/customers`).
    Customers,
}

impl ViewResource {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customers => "customers",
        }
    }

    /// The resource stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "customers" => Some(Self::Customers),
            _ => None,
        }
    }
}

/// Who sees a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ViewVisibility {
    /// Only its owner.
    Private,
    /// Its owner and every user of the owner's department (as it was when the view was shared).
    Department,
}

impl ViewVisibility {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Department => "department",
        }
    }

    /// The visibility stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "private" => Some(Self::Private),
            "department" => Some(Self::Department),
            _ => None,
        }
    }
}

/// A saved view of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SavedView {
    /// The id.
    pub id: SavedViewId,
    /// The list it applies to.
    pub resource: ViewResource,
    /// The name, unique among the owner's views of the list.
    pub name: String,
    /// The list's query string without `cursor` and `limit`, such as `industry=I&stage=proposal&tag=vip`.
    pub filters: String,
    /// The columns shown, in order (empty: the list's default columns).
    pub columns: Vec<String>,
    /// The sort (`name`, `-created_at`…); absent: the list's default.
    pub sort: Option<String>,
    /// Who sees it.
    pub visibility: ViewVisibility,
    /// The owner, the only one who may change or delete it.
    pub owner_id: UserId,
    /// The owner's display name.
    pub owner_name: String,
    /// The department it is shared with; absent for private views.
    pub department_id: Option<DepartmentId>,
    /// Whether the caller owns it.
    pub is_mine: bool,
    /// Created at (UTC).
    pub created_at: DateTime<Utc>,
    /// Last changed at (UTC).
    pub updated_at: DateTime<Utc>,
}

/// Query of `GET /api/v1/saved-views`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SavedViewQuery {
    /// The list whose views to return.
    pub resource: ViewResource,
}

/// Body of `POST /api/v1/saved-views`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSavedView {
    /// The list it applies to.
    pub resource: ViewResource,
    /// The name (trimmed), unique among the caller's views of the list.
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    /// The list's query string without `cursor` and `limit` (`industry=I&stage=proposal`); every
    /// parameter must be one the list accepts.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub filters: String,
    /// The columns shown, in order.
    #[serde(default)]
    #[schema(max_items = 30, pattern = "^[a-z_]{1,40}$")]
    pub columns: Vec<String>,
    /// The sort, `-` for descending.
    #[serde(default)]
    #[schema(
        max_length = 30,
        pattern = "^-?(created_at|updated_at|name|code|industry|grade|stage|customer_type|cumulative_amount)$"
    )]
    pub sort: Option<String>,
    /// Who sees it (default: only the caller).
    #[serde(default = "private")]
    pub visibility: ViewVisibility,
}

fn private() -> ViewVisibility {
    ViewVisibility::Private
}

/// Body of `PATCH /api/v1/saved-views/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SavedViewPatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 50)]
    pub name: Option<String>,
    /// New filters.
    #[schema(max_length = 2000)]
    pub filters: Option<String>,
    /// New columns.
    #[schema(max_items = 30, pattern = "^[a-z_]{1,40}$")]
    pub columns: Option<Vec<String>>,
    /// A new sort; `null` returns to the list's default.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(
        value_type = Option<String>,
        max_length = 30,
        pattern = "^-?(created_at|updated_at|name|code|industry|grade|stage|customer_type|cumulative_amount)$"
    )]
    pub sort: Option<Option<String>>,
    /// Share with the department or make private again.
    pub visibility: Option<ViewVisibility>,
}
