//! The standard columns of an export: one per field of the customer's record, its primary contact,
//! its tags and owner, headed with the customer import target's labels, each cell read straight from
//! the row as the API would show it.

use std::borrow::Cow;

use crm_domain::money;
use crm_types::access::CustomerField;
use crm_types::dictionary::DictionaryKind;
use rust_decimal::Decimal;

use super::{Labels, Out};
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
    /// The header (the import target's zh-CN label).
    pub(super) label_zh: &'static str,
    /// The English label.
    pub(super) label_en: &'static str,
    /// The customer field whose rule hides or masks it (`contacts.mobile`, `owner_id`…); none for the
    /// code, the kind and the creation time, which no rule names.
    pub(super) rule: Option<CustomerField>,
    cell: Cell,
}

const fn col(key: &'static str, zh: &'static str, en: &'static str, rule: Option<CustomerField>, cell: Cell) -> Column {
    Column { key, label_zh: zh, label_en: en, rule, cell }
}

/// Every exportable column, in the default order. The labels are the customer import target's.
pub static COLUMNS: [Column; 32] = [
    col("code", "客户编号", "Code", None, Cell::Text("code")),
    col("name", "客户名称", "Customer name", Some(CustomerField::Name), Cell::Text("name")),
    col("kind", "客户性质", "Customer kind", None, Cell::Kind),
    col("uscc", "统一社会信用代码", "USCC", Some(CustomerField::Uscc), Cell::Text("uscc")),
    col("id_card_no", "身份证号", "ID card number", Some(CustomerField::IdCardNo), Cell::Text("id_card_no")),
    col(
        "customer_type",
        "客户类型",
        "Customer type",
        Some(CustomerField::CustomerType),
        Cell::Label("customer_type", DictionaryKind::CustomerType),
    ),
    col(
        "industry",
        "所属行业",
        "Industry",
        Some(CustomerField::Industry),
        Cell::Label("industry", DictionaryKind::Industry),
    ),
    col("grade", "客户等级", "Grade", Some(CustomerField::Grade), Cell::Label("grade", DictionaryKind::Grade)),
    col(
        "company_size",
        "企业规模",
        "Company size",
        Some(CustomerField::CompanySize),
        Cell::Label("company_size", DictionaryKind::CompanySize),
    ),
    col(
        "source_channel",
        "客户来源",
        "Source channel",
        Some(CustomerField::SourceChannel),
        Cell::Label("source_channel", DictionaryKind::SourceChannel),
    ),
    col("stage", "跟进阶段", "Stage", Some(CustomerField::Stage), Cell::Label("stage", DictionaryKind::SalesStage)),
    col(
        "lifecycle_status",
        "客户状态",
        "Lifecycle status",
        Some(CustomerField::LifecycleStatus),
        Cell::Label("lifecycle_status", DictionaryKind::LifecycleStatus),
    ),
    col("address.province", "省份", "Province", Some(CustomerField::Address), Cell::Text("address.province")),
    col("address.city", "城市", "City", Some(CustomerField::Address), Cell::Text("address.city")),
    col("address.district", "区县", "District", Some(CustomerField::Address), Cell::Text("address.district")),
    col("address.detail", "详细地址", "Address", Some(CustomerField::Address), Cell::Text("address.detail")),
    col("phone", "联系电话", "Phone", Some(CustomerField::Phone), Cell::Text("phone")),
    col("email", "电子邮箱", "Email", Some(CustomerField::Email), Cell::Text("email")),
    col("website", "网址", "Website", Some(CustomerField::Website), Cell::Text("website")),
    col(
        "first_coop_date",
        "首次合作日期",
        "First cooperation date",
        Some(CustomerField::FirstCoopDate),
        Cell::Text("first_coop_date"),
    ),
    col(
        "last_coop_date",
        "最近合作日期",
        "Last cooperation date",
        Some(CustomerField::LastCoopDate),
        Cell::Text("last_coop_date"),
    ),
    col(
        "cumulative_amount",
        "累计合作金额",
        "Cumulative amount",
        Some(CustomerField::CumulativeAmount),
        Cell::Amount("cumulative_amount"),
    ),
    col(
        "annual_amount",
        "年度合作金额",
        "Annual amount",
        Some(CustomerField::AnnualAmount),
        Cell::Amount("annual_amount"),
    ),
    col("tags", "标签", "Tags", Some(CustomerField::Tags), Cell::Tags),
    col("owner", "负责人", "Owner", Some(CustomerField::OwnerId), Cell::Owner),
    col("notes", "备注", "Notes", Some(CustomerField::Notes), Cell::Text("notes")),
    col("initial_need", "初步需求", "Initial need", Some(CustomerField::InitialNeed), Cell::Text("initial_need")),
    col("contact.name", "联系人", "Contact", Some(CustomerField::ContactName), Cell::Text("contacts.0.name")),
    col("contact.position", "职位", "Title", Some(CustomerField::ContactPosition), Cell::Text("contacts.0.position")),
    col("contact.mobile", "手机", "Mobile", Some(CustomerField::ContactMobile), Cell::Text("contacts.0.mobile")),
    col(
        "contact.email",
        "联系人邮箱",
        "Contact email",
        Some(CustomerField::ContactEmail),
        Cell::Text("contacts.0.email"),
    ),
    col("created_at", "创建时间", "Created", None, Cell::CreatedAt),
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

/// The cell of a standard column.
pub(super) fn standard_cell(source: &Source<'_>, column: &Column, labels: &Labels) -> Out {
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

#[cfg(test)]
mod tests {
    use super::super::{Chosen, Labels, Out, cells};
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
