//! The wizard's state — the job, the preview, the read choices, the mapping and the policies — and
//! what the steps do with it: save the options and start the dry run, commit, cancel, follow a working
//! job, download the error report. Field errors of the options are placed where the steps show them.

use std::collections::BTreeMap;
use std::time::Duration;

use crm_types::api::{
    CancelImport, CommitImport, GetImport, GetImportErrorReport, Nothing, SetImportOptions, StartImportDryRun,
};
use crm_types::import::{
    ColumnMapping, DatabasePolicy, DateOrder, ImportJob, ImportOptions, ImportPreview, ImportStatus, InFilePolicy,
    Mapping, PreviewQuery,
};
use crm_types::{FieldErrorCode, ImportId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::wizard::Step;
use crate::api::{self, ApiError};
use crate::files;
use crate::i18n::{Locale, td_string};
use crate::messages::{FieldErrors, for_code};

/// How often a working job is asked for its state.
const POLL: Duration = Duration::from_millis(500);

/// How to read the file: empty means "as detected".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadChoice {
    pub encoding: String,
    pub delimiter: String,
    pub sheet: String,
}

impl ReadChoice {
    /// The query of a preview with these choices.
    pub fn query(&self) -> PreviewQuery {
        PreviewQuery {
            target: None,
            encoding: Self::some(&self.encoding),
            delimiter: Self::some(&self.delimiter),
            sheet: Self::some(&self.sheet),
        }
    }

    fn some(value: &str) -> Option<String> {
        Some(value.to_owned()).filter(|v| !v.is_empty())
    }
}

/// The wizard's state, shared by its steps.
#[derive(Debug, Clone, Copy)]
pub struct Wizard {
    /// The job as the server last described it.
    pub job: RwSignal<ImportJob>,
    /// The start of the file as last read.
    pub preview: RwSignal<ImportPreview>,
    /// The step shown.
    pub step: RwSignal<Step>,
    /// Encoding, separator and sheet overrides.
    pub read: RwSignal<ReadChoice>,
    /// Per header (by position), the field it feeds.
    pub mapping: RwSignal<Vec<Option<String>>>,
    /// Dictionary value tables, kept from the job's options or a template.
    pub values: RwSignal<BTreeMap<String, BTreeMap<String, String>>>,
    /// How to read dates with the year last.
    pub date_order: RwSignal<DateOrder>,
    /// Rows repeating an earlier row.
    pub in_file: RwSignal<InFilePolicy>,
    /// Rows matching an existing customer.
    pub database: RwSignal<DatabasePolicy>,
    /// The options' field errors from the server (`database_duplicates`, `mapping.columns`…), with
    /// the column errors moved to `column:{position}`.
    pub errors: RwSignal<FieldErrors>,
    /// A failure that belongs to no field.
    pub failure: RwSignal<Option<ApiError>>,
    /// A call is in flight.
    pub busy: RwSignal<bool>,
}

impl Wizard {
    /// The state of `job`, whose file starts as `preview` shows.
    pub fn new(job: ImportJob, preview: ImportPreview) -> Self {
        let options = job.options.clone().unwrap_or_default();
        let read = ReadChoice::default();
        let wizard = Self {
            step: RwSignal::new(Step::of(&job)),
            mapping: RwSignal::new(Vec::new()),
            values: RwSignal::new(options.mapping.values.clone()),
            date_order: RwSignal::new(options.date_order),
            in_file: RwSignal::new(options.in_file_duplicates),
            database: RwSignal::new(options.database_duplicates),
            errors: RwSignal::new(FieldErrors::new()),
            failure: RwSignal::new(None),
            busy: RwSignal::new(false),
            read: RwSignal::new(read),
            job: RwSignal::new(job),
            preview: RwSignal::new(preview),
        };
        wizard.reset_mapping();
        wizard
    }

    /// The mapping for the current preview: the job's own where it has one, else the suggestions.
    pub fn reset_mapping(self) {
        let saved = self.job.with_untracked(|j| j.options.as_ref().map(|o| o.mapping.columns.clone()));
        let mapping = self.preview.with_untracked(|p| {
            p.headers
                .iter()
                .map(|header| match &saved {
                    Some(columns) => columns.iter().find(|c| c.column.trim() == header.trim()).map(|c| c.field.clone()),
                    None => p.suggested.iter().find(|s| s.column == *header).map(|s| s.field.clone()),
                })
                .collect()
        });
        self.mapping.set(mapping);
    }

    /// The options as chosen, and the header position of each mapped column (to place the errors).
    fn options(self) -> (ImportOptions, Vec<usize>) {
        let read = self.read.get_untracked();
        let headers = self.preview.with_untracked(|p| p.headers.clone());
        let (columns, positions): (Vec<ColumnMapping>, Vec<usize>) = self
            .mapping
            .get_untracked()
            .into_iter()
            .enumerate()
            .filter_map(|(i, field)| {
                let column = headers.get(i)?.clone();
                field.map(|field| (ColumnMapping { column, field, exact: None }, i))
            })
            .unzip();
        let options = ImportOptions {
            encoding: ReadChoice::some(&read.encoding),
            delimiter: ReadChoice::some(&read.delimiter),
            sheet: ReadChoice::some(&read.sheet),
            date_order: self.date_order.get_untracked(),
            in_file_duplicates: self.in_file.get_untracked(),
            database_duplicates: self.database.get_untracked(),
            batch_size: None,
            mapping: Mapping { columns, values: self.values.get_untracked() },
        };
        (options, positions)
    }

    /// Whether the policies differ from those the last dry run used.
    pub fn policies_changed(self) -> bool {
        let chosen = (self.in_file.get(), self.database.get());
        self.job.with(|j| j.options.as_ref().is_none_or(|o| (o.in_file_duplicates, o.database_duplicates) != chosen))
    }

    /// A field error of the options, if any.
    pub fn error(self, field: &str) -> Option<String> {
        self.errors.with(|e| e.get(field).cloned())
    }

    /// The job's id.
    pub fn id(self) -> ImportId {
        self.job.with_untracked(|j| j.id)
    }

    /// Saves the options and starts the dry run; the report step follows it.
    pub fn dry_run(self, locale: Locale) {
        let (options, positions) = self.options();
        let id = self.id();
        self.errors.set(FieldErrors::new());
        self.failure.set(None);
        self.busy.set(true);
        spawn_local(async move {
            let saved = api::send::<SetImportOptions>(&id, &options).await;
            let started = match saved {
                Ok(job) => {
                    self.job.set(job);
                    api::get::<StartImportDryRun>(&id, &Nothing {}).await
                }
                Err(e) => Err(e),
            };
            match started {
                Ok(job) => {
                    self.job.set(job);
                    self.step.set(Step::Report);
                    self.poll();
                }
                Err(e) => self.fail(locale, &e, &positions),
            }
            self.busy.set(false);
        });
    }

    /// Starts the commit; the progress step follows it.
    pub fn commit(self) {
        let id = self.id();
        self.failure.set(None);
        self.busy.set(true);
        spawn_local(async move {
            match api::get::<CommitImport>(&id, &Nothing {}).await {
                Ok(job) => {
                    self.job.set(job);
                    self.step.set(Step::Run);
                    self.poll();
                }
                Err(e) => self.failure.set(Some(e)),
            }
            self.busy.set(false);
        });
    }

    /// Asks the server to stop the job.
    pub fn cancel(self) {
        let id = self.id();
        spawn_local(async move {
            match api::get::<CancelImport>(&id, &Nothing {}).await {
                Ok(job) => {
                    let ended = job.status.is_final();
                    self.job.set(job);
                    if ended {
                        self.step.set(Step::Result);
                    }
                }
                Err(e) => self.failure.set(Some(e)),
            }
        });
    }

    /// Downloads the per-row error report.
    pub fn download_report(self) {
        let id = self.id();
        spawn_local(async move {
            match api::download::<GetImportErrorReport>(&id, &Nothing {}).await {
                Ok((bytes, media_type)) => {
                    files::save(&bytes, &media_type, &format!("import-{id}-errors.csv"));
                }
                Err(e) => self.failure.set(Some(e)),
            }
        });
    }

    /// Follows a working job until it stops working; stops by itself once the page is gone.
    pub fn poll(self) {
        let Some(id) = self.job.try_with_untracked(|j| j.id) else { return };
        set_timeout(
            move || {
                spawn_local(async move {
                    let answer = api::get::<GetImport>(&id, &Nothing {}).await;
                    match answer {
                        Ok(job) => {
                            let (status, step) = (job.status, Step::of(&job));
                            if self.job.try_set(job).is_some() {
                                return;
                            }
                            if matches!(status, ImportStatus::Analysing | ImportStatus::Running) {
                                self.poll();
                            } else if self.step.get_untracked() >= Step::Report {
                                self.step.set(step);
                            }
                        }
                        // A passing network failure should not end the watch.
                        Err(ApiError::Network) => self.poll(),
                        Err(e) => {
                            let _ = self.failure.try_set(Some(e));
                        }
                    }
                });
            },
            POLL,
        );
    }

    /// Places the problems of a failed options call: on their fields, columns by their position.
    fn fail(self, locale: Locale, error: &ApiError, positions: &[usize]) {
        let ApiError::Problem(problem) = error else {
            self.failure.set(Some(error.clone()));
            return;
        };
        if problem.errors.is_empty() {
            self.failure.set(Some(error.clone()));
            return;
        }
        let mut errors = FieldErrors::new();
        for e in &problem.errors {
            let message = option_message(locale, &e.field, e.code, &e.message);
            let key = column_position(&e.field)
                .and_then(|i| positions.get(i))
                .map_or_else(|| e.field.clone(), |p| format!("column:{p}"));
            errors.entry(key).and_modify(|m: &mut String| m.push_str(&format!("; {message}"))).or_insert(message);
        }
        self.errors.set(errors);
        // A column is wrong: the mapping step shows where.
        if self.errors.with_untracked(|e| e.keys().any(|k| k.starts_with("column:") || k == "mapping.columns")) {
            self.step.set(Step::Mapping);
        }
    }
}

/// `3` of `mapping.columns[3].field`.
fn column_position(field: &str) -> Option<usize> {
    field.strip_prefix("mapping.columns[")?.split(']').next()?.parse().ok()
}

/// The message for one field error of the options.
fn option_message(locale: Locale, field: &str, code: FieldErrorCode, server: &str) -> String {
    let known = match (code, field.ends_with(".column")) {
        (FieldErrorCode::Repeated, _) => Some(td_string!(locale, imports.error_repeated)),
        (FieldErrorCode::Unknown, true) => Some(td_string!(locale, imports.error_unknown_column)),
        (FieldErrorCode::Unknown, false) if field.ends_with(".field") => {
            Some(td_string!(locale, imports.error_unknown_field))
        }
        (FieldErrorCode::Blocked, _) => Some(td_string!(locale, imports.error_blocked)),
        _ => None,
    };
    match known {
        Some(text) => text.to_owned(),
        None => format!("{} ({server})", for_code(locale, code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_errors_name_their_position() {
        assert_eq!(column_position("mapping.columns[3].field"), Some(3));
        assert_eq!(column_position("mapping.columns[12].column"), Some(12));
        assert_eq!(column_position("mapping.columns"), None);
        assert_eq!(column_position("database_duplicates"), None);
    }
}
