//! Every operation of the REST API, declared once: method, path, operationId, and the Rust types of
//! its path parameters, query string, body and answer.
//!
//! The server names its handlers' OpenAPI operations with these ids (and a test checks that each
//! handler's method and path are the ones declared here), the SPA builds every request from them
//! ([`Endpoint::url`]), and the API tests call them the same way — so a URL is never written by hand
//! and a client cannot send a body the server does not take.

use crate::page::Page;
use serde::Serialize;

use crate::access::ModuleKey;
use crate::admin::{
    ApiKey, Colleague, CreatedApiKey, Department, DepartmentPatch, ModuleState, ModuleSwitch, NewApiKey, NewDepartment,
    NewUser, PasswordReset, Role, RoleInput, User, UserPatch,
};
use crate::attachment::{Attachment, AttachmentLimits, AttachmentOwner, ContentQuery};
use crate::audit::{AuditEntry, AuditQuery, AuditVerification};
use crate::auth::{
    ChangePasswordRequest, LoginRequest, Me, PasswordResetConfirm, PasswordResetRequest, RefreshRequest, TokenResponse,
};
use crate::calendar::{CalendarDay, CalendarDayInput, CalendarQuery};
use crate::custom_field::{CustomField, CustomFieldPatch, NewCustomField};
use crate::customer::{
    CollaboratorInput, Contact, ContactPatch, Customer, CustomerPatch, CustomerQuery, CustomerSummary, DuplicateMatch,
    DuplicateQuery, Handover, HandoverDetail, HandoverQuery, HandoverRequest, NewContact, NewCustomer, TimelineEntry,
    TimelineQuery,
};
use crate::demand::{Demand, DemandPatch, DemandQuery, DemandSummary, DemandSummaryQuery, NewDemand, NewTask};
use crate::dictionary::{DictionaryItem, DictionaryItemPatch, DictionaryKind, NewDictionaryItem};
use crate::export::{Export, ExportColumn, NewExport};
use crate::followup::{Followup, FollowupPatch, FollowupQuery, NewFollowup, ReviewInput};
use crate::ids::{
    ApiKeyId, AttachmentId, ContactId, CustomFieldId, CustomerId, DemandId, DepartmentId, DictionaryItemId, ExportId,
    FollowupId, HandoverId, ImportId, ImportTemplateId, NotificationId, RoleId, SavedViewId, TaskId, UserId,
};
use crate::import::{
    ImportJob, ImportListQuery, ImportOptions, ImportPreview, ImportProblem, ImportTemplate, ImportTemplatePatch,
    NewImportTemplate, PreviewQuery, ProblemQuery, UploadedImport,
};
use crate::notification::{
    Delivery, DeliveryQuery, NotificationPage, NotificationPreferences, NotificationQuery, UnreadCount,
};
use crate::saved_view::{NewSavedView, SavedView, SavedViewPatch, SavedViewQuery};
use crate::settings::{CustomerSettings, ReminderSettings};
use crate::system::{HealthStatus, VersionInfo};
use crate::task::{Task, TaskHistoryEntry, TaskPatch, TaskQuery};

/// The HTTP methods of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// No query string, no body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Nothing {}

/// An answer without a body (204, or 202 for a request taken to be done later).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoContent;

/// An answer that is a file (its bytes and media type), not JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileContent;

/// The bytes of a file in an answer, as the OpenAPI document describes them (`string`, `binary`).
#[derive(Debug, Clone, Default, PartialEq, Eq, utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(pub Vec<u8>);

/// A `multipart/form-data` body with one part named `file`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileUpload;

/// One value in a path (`/customers/{id}`).
pub trait PathSegment {
    /// The value as it goes in the path, before percent-encoding.
    fn segment(&self) -> String;
}

macro_rules! display_segments {
    ($($ty:ty),+) => {
        $(impl PathSegment for $ty {
            fn segment(&self) -> String {
                self.to_string()
            }
        })+
    };
}

display_segments!(
    ApiKeyId,
    AttachmentId,
    ContactId,
    CustomFieldId,
    CustomerId,
    DemandId,
    DepartmentId,
    DictionaryItemId,
    ExportId,
    FollowupId,
    HandoverId,
    ImportId,
    ImportTemplateId,
    NotificationId,
    RoleId,
    SavedViewId,
    TaskId,
    UserId,
    chrono::NaiveDate
);

impl PathSegment for DictionaryKind {
    fn segment(&self) -> String {
        self.as_str().to_owned()
    }
}

impl PathSegment for ModuleKey {
    fn segment(&self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }
}

/// The values of a path's parameters, in the order they appear in it.
pub trait PathArgs {
    /// Each value, as it goes in the path.
    fn segments(&self) -> Vec<String>;
}

impl PathArgs for () {
    fn segments(&self) -> Vec<String> {
        Vec::new()
    }
}

impl<A: PathSegment> PathArgs for A {
    fn segments(&self) -> Vec<String> {
        vec![self.segment()]
    }
}

impl<A: PathSegment, B: PathSegment> PathArgs for (A, B) {
    fn segments(&self) -> Vec<String> {
        vec![self.0.segment(), self.1.segment()]
    }
}

/// Percent-encodes a path segment: everything but unreserved characters (RFC 3986).
fn encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// One operation of the API.
pub trait Endpoint {
    /// The HTTP method.
    const METHOD: Method;
    /// The path as in the OpenAPI document, `{name}` for each parameter.
    const PATH: &'static str;
    /// The OpenAPI `operationId`, unique in the document.
    const OPERATION_ID: &'static str;
    /// The path parameters, in order.
    type Path: PathArgs;
    /// The query string ([`Nothing`] for none).
    type Query: Serialize;
    /// The request body ([`Nothing`] for none, [`FileUpload`] for a file).
    type Body;
    /// The answer ([`NoContent`] for none, [`FileContent`] for a file).
    type Response;

    /// The path with `args` in place of its parameters.
    fn path(args: &Self::Path) -> String {
        let mut values = args.segments().into_iter();
        let mut path = String::with_capacity(Self::PATH.len() + 16);
        let mut rest = Self::PATH;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            path.push_str(&encode_segment(&values.next().unwrap_or_default()));
            rest = &rest[close..];
        }
        path.push_str(rest);
        path
    }

    /// The path with `args` and the query string of `query` (none when it sets nothing).
    fn url(args: &Self::Path, query: &Self::Query) -> String {
        let path = Self::path(args);
        match serde_urlencoded::to_string(query) {
            Ok(query) if !query.is_empty() => format!("{path}?{query}"),
            _ => path,
        }
    }
}

/// What a test of the document checks: every declared operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declared {
    /// The method.
    pub method: Method,
    /// The path.
    pub path: &'static str,
    /// The operationId.
    pub operation_id: &'static str,
    /// The body's Rust type, as written in the declaration.
    pub body: &'static str,
    /// The answer's Rust type, as written in the declaration.
    pub response: &'static str,
}

macro_rules! endpoints {
    ($($(#[doc = $doc:literal])+ $name:ident = $method:ident $path:literal as $id:literal {
        path: $p:ty, query: $q:ty, body: $b:ty, response: $r:ty $(,)?
    })+) => {
        $(
            $(#[doc = $doc])+
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
            pub struct $name;

            impl $name {
                /// The OpenAPI `operationId` (what the server's handler is documented with).
                pub const ID: &'static str = $id;
            }

            impl Endpoint for $name {
                const METHOD: Method = Method::$method;
                const PATH: &'static str = $path;
                const OPERATION_ID: &'static str = $id;
                type Path = $p;
                type Query = $q;
                type Body = $b;
                type Response = $r;
            }
        )+

        /// Every operation of the API.
        pub const ALL: &[Declared] = &[$(Declared {
            method: Method::$method,
            path: $path,
            operation_id: $id,
            body: stringify!($b),
            response: stringify!($r),
        }),+];
    };
}

endpoints! {
    /// The server is up.
    GetHealth = Get "/healthz" as "getHealth" { path: (), query: Nothing, body: Nothing, response: HealthStatus }
    /// The server can reach its database.
    GetReadiness = Get "/readyz" as "getReadiness" { path: (), query: Nothing, body: Nothing, response: HealthStatus }
    /// The server's version.
    GetVersion = Get "/api/v1/version" as "getVersion" { path: (), query: Nothing, body: Nothing, response: VersionInfo }

    /// Sign in.
    Login = Post "/api/v1/auth/login" as "login" { path: (), query: Nothing, body: LoginRequest, response: TokenResponse }
    /// Exchange a refresh token for a new pair.
    RefreshSession = Post "/api/v1/auth/refresh" as "refreshSession" { path: (), query: Nothing, body: RefreshRequest, response: TokenResponse }
    /// Sign out.
    Logout = Post "/api/v1/auth/logout" as "logout" { path: (), query: Nothing, body: RefreshRequest, response: NoContent }
    /// Change one's own password.
    ChangePassword = Post "/api/v1/auth/password" as "changePassword" { path: (), query: Nothing, body: ChangePasswordRequest, response: TokenResponse }
    /// Ask for a password-reset e-mail.
    RequestPasswordReset = Post "/api/v1/auth/password-reset/request" as "requestPasswordReset" { path: (), query: Nothing, body: PasswordResetRequest, response: NoContent }
    /// Set a new password with a reset token.
    ConfirmPasswordReset = Post "/api/v1/auth/password-reset/confirm" as "confirmPasswordReset" { path: (), query: Nothing, body: PasswordResetConfirm, response: NoContent }
    /// The signed-in user.
    GetMe = Get "/api/v1/me" as "getMe" { path: (), query: Nothing, body: Nothing, response: Me }

    /// The staff directory.
    ListColleagues = Get "/api/v1/users" as "listColleagues" { path: (), query: Nothing, body: Nothing, response: Vec<Colleague> }
    /// The department tree.
    ListDepartments = Get "/api/v1/departments" as "listDepartments" { path: (), query: Nothing, body: Nothing, response: Vec<Department> }

    /// Users (administration).
    ListUsers = Get "/api/v1/admin/users" as "listUsers" { path: (), query: Nothing, body: Nothing, response: Vec<User> }
    /// Create a user.
    CreateUser = Post "/api/v1/admin/users" as "createUser" { path: (), query: Nothing, body: NewUser, response: User }
    /// A user.
    GetUser = Get "/api/v1/admin/users/{id}" as "getUser" { path: UserId, query: Nothing, body: Nothing, response: User }
    /// Change a user.
    UpdateUser = Patch "/api/v1/admin/users/{id}" as "updateUser" { path: UserId, query: Nothing, body: UserPatch, response: User }
    /// Give a user a new initial password.
    ResetUserPassword = Post "/api/v1/admin/users/{id}/password" as "resetUserPassword" { path: UserId, query: Nothing, body: PasswordReset, response: NoContent }
    /// Departments (administration).
    ListAdminDepartments = Get "/api/v1/admin/departments" as "listAdminDepartments" { path: (), query: Nothing, body: Nothing, response: Vec<Department> }
    /// Create a department.
    CreateDepartment = Post "/api/v1/admin/departments" as "createDepartment" { path: (), query: Nothing, body: NewDepartment, response: Department }
    /// Rename, move or disable a department.
    UpdateDepartment = Patch "/api/v1/admin/departments/{id}" as "updateDepartment" { path: DepartmentId, query: Nothing, body: DepartmentPatch, response: Department }
    /// Roles.
    ListRoles = Get "/api/v1/admin/roles" as "listRoles" { path: (), query: Nothing, body: Nothing, response: Vec<Role> }
    /// Create a role.
    CreateRole = Post "/api/v1/admin/roles" as "createRole" { path: (), query: Nothing, body: RoleInput, response: Role }
    /// A role.
    GetRole = Get "/api/v1/admin/roles/{id}" as "getRole" { path: RoleId, query: Nothing, body: Nothing, response: Role }
    /// Replace a role's rights.
    ReplaceRole = Put "/api/v1/admin/roles/{id}" as "replaceRole" { path: RoleId, query: Nothing, body: RoleInput, response: Role }
    /// Delete a role.
    DeleteRole = Delete "/api/v1/admin/roles/{id}" as "deleteRole" { path: RoleId, query: Nothing, body: Nothing, response: NoContent }
    /// Module switches.
    ListModules = Get "/api/v1/admin/modules" as "listModules" { path: (), query: Nothing, body: Nothing, response: Vec<ModuleState> }
    /// Switch a module on or off.
    SwitchModule = Put "/api/v1/admin/modules/{key}" as "switchModule" { path: ModuleKey, query: Nothing, body: ModuleSwitch, response: ModuleState }
    /// API keys.
    ListApiKeys = Get "/api/v1/admin/api-keys" as "listApiKeys" { path: (), query: Nothing, body: Nothing, response: Vec<ApiKey> }
    /// Issue an API key.
    CreateApiKey = Post "/api/v1/admin/api-keys" as "createApiKey" { path: (), query: Nothing, body: NewApiKey, response: CreatedApiKey }
    /// Revoke an API key.
    RevokeApiKey = Delete "/api/v1/admin/api-keys/{id}" as "revokeApiKey" { path: ApiKeyId, query: Nothing, body: Nothing, response: NoContent }
    /// Search the audit log.
    SearchAuditLog = Get "/api/v1/admin/audit-log" as "searchAuditLog" { path: (), query: AuditQuery, body: Nothing, response: Page<AuditEntry> }
    /// Verify the audit log's hash chain.
    VerifyAuditLog = Get "/api/v1/admin/audit-log/verify" as "verifyAuditLog" { path: (), query: Nothing, body: Nothing, response: AuditVerification }
    /// Customer settings.
    GetCustomerSettings = Get "/api/v1/admin/settings/customers" as "getCustomerSettings" { path: (), query: Nothing, body: Nothing, response: CustomerSettings }
    /// Change the customer settings.
    UpdateCustomerSettings = Put "/api/v1/admin/settings/customers" as "updateCustomerSettings" { path: (), query: Nothing, body: CustomerSettings, response: CustomerSettings }
    /// Reminder settings.
    GetReminderSettings = Get "/api/v1/admin/settings/reminders" as "getReminderSettings" { path: (), query: Nothing, body: Nothing, response: ReminderSettings }
    /// Change the reminder settings.
    UpdateReminderSettings = Put "/api/v1/admin/settings/reminders" as "updateReminderSettings" { path: (), query: Nothing, body: ReminderSettings, response: ReminderSettings }
    /// The working-day calendar's exceptions.
    ListCalendarDays = Get "/api/v1/admin/calendar" as "listCalendarDays" { path: (), query: CalendarQuery, body: Nothing, response: Vec<CalendarDay> }
    /// Make a day a holiday or a make-up working day.
    SetCalendarDay = Put "/api/v1/admin/calendar/{day}" as "setCalendarDay" { path: chrono::NaiveDate, query: Nothing, body: CalendarDayInput, response: CalendarDay }
    /// Make a day ordinary again.
    DeleteCalendarDay = Delete "/api/v1/admin/calendar/{day}" as "deleteCalendarDay" { path: chrono::NaiveDate, query: Nothing, body: Nothing, response: NoContent }
    /// The delivery log of notifications.
    ListNotificationDeliveries = Get "/api/v1/admin/notification-deliveries" as "listNotificationDeliveries" { path: (), query: DeliveryQuery, body: Nothing, response: Vec<Delivery> }

    /// Active custom fields.
    ListCustomFields = Get "/api/v1/custom-fields" as "listCustomFields" { path: (), query: Nothing, body: Nothing, response: Vec<CustomField> }
    /// Every custom field (administration).
    ListAdminCustomFields = Get "/api/v1/admin/custom-fields" as "listAdminCustomFields" { path: (), query: Nothing, body: Nothing, response: Vec<CustomField> }
    /// Define a custom field.
    CreateCustomField = Post "/api/v1/admin/custom-fields" as "createCustomField" { path: (), query: Nothing, body: NewCustomField, response: CustomField }
    /// Change a custom field.
    UpdateCustomField = Patch "/api/v1/admin/custom-fields/{id}" as "updateCustomField" { path: CustomFieldId, query: Nothing, body: CustomFieldPatch, response: CustomField }
    /// A dictionary's values.
    ListDictionaryItems = Get "/api/v1/dictionaries/{kind}" as "listDictionaryItems" { path: DictionaryKind, query: Nothing, body: Nothing, response: Vec<DictionaryItem> }
    /// Add a value to a dictionary.
    CreateDictionaryItem = Post "/api/v1/admin/dictionaries/{kind}" as "createDictionaryItem" { path: DictionaryKind, query: Nothing, body: NewDictionaryItem, response: DictionaryItem }
    /// Rename, reorder or disable a dictionary value.
    UpdateDictionaryItem = Patch "/api/v1/admin/dictionaries/{kind}/{id}" as "updateDictionaryItem" { path: (DictionaryKind, DictionaryItemId), query: Nothing, body: DictionaryItemPatch, response: DictionaryItem }

    /// List customers.
    ListCustomers = Get "/api/v1/customers" as "listCustomers" { path: (), query: CustomerQuery, body: Nothing, response: Page<CustomerSummary> }
    /// Create a customer.
    CreateCustomer = Post "/api/v1/customers" as "createCustomer" { path: (), query: Nothing, body: NewCustomer, response: Customer }
    /// Customers that look like what is being typed.
    FindDuplicateCustomers = Get "/api/v1/customers/duplicates" as "findDuplicateCustomers" { path: (), query: DuplicateQuery, body: Nothing, response: Vec<DuplicateMatch> }
    /// Hand customers over.
    HandOverCustomers = Post "/api/v1/customers/handover" as "handOverCustomers" { path: (), query: Nothing, body: HandoverRequest, response: Handover }
    /// The handovers' record.
    ListHandovers = Get "/api/v1/customers/handovers" as "listHandovers" { path: (), query: HandoverQuery, body: Nothing, response: Page<Handover> }
    /// One handover with its customers.
    GetHandover = Get "/api/v1/customers/handovers/{id}" as "getHandover" { path: HandoverId, query: Nothing, body: Nothing, response: HandoverDetail }
    /// A customer.
    GetCustomer = Get "/api/v1/customers/{id}" as "getCustomer" { path: CustomerId, query: Nothing, body: Nothing, response: Customer }
    /// Update a customer (with `If-Match`).
    UpdateCustomer = Patch "/api/v1/customers/{id}" as "updateCustomer" { path: CustomerId, query: Nothing, body: CustomerPatch, response: Customer }
    /// Delete a customer.
    DeleteCustomer = Delete "/api/v1/customers/{id}" as "deleteCustomer" { path: CustomerId, query: Nothing, body: Nothing, response: NoContent }
    /// Restore a deleted customer.
    RestoreCustomer = Post "/api/v1/customers/{id}/restore" as "restoreCustomer" { path: CustomerId, query: Nothing, body: Nothing, response: Customer }
    /// A customer's timeline.
    GetCustomerTimeline = Get "/api/v1/customers/{id}/timeline" as "getCustomerTimeline" { path: CustomerId, query: TimelineQuery, body: Nothing, response: Page<TimelineEntry> }
    /// A customer's contacts.
    ListContacts = Get "/api/v1/customers/{id}/contacts" as "listContacts" { path: CustomerId, query: Nothing, body: Nothing, response: Vec<Contact> }
    /// Add a contact.
    AddContact = Post "/api/v1/customers/{id}/contacts" as "addContact" { path: CustomerId, query: Nothing, body: NewContact, response: Contact }
    /// Change a contact.
    UpdateContact = Patch "/api/v1/customers/{id}/contacts/{contact_id}" as "updateContact" { path: (CustomerId, ContactId), query: Nothing, body: ContactPatch, response: Contact }
    /// Add or change a collaborator.
    SetCollaborator = Put "/api/v1/customers/{id}/collaborators/{user_id}" as "setCollaborator" { path: (CustomerId, UserId), query: Nothing, body: CollaboratorInput, response: NoContent }
    /// Remove a collaborator.
    RemoveCollaborator = Delete "/api/v1/customers/{id}/collaborators/{user_id}" as "removeCollaborator" { path: (CustomerId, UserId), query: Nothing, body: Nothing, response: NoContent }

    /// List follow-ups.
    ListFollowups = Get "/api/v1/followups" as "listFollowups" { path: (), query: FollowupQuery, body: Nothing, response: Page<Followup> }
    /// Write a follow-up.
    CreateFollowup = Post "/api/v1/followups" as "createFollowup" { path: (), query: Nothing, body: NewFollowup, response: Followup }
    /// A follow-up.
    GetFollowup = Get "/api/v1/followups/{id}" as "getFollowup" { path: FollowupId, query: Nothing, body: Nothing, response: Followup }
    /// Correct a follow-up (with `If-Match`).
    UpdateFollowup = Patch "/api/v1/followups/{id}" as "updateFollowup" { path: FollowupId, query: Nothing, body: FollowupPatch, response: Followup }
    /// Review a follow-up.
    ReviewFollowup = Post "/api/v1/followups/{id}/review" as "reviewFollowup" { path: FollowupId, query: Nothing, body: ReviewInput, response: Followup }

    /// List demands.
    ListDemands = Get "/api/v1/demands" as "listDemands" { path: (), query: DemandQuery, body: Nothing, response: Page<Demand> }
    /// Raise a demand.
    CreateDemand = Post "/api/v1/demands" as "createDemand" { path: (), query: Nothing, body: NewDemand, response: Demand }
    /// The demand board's totals.
    GetDemandSummary = Get "/api/v1/demands/summary" as "getDemandSummary" { path: (), query: DemandSummaryQuery, body: Nothing, response: DemandSummary }
    /// A demand.
    GetDemand = Get "/api/v1/demands/{id}" as "getDemand" { path: DemandId, query: Nothing, body: Nothing, response: Demand }
    /// Change a demand (with `If-Match`).
    UpdateDemand = Patch "/api/v1/demands/{id}" as "updateDemand" { path: DemandId, query: Nothing, body: DemandPatch, response: Demand }
    /// Add a task to a demand's plan.
    AddDemandTask = Post "/api/v1/demands/{id}/tasks" as "addDemandTask" { path: DemandId, query: Nothing, body: NewTask, response: Task }
    /// Approve a demand's task plan.
    ApproveDemandTasks = Post "/api/v1/demands/{id}/tasks/approve" as "approveDemandTasks" { path: DemandId, query: Nothing, body: Nothing, response: Demand }

    /// List tasks.
    ListTasks = Get "/api/v1/tasks" as "listTasks" { path: (), query: TaskQuery, body: Nothing, response: Page<Task> }
    /// A task.
    GetTask = Get "/api/v1/tasks/{id}" as "getTask" { path: TaskId, query: Nothing, body: Nothing, response: Task }
    /// Change a task (with `If-Match`).
    UpdateTask = Patch "/api/v1/tasks/{id}" as "updateTask" { path: TaskId, query: Nothing, body: TaskPatch, response: Task }
    /// A task's history.
    GetTaskHistory = Get "/api/v1/tasks/{id}/history" as "getTaskHistory" { path: TaskId, query: Nothing, body: Nothing, response: Vec<TaskHistoryEntry> }

    /// A record's attachments.
    ListAttachments = Get "/api/v1/attachments" as "listAttachments" { path: (), query: AttachmentOwner, body: Nothing, response: Vec<Attachment> }
    /// Upload an attachment.
    UploadAttachment = Post "/api/v1/attachments" as "uploadAttachment" { path: (), query: AttachmentOwner, body: FileUpload, response: Attachment }
    /// The accepted file types and the size limit.
    GetAttachmentLimits = Get "/api/v1/attachments/limits" as "getAttachmentLimits" { path: (), query: Nothing, body: Nothing, response: AttachmentLimits }
    /// An attachment's file.
    GetAttachmentContent = Get "/api/v1/attachments/{id}/content" as "getAttachmentContent" { path: AttachmentId, query: ContentQuery, body: Nothing, response: FileContent }
    /// Remove an attachment.
    DeleteAttachment = Delete "/api/v1/attachments/{id}" as "deleteAttachment" { path: AttachmentId, query: Nothing, body: Nothing, response: NoContent }

    /// The bell's notifications.
    ListNotifications = Get "/api/v1/notifications" as "listNotifications" { path: (), query: NotificationQuery, body: Nothing, response: NotificationPage }
    /// The number of unread notifications.
    GetUnreadCount = Get "/api/v1/notifications/unread-count" as "getUnreadCount" { path: (), query: Nothing, body: Nothing, response: UnreadCount }
    /// Mark a notification read.
    MarkNotificationRead = Post "/api/v1/notifications/{id}/read" as "markNotificationRead" { path: NotificationId, query: Nothing, body: Nothing, response: NoContent }
    /// Mark every notification read.
    MarkAllNotificationsRead = Post "/api/v1/notifications/read-all" as "markAllNotificationsRead" { path: (), query: Nothing, body: Nothing, response: NoContent }
    /// How the user is reached.
    GetNotificationPreferences = Get "/api/v1/notifications/preferences" as "getNotificationPreferences" { path: (), query: Nothing, body: Nothing, response: NotificationPreferences }
    /// Change how the user is reached.
    UpdateNotificationPreferences = Put "/api/v1/notifications/preferences" as "updateNotificationPreferences" { path: (), query: Nothing, body: NotificationPreferences, response: NotificationPreferences }

    /// The caller's imports.
    ListImports = Get "/api/v1/imports" as "listImports" { path: (), query: ImportListQuery, body: Nothing, response: Vec<ImportJob> }
    /// Upload a file to import.
    UploadImport = Post "/api/v1/imports" as "uploadImport" { path: (), query: PreviewQuery, body: FileUpload, response: UploadedImport }
    /// An import.
    GetImport = Get "/api/v1/imports/{id}" as "getImport" { path: ImportId, query: Nothing, body: Nothing, response: ImportJob }
    /// Read the start of the file again with other options.
    PreviewImport = Get "/api/v1/imports/{id}/preview" as "previewImport" { path: ImportId, query: PreviewQuery, body: Nothing, response: ImportPreview }
    /// Set an import's options and mapping.
    SetImportOptions = Put "/api/v1/imports/{id}/options" as "setImportOptions" { path: ImportId, query: Nothing, body: ImportOptions, response: ImportJob }
    /// Start the dry run.
    StartImportDryRun = Post "/api/v1/imports/{id}/dry-run" as "startImportDryRun" { path: ImportId, query: Nothing, body: Nothing, response: ImportJob }
    /// Start the import.
    CommitImport = Post "/api/v1/imports/{id}/commit" as "commitImport" { path: ImportId, query: Nothing, body: Nothing, response: ImportJob }
    /// Cancel an import.
    CancelImport = Post "/api/v1/imports/{id}/cancel" as "cancelImport" { path: ImportId, query: Nothing, body: Nothing, response: ImportJob }
    /// An import's problem rows.
    ListImportProblems = Get "/api/v1/imports/{id}/problems" as "listImportProblems" { path: ImportId, query: ProblemQuery, body: Nothing, response: Page<ImportProblem> }
    /// An import's problem rows as CSV.
    GetImportErrorReport = Get "/api/v1/imports/{id}/error-report" as "getImportErrorReport" { path: ImportId, query: Nothing, body: Nothing, response: FileContent }
    /// Saved import mappings.
    ListImportTemplates = Get "/api/v1/import-templates" as "listImportTemplates" { path: (), query: Nothing, body: Nothing, response: Vec<ImportTemplate> }
    /// Save an import mapping.
    CreateImportTemplate = Post "/api/v1/import-templates" as "createImportTemplate" { path: (), query: Nothing, body: NewImportTemplate, response: ImportTemplate }
    /// Rename or change a saved mapping.
    UpdateImportTemplate = Patch "/api/v1/import-templates/{id}" as "updateImportTemplate" { path: ImportTemplateId, query: Nothing, body: ImportTemplatePatch, response: ImportTemplate }
    /// Delete a saved mapping.
    DeleteImportTemplate = Delete "/api/v1/import-templates/{id}" as "deleteImportTemplate" { path: ImportTemplateId, query: Nothing, body: Nothing, response: NoContent }

    /// The columns an export can have.
    ListExportColumns = Get "/api/v1/exports/columns" as "listExportColumns" { path: (), query: Nothing, body: Nothing, response: Vec<ExportColumn> }
    /// Start an export.
    CreateExport = Post "/api/v1/exports" as "createExport" { path: (), query: Nothing, body: NewExport, response: Export }
    /// An export.
    GetExport = Get "/api/v1/exports/{id}" as "getExport" { path: ExportId, query: Nothing, body: Nothing, response: Export }
    /// An export's file.
    DownloadExport = Get "/api/v1/exports/{id}/download" as "downloadExport" { path: ExportId, query: Nothing, body: Nothing, response: FileContent }

    /// The caller's saved views and those shared with them.
    ListSavedViews = Get "/api/v1/saved-views" as "listSavedViews" { path: (), query: SavedViewQuery, body: Nothing, response: Vec<SavedView> }
    /// Save a view.
    CreateSavedView = Post "/api/v1/saved-views" as "createSavedView" { path: (), query: Nothing, body: NewSavedView, response: SavedView }
    /// Change a saved view.
    UpdateSavedView = Patch "/api/v1/saved-views/{id}" as "updateSavedView" { path: SavedViewId, query: Nothing, body: SavedViewPatch, response: SavedView }
    /// Delete a saved view.
    DeleteSavedView = Delete "/api/v1/saved-views/{id}" as "deleteSavedView" { path: SavedViewId, query: Nothing, body: Nothing, response: NoContent }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn operation_ids_and_routes_are_unique() {
        let ids: BTreeSet<&str> = ALL.iter().map(|d| d.operation_id).collect();
        assert_eq!(ids.len(), ALL.len());
        let routes: BTreeSet<(&str, &str)> = ALL.iter().map(|d| (d.method.as_str(), d.path)).collect();
        assert_eq!(routes.len(), ALL.len());
    }

    #[test]
    fn a_url_fills_the_path_and_adds_only_the_query_set() {
        assert_eq!(UpdateContact::path(&(CustomerId(7), ContactId(12))), "/api/v1/customers/7/contacts/12");
        let query = CustomerQuery { grade: Some("A,B".into()), q: Some("华为 科技".into()), ..Default::default() };
        assert_eq!(
            ListCustomers::url(&(), &query),
            "/api/v1/customers?q=%E5%8D%8E%E4%B8%BA+%E7%A7%91%E6%8A%80&grade=A%2CB"
        );
        assert_eq!(ListCustomers::url(&(), &CustomerQuery::default()), "/api/v1/customers");
        assert_eq!(GetMe::url(&(), &Nothing {}), "/api/v1/me");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap_or_default();
        assert_eq!(SetCalendarDay::path(&day), "/api/v1/admin/calendar/2026-10-08");
        assert_eq!(ListDictionaryItems::path(&DictionaryKind::SalesStage), "/api/v1/dictionaries/sales_stage");
    }
}
