//! Export (导出): a filtered customer list written to CSV (UTF-8 with BOM) or XLSX by a background job.
//!
//! The rows come from the list's own query — the caller's `CustomerScope`, `customers::list::filters`,
//! the sort and keyset cursor — a page at a time, so memory stays flat however many customers match
//! (XLSX through rust_xlsxwriter's constant-memory mode). Cells are read straight from the customer's
//! row, its primary contact, its tags and its custom values ([`custom`]), as the API shows them; the
//! columns of fields the caller's role hides are left out, so no hidden value reaches a cell. Text
//! cells go through `crm_domain::spreadsheet::neutralise`; amounts and numbers are numbers. Headers
//! are the import target's labels (a custom field's label for its column), so an exported file
//! imports back with the proposed mapping.

mod custom;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crm_domain::money;
use crm_types::access::{FieldAccess, Resource};
use crm_types::custom_field::CustomField;
use crm_types::dictionary::DictionaryKind;
use crm_types::export::{ExportColumn, ExportFormat};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

pub use self::custom::CustomColumn;
use crate::auth::access::Access;
use crate::entities::{customer_contacts, customers};

/// How a column's cell is taken from the row.
#[derive(Debug, Clone, Copy)]
enum Cell {
    /// Text at a path (`name`, `address.city`, `contacts.0.mobile`).
    Text(&'static str),
    /// A dictionary code at a path, written as its label.
    Label(&'static str, DictionaryKind),
    /// An amount at a path, written as a number.
    Amount(&'static str),
    /// 企业 or 个人.
    Kind,
    /// The owner's display name.
    Owner,
    /// The tags' labels.
    Tags,
    /// The creation time, China time.
    CreatedAt,
}

/// An exportable column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The key.
    pub key: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
    /// The field rule that hides it (`contacts.mobile`, `owner_id`…).
    rule: &'static str,
    cell: Cell,
}

const fn col(key: &'static str, zh: &'static str, en: &'static str, rule: &'static str, cell: Cell) -> Column {
    Column { key, label_zh: zh, label_en: en, rule, cell }
}

/// Every exportable column, in the default order. The labels are the customer import target's.
pub static COLUMNS: [Column; 32] = [
    col("code", "客户编号", "Code", "code", Cell::Text("code")),
    col("name", "客户名称", "Customer name", "name", Cell::Text("name")),
    col("kind", "客户性质", "Customer kind", "kind", Cell::Kind),
    col("uscc", "统一社会信用代码", "USCC", "uscc", Cell::Text("uscc")),
    col("id_card_no", "身份证号", "ID card number", "id_card_no", Cell::Text("id_card_no")),
    col(
        "customer_type",
        "客户类型",
        "Customer type",
        "customer_type",
        Cell::Label("customer_type", DictionaryKind::CustomerType),
    ),
    col("industry", "所属行业", "Industry", "industry", Cell::Label("industry", DictionaryKind::Industry)),
    col("grade", "客户等级", "Grade", "grade", Cell::Label("grade", DictionaryKind::Grade)),
    col(
        "company_size",
        "企业规模",
        "Company size",
        "company_size",
        Cell::Label("company_size", DictionaryKind::CompanySize),
    ),
    col(
        "source_channel",
        "客户来源",
        "Source channel",
        "source_channel",
        Cell::Label("source_channel", DictionaryKind::SourceChannel),
    ),
    col("stage", "跟进阶段", "Stage", "stage", Cell::Label("stage", DictionaryKind::SalesStage)),
    col(
        "lifecycle_status",
        "客户状态",
        "Lifecycle status",
        "lifecycle_status",
        Cell::Label("lifecycle_status", DictionaryKind::LifecycleStatus),
    ),
    col("address.province", "省份", "Province", "address", Cell::Text("address.province")),
    col("address.city", "城市", "City", "address", Cell::Text("address.city")),
    col("address.district", "区县", "District", "address", Cell::Text("address.district")),
    col("address.detail", "详细地址", "Address", "address", Cell::Text("address.detail")),
    col("phone", "联系电话", "Phone", "phone", Cell::Text("phone")),
    col("email", "电子邮箱", "Email", "email", Cell::Text("email")),
    col("website", "网址", "Website", "website", Cell::Text("website")),
    col("first_coop_date", "首次合作日期", "First cooperation date", "first_coop_date", Cell::Text("first_coop_date")),
    col("last_coop_date", "最近合作日期", "Last cooperation date", "last_coop_date", Cell::Text("last_coop_date")),
    col(
        "cumulative_amount",
        "累计合作金额",
        "Cumulative amount",
        "cumulative_amount",
        Cell::Amount("cumulative_amount"),
    ),
    col("annual_amount", "年度合作金额", "Annual amount", "annual_amount", Cell::Amount("annual_amount")),
    col("tags", "标签", "Tags", "tags", Cell::Tags),
    col("owner", "负责人", "Owner", "owner_id", Cell::Owner),
    col("notes", "备注", "Notes", "notes", Cell::Text("notes")),
    col("initial_need", "初步需求", "Initial need", "initial_need", Cell::Text("initial_need")),
    col("contact.name", "联系人", "Contact", "contacts.name", Cell::Text("contacts.0.name")),
    col("contact.position", "职位", "Title", "contacts.position", Cell::Text("contacts.0.position")),
    col("contact.mobile", "手机", "Mobile", "contacts.mobile", Cell::Text("contacts.0.mobile")),
    col("contact.email", "联系人邮箱", "Contact email", "contacts.email", Cell::Text("contacts.0.email")),
    col("created_at", "创建时间", "Created", "created_at", Cell::CreatedAt),
];

/// The columns the list shows by default, exported when none are chosen.
pub const DEFAULT_COLUMNS: [&str; 12] = [
    "code",
    "name",
    "customer_type",
    "industry",
    "grade",
    "stage",
    "phone",
    "contact.name",
    "address.province",
    "address.city",
    "owner",
    "created_at",
];

/// A column of a file: a standard one, or a custom field's.
#[derive(Debug, Clone)]
pub enum Chosen {
    /// A column of [`COLUMNS`].
    Standard(&'static Column),
    /// An active custom field.
    Custom(CustomColumn),
}

impl Chosen {
    /// The key (`name`, `custom_fields.region`).
    pub fn key(&self) -> &str {
        match self {
            Self::Standard(column) => column.key,
            Self::Custom(column) => &column.key,
        }
    }

    /// The header.
    fn label_zh(&self) -> &str {
        match self {
            Self::Standard(column) => column.label_zh,
            Self::Custom(column) => &column.label_zh,
        }
    }
}

/// The wire description of every column: the standard ones, then the active custom fields (`custom`,
/// in display order).
pub fn columns(custom: &[CustomField]) -> Vec<ExportColumn> {
    COLUMNS
        .iter()
        .map(|c| ExportColumn { key: c.key.into(), label_zh: c.label_zh.into(), label_en: c.label_en.into() })
        .chain(custom.iter().filter(|f| f.is_active).map(|f| CustomColumn::of(f).wire()))
        .collect()
}

/// The columns to write: those asked for (the defaults when none), without those the caller may not
/// read; `custom` are the custom field definitions (a column for each active one, hidden with the
/// `custom_fields` field rule). 422 for an unknown key.
pub fn choose(access: &Access, keys: &[String], custom: &[CustomField]) -> Result<Vec<Chosen>, String> {
    let keys: Vec<&str> =
        if keys.is_empty() { DEFAULT_COLUMNS.to_vec() } else { keys.iter().map(String::as_str).collect() };
    let readable = |rule: &str| access.field(Resource::Customers, rule) != Some(FieldAccess::Hidden);
    let mut chosen: Vec<Chosen> = Vec::new();
    for key in keys {
        let column = match COLUMNS.iter().find(|c| c.key == key) {
            Some(column) => readable(column.rule).then_some(Chosen::Standard(column)),
            None => {
                let field = key
                    .strip_prefix(custom::PREFIX)
                    .and_then(|field| custom.iter().find(|f| f.is_active && f.key == field))
                    .ok_or_else(|| format!("{key} is not a column"))?;
                readable("custom_fields").then(|| Chosen::Custom(CustomColumn::of(field)))
            }
        };
        if let Some(column) = column
            && !chosen.iter().any(|c| c.key() == key)
        {
            chosen.push(column);
        }
    }
    Ok(chosen)
}

/// Labels to write for codes and ids.
#[derive(Debug, Default)]
pub struct Labels {
    /// Dictionary → code → label.
    pub dictionaries: HashMap<String, HashMap<String, String>>,
    /// User id → display name.
    pub users: HashMap<i64, String>,
}

impl Labels {
    /// Adds the label of a dictionary value.
    pub fn insert(&mut self, kind: &str, code: &str, label: &str) {
        self.dictionaries.entry(kind.to_owned()).or_default().insert(code.to_owned(), label.to_owned());
    }

    /// The label of `code` in dictionary `kind`, or the code itself.
    fn label<'a>(&'a self, kind: &str, code: &'a str) -> &'a str {
        self.dictionaries.get(kind).and_then(|codes| codes.get(code)).map_or(code, String::as_str)
    }
}

/// What one exported row is read from: the customer's row, its primary contact and its tags (sorted).
/// Cells are read straight from these, as the API would show them; hidden fields never reach a cell
/// because [`choose`] leaves their columns out.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub customer: &'a customers::Model,
    pub contact: Option<&'a customer_contacts::Model>,
    pub tags: &'a [String],
}

/// An optional text, borrowed.
fn optional(value: &Option<String>) -> Option<Cow<'_, str>> {
    value.as_deref().map(Cow::Borrowed)
}

impl Source<'_> {
    /// The text at a column's path (`name`, `address.city`, `contacts.0.mobile`).
    fn text(&self, path: &str) -> Option<Cow<'_, str>> {
        let c = self.customer;
        let contact = self.contact;
        match path {
            "code" => Some(Cow::Borrowed(&c.code)),
            "name" => Some(Cow::Borrowed(&c.name)),
            "kind" => Some(Cow::Borrowed(&c.kind)),
            "uscc" => optional(&c.uscc),
            "id_card_no" => optional(&c.id_card_no),
            "customer_type" => Some(Cow::Borrowed(&c.customer_type)),
            "industry" => Some(Cow::Borrowed(&c.industry)),
            "grade" => Some(Cow::Borrowed(&c.grade)),
            "company_size" => optional(&c.company_size),
            "source_channel" => optional(&c.source_channel),
            "stage" => Some(Cow::Borrowed(&c.stage)),
            "lifecycle_status" => Some(Cow::Borrowed(&c.lifecycle_status)),
            "address.province" => optional(&c.province),
            "address.city" => optional(&c.city),
            "address.district" => optional(&c.district),
            "address.detail" => optional(&c.address_detail),
            "phone" => optional(&c.phone),
            "email" => optional(&c.email),
            "website" => optional(&c.website),
            "first_coop_date" => c.first_coop_date.map(|d| Cow::Owned(d.to_string())),
            "last_coop_date" => c.last_coop_date.map(|d| Cow::Owned(d.to_string())),
            "notes" => optional(&c.notes),
            "initial_need" => optional(&c.initial_need),
            "contacts.0.name" => contact.map(|p| Cow::Borrowed(p.name.as_str())),
            "contacts.0.position" => contact.and_then(|p| optional(&p.position)),
            "contacts.0.mobile" => contact.and_then(|p| optional(&p.mobile)),
            "contacts.0.email" => contact.and_then(|p| optional(&p.email)),
            _ => None,
        }
    }

    /// The amount at a column's path, in yuan.
    fn amount(&self, path: &str) -> Option<Decimal> {
        match path {
            "cumulative_amount" => self.customer.cumulative_fen.map(money::from_fen),
            "annual_amount" => self.customer.annual_fen.map(money::from_fen),
            _ => None,
        }
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// Text, to be neutralised.
    Text(String),
    /// An amount: a number shown with two decimals.
    Number(Decimal),
    /// A number shown as it is.
    Figure(Decimal),
}

/// The cells of a row.
pub fn cells(source: &Source<'_>, columns: &[Chosen], labels: &Labels) -> Vec<Out> {
    let custom_values = columns
        .iter()
        .any(|c| matches!(c, Chosen::Custom(_)))
        .then(|| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&source.customer.custom_fields))
        .and_then(Result::ok)
        .unwrap_or_default();
    columns
        .iter()
        .map(|column| match column {
            Chosen::Standard(column) => standard_cell(source, column, labels),
            Chosen::Custom(column) => column.cell(&custom_values),
        })
        .collect()
}

/// The cell of a standard column.
fn standard_cell(source: &Source<'_>, column: &Column, labels: &Labels) -> Out {
    let text = |path: &str| source.text(path).map(Cow::into_owned).unwrap_or_default();
    match column.cell {
        Cell::Text(path) => Out::Text(text(path)),
        Cell::Label(path, kind) => {
            Out::Text(source.text(path).map(|code| labels.label(kind.as_str(), &code).to_owned()).unwrap_or_default())
        }
        Cell::Amount(path) => source.amount(path).map_or_else(|| Out::Text(String::new()), Out::Number),
        Cell::Kind => Out::Text(
            match source.customer.kind.as_str() {
                "individual" => "个人",
                "enterprise" => "企业",
                _ => "",
            }
            .into(),
        ),
        Cell::Owner => {
            Out::Text(source.customer.owner_id.and_then(|id| labels.users.get(&id).cloned()).unwrap_or_default())
        }
        Cell::Tags => {
            let names: Vec<&str> = source.tags.iter().map(|code| labels.label("tag", code)).collect();
            Out::Text(names.join("，"))
        }
        Cell::CreatedAt => {
            Out::Text(crate::china_time::local(source.customer.created_at).format("%Y-%m-%d %H:%M:%S").to_string())
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A customer with every field filled but the phone and the annual amount, and its contact.
    fn row() -> (customers::Model, customer_contacts::Model) {
        let now = chrono::Utc::now();
        let customer = customers::Model {
            id: 1,
            code: "CUS202611001".into(),
            kind: "enterprise".into(),
            name: "=HYPERLINK(\"x\")".into(),
            name_key: String::new(),
            uscc: Some("91330100MA27XL8Q9F".into()),
            id_card_no: Some("330106199001011234".into()),
            phone: None,
            phone_key: None,
            email: Some("info@example.cn".into()),
            province: Some("浙江省".into()),
            city: Some("杭州市".into()),
            district: Some("西湖区".into()),
            address_detail: Some("文三路 1 号".into()),
            website: Some("https://example.cn".into()),
            customer_type: "potential".into(),
            industry: "I65".into(),
            grade: "A".into(),
            company_size: Some("s50_199".into()),
            source_channel: Some("referral".into()),
            stage: "initial_contact".into(),
            lifecycle_status: "new".into(),
            first_coop_date: chrono::NaiveDate::from_ymd_opt(2024, 5, 1),
            last_coop_date: chrono::NaiveDate::from_ymd_opt(2025, 1, 2),
            cumulative_fen: Some(123_450),
            annual_fen: None,
            decision_roles: String::new(),
            initial_need: Some("CRM".into()),
            notes: Some("老客户".into()),
            owner_id: Some(7),
            department_id: None,
            primary_contact: Some("张伟".into()),
            custom_fields: "{}".into(),
            search_text: String::new(),
            search_grams: String::new(),
            last_followup_at: None,
            version: 1,
            created_by: None,
            updated_by: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            deleted_by: None,
        };
        let contact = customer_contacts::Model {
            id: 1,
            customer_id: 1,
            name: "张伟".into(),
            position: Some("总经理".into()),
            mobile: Some("13800138000".into()),
            email: Some("zw@example.cn".into()),
            decision_role: None,
            status: "active".into(),
            is_primary: true,
            created_at: now,
            updated_at: now,
        };
        (customer, contact)
    }

    #[test]
    fn cells_follow_the_row_and_its_labels() {
        let (customer, contact) = row();
        let tags = ["vip".to_owned()];
        let source = Source { customer: &customer, contact: Some(&contact), tags: &tags };
        let mut labels = Labels::default();
        labels.insert("grade", "A", "A级");
        labels.insert("tag", "vip", "重点");
        labels.users.insert(7, "王芳".into());
        let keys = [
            "name",
            "kind",
            "grade",
            "owner",
            "cumulative_amount",
            "annual_amount",
            "tags",
            "contact.name",
            "contact.mobile",
            "address.city",
            "first_coop_date",
            "phone",
        ];
        let columns: Vec<Chosen> =
            keys.iter().map(|k| Chosen::Standard(COLUMNS.iter().find(|c| c.key == *k).unwrap())).collect();
        assert_eq!(
            cells(&source, &columns, &labels),
            vec![
                Out::Text("=HYPERLINK(\"x\")".into()),
                Out::Text("企业".into()),
                Out::Text("A级".into()),
                Out::Text("王芳".into()),
                Out::Number("1234.50".parse().unwrap()),
                Out::Text(String::new()),
                Out::Text("重点".into()),
                Out::Text("张伟".into()),
                Out::Text("13800138000".into()),
                Out::Text("杭州市".into()),
                Out::Text("2024-05-01".into()),
                Out::Text(String::new()),
            ]
        );
    }

    #[test]
    fn every_column_reads_a_field_of_the_row() {
        let (mut customer, contact) = row();
        customer.phone = Some("0571-88886666".into());
        customer.annual_fen = Some(1);
        let source = Source { customer: &customer, contact: Some(&contact), tags: &[] };
        for column in &COLUMNS {
            let read = match column.cell {
                Cell::Text(path) | Cell::Label(path, _) => source.text(path).is_some(),
                Cell::Amount(path) => source.amount(path).is_some(),
                _ => true,
            };
            assert!(read, "column {} reads nothing from a full row", column.key);
        }
    }

    #[test]
    fn column_labels_map_back_to_the_import_target() {
        let target = &crm_domain::import::customer::CUSTOMER;
        for column in COLUMNS.iter().filter(|c| target.field(c.key).is_some()) {
            let suggested = target.suggest(&[column.label_zh]);
            assert_eq!(suggested[0].map(|s| s.field.key), Some(column.key), "{}", column.label_zh);
        }
    }
}
