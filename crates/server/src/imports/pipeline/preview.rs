//! What the import wizard shows after the upload: the encoding and separator (CSV) or the sheets
//! (Excel), the headers, the first rows and the proposed mapping, onto the target's fields and then the
//! active custom fields.

use std::path::PathBuf;

use crm_domain::import::header::{self, FieldSpec, MatchQuality, Names, TargetSpec};
use crm_types::FieldErrorCode;
use crm_types::import::{ColumnMapping, FileKind, ImportPreview, TargetField};

use super::custom_fields::CustomTargets;
use super::source::{self, Event, ReadOptions};
use crate::error::{ApiError, ApiResult};

/// Rows shown after the headers.
const ROWS: usize = 10;

/// The target's fields (the custom fields after the standard ones) and requirement groups, for the
/// mapping step.
pub fn fields(target: &TargetSpec, custom: &CustomTargets) -> (Vec<TargetField>, Vec<Vec<String>>) {
    let mut fields: Vec<TargetField> = target
        .fields
        .iter()
        .map(|f| TargetField {
            key: f.key.to_owned(),
            label_zh: f.label_zh.to_owned(),
            label_en: f.label_en.to_owned(),
            required: target.required.iter().any(|group| group.len() == 1 && group[0] == f.key),
        })
        .collect();
    fields.extend(custom.target_fields());
    let required = target.required.iter().map(|g| g.iter().map(|k| (*k).to_owned()).collect()).collect();
    (fields, required)
}

/// The columns a field is proposed for, with whether the header matched exactly: the standard fields
/// and the custom fields compete together (the best match wins, then the leftmost column, then the
/// standard field).
pub fn suggest(target: &TargetSpec, custom: &CustomTargets, headers: &[String]) -> Vec<ColumnMapping> {
    let mut names: Vec<Names<'_>> = target.fields.iter().map(FieldSpec::names).collect();
    let standard = names.len();
    names.extend(custom.names());
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    header::suggest_among(&names, &header_refs)
        .into_iter()
        .zip(headers)
        .filter_map(|(found, column)| {
            let (index, quality) = found?;
            let field = match index.checked_sub(standard) {
                None => target.fields.get(index).map(|f| f.key.to_owned()),
                Some(custom_index) => custom.at(custom_index).map(|f| f.key.clone()),
            }?;
            Some(ColumnMapping { column: column.clone(), field, exact: Some(quality != MatchQuality::Contains) })
        })
        .collect()
}

/// Reads the start of the file at `path` (422 when it cannot be read as `kind`).
pub async fn read(
    target: &TargetSpec,
    custom: &CustomTargets,
    path: PathBuf,
    kind: FileKind,
    options: ReadOptions,
) -> ApiResult<ImportPreview> {
    let unreadable = |message: String| ApiError::field("file", FieldErrorCode::Unreadable, &message);
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
            Some(name) => {
                return Err(ApiError::field("sheet", FieldErrorCode::Unknown, &format!("there is no sheet {name}")));
            }
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
    let suggested = suggest(target, custom, &headers);
    let (fields, required) = fields(target, custom);
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
