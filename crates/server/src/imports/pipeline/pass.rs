//! One pass over an import's file: the dry run, which writes nothing but the report and the problems,
//! and the commit, which writes batch by batch. Both judge every row the same way, so the cleaning
//! report says what the commit will do.
//!
//! A row is judged in this order: its cells (a missing required value, a value in no accepted form, bad
//! bytes), then `customers::create::prepare` exactly as for a customer typed into the form (the same
//! validation, the owner and assignment rights), then whether it repeats an earlier row of the file
//! (normalised name, phone or USCC, the keys of `crm_domain::dedupe`), then whether it matches existing
//! customers (the same duplicate check as the form).
//!
//! The commit writes each batch in one transaction: the customers (through `customers::create::insert`:
//! code, owner, contacts, history, audit entry, duplicate keys), the batch's problems and the job's
//! counters with the last line handled. A crash loses at most the batch in flight, and the job
//! resumes after the last committed line; rows before it are read again only to rebuild the set of
//! keys seen in the file.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use crm_domain::dedupe;
use crm_domain::import::header::FieldSpec;
use crm_types::customer::{DuplicateMatch, NewCustomer};
use crm_types::import::{DatabasePolicy, ImportReport, ImportStatus, InFilePolicy};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

use super::cells::{self, Lookups, Problem, Value};
use super::custom_fields::{CustomColumn, CustomTargets, unknown_field};
use super::customer;
use super::job;
use super::source::{self, Event, Row};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::queries::duplicates;
use crate::customers::service::create::{self, Creator, Prepared, Reference};
use crate::entities::{import_jobs, import_problems};
use crate::error::{ApiError, ApiResult};
use crate::jobs::files::FileJobs;
use crate::{db, system_settings};

/// Which pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Judge every row, write nothing but the report.
    DryRun,
    /// Write the rows batch by batch.
    Commit,
}

impl Pass {
    fn phase(self) -> &'static str {
        match self {
            Self::DryRun => "dry_run",
            Self::Commit => "commit",
        }
    }
}

/// A row made into a customer and checked: the request and its checked form.
type Checked = Box<(NewCustomer, Prepared)>;

/// What a row is.
enum Outcome {
    /// It cannot be imported.
    Problems(Vec<Problem>),
    /// It repeats the row at this line.
    InFileDuplicate(u64, Box<Prepared>),
    /// It can be imported (the request and its checked form); it matches these existing customers.
    Clean(Box<(NewCustomer, Prepared)>, Vec<DuplicateMatch>),
}

/// A key of the comparison within the file: its kind and the normalised text, hashed.
fn key(kind: &str, text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    (kind, text).hash(&mut hasher);
    hasher.finish()
}

/// The keys a row is looked up by within the file: those the duplicate check probes the database
/// with (normalised name, phone, USCC).
fn keys(body: &NewCustomer) -> Vec<u64> {
    let mut keys = Vec::new();
    let name = dedupe::name_key(&body.name);
    if !name.is_empty() {
        keys.push(key("name", &name));
    }
    let phone = dedupe::phone_key(&body.phone);
    if phone.len() >= 7 {
        keys.push(key("phone", &phone));
    }
    if let Some(uscc) = body.uscc.as_deref().map(|u| u.trim().to_uppercase()).filter(|u| !u.is_empty()) {
        keys.push(key("uscc", &uscc));
    }
    keys
}

/// The keys a clean row leaves for the rows after it: its own, and its contacts' mobiles as phones —
/// the database check matches a phone against contacts' mobiles too, and the commit, which sees the
/// rows of earlier batches in the database, must find what the dry run found.
fn left_keys(body: &NewCustomer) -> Vec<u64> {
    let mut left = keys(body);
    for mobile in body.contacts.iter().filter_map(|c| c.mobile.as_deref()) {
        let phone = dedupe::phone_key(mobile);
        if phone.len() >= 7 {
            left.push(key("phone", &phone));
        }
    }
    left
}

/// Everything a pass holds while it reads.
struct Run<'a> {
    jobs: &'a FileJobs,
    job: import_jobs::Model,
    pass: Pass,
    creator: Creator,
    caller: Caller,
    lookups: Lookups,
    columns: Vec<(usize, &'static FieldSpec, String)>,
    /// Columns mapped to custom fields.
    custom: Vec<CustomColumn>,
    order: crm_domain::import::date::DateOrder,
    in_file: InFilePolicy,
    database: DatabasePolicy,
    format: crm_domain::CodeFormat,
    seen: HashMap<u64, u64>,
    report: ImportReport,
    encoding: Option<String>,
}

/// Marks a job failed with `message` and lets go of its lease.
pub async fn fail(jobs: &FileJobs, id: i64, message: &str) -> ApiResult<()> {
    import_jobs::Entity::update_many()
        .col_expr(import_jobs::Column::Status, Expr::value(ImportStatus::Failed.as_str()))
        .col_expr(import_jobs::Column::Error, Expr::value(message.chars().take(2000).collect::<String>()))
        .col_expr(import_jobs::Column::FinishedAt, Expr::value(jobs.clock.now()))
        .col_expr(import_jobs::Column::LeaseOwner, Expr::value(Option::<String>::None))
        .filter(import_jobs::Column::Id.eq(id))
        .filter(import_jobs::Column::LeaseOwner.eq(jobs.instance.as_str()))
        .exec(&jobs.db)
        .await?;
    Ok(())
}

/// Starts the commit of an analysed job: records the start and takes the lease; whether it did.
pub async fn start_commit(jobs: &FileJobs, id: i64) -> ApiResult<bool> {
    let started = import_jobs::Entity::update_many()
        .col_expr(import_jobs::Column::StartedAt, Expr::value(jobs.clock.now()))
        .filter(import_jobs::Column::Id.eq(id))
        .filter(import_jobs::Column::Status.eq(ImportStatus::Analysed.as_str()))
        .exec(&jobs.db)
        .await?;
    Ok(started.rows_affected == 1 && jobs.claim_import(id, &[ImportStatus::Analysed], ImportStatus::Running).await?)
}

/// Runs `pass` over job `id`, whose lease this instance holds. `stop_after` batches, when given, ends
/// the pass early with the lease still held, as if the instance had died there.
pub async fn run(jobs: &Arc<FileJobs>, id: i64, pass: Pass, stop_after: Option<usize>) -> ApiResult<()> {
    let job = import_jobs::Entity::find_by_id(id)
        .one(&jobs.db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no import {id}.")))?;
    let options = job::options(&job).ok_or_else(|| ApiError::WrongState("The import has no mapping.".into()))?;
    let path = jobs.imports.open(&job.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let caller = match Caller::background(&jobs.db, job.created_by).await {
        Ok(caller) => caller,
        Err(error) => return fail(jobs, id, &error.to_string()).await,
    };
    let read = job::read_options(options.encoding.as_deref(), options.delimiter.as_deref(), options.sheet.as_deref())?;
    let kind = job::file_kind(&job);
    let encoding = match kind {
        crm_types::import::FileKind::Csv => {
            let path = path.clone();
            let read = read.clone();
            let (encoding, _) = tokio::task::spawn_blocking(move || source::csv_settings(&path, &read))
                .await
                .map_err(|e| ApiError::Internal(e.into()))?
                .map_err(|e| ApiError::Internal(e.into()))?;
            Some(source::encoding_name(encoding))
        }
        _ => None,
    };
    let batch = usize::try_from(options.batch_size.unwrap_or(job::BATCH_SIZE)).unwrap_or(1000);
    let mut events = source::spawn(path, kind, read, batch);
    let Some(Event::Headers(headers)) = events.recv().await else {
        return fail(jobs, id, "the file has no header row").await;
    };
    let target = customer::spec();
    let custom_targets = CustomTargets::load(&jobs.db).await?;
    let (mut columns, mut custom) = (Vec::new(), Vec::new());
    for mapping in &options.mapping.columns {
        let Some(index) = headers.iter().position(|h| h.trim() == mapping.column.trim()) else {
            return fail(jobs, id, &format!("the file has no column {}", mapping.column)).await;
        };
        if let Some(field) = target.field(&mapping.field) {
            columns.push((index, field, mapping.column.clone()));
        } else if let Some(field) = custom_targets.get(&mapping.field) {
            custom.push(CustomColumn { index, header: mapping.column.clone(), field: field.clone() });
        } else {
            return fail(jobs, id, &unknown_field(&mapping.field)).await;
        }
    }
    let settings = system_settings::customers(&jobs.db).await?;
    let mut run = Run {
        jobs,
        pass,
        creator: Creator::of(&caller),
        lookups: Lookups::load(&jobs.db, &options.mapping, &custom_targets).await?,
        caller,
        columns,
        custom,
        order: job::domain_order(options.date_order),
        in_file: options.in_file_duplicates,
        database: options.database_duplicates,
        format: system_settings::code_format_of(&settings)?,
        seen: HashMap::new(),
        report: ImportReport::default(),
        encoding,
        job,
    };
    if pass == Pass::DryRun {
        import_problems::Entity::delete_many().filter(import_problems::Column::JobId.eq(id)).exec(&jobs.db).await?;
    }
    let mut batches = 0;
    while let Some(event) = events.recv().await {
        match event {
            Event::Headers(_) => {}
            Event::Failed(message) => return fail(jobs, id, &message).await,
            Event::Rows(rows) => {
                if !run.batch(rows).await? {
                    return Ok(());
                }
                batches += 1;
                if stop_after.is_some_and(|n| batches >= n) {
                    return Ok(());
                }
            }
        }
    }
    run.finish().await
}

impl Run<'_> {
    /// The column header of a target field, when mapped.
    fn column_of(&self, field: &str) -> Option<String> {
        let standard = self.columns.iter().find(|(_, spec, _)| spec.key == field).map(|(_, _, header)| header);
        let custom = || self.custom.iter().find(|c| c.field.key == field).map(|c| &c.header);
        standard.or_else(custom).cloned()
    }

    /// A row's cells made into a customer and checked like one typed into the form, except for
    /// duplicates.
    fn check(&mut self, reference: &Reference, row: &Row, today: NaiveDate) -> Result<Checked, Vec<Problem>> {
        if row.bad_bytes {
            let encoding = self.encoding.clone().unwrap_or_default();
            return Err(vec![Problem {
                column: None,
                field: None,
                code: "bad_bytes".into(),
                message: format!("the line holds bytes that are not {encoding}: choose the file's encoding"),
            }]);
        }
        let mut values: BTreeMap<&'static str, Value> = BTreeMap::new();
        let mut problems = Vec::new();
        for (index, field, header) in &self.columns {
            let cell = row.cells.get(*index).map(String::as_str).unwrap_or_default();
            match cells::read(&mut self.lookups, field, header, cell, self.order) {
                Ok(Some(value)) => {
                    values.insert(field.key, value);
                }
                Ok(None) => {}
                Err(error) => problems.push(Problem::in_cell(header, field.key, error)),
            }
        }
        let mut custom_values = BTreeMap::new();
        for column in &self.custom {
            match column.read(&mut self.lookups, &row.cells, self.order) {
                Ok(Some(value)) => {
                    custom_values.insert(column.field.field.clone(), value);
                }
                Ok(None) => {}
                Err(error) => problems.push(Problem::in_cell(&column.header, &column.field.key, error)),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let body = match customer::build(&values) {
            Ok(body) => NewCustomer { custom_fields: custom_values, ..body },
            Err(mut problems) => {
                for problem in &mut problems {
                    problem.column = problem.field.as_deref().and_then(|f| self.column_of(f));
                }
                return Err(problems);
            }
        };
        match create::check(reference, &self.creator, &body, today) {
            Ok(prepared) => Ok(Box::new((body, prepared))),
            Err(ApiError::Validation(errors)) => Err(errors
                .into_iter()
                .map(|e| {
                    let field = customer::field_of_error(&e.field);
                    Problem {
                        column: self.column_of(&field),
                        field: Some(field),
                        code: e.code.as_str().to_owned(),
                        message: e.message,
                    }
                })
                .collect()),
            Err(refused @ (ApiError::PermissionRequired(_) | ApiError::Forbidden(_))) => Err(vec![Problem {
                column: self.column_of("owner"),
                field: Some("owner".into()),
                code: "forbidden".into(),
                message: refused.to_string(),
            }]),
            Err(other) => {
                Err(vec![Problem { column: None, field: None, code: "not_saved".into(), message: other.to_string() }])
            }
        }
    }

    /// Judges the rows of a batch, in order: each row's cells and checks, then (for the rows after
    /// `judged_after`; earlier ones are only read again to rebuild the keys seen in the file) the
    /// duplicate check against the database for the whole batch, then the repeats within the file.
    async fn judge(&mut self, conn: &impl ConnectionTrait, rows: &[Row], judged_after: u64) -> ApiResult<Vec<Outcome>> {
        let reference = Reference::load(conn).await?;
        let today = crate::china_time::day_of(self.jobs.clock.now());
        let checked: Vec<Result<Checked, Vec<Problem>>> =
            rows.iter().map(|row| self.check(&reference, row, today)).collect();
        let probes: Vec<_> = rows
            .iter()
            .zip(&checked)
            .filter(|(row, _)| row.line > judged_after)
            .filter_map(|(_, checked)| checked.as_ref().ok().map(|c| c.1.probe()))
            .collect();
        let mut found = duplicates::find_many(conn, &probes).await?.into_iter();
        let mut outcomes = Vec::with_capacity(rows.len());
        for (row, checked) in rows.iter().zip(checked) {
            let mut clean = match checked {
                Ok(clean) => clean,
                Err(problems) => {
                    outcomes.push(Outcome::Problems(problems));
                    continue;
                }
            };
            if row.line > judged_after {
                clean.1.duplicates = found.next().unwrap_or_default();
            }
            if let Some(first) = keys(&clean.0).iter().find_map(|k| self.seen.get(k)) {
                outcomes.push(Outcome::InFileDuplicate(*first, Box::new(clean.1)));
                continue;
            }
            for key in left_keys(&clean.0) {
                self.seen.entry(key).or_insert(row.line);
            }
            let duplicates = clean.1.duplicates.clone();
            outcomes.push(Outcome::Clean(clean, duplicates));
        }
        Ok(outcomes)
    }

    /// Handles one batch; `false` when the pass must stop (cancelled, or the lease was lost).
    async fn batch(&mut self, rows: Vec<Row>) -> ApiResult<bool> {
        let read = self.report.rows_read + rows.len() as u64;
        if read > self.jobs.max_import_rows {
            let message = format!("the file has more than {} rows: split it", self.jobs.max_import_rows);
            fail(self.jobs, self.job.id, &message).await?;
            return Ok(false);
        }
        match self.pass {
            Pass::DryRun => self.analyse(rows).await,
            Pass::Commit => self.commit(rows).await,
        }
    }

    fn problem_rows(&self, line: u64, problems: Vec<Problem>) -> Vec<import_problems::ActiveModel> {
        problems
            .into_iter()
            .map(|p| import_problems::ActiveModel {
                job_id: Set(self.job.id),
                phase: Set(self.pass.phase().to_owned()),
                line: Set(i64::try_from(line).unwrap_or(i64::MAX)),
                column: Set(p.column.map(|c| c.chars().take(200).collect())),
                field: Set(p.field),
                code: Set(p.code.chars().take(40).collect()),
                message: Set(p.message),
                ..Default::default()
            })
            .collect()
    }

    fn duplicate_problem(first: u64) -> Problem {
        Problem {
            column: None,
            field: None,
            code: "in_file_duplicate".into(),
            message: format!("the same customer as line {first} (name, phone or USCC)"),
        }
    }

    fn database_problem(matches: &[DuplicateMatch]) -> Problem {
        let names: Vec<String> = matches
            .iter()
            .take(3)
            .map(|m| match &m.owner_name {
                Some(owner) => format!("{} {} ({owner})", m.code, m.name),
                None => format!("{} {}", m.code, m.name),
            })
            .collect();
        Problem {
            column: None,
            field: None,
            code: "database_duplicate".into(),
            message: format!("matches existing customers: {}", names.join("; ")),
        }
    }

    async fn analyse(&mut self, rows: Vec<Row>) -> ApiResult<bool> {
        let mut found = Vec::new();
        let jobs = self.jobs;
        let outcomes = self.judge(&jobs.db, &rows, 0).await?;
        for (row, outcome) in rows.iter().zip(outcomes) {
            self.report.rows_read += 1;
            match outcome {
                Outcome::Problems(problems) => {
                    if problems.iter().any(Problem::is_missing) {
                        self.report.missing_required += 1;
                    } else {
                        self.report.invalid_format += 1;
                    }
                    self.report.with_problems += 1;
                    found.extend(self.problem_rows(row.line, problems));
                }
                Outcome::InFileDuplicate(first, _) => {
                    self.report.in_file_duplicates += 1;
                    match self.in_file {
                        InFilePolicy::Skip => self.report.to_skip += 1,
                        InFilePolicy::Import => self.report.to_import += 1,
                    }
                    found.extend(self.problem_rows(row.line, vec![Self::duplicate_problem(first)]));
                }
                Outcome::Clean(_, duplicates) if duplicates.is_empty() => self.report.to_import += 1,
                Outcome::Clean(_, duplicates) => {
                    self.report.database_duplicates += 1;
                    match self.database {
                        DatabasePolicy::Skip => self.report.to_skip += 1,
                        DatabasePolicy::Update => self.report.to_update += 1,
                        DatabasePolicy::Import => self.report.to_import += 1,
                    }
                    found.extend(self.problem_rows(row.line, vec![Self::database_problem(&duplicates)]));
                }
            }
        }
        if !found.is_empty() {
            import_problems::Entity::insert_many(found).exec(&self.jobs.db).await?;
        }
        let last = rows.last().map(|r| r.line).unwrap_or(0);
        let renewed = import_jobs::Entity::update_many()
            .col_expr(import_jobs::Column::ProcessedRows, Expr::value(self.report.rows_read as i64))
            .col_expr(import_jobs::Column::LastLine, Expr::value(last as i64))
            .col_expr(import_jobs::Column::LeaseExpiresAt, Expr::value(self.jobs.lease_until()))
            .col_expr(import_jobs::Column::UpdatedAt, Expr::value(self.jobs.clock.now()))
            .filter(import_jobs::Column::Id.eq(self.job.id))
            .filter(import_jobs::Column::LeaseOwner.eq(self.jobs.instance.as_str()))
            .filter(import_jobs::Column::Status.eq(ImportStatus::Analysing.as_str()))
            .filter(import_jobs::Column::CancelRequested.eq(false))
            .exec(&self.jobs.db)
            .await?;
        Ok(renewed.rows_affected == 1)
    }

    /// Creates the customers of a batch's rows (with their lines), or records why not: all at once
    /// in a savepoint, and should that fail, row by row in savepoints of their own, so that one
    /// failing row does not undo the others. Returns the number created and the failures.
    async fn insert(
        &self,
        txn: &DatabaseTransaction,
        rows: &[(u64, Box<Prepared>)],
    ) -> ApiResult<(i64, Vec<import_problems::ActiveModel>)> {
        if rows.is_empty() {
            return Ok((0, Vec::new()));
        }
        let now = self.jobs.clock.now();
        let all: Vec<&Prepared> = rows.iter().map(|(_, p)| p.as_ref()).collect();
        let savepoint = txn.begin().await?;
        if create::insert_many(&savepoint, &self.creator, &all, &self.format, now).await.is_ok() {
            savepoint.commit().await?;
            return Ok((i64::try_from(rows.len()).unwrap_or(i64::MAX), Vec::new()));
        }
        savepoint.rollback().await?;
        let (mut created, mut problems) = (0, Vec::new());
        for (line, prepared) in rows {
            let savepoint = txn.begin().await?;
            match create::insert(&savepoint, &self.creator, prepared, &self.format, now).await {
                Ok(_) => {
                    savepoint.commit().await?;
                    created += 1;
                }
                Err(error) => {
                    savepoint.rollback().await?;
                    let message = match &error {
                        ApiError::Internal(cause) => format!("the database refused the row: {}", cause.root_cause()),
                        other => other.to_string(),
                    };
                    tracing::warn!(job = self.job.id, line, error = %message, "an import row was not saved");
                    let problem = Problem { column: None, field: None, code: "not_saved".into(), message };
                    problems.extend(self.problem_rows(*line, vec![problem]));
                }
            }
        }
        Ok((created, problems))
    }

    async fn commit(&mut self, rows: Vec<Row>) -> ApiResult<bool> {
        // A cancellation asked for since the last batch: nothing more is written.
        let current = import_jobs::Entity::find_by_id(self.job.id).one(&self.jobs.db).await?;
        match current {
            Some(current) if current.lease_owner.as_deref() != Some(self.jobs.instance.as_str()) => return Ok(false),
            Some(current) if current.cancel_requested => {
                self.end(current, ImportStatus::Cancelled).await?;
                return Ok(false);
            }
            Some(_) => {}
            None => return Ok(false),
        }
        let txn = db::begin_write(&self.jobs.db).await?;
        let resume_after = u64::try_from(self.job.last_line).unwrap_or(0);
        let (mut updated, mut skipped, mut failed, mut processed) = (0_i64, 0_i64, 0_i64, 0_i64);
        let mut found = Vec::new();
        let mut to_create = Vec::new();
        let mut last = resume_after;
        let outcomes = self.judge(&txn, &rows, resume_after).await?;
        for (row, outcome) in rows.iter().zip(outcomes) {
            self.report.rows_read += 1;
            if row.line <= resume_after {
                continue;
            }
            processed += 1;
            last = row.line;
            let prepared = match outcome {
                Outcome::Problems(problems) => {
                    failed += 1;
                    found.extend(self.problem_rows(row.line, problems));
                    None
                }
                Outcome::InFileDuplicate(first, prepared) => match self.in_file {
                    InFilePolicy::Skip => {
                        skipped += 1;
                        found.extend(self.problem_rows(row.line, vec![Self::duplicate_problem(first)]));
                        None
                    }
                    InFilePolicy::Import => Some(prepared),
                },
                Outcome::Clean(clean, duplicates) if duplicates.is_empty() => Some(Box::new(clean.1)),
                Outcome::Clean(clean, duplicates) => match self.database {
                    DatabasePolicy::Skip => {
                        skipped += 1;
                        found.extend(self.problem_rows(row.line, vec![Self::database_problem(&duplicates)]));
                        None
                    }
                    DatabasePolicy::Import => Some(Box::new(clean.1)),
                    DatabasePolicy::Update => {
                        match super::update::apply(&txn, &self.caller, &clean.0, &duplicates, self.jobs.clock.now())
                            .await?
                        {
                            Ok(()) => updated += 1,
                            Err(problem) => {
                                failed += 1;
                                found.extend(self.problem_rows(row.line, vec![problem]));
                            }
                        }
                        None
                    }
                },
            };
            to_create.extend(prepared.map(|p| (row.line, p)));
        }
        let (imported, not_saved) = self.insert(&txn, &to_create).await?;
        failed += i64::try_from(not_saved.len()).unwrap_or(0);
        found.extend(not_saved);
        if !found.is_empty() {
            import_problems::Entity::insert_many(found).exec(&txn).await?;
        }
        use import_jobs::Column as C;
        let saved = import_jobs::Entity::update_many()
            .col_expr(C::ProcessedRows, Expr::col(C::ProcessedRows).add(processed))
            .col_expr(C::ImportedRows, Expr::col(C::ImportedRows).add(imported))
            .col_expr(C::UpdatedRows, Expr::col(C::UpdatedRows).add(updated))
            .col_expr(C::SkippedRows, Expr::col(C::SkippedRows).add(skipped))
            .col_expr(C::FailedRows, Expr::col(C::FailedRows).add(failed))
            .col_expr(C::LastLine, Expr::value(i64::try_from(last).unwrap_or(i64::MAX)))
            .col_expr(C::LeaseExpiresAt, Expr::value(self.jobs.lease_until()))
            .col_expr(C::UpdatedAt, Expr::value(self.jobs.clock.now()))
            .filter(C::Id.eq(self.job.id))
            .filter(C::LeaseOwner.eq(self.jobs.instance.as_str()))
            .filter(C::Status.eq(ImportStatus::Running.as_str()))
            .exec(&txn)
            .await?;
        if saved.rows_affected != 1 {
            // Another instance took the job over: this batch is theirs to write.
            txn.rollback().await?;
            return Ok(false);
        }
        txn.commit().await?;
        Ok(true)
    }

    /// Ends the job with `status`, letting go of the lease and recording the outcome in the audit log.
    async fn end(&self, current: import_jobs::Model, status: ImportStatus) -> ApiResult<()> {
        let txn = db::begin_write(&self.jobs.db).await?;
        let mut row: import_jobs::ActiveModel = current.clone().into();
        row.status = Set(status.as_str().to_owned());
        row.lease_owner = Set(None);
        row.lease_expires_at = Set(None);
        row.finished_at = Set(Some(self.jobs.clock.now()));
        row.updated_at = Set(self.jobs.clock.now());
        row.update(&txn).await?;
        let action = if status == ImportStatus::Cancelled { "import.cancel" } else { "import.complete" };
        let summary = serde_json::json!({
            "file_name": current.file_name,
            "processed": current.processed_rows,
            "imported": current.imported_rows,
            "updated": current.updated_rows,
            "skipped": current.skipped_rows,
            "failed": current.failed_rows,
            "last_line": current.last_line,
        });
        audit::record(&txn, &self.caller.actor(), Change::new(action, "import", current.id).created(summary)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// After the last batch: the report (dry run) or the end of the commit.
    async fn finish(mut self) -> ApiResult<()> {
        match self.pass {
            Pass::DryRun => {
                self.report.unmatched_values = self.lookups.unmatched_values();
                let report = serde_json::to_string(&self.report).map_err(|e| ApiError::Internal(e.into()))?;
                import_jobs::Entity::update_many()
                    .col_expr(import_jobs::Column::Status, Expr::value(ImportStatus::Analysed.as_str()))
                    .col_expr(import_jobs::Column::Report, Expr::value(report))
                    .col_expr(import_jobs::Column::TotalRows, Expr::value(self.report.rows_read as i64))
                    .col_expr(import_jobs::Column::ProcessedRows, Expr::value(0_i64))
                    .col_expr(import_jobs::Column::LastLine, Expr::value(0_i64))
                    .col_expr(import_jobs::Column::LeaseOwner, Expr::value(Option::<String>::None))
                    .col_expr(import_jobs::Column::LeaseExpiresAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
                    .col_expr(import_jobs::Column::UpdatedAt, Expr::value(self.jobs.clock.now()))
                    .filter(import_jobs::Column::Id.eq(self.job.id))
                    .filter(import_jobs::Column::LeaseOwner.eq(self.jobs.instance.as_str()))
                    .filter(import_jobs::Column::Status.eq(ImportStatus::Analysing.as_str()))
                    .exec(&self.jobs.db)
                    .await?;
                Ok(())
            }
            Pass::Commit => {
                let current = import_jobs::Entity::find_by_id(self.job.id).one(&self.jobs.db).await?;
                match current {
                    Some(current) if current.lease_owner.as_deref() == Some(self.jobs.instance.as_str()) => {
                        let status =
                            if current.cancel_requested { ImportStatus::Cancelled } else { ImportStatus::Completed };
                        self.end(current, status).await
                    }
                    _ => Ok(()),
                }
            }
        }
    }
}
