//! Import (导入) of customers from a spreadsheet, as a wizard: `/customers/import` takes the file (and
//! lists the user's recent imports to go back to), `/customers/import/:id` walks one job through its
//! steps — the encoding and sheet preview, the column mapping with suggestions and templates, the dry
//! run's cleaning report with the duplicate policies and the mapping of dictionary texts no value
//! matched, the commit with its progress bar and the result
//! with the per-row error report. The job's status on the server decides which steps are open, so a
//! job left half-way is resumed where it stood.

mod mapping;
mod preview;
mod problems;
mod progress;
mod report;
mod state;
mod templates;
mod upload;
mod values;
mod wizard;

pub use upload::ImportPage;
pub use wizard::ImportJobPage;

use crm_types::access::Permission;
use crm_types::auth::Me;
use crm_types::import::{ImportStatus, TargetField};

use crate::api::ApiError;
use crate::i18n::{Locale, td_string};
use crate::pages::error_message;

/// Whether the user may import customers (the server wants both rights).
pub fn may_import(me: &Me) -> bool {
    me.permissions.contains(&Permission::CustomerImport) && me.permissions.contains(&Permission::CustomerCreate)
}

/// The name of a job's status.
pub fn status_label(locale: Locale, status: ImportStatus) -> &'static str {
    match status {
        ImportStatus::Uploaded => td_string!(locale, imports.status_uploaded),
        ImportStatus::Analysing => td_string!(locale, imports.status_analysing),
        ImportStatus::Analysed => td_string!(locale, imports.status_analysed),
        ImportStatus::Running => td_string!(locale, imports.status_running),
        ImportStatus::Completed => td_string!(locale, imports.status_completed),
        ImportStatus::Cancelled => td_string!(locale, imports.status_cancelled),
        ImportStatus::Failed => td_string!(locale, imports.status_failed),
    }
}

/// A target field's label in the interface's language.
pub fn field_label(locale: Locale, field: &TargetField) -> String {
    if locale == Locale::en { field.label_en.clone() } else { field.label_zh.clone() }
}

/// What a problem code of a row means, in words.
pub fn problem_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "required" | "empty" => td_string!(locale, imports.problem_required),
        "invalid_format" => td_string!(locale, imports.problem_invalid_format),
        "invalid_date" => td_string!(locale, imports.problem_invalid_date),
        "ambiguous_date" => td_string!(locale, imports.problem_ambiguous_date),
        "out_of_range" => td_string!(locale, imports.problem_out_of_range),
        "negative" => td_string!(locale, imports.problem_negative),
        "not_exact" => td_string!(locale, imports.problem_not_exact),
        "foreign_currency" => td_string!(locale, imports.problem_foreign_currency),
        "too_large" => td_string!(locale, imports.problem_too_large),
        "precision_lost" => td_string!(locale, imports.problem_precision_lost),
        "excel_error" => td_string!(locale, imports.problem_excel_error),
        "no_match" => td_string!(locale, imports.problem_no_match),
        "ambiguous_value" => td_string!(locale, imports.problem_ambiguous_value),
        "in_file_duplicate" => td_string!(locale, imports.problem_in_file_duplicate),
        "database_duplicate" => td_string!(locale, imports.problem_database_duplicate),
        "bad_bytes" => td_string!(locale, imports.problem_bad_bytes),
        "forbidden" => td_string!(locale, imports.problem_forbidden),
        _ => td_string!(locale, imports.problem_other),
    }
}

/// A failed call in words: the general message, and the server's own detail when it says more (the
/// size limit of a 413, the reason a file cannot be read).
pub fn failure_text(locale: Locale, error: &ApiError) -> (String, Option<String>) {
    let general = error_message(locale, error).to_owned();
    let detail = match error {
        ApiError::Problem(problem) => {
            let field_messages: Vec<&str> = problem.errors.iter().map(|e| e.message.as_str()).collect();
            if field_messages.is_empty() { Some(problem.detail.clone()) } else { Some(field_messages.join("; ")) }
        }
        ApiError::Network => None,
    };
    (general, detail.filter(|d| !d.trim().is_empty()))
}

/// Seconds as minutes and seconds.
pub fn duration_text(locale: Locale, seconds: u64) -> String {
    if seconds < 60 {
        td_string!(locale, imports.seconds).replace("{s}", &seconds.to_string())
    } else {
        td_string!(locale, imports.minutes_seconds)
            .replace("{m}", &(seconds / 60).to_string())
            .replace("{s}", &(seconds % 60).to_string())
    }
}

/// Completed share of `done` out of `total`, in whole percent.
pub fn percent(done: u64, total: u64) -> u64 {
    (done.min(total) * 100).checked_div(total).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_whole_and_capped() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(6, 6), 100);
        assert_eq!(percent(7, 6), 100);
    }
}
