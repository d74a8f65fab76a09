//! What the import wizard shows after the upload: the encoding and separator (CSV) or the sheets
//! (Excel), the headers, the first rows and the proposed mapping.

use std::path::PathBuf;

use crm_domain::import::header::{MatchQuality, TargetSpec};
use crm_types::import::{FileKind, ImportPreview, SuggestedColumn, TargetField};

use super::source::{self, Event, ReadOptions};
use crate::error::{ApiError, ApiResult};

/// Rows shown after the headers.
const ROWS: usize = 10;

/// The target's fields and requirement groups, for the mapping step.
pub fn fields(target: &TargetSpec) -> (Vec<TargetField>, Vec<Vec<String>>) {
    let fields = target
        .fields
        .iter()
        .map(|f| TargetField {
            key: f.key.to_owned(),
            label_zh: f.label_zh.to_owned(),
            label_en: f.label_en.to_owned(),
            required: target.required.iter().any(|group| group.len() == 1 && group[0] == f.key),
        })
        .collect();
    let required = target.required.iter().map(|g| g.iter().map(|k| (*k).to_owned()).collect()).collect();
    (fields, required)
}

/// Reads the start of the file at `path` (422 when it cannot be read as `kind`).
pub async fn read(
    target: &TargetSpec,
    path: PathBuf,
    kind: FileKind,
    options: ReadOptions,
) -> ApiResult<ImportPreview> {
    let unreadable = |message: String| ApiError::field("file", "unreadable", &message);
    let (encoding, delimiter, sheets) = {
        let path = path.clone();
        let options = options.clone();
        tokio::task::spawn_blocking(move || -> Result<_, String> {
            let sheets = source::sheets(&path, kind)?;
            let csv = match kind {
                FileKind::Csv => Some(source::csv_settings(&path, &options).map_err(|e| e.to_string())?),
                _ => None,
            };
            Ok((csv.map(|c| c.0), csv.map(|c| c.1), sheets))
        })
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(unreadable)?
    };
    let sheet = match kind {
        FileKind::Csv => None,
        _ => Some(match &options.sheet {
            Some(name) if sheets.contains(name) => name.clone(),
            Some(name) => return Err(ApiError::field("sheet", "unknown", &format!("there is no sheet {name}"))),
            None => sheets.first().cloned().ok_or_else(|| unreadable("the workbook has no sheet".into()))?,
        }),
    };
    let mut events = source::spawn(path, kind, ReadOptions { sheet: sheet.clone(), ..options }, ROWS);
    let mut headers = Vec::new();
    let mut rows = Vec::new();
    while let Some(event) = events.recv().await {
        match event {
            Event::Headers(found) => headers = found,
            Event::Rows(found) => {
                rows = found.into_iter().map(|r| r.cells).collect();
                break;
            }
            Event::Failed(message) => return Err(unreadable(message)),
        }
    }
    drop(events);
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let suggested = target
        .suggest(&header_refs)
        .into_iter()
        .zip(&headers)
        .map(|(suggestion, header)| SuggestedColumn {
            column: header.clone(),
            field: suggestion.map(|s| s.field.key.to_owned()),
            exact: suggestion.is_some_and(|s| s.quality != MatchQuality::Contains),
        })
        .collect();
    let (fields, required) = fields(target);
    Ok(ImportPreview {
        encoding: encoding.map(source::encoding_name),
        delimiter: delimiter.map(|d| char::from(d).to_string()),
        sheets,
        sheet,
        headers,
        rows,
        suggested,
        fields,
        required,
    })
}
