//! Reading an uploaded file as rows of text, streamed: CSV through the `csv` crate after decoding to
//! UTF-8 with `encoding_rs`, XLSX cell by cell through calamine's cell reader, XLS (at most 65,536 rows
//! by its format) through calamine's sheet range. Formula cells are read as their cached values.
//!
//! A reader runs on a blocking thread and hands rows over in batches through a bounded channel, so
//! however large the file, only a few batches are in memory.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, DataRef, Reader, Xls, Xlsx};
use crm_types::import::FileKind;
use encoding_rs::{Encoding, GB18030, UTF_8};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use tokio::sync::mpsc;

/// At most this many columns are read (Excel's own limit).
const MAX_COLUMNS: usize = 16_384;

/// One row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's number as a spreadsheet shows it: the header row is 1.
    pub line: u64,
    /// The cells as text.
    pub cells: Vec<String>,
    /// Whether some bytes were not valid in the file's encoding (replaced by U+FFFD).
    pub bad_bytes: bool,
}

/// How to read a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// CSV: the encoding (detected when absent).
    pub encoding: Option<&'static Encoding>,
    /// CSV: the separator (detected when absent).
    pub delimiter: Option<u8>,
    /// Excel: the sheet (the first when absent).
    pub sheet: Option<String>,
}

/// What a reader sends.
#[derive(Debug)]
pub enum Event {
    /// The first row.
    Headers(Vec<String>),
    /// Rows after it, in order.
    Rows(Vec<Row>),
    /// The file could not be read further.
    Failed(String),
}

/// The kind of file, from its first bytes: a ZIP container is XLSX, an OLE2 compound file XLS, anything
/// else is taken as delimited text.
pub fn kind_of(head: &[u8]) -> FileKind {
    if head.starts_with(b"PK\x03\x04") {
        FileKind::Xlsx
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        FileKind::Xls
    } else {
        FileKind::Csv
    }
}

/// The encoding of a text file from its first bytes: a byte-order mark decides; otherwise UTF-8 when the
/// sample is valid UTF-8 (a character cut at the end of the sample allowed), else GB18030, the superset
/// of GBK and GB2312 that Chinese Excel saves as "CSV".
pub fn detect_encoding(sample: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return encoding;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => UTF_8,
        Err(error) if error.error_len().is_none() => UTF_8,
        Err(_) => GB18030,
    }
}

/// The encoding named `name` (`utf-8`, `gbk`, `gb18030`, `gb2312`, `utf-16le`…); GBK and GB2312 are read
/// as GB18030, which contains them.
pub fn encoding_named(name: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(name.trim().as_bytes())?;
    Some(if encoding == encoding_rs::GBK { GB18030 } else { encoding })
}

/// The name an encoding is shown and stored under.
pub fn encoding_name(encoding: &'static Encoding) -> String {
    encoding.name().to_lowercase()
}

/// The separators tried, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// The separator of delimited text, from its first lines: the candidate that splits the most lines
/// into the same number of fields as the first line (quoted text ignored), a comma when none does.
pub fn detect_delimiter(sample: &str) -> u8 {
    let lines: Vec<&str> = sample.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let count = |line: &str, delimiter: u8| {
        let mut quoted = false;
        line.bytes()
            .filter(|b| {
                if *b == b'"' {
                    quoted = !quoted;
                }
                !quoted && *b == delimiter
            })
            .count()
    };
    let mut best = (0_usize, b',');
    for delimiter in DELIMITERS {
        let Some(first) = lines.first().map(|l| count(l, delimiter)) else { break };
        if first == 0 {
            continue;
        }
        let agreeing = lines.iter().filter(|l| count(l, delimiter) == first).count();
        if agreeing > best.0 {
            best = (agreeing, delimiter);
        }
    }
    best.1
}

/// Decodes a byte stream to UTF-8 as it is read; invalid bytes become U+FFFD (the byte-order mark is
/// dropped).
pub struct Decoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    output: Vec<u8>,
    position: usize,
    filled: usize,
    finished: bool,
}

impl<R: Read> Decoding<R> {
    /// Decodes `inner` from `encoding`.
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        Self {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            output: vec![0; 3 * 64 * 1024 + 16],
            position: 0,
            filled: 0,
            finished: false,
        }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.position == self.filled {
            if self.finished {
                return Ok(0);
            }
            let mut last = false;
            if self.start == self.end {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
                last = self.end == 0;
            }
            let (_, read, written, _) =
                self.decoder.decode_to_utf8(&self.input[self.start..self.end], &mut self.output, last);
            self.start += read;
            self.position = 0;
            self.filled = written;
            self.finished = last;
        }
        let n = buf.len().min(self.filled - self.position);
        buf[..n].copy_from_slice(&self.output[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

/// The number as a spreadsheet shows it: whole numbers without `.0`.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { value.to_string() }
}

/// An Excel date as `YYYY-MM-DD` (with the time when it has one).
fn date_text(serial: f64) -> String {
    let Some(decimal) = Decimal::from_f64(serial) else { return number_text(serial) };
    match crm_domain::import::date::from_excel_serial(decimal.round_dp(6)) {
        Ok(at) if at.time() == chrono::NaiveTime::MIN => at.format("%Y-%m-%d").to_string(),
        Ok(at) => at.format("%Y-%m-%d %H:%M:%S").to_string(),
        Err(_) => number_text(serial),
    }
}

fn cell_ref(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Int(value) => value.to_string(),
        DataRef::Float(value) => number_text(*value),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(at) if at.is_datetime() => date_text(at.as_f64()),
        DataRef::DateTime(at) => number_text(at.as_f64()),
        DataRef::Error(error) => error.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn cell_owned(cell: &Data) -> String {
    match cell {
        Data::Int(value) => value.to_string(),
        Data::Float(value) => number_text(*value),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(at) if at.is_datetime() => date_text(at.as_f64()),
        Data::DateTime(at) => number_text(at.as_f64()),
        Data::Error(error) => error.to_string(),
        Data::Empty => String::new(),
    }
}

/// Hands rows to the channel in batches; `false` once the receiver has gone (the job stopped).
struct Sink {
    sender: mpsc::Sender<Event>,
    batch: Vec<Row>,
    size: usize,
    headers_sent: bool,
}

impl Sink {
    fn push(&mut self, line: u64, cells: Vec<String>, bad_bytes: bool) -> bool {
        if !self.headers_sent {
            self.headers_sent = true;
            return self.sender.blocking_send(Event::Headers(cells)).is_ok();
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            return true;
        }
        self.batch.push(Row { line, cells, bad_bytes });
        if self.batch.len() >= self.size {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(self.size));
            return self.sender.blocking_send(Event::Rows(batch)).is_ok();
        }
        true
    }

    fn finish(mut self, result: Result<(), String>) {
        if !self.headers_sent {
            let _ = self.sender.blocking_send(Event::Headers(Vec::new()));
        }
        if !self.batch.is_empty() {
            let batch = std::mem::take(&mut self.batch);
            if self.sender.blocking_send(Event::Rows(batch)).is_err() {
                return;
            }
        }
        if let Err(message) = result {
            let _ = self.sender.blocking_send(Event::Failed(message));
        }
    }
}

/// Starts reading `path` on a blocking thread: the headers first, then rows in batches of `batch`.
pub fn spawn(path: PathBuf, kind: FileKind, options: ReadOptions, batch: usize) -> mpsc::Receiver<Event> {
    let (sender, receiver) = mpsc::channel(2);
    let size = batch.max(1);
    tokio::task::spawn_blocking(move || {
        let mut sink = Sink { sender, batch: Vec::with_capacity(size), size, headers_sent: false };
        let result = match kind {
            FileKind::Csv => read_csv(&path, &options, &mut sink),
            FileKind::Xlsx => read_xlsx(&path, &options, &mut sink),
            FileKind::Xls => read_xls(&path, &options, &mut sink),
        };
        sink.finish(result);
    });
    receiver
}

/// The encoding and separator a CSV file is read with: the options', else detected from its start.
pub fn csv_settings(path: &Path, options: &ReadOptions) -> std::io::Result<(&'static Encoding, u8)> {
    let mut sample = Vec::with_capacity(64 * 1024);
    File::open(path)?.take(64 * 1024).read_to_end(&mut sample)?;
    let encoding = options.encoding.unwrap_or_else(|| detect_encoding(&sample));
    let delimiter = match options.delimiter {
        Some(delimiter) => delimiter,
        None => {
            let (text, _, _) = encoding.decode(&sample);
            detect_delimiter(&text)
        }
    };
    Ok((encoding, delimiter))
}

fn read_csv(path: &Path, options: &ReadOptions, sink: &mut Sink) -> Result<(), String> {
    let (encoding, delimiter) = csv_settings(path, options).map_err(|e| e.to_string())?;
    let file = File::open(path).map_err(|e| e.to_string())?;
    let decoded = Decoding::new(BufReader::new(file), encoding);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(decoded);
    let mut record = csv::ByteRecord::new();
    let mut line = 0_u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                line += 1;
                let mut bad = false;
                let cells = record
                    .iter()
                    .take(MAX_COLUMNS)
                    .map(|cell| {
                        let text = String::from_utf8_lossy(cell).into_owned();
                        bad |= text.contains('\u{FFFD}');
                        text
                    })
                    .collect();
                if !sink.push(line, cells, bad) {
                    return Ok(());
                }
            }
            Err(error) => return Err(format!("the file cannot be read after line {line}: {error}")),
        }
    }
}

/// The sheet to read: the one named, else the first.
fn pick_sheet(names: &[String], wanted: Option<&str>) -> Result<String, String> {
    match wanted {
        Some(name) => names.iter().find(|n| *n == name).cloned().ok_or_else(|| format!("there is no sheet {name}")),
        None => names.first().cloned().ok_or_else(|| "the workbook has no sheet".to_owned()),
    }
}

fn read_xlsx(path: &Path, options: &ReadOptions, sink: &mut Sink) -> Result<(), String> {
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).map_err(|e| format!("not a readable XLSX file: {e}"))?;
    let sheet = pick_sheet(&workbook.sheet_names(), options.sheet.as_deref())?;
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(|e| format!("cannot read sheet {sheet}: {e}"))?;
    let mut current: Option<u32> = None;
    let mut row: Vec<String> = Vec::new();
    loop {
        let cell = cells.next_cell().map_err(|e| format!("cannot read sheet {sheet}: {e}"))?;
        let position = cell.as_ref().map(calamine::Cell::get_position);
        if current.is_some() && position.map(|p| p.0) != current {
            let line = u64::from(current.unwrap_or(0)) + 1;
            if !sink.push(line, std::mem::take(&mut row), false) {
                return Ok(());
            }
        }
        let Some(cell) = cell else { return Ok(()) };
        let (r, c) = cell.get_position();
        current = Some(r);
        let c = c as usize;
        if c >= MAX_COLUMNS {
            continue;
        }
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = cell_ref(cell.get_value());
    }
}

fn read_xls(path: &Path, options: &ReadOptions, sink: &mut Sink) -> Result<(), String> {
    let mut workbook: Xls<_> = calamine::open_workbook(path).map_err(|e| format!("not a readable XLS file: {e}"))?;
    let sheet = pick_sheet(&workbook.sheet_names(), options.sheet.as_deref())?;
    let range = workbook.worksheet_range(&sheet).map_err(|e| format!("cannot read sheet {sheet}: {e}"))?;
    let first = range.start().map(|(r, _)| r).unwrap_or(0);
    let offset = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    for (i, cells) in range.rows().enumerate() {
        let mut row = vec![String::new(); offset];
        row.extend(cells.iter().take(MAX_COLUMNS.saturating_sub(offset)).map(cell_owned));
        if !sink.push(u64::from(first) + i as u64 + 1, row, false) {
            return Ok(());
        }
    }
    Ok(())
}

/// The sheets of a workbook, in order (none for CSV).
pub fn sheets(path: &Path, kind: FileKind) -> Result<Vec<String>, String> {
    match kind {
        FileKind::Csv => Ok(Vec::new()),
        FileKind::Xlsx => calamine::open_workbook::<Xlsx<_>, _>(path)
            .map(|w| w.sheet_names())
            .map_err(|e| format!("not a readable XLSX file: {e}")),
        FileKind::Xls => calamine::open_workbook::<Xls<_>, _>(path)
            .map(|w| w.sheet_names())
            .map_err(|e| format!("not a readable XLS file: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoding_is_told_by_the_bytes() {
        assert_eq!(detect_encoding("客户名称,电话".as_bytes()), UTF_8);
        assert_eq!(detect_encoding(b"\xEF\xBB\xBFname"), UTF_8);
        let (gbk, _, _) = GB18030.encode("客户名称,电话");
        assert_eq!(detect_encoding(&gbk), GB18030);
        // A UTF-8 character cut by the end of the sample is still UTF-8.
        let text = "客户名称".as_bytes();
        assert_eq!(detect_encoding(&text[..text.len() - 1]), UTF_8);
        assert_eq!(encoding_named("GBK"), Some(GB18030));
        assert_eq!(encoding_named("nonsense"), None);
    }

    #[test]
    fn the_delimiter_is_the_one_that_splits_lines_alike() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a;b\n\"x;y\";2\n"), b';');
        assert_eq!(detect_delimiter("one column\nonly\n"), b',');
    }

    #[test]
    fn decoding_turns_gbk_into_utf8_and_marks_bad_bytes() {
        let (gbk, _, _) = GB18030.encode("华为技术有限公司\n");
        let mut bytes = gbk.into_owned();
        bytes.extend_from_slice(b"\xFF\n");
        let mut text = String::new();
        Decoding::new(&bytes[..], GB18030).read_to_string(&mut text).unwrap();
        assert_eq!(text, "华为技术有限公司\n\u{FFFD}\n");
    }

    #[test]
    fn numbers_read_as_a_spreadsheet_shows_them() {
        assert_eq!(number_text(13800138000.0), "13800138000");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(date_text(45413.0), "2024-05-01");
        assert_eq!(date_text(45413.5), "2024-05-01 12:00:00");
    }

    #[test]
    fn the_kind_is_told_by_the_first_bytes() {
        assert_eq!(kind_of(b"PK\x03\x04rest"), FileKind::Xlsx);
        assert_eq!(kind_of(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), FileKind::Xls);
        assert_eq!(kind_of("名称".as_bytes()), FileKind::Csv);
    }
}
