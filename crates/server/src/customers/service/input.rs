//! Turning a create or update request into validated column values: formats from `crm_domain`,
//! dictionary codes against the dictionaries, every problem collected into one 422.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use crm_domain::{Email, IdCardNo, Phone, Uscc, dedupe, money};
use crm_types::FieldErrorCode;
use crm_types::customer::{CustomValue, CustomerKind, CustomerPatch, NewCustomer};
use crm_types::dictionary::DictionaryKind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{customers, dictionary_items};
use crate::error::ApiResult;
use crate::validation::Problems;

/// A customer's editable values in storage form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub kind: CustomerKind,
    pub name: String,
    pub uscc: Option<String>,
    pub id_card_no: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub address_detail: Option<String>,
    pub website: Option<String>,
    pub customer_type: String,
    pub industry: String,
    pub grade: String,
    pub company_size: Option<String>,
    pub source_channel: Option<String>,
    pub stage: String,
    pub lifecycle_status: String,
    pub first_coop_date: Option<NaiveDate>,
    pub last_coop_date: Option<NaiveDate>,
    pub cumulative_fen: Option<i64>,
    pub annual_fen: Option<i64>,
    pub decision_roles: Vec<String>,
    pub tags: Vec<String>,
    pub initial_need: Option<String>,
    pub notes: Option<String>,
    pub custom_fields: BTreeMap<String, CustomValue>,
}

fn phone(problems: &mut Problems, raw: &str) -> Option<String> {
    match Phone::parse_for("phone", raw) {
        Ok(phone) => Some(phone.as_str().to_owned()),
        Err(error) => {
            problems.domain(error);
            None
        }
    }
}

/// An optional e-mail for the field `field`, normalised.
pub fn email(problems: &mut Problems, field: &str, raw: Option<&str>) -> Option<String> {
    let raw = raw.map(str::trim).filter(|v| !v.is_empty())?;
    match Email::parse(raw) {
        Ok(email) => Some(email.as_str().to_owned()),
        Err(error) => {
            problems.add(field, error.code, &error.message);
            None
        }
    }
}

fn uscc(problems: &mut Problems, raw: Option<&str>) -> Option<String> {
    let raw = raw.map(str::trim).filter(|v| !v.is_empty())?;
    Uscc::parse(raw).map(|u| u.as_str().to_owned()).map_err(|e| problems.domain(e)).ok()
}

fn id_card(problems: &mut Problems, raw: Option<&str>, today: NaiveDate) -> Option<String> {
    let raw = raw.map(str::trim).filter(|v| !v.is_empty())?;
    IdCardNo::parse(raw, today).map(|c| c.as_str().to_owned()).map_err(|e| problems.domain(e)).ok()
}

fn fen(problems: &mut Problems, field: &'static str, amount: Option<rust_decimal::Decimal>) -> Option<i64> {
    money::to_fen(field, amount?).map_err(|e| problems.domain(e)).ok()
}

fn codes(values: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    values.iter().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty() && seen.insert(v.clone())).collect()
}

impl Draft {
    /// The draft of a new customer, with the defaults for what was not given. The stage always starts
    /// at `initial_stage`.
    pub fn from_new(
        problems: &mut Problems,
        body: &NewCustomer,
        initial_stage: &str,
        initial_status: &str,
        today: NaiveDate,
    ) -> Self {
        let draft = Self {
            kind: body.kind.unwrap_or(CustomerKind::Enterprise),
            name: problems.text("name", &body.name, 100),
            uscc: uscc(problems, body.uscc.as_deref()),
            id_card_no: id_card(problems, body.id_card_no.as_deref(), today),
            phone: if body.phone.trim().is_empty() {
                problems.add("phone", FieldErrorCode::Required, "must not be empty");
                None
            } else {
                phone(problems, &body.phone)
            },
            email: email(problems, "email", body.email.as_deref()),
            province: problems.optional("address.province", body.address.province.as_deref(), 40),
            city: problems.optional("address.city", body.address.city.as_deref(), 40),
            district: problems.optional("address.district", body.address.district.as_deref(), 40),
            address_detail: problems.optional("address.detail", body.address.detail.as_deref(), 200),
            website: problems.optional("website", body.website.as_deref(), 200),
            customer_type: body.customer_type.clone().unwrap_or_else(|| "potential".into()),
            industry: problems.text("industry", &body.industry, 40),
            grade: body.grade.clone().unwrap_or_else(|| "C".into()),
            company_size: problems.optional("company_size", body.company_size.as_deref(), 40),
            source_channel: problems.optional("source_channel", body.source_channel.as_deref(), 40),
            stage: initial_stage.to_owned(),
            lifecycle_status: body.lifecycle_status.clone().unwrap_or_else(|| initial_status.to_owned()),
            first_coop_date: body.first_coop_date,
            last_coop_date: body.last_coop_date,
            cumulative_fen: fen(problems, "cumulative_amount", body.cumulative_amount),
            annual_fen: fen(problems, "annual_amount", body.annual_amount),
            decision_roles: codes(&body.decision_roles),
            tags: codes(&body.tags),
            initial_need: problems.optional("initial_need", body.initial_need.as_deref(), 2000),
            notes: problems.optional("notes", body.notes.as_deref(), 2000),
            custom_fields: body.custom_fields.clone(),
        };
        draft.check_shape(problems);
        draft
    }

    /// The draft of a stored customer.
    pub fn from_row(row: &customers::Model, tags: Vec<String>) -> Self {
        Self {
            kind: if row.kind == "individual" { CustomerKind::Individual } else { CustomerKind::Enterprise },
            name: row.name.clone(),
            uscc: row.uscc.clone(),
            id_card_no: row.id_card_no.clone(),
            phone: row.phone.clone(),
            email: row.email.clone(),
            province: row.province.clone(),
            city: row.city.clone(),
            district: row.district.clone(),
            address_detail: row.address_detail.clone(),
            website: row.website.clone(),
            customer_type: row.customer_type.clone(),
            industry: row.industry.clone(),
            grade: row.grade.clone(),
            company_size: row.company_size.clone(),
            source_channel: row.source_channel.clone(),
            stage: row.stage.clone(),
            lifecycle_status: row.lifecycle_status.clone(),
            first_coop_date: row.first_coop_date,
            last_coop_date: row.last_coop_date,
            cumulative_fen: row.cumulative_fen,
            annual_fen: row.annual_fen,
            decision_roles: split_codes(&row.decision_roles),
            tags,
            initial_need: row.initial_need.clone(),
            notes: row.notes.clone(),
            custom_fields: serde_json::from_str(&row.custom_fields).unwrap_or_default(),
        }
    }

    /// Applies the fields present in `patch`.
    pub fn apply(&mut self, problems: &mut Problems, patch: &CustomerPatch, today: NaiveDate) {
        if let Some(name) = &patch.name {
            self.name = problems.text("name", name, 100);
        }
        if let Some(value) = &patch.uscc {
            self.uscc = uscc(problems, value.as_deref());
        }
        if let Some(value) = &patch.id_card_no {
            self.id_card_no = id_card(problems, value.as_deref(), today);
        }
        if let Some(value) = &patch.phone {
            self.phone = phone(problems, value);
        }
        if let Some(value) = &patch.email {
            self.email = email(problems, "email", value.as_deref());
        }
        if let Some(address) = &patch.address {
            self.province = problems.optional("address.province", address.province.as_deref(), 40);
            self.city = problems.optional("address.city", address.city.as_deref(), 40);
            self.district = problems.optional("address.district", address.district.as_deref(), 40);
            self.address_detail = problems.optional("address.detail", address.detail.as_deref(), 200);
        }
        if let Some(value) = &patch.website {
            self.website = problems.optional("website", value.as_deref(), 200);
        }
        if let Some(value) = &patch.customer_type {
            value.trim().clone_into(&mut self.customer_type);
        }
        if let Some(value) = &patch.industry {
            self.industry = problems.text("industry", value, 40);
        }
        if let Some(value) = &patch.grade {
            value.trim().clone_into(&mut self.grade);
        }
        if let Some(value) = &patch.company_size {
            self.company_size = problems.optional("company_size", value.as_deref(), 40);
        }
        if let Some(value) = &patch.source_channel {
            self.source_channel = problems.optional("source_channel", value.as_deref(), 40);
        }
        if let Some(value) = &patch.stage {
            value.trim().clone_into(&mut self.stage);
        }
        if let Some(value) = &patch.lifecycle_status {
            value.trim().clone_into(&mut self.lifecycle_status);
        }
        if let Some(value) = patch.first_coop_date {
            self.first_coop_date = value;
        }
        if let Some(value) = patch.last_coop_date {
            self.last_coop_date = value;
        }
        if let Some(value) = patch.cumulative_amount {
            self.cumulative_fen = fen(problems, "cumulative_amount", value);
        }
        if let Some(value) = patch.annual_amount {
            self.annual_fen = fen(problems, "annual_amount", value);
        }
        if let Some(value) = &patch.decision_roles {
            self.decision_roles = codes(value);
        }
        if let Some(value) = &patch.tags {
            self.tags = codes(value);
        }
        if let Some(value) = &patch.initial_need {
            self.initial_need = problems.optional("initial_need", value.as_deref(), 2000);
        }
        if let Some(value) = &patch.notes {
            self.notes = problems.optional("notes", value.as_deref(), 2000);
        }
        if let Some(values) = &patch.custom_fields {
            for (key, value) in values {
                match value {
                    Some(value) => self.custom_fields.insert(key.clone(), value.clone()),
                    None => self.custom_fields.remove(key),
                };
            }
        }
        self.check_shape(problems);
    }

    /// Rules across fields.
    fn check_shape(&self, problems: &mut Problems) {
        match self.kind {
            CustomerKind::Enterprise if self.id_card_no.is_some() => {
                problems.add("id_card_no", FieldErrorCode::NotApplicable, "only individuals have a resident ID number");
            }
            CustomerKind::Individual if self.uscc.is_some() => {
                problems.add(
                    "uscc",
                    FieldErrorCode::NotApplicable,
                    "only enterprises have a unified social credit code",
                );
            }
            _ => {}
        }
        if let (Some(first), Some(last)) = (self.first_coop_date, self.last_coop_date)
            && last < first
        {
            problems.add(
                "last_coop_date",
                FieldErrorCode::BeforeFirst,
                "must not be before the first cooperation date",
            );
        }
        if self.decision_roles.len() > 10 {
            problems.add("decision_roles", FieldErrorCode::TooMany, "at most 10 values");
        }
        if self.tags.len() > 30 {
            problems.add("tags", FieldErrorCode::TooMany, "at most 30 tags");
        }
    }

    /// Every dictionary code the draft uses: (dictionary, field, code, unchanged since `before`).
    fn dictionary_uses<'a>(&'a self, before: Option<&Self>) -> Vec<(DictionaryKind, &'static str, &'a str, bool)> {
        let mut uses: Vec<(DictionaryKind, &'static str, &str, bool)> = vec![
            (
                DictionaryKind::CustomerType,
                "customer_type",
                &self.customer_type,
                before.map(|b| &b.customer_type) == Some(&self.customer_type),
            ),
            (DictionaryKind::Industry, "industry", &self.industry, before.map(|b| &b.industry) == Some(&self.industry)),
            (DictionaryKind::Grade, "grade", &self.grade, before.map(|b| &b.grade) == Some(&self.grade)),
            (DictionaryKind::SalesStage, "stage", &self.stage, before.map(|b| &b.stage) == Some(&self.stage)),
            (
                DictionaryKind::LifecycleStatus,
                "lifecycle_status",
                &self.lifecycle_status,
                before.map(|b| &b.lifecycle_status) == Some(&self.lifecycle_status),
            ),
        ];
        if let Some(size) = &self.company_size {
            uses.push((
                DictionaryKind::CompanySize,
                "company_size",
                size,
                before.and_then(|b| b.company_size.as_ref()) == Some(size),
            ));
        }
        if let Some(source) = &self.source_channel {
            uses.push((
                DictionaryKind::SourceChannel,
                "source_channel",
                source,
                before.and_then(|b| b.source_channel.as_ref()) == Some(source),
            ));
        }
        for role in &self.decision_roles {
            uses.push((
                DictionaryKind::DecisionRole,
                "decision_roles",
                role,
                before.is_some_and(|b| b.decision_roles.contains(role)),
            ));
        }
        for tag in &self.tags {
            uses.push((DictionaryKind::Tag, "tags", tag, before.is_some_and(|b| b.tags.contains(tag))));
        }
        uses.retain(|u| !u.2.is_empty());
        uses
    }

    /// The dictionary codes the draft uses.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.dictionary_uses(None).into_iter().map(|u| u.2)
    }

    /// Checks every dictionary code against the known values: a disabled value is accepted only
    /// when it is unchanged since `before`.
    pub fn check_codes(&self, known: &Codes, before: Option<&Self>, problems: &mut Problems) {
        for (kind, field, code, unchanged) in self.dictionary_uses(before) {
            report(problems, kind, field, code, known.active(kind, code), unchanged);
        }
    }

    /// [`Self::check_codes`] against the values read from the database.
    pub async fn check_dictionaries(
        &self,
        db: &impl ConnectionTrait,
        before: Option<&Self>,
        problems: &mut Problems,
    ) -> ApiResult<()> {
        let known = Codes::load(db, self.codes()).await?;
        self.check_codes(&known, before, problems);
        Ok(())
    }

    pub async fn check_custom_fields(
        &mut self,
        db: &impl ConnectionTrait,
        before: Option<&Self>,
        problems: &mut Problems,
    ) -> ApiResult<()> {
        self.custom_fields =
            crate::custom_fields::check_customer(db, before.map(|b| &b.custom_fields), &self.custom_fields, problems)
                .await?;
        Ok(())
    }

    /// What full-text search looks through: name, code, phones, contacts and the USCC.
    pub fn search_text(&self, code: &str, contacts: &[(String, Option<String>)]) -> String {
        let mut parts: Vec<&str> = vec![code, &self.name];
        parts.extend(self.phone.as_deref());
        parts.extend(self.uscc.as_deref());
        for (name, mobile) in contacts {
            parts.push(name);
            parts.extend(mobile.as_deref());
        }
        parts.join(" ")
    }

    /// Writes the values into a row.
    pub fn write(&self, row: &mut customers::ActiveModel) {
        row.kind = Set(self.kind.as_str().to_owned());
        row.name = Set(self.name.clone());
        row.name_key = Set(dedupe::name_key(&self.name));
        row.uscc = Set(self.uscc.clone());
        row.id_card_no = Set(self.id_card_no.clone());
        row.phone = Set(self.phone.clone());
        row.phone_key = Set(self.phone.as_deref().map(dedupe::phone_key));
        row.email = Set(self.email.clone());
        row.province = Set(self.province.clone());
        row.city = Set(self.city.clone());
        row.district = Set(self.district.clone());
        row.address_detail = Set(self.address_detail.clone());
        row.website = Set(self.website.clone());
        row.customer_type = Set(self.customer_type.clone());
        row.industry = Set(self.industry.clone());
        row.grade = Set(self.grade.clone());
        row.company_size = Set(self.company_size.clone());
        row.source_channel = Set(self.source_channel.clone());
        row.stage = Set(self.stage.clone());
        row.lifecycle_status = Set(self.lifecycle_status.clone());
        row.first_coop_date = Set(self.first_coop_date);
        row.last_coop_date = Set(self.last_coop_date);
        row.cumulative_fen = Set(self.cumulative_fen);
        row.annual_fen = Set(self.annual_fen);
        row.decision_roles = Set(self.decision_roles.join(","));
        row.initial_need = Set(self.initial_need.clone());
        row.notes = Set(self.notes.clone());
        row.custom_fields = Set(serde_json::to_string(&self.custom_fields).unwrap_or_else(|_| "{}".into()));
    }
}

/// Records the problem, if any, with `code` in dictionary `kind`: `active` is `None` for an unknown code.
/// A disabled code is accepted only when `unchanged` (it stays on old records).
fn report(
    problems: &mut Problems,
    kind: DictionaryKind,
    field: &str,
    code: &str,
    active: Option<bool>,
    unchanged: bool,
) {
    match active {
        None => problems.add(
            field,
            FieldErrorCode::UnknownCode,
            &format!("{code} is not a value of the {} dictionary", kind.as_str()),
        ),
        Some(false) if !unchanged => {
            problems.add(
                field,
                FieldErrorCode::DisabledCode,
                &format!("{code} is disabled in the {} dictionary", kind.as_str()),
            );
        }
        Some(_) => {}
    }
}

/// Dictionary values as read from the database: whether each (dictionary, code) is active.
#[derive(Debug, Clone, Default)]
pub struct Codes(HashMap<String, HashMap<String, bool>>);

impl Codes {
    /// The values with these codes, in any dictionary.
    pub async fn load<'a>(db: &impl ConnectionTrait, codes: impl IntoIterator<Item = &'a str>) -> ApiResult<Self> {
        let wanted: BTreeSet<&str> = codes.into_iter().collect();
        if wanted.is_empty() {
            return Ok(Self::default());
        }
        let rows =
            dictionary_items::Entity::find().filter(dictionary_items::Column::Code.is_in(wanted)).all(db).await?;
        Ok(Self::of(&rows))
    }

    /// Every value of every dictionary.
    pub async fn all(db: &impl ConnectionTrait) -> ApiResult<Self> {
        Ok(Self::of(&dictionary_items::Entity::find().all(db).await?))
    }

    /// The values of `rows`.
    pub fn of(rows: &[dictionary_items::Model]) -> Self {
        let mut codes: HashMap<String, HashMap<String, bool>> = HashMap::new();
        for row in rows {
            codes.entry(row.kind.clone()).or_default().insert(row.code.clone(), row.is_active);
        }
        Self(codes)
    }

    /// Whether `code` of `kind` is active; `None` when there is no such value.
    pub fn active(&self, kind: DictionaryKind, code: &str) -> Option<bool> {
        self.0.get(kind.as_str())?.get(code).copied()
    }

    /// Records the problem, if any, with `code` as a value of `kind` in `field`.
    pub fn check(&self, kind: DictionaryKind, field: &str, code: &str, problems: &mut Problems) {
        report(problems, kind, field, code, self.active(kind, code), false);
    }
}

/// 422 on `field` unless `code` is an active value of `kind`.
pub async fn check_code(
    db: &impl ConnectionTrait,
    kind: DictionaryKind,
    field: &str,
    code: &str,
    problems: &mut Problems,
) -> ApiResult<()> {
    let found = dictionary_items::Entity::find()
        .filter(dictionary_items::Column::Kind.eq(kind.as_str()))
        .filter(dictionary_items::Column::Code.eq(code))
        .one(db)
        .await?;
    report(problems, kind, field, code, found.map(|row| row.is_active), false);
    Ok(())
}

/// The codes of a comma-separated list.
pub fn split_codes(text: &str) -> Vec<String> {
    text.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect()
}
