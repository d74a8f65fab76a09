//! Typed identifiers: a `UserId` can't be passed where a customer id is expected.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = i64, format = Int64)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            /// The id written in decimal (a route parameter, a form's value).
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map(Self)
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

id_type!(
    /// The id of a custom field definition.
    CustomFieldId
);

id_type!(
    /// The id of a dictionary value.
    DictionaryItemId
);

id_type!(
    /// The id of an attachment.
    AttachmentId
);

id_type!(
    /// The id of an export job.
    ExportId
);

id_type!(
    /// The id of an import job.
    ImportId
);

id_type!(
    /// The id of a saved import mapping.
    ImportTemplateId
);

id_type!(
    /// The id of a notification in the bell.
    NotificationId
);

id_type!(
    /// The id of a saved list view.
    SavedViewId
);

id_type!(
    /// The id of a handover (客户交接).
    HandoverId
);

id_type!(
    /// The id of an audit log entry.
    AuditEntryId
);

id_type!(
    /// The id of a notification delivery.
    DeliveryId
);
