//! The file of an export, written row by row: CSV with a byte-order mark (for Excel), or XLSX in
//! rust_xlsxwriter's constant-memory mode, so memory stays flat however many rows there are. Text
//! cells go through `crm_domain::spreadsheet::neutralise`; amounts and numbers are numbers.

use std::io::Write;
use std::path::Path;

use crm_types::export::ExportFormat;
use rust_decimal::prelude::ToPrimitive;

use super::columns::{Chosen, Out};

/// Writes rows to a file of either format.
pub enum Writer {
    /// CSV with a byte-order mark.
    Csv(csv::Writer<std::io::BufWriter<std::fs::File>>),
    /// XLSX, constant memory: rows go to a temporary file as they come.
    Xlsx { workbook: Box<rust_xlsxwriter::Workbook>, row: u32, amount: rust_xlsxwriter::Format },
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Csv(_) => "Writer::Csv",
            Self::Xlsx { .. } => "Writer::Xlsx",
        })
    }
}

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> std::io::Error {
    std::io::Error::other(error.to_string())
}

impl Writer {
    /// A writer of `format` to `path` (CSV) or for `path` (XLSX, written by [`Writer::finish`]), with the
    /// header row; XLSX keeps its temporary files in `temp`.
    pub fn create(format: ExportFormat, path: &Path, temp: &Path, columns: &[Chosen]) -> std::io::Result<Self> {
        let headers: Vec<&str> = columns.iter().map(Chosen::label_zh).collect();
        match format {
            ExportFormat::Csv => {
                let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
                file.write_all("\u{FEFF}".as_bytes())?;
                let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(file);
                writer.write_record(&headers).map_err(std::io::Error::other)?;
                Ok(Self::Csv(writer))
            }
            ExportFormat::Xlsx => {
                let mut workbook = rust_xlsxwriter::Workbook::new();
                workbook.set_tempdir(temp).map_err(xlsx_error)?;
                let sheet = workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
                sheet.set_name("客户").map_err(xlsx_error)?;
                let bold = rust_xlsxwriter::Format::new().set_bold();
                for (i, header) in headers.iter().enumerate() {
                    sheet.write_string_with_format(0, i as u16, *header, &bold).map_err(xlsx_error)?;
                }
                let amount = rust_xlsxwriter::Format::new().set_num_format("0.00");
                Ok(Self::Xlsx { workbook: Box::new(workbook), row: 1, amount })
            }
        }
    }

    /// Appends a row.
    pub fn write(&mut self, cells: &[Out]) -> std::io::Result<()> {
        match self {
            Self::Csv(writer) => {
                let texts: Vec<String> = cells
                    .iter()
                    .map(|cell| match cell {
                        Out::Text(text) => crm_domain::spreadsheet::neutralise(text).into_owned(),
                        Out::Number(number) | Out::Figure(number) => number.to_string(),
                    })
                    .collect();
                writer.write_record(&texts).map_err(std::io::Error::other)
            }
            Self::Xlsx { workbook, row, amount } => {
                let sheet = workbook.worksheet_from_index(0).map_err(xlsx_error)?;
                for (i, cell) in cells.iter().enumerate() {
                    let column = i as u16;
                    match cell {
                        Out::Text(text) if text.is_empty() => {}
                        Out::Text(text) => {
                            sheet
                                .write_string(*row, column, crm_domain::spreadsheet::neutralise(text))
                                .map_err(xlsx_error)?;
                        }
                        Out::Number(number) => {
                            let value = number.to_f64().unwrap_or_default();
                            sheet.write_number_with_format(*row, column, value, amount).map_err(xlsx_error)?;
                        }
                        Out::Figure(number) => {
                            sheet
                                .write_number(*row, column, number.to_f64().unwrap_or_default())
                                .map_err(xlsx_error)?;
                        }
                    }
                }
                *row += 1;
                Ok(())
            }
        }
    }

    /// Completes the file at `path`.
    pub fn finish(self, path: &Path) -> std::io::Result<()> {
        match self {
            Self::Csv(writer) => {
                let mut file = writer.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
                file.flush()
            }
            Self::Xlsx { mut workbook, .. } => workbook.save(path).map_err(xlsx_error),
        }
    }
}
