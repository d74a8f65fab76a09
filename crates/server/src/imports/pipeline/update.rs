//! The `update` policy for rows matching an existing customer: the row's non-empty values applied to
//! that customer through `customers::update::apply`, as an edit by the importer would (the importer must
//! be able to edit it; a change of grade needs `customer.change_grade`). Contacts and the owner are left
//! as they are; the address is replaced as a whole when the row has any part of it.

use crm_types::customer::{CustomerPatch, DuplicateMatch, NewCustomer};
use sea_orm::{DatabaseTransaction, TransactionTrait};

use super::cells::Problem;
use crate::auth::Caller;
use crate::customers::service::update;
use crate::error::{ApiError, ApiResult};
use crate::http::versions::IfMatch;
use crate::policy;

/// The reason recorded for changes of stage, type or status.
const REASON: &str = "导入更新";

fn problem(code: &str, message: String) -> Problem {
    Problem { column: None, field: None, code: code.into(), message }
}

/// The edit a row stands for: only what it fills.
pub fn patch_of(body: &NewCustomer) -> CustomerPatch {
    let address = &body.address;
    let has_address =
        [&address.province, &address.city, &address.district, &address.detail].iter().any(|p| p.is_some());
    CustomerPatch {
        name: Some(body.name.clone()),
        uscc: body.uscc.clone().map(Some),
        id_card_no: body.id_card_no.clone().map(Some),
        phone: Some(body.phone.clone()).filter(|p| !p.is_empty()),
        email: body.email.clone().map(Some),
        address: has_address.then(|| address.clone()),
        website: body.website.clone().map(Some),
        customer_type: body.customer_type.clone(),
        industry: Some(body.industry.clone()).filter(|i| !i.is_empty()),
        grade: body.grade.clone(),
        company_size: body.company_size.clone().map(Some),
        source_channel: body.source_channel.clone().map(Some),
        lifecycle_status: body.lifecycle_status.clone(),
        first_coop_date: body.first_coop_date.map(Some),
        last_coop_date: body.last_coop_date.map(Some),
        cumulative_amount: body.cumulative_amount.map(Some),
        annual_amount: body.annual_amount.map(Some),
        tags: Some(body.tags.clone()).filter(|t| !t.is_empty()),
        initial_need: body.initial_need.clone().map(Some),
        notes: body.notes.clone().map(Some),
        custom_fields: (!body.custom_fields.is_empty())
            .then(|| body.custom_fields.iter().map(|(k, v)| (k.clone(), Some(v.clone()))).collect()),
        reason: Some(REASON.into()),
        ..CustomerPatch::default()
    }
}

/// Updates the one customer `matches` names from `body`, in a savepoint of `txn`; a row that cannot be
/// applied is a problem, not an error of the batch.
pub async fn apply(
    txn: &DatabaseTransaction,
    caller: &Caller,
    body: &NewCustomer,
    matches: &[DuplicateMatch],
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Result<(), Problem>> {
    let [only] = matches else {
        return Ok(Err(problem(
            "ambiguous_duplicate",
            format!("matches {} existing customers; an update needs exactly one", matches.len()),
        )));
    };
    let patch = patch_of(body);
    let savepoint = txn.begin().await?;
    let applied = match policy::customers::editable(&savepoint, caller, only.id).await {
        Ok(target) => update::apply(&savepoint, caller, target, IfMatch::any(), &patch, now).await,
        Err(error) => Err(error),
    };
    match applied {
        Ok(_) => {
            savepoint.commit().await?;
            Ok(Ok(()))
        }
        Err(error) => {
            savepoint.rollback().await?;
            match error {
                ApiError::Validation(errors) => {
                    let reasons: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
                    Ok(Err(problem("invalid", format!("{} cannot take the row: {}", only.code, reasons.join("; ")))))
                }
                ApiError::NotFound(_)
                | ApiError::Forbidden(_)
                | ApiError::ViewOnly(_)
                | ApiError::PermissionRequired(_)
                | ApiError::FieldReadOnly(_) => Ok(Err(problem(
                    "not_editable",
                    format!("{} {} matches, but you may not edit it", only.code, only.name),
                ))),
                ApiError::Duplicate(_)
                | ApiError::Conflict(_)
                | ApiError::EditConflict(_)
                | ApiError::AlreadyExists(_)
                | ApiError::PreconditionFailed => {
                    Ok(Err(problem("not_updated", format!("{} could not be updated: {error}", only.code))))
                }
                other => Err(other),
            }
        }
    }
}
