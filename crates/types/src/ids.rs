//! Typed identifiers: a `UserId` can't be passed where a customer id is expected.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = i64, format = Int64)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// The id of a user account.
    UserId
);

id_type!(
    /// The id of a department.
    DepartmentId
);

id_type!(
    /// The id of a role.
    RoleId
);

id_type!(
    /// The id of an API key.
    ApiKeyId
);

id_type!(
    /// The id of a customer.
    CustomerId
);

id_type!(
    /// The id of a customer's contact.
    ContactId
);

id_type!(
    /// The id of a follow-up record.
    FollowupId
);

id_type!(
    /// The id of a demand.
    DemandId
);

id_type!(
    /// The id of a task.
    TaskId
);
