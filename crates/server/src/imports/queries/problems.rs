//! An import's problem rows — those the commit left out or, before the commit, those the dry run
//! found — as a page, or as the whole CSV error report streamed page by page.

use actix_web::web::Bytes;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use crm_types::FieldErrorCode;
use crm_types::import::{ImportProblem, ProblemQuery};
use crm_types::page::Page;
use futures_util::{Stream, StreamExt, stream};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::{import_jobs, import_problems};
use crate::error::{ApiError, ApiResult};
use crate::policy::Visible;

/// Rows of the error report read per query.
const REPORT_PAGE: u64 = 1000;

/// The pass whose problems are shown: the commit's once it started, else the dry run's.
fn phase(row: &import_jobs::Model) -> &'static str {
    if row.started_at.is_some() { "commit" } else { "dry_run" }
}

fn to_problem(row: import_problems::Model) -> ImportProblem {
    ImportProblem {
        line: u64::try_from(row.line).unwrap_or(0),
        column: row.column,
        field: row.field,
        code: row.code,
        message: row.message,
    }
}

/// The page of `job`'s problems `query` asks for, by line.
pub async fn page(
    db: &impl ConnectionTrait,
    job: &Visible<import_jobs::Model>,
    query: &ProblemQuery,
) -> ApiResult<Page<ImportProblem>> {
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 500.".into()));
    }
    let after: i64 = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(cursor) => URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| ApiError::field("cursor", FieldErrorCode::Invalid, "is not a cursor this list gave out"))?,
        None => 0,
    };
    let mut rows = import_problems::Entity::find()
        .filter(import_problems::Column::JobId.eq(job.id))
        .filter(import_problems::Column::Phase.eq(phase(job)))
        .filter(import_problems::Column::Id.gt(after))
        .order_by_asc(import_problems::Column::Id)
        .limit(u64::from(limit) + 1)
        .all(db)
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more { rows.last().map(|r| URL_SAFE_NO_PAD.encode(r.id.to_string())) } else { None };
    Ok(Page::new(rows.into_iter().map(to_problem).collect(), next_cursor))
}

/// `job`'s problems as CSV (UTF-8 with BOM, for Excel): line, column, field, code and reason, each
/// cell neutralised, read and written a page at a time whatever their number.
pub fn report(
    db: DatabaseConnection,
    job: &Visible<import_jobs::Model>,
) -> impl Stream<Item = Result<Bytes, DbErr>> + use<> {
    let (job_id, phase) = (job.id, phase(job));
    let head = format!("\u{FEFF}{}\r\n", ["行号", "列", "字段", "代码", "原因"].join(","));
    let pages = stream::unfold(Some(0_i64), move |after| {
        let db = db.clone();
        async move {
            let after = after?;
            let rows = import_problems::Entity::find()
                .filter(import_problems::Column::JobId.eq(job_id))
                .filter(import_problems::Column::Phase.eq(phase))
                .filter(import_problems::Column::Id.gt(after))
                .order_by_asc(import_problems::Column::Id)
                .limit(REPORT_PAGE)
                .all(&db)
                .await;
            let rows = match rows {
                Ok(rows) => rows,
                Err(error) => return Some((Err(error), None)),
            };
            let next = (rows.len() as u64 == REPORT_PAGE).then(|| rows.last().map(|r| r.id)).flatten();
            if rows.is_empty() {
                return None;
            }
            let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
            for problem in rows {
                let line = problem.line.to_string();
                let cells = [
                    line.as_str(),
                    problem.column.as_deref().unwrap_or_default(),
                    problem.field.as_deref().unwrap_or_default(),
                    problem.code.as_str(),
                    problem.message.as_str(),
                ];
                let safe: Vec<_> = cells.iter().map(|c| crm_domain::spreadsheet::neutralise(c)).collect();
                if writer.write_record(safe.iter().map(|c| c.as_ref())).is_err() {
                    break;
                }
            }
            let bytes = writer.into_inner().unwrap_or_default();
            Some((Ok(Bytes::from(bytes)), next))
        }
    });
    stream::once(async move { Ok(Bytes::from(head)) }).chain(pages)
}
