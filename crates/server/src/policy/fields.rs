//! Field rules (字段权限) of customers: fields a role may not read (hidden), may read but not write
//! (read-only), or may read only in part (masked, `138****8000`). One wrapper applies them to every
//! customer, list row, contact and timeline entry a caller is shown, to every export cell, and to
//! every write — over [`CustomerField`], so each rule is matched to a DTO field by the compiler, not
//! by a wire-name string.
//!
//! Deliberate exception: the duplicate check (`GET /customers/duplicates`, and the 409 of a blocked
//! create) names look-alikes outside the caller's scope by code, name and owner only — no field a
//! rule can name.

use std::collections::BTreeMap;

use crm_domain::mask;
use crm_types::access::{CustomerField, FieldAccess, Resource};
use crm_types::customer::{
    Contact, ContactPatch, Customer, CustomerPatch, CustomerSummary, NewContact, NewCustomer, TimelineEntry,
};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};

/// The field rules of a caller's role over customers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFields {
    rules: BTreeMap<CustomerField, FieldAccess>,
}

impl CustomerFields {
    /// The rules of `caller`'s role (a rule naming no known field, or an access the field cannot
    /// take, is ignored: role edits refuse both).
    pub fn of(caller: &Caller) -> Self {
        let rules = caller
            .access
            .field_rules
            .get(&Resource::Customers)
            .map(|fields| {
                fields
                    .iter()
                    .filter_map(|(name, access)| CustomerField::parse(name).map(|field| (field, *access)))
                    .filter(|(field, access)| field.allows(*access))
                    .collect()
            })
            .unwrap_or_default();
        Self { rules }
    }

    /// Whether the role restricts no field.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// How the role treats `field`; `None` means freely.
    pub fn access(&self, field: CustomerField) -> Option<FieldAccess> {
        self.rules.get(&field).copied()
    }

    /// Whether the caller reads `field` (whole or masked).
    pub fn readable(&self, field: CustomerField) -> bool {
        self.access(field) != Some(FieldAccess::Hidden)
    }

    /// 403 `field_read_only` naming the first of `written` that the role may not write: a hidden,
    /// read-only or masked field.
    pub fn check_written(&self, written: impl IntoIterator<Item = CustomerField>) -> ApiResult<()> {
        match written.into_iter().find(|field| self.access(*field).is_some()) {
            Some(field) => Err(ApiError::FieldReadOnly(field.as_str().to_owned())),
            None => Ok(()),
        }
    }

    /// `value` of `field` as the caller reads it: gone when hidden, in part when masked.
    pub fn text(&self, field: CustomerField, value: Option<String>) -> Option<String> {
        match self.access(field) {
            Some(FieldAccess::Hidden) => None,
            Some(FieldAccess::Masked) => value.map(|v| mask(field, &v)),
            Some(FieldAccess::ReadOnly) | None => value,
        }
    }

    /// `value` of `field` when the caller reads it at all (fields that cannot be masked).
    fn kept<T>(&self, field: CustomerField, value: Option<T>) -> Option<T> {
        value.filter(|_| self.readable(field))
    }

    /// A customer as the caller may read it.
    pub fn customer(&self, mut customer: Customer) -> Customer {
        if self.is_empty() {
            return customer;
        }
        for &field in self.rules.keys() {
            match field {
                CustomerField::Uscc => customer.uscc = self.text(field, customer.uscc.take()),
                CustomerField::IdCardNo => customer.id_card_no = self.text(field, customer.id_card_no.take()),
                CustomerField::Phone => customer.phone = self.text(field, customer.phone.take()),
                CustomerField::Email => customer.email = self.text(field, customer.email.take()),
                CustomerField::CustomerType => customer.customer_type = self.kept(field, customer.customer_type.take()),
                CustomerField::Grade => customer.grade = self.kept(field, customer.grade.take()),
                CustomerField::Stage => customer.stage = self.kept(field, customer.stage.take()),
                CustomerField::LifecycleStatus => {
                    customer.lifecycle_status = self.kept(field, customer.lifecycle_status.take());
                }
                CustomerField::CumulativeAmount => {
                    customer.cumulative_amount = self.kept(field, customer.cumulative_amount.take());
                }
                CustomerField::AnnualAmount => customer.annual_amount = self.kept(field, customer.annual_amount.take()),
                CustomerField::DecisionRoles => {
                    customer.decision_roles = self.kept(field, customer.decision_roles.take());
                }
                CustomerField::InitialNeed => customer.initial_need = self.kept(field, customer.initial_need.take()),
                CustomerField::OwnerId => customer.owner_id = self.kept(field, customer.owner_id.take()),
                CustomerField::CustomFields => {
                    if !self.readable(field) {
                        customer.custom_fields.clear();
                    }
                }
                CustomerField::ContactMobile | CustomerField::ContactEmail => {
                    customer.contacts =
                        std::mem::take(&mut customer.contacts).into_iter().map(|c| self.contact(c)).collect();
                }
                // Fields a rule can only make read-only: shown as they are.
                CustomerField::Name
                | CustomerField::Address
                | CustomerField::Website
                | CustomerField::Industry
                | CustomerField::CompanySize
                | CustomerField::SourceChannel
                | CustomerField::FirstCoopDate
                | CustomerField::LastCoopDate
                | CustomerField::Tags
                | CustomerField::Notes
                | CustomerField::ContactName
                | CustomerField::ContactPosition
                | CustomerField::ContactDecisionRole => {}
            }
        }
        customer
    }

    /// A row of the customer list as the caller may read it.
    pub fn summary(&self, mut row: CustomerSummary) -> CustomerSummary {
        if self.is_empty() {
            return row;
        }
        row.phone = self.text(CustomerField::Phone, row.phone.take());
        row.customer_type = self.kept(CustomerField::CustomerType, row.customer_type.take());
        row.grade = self.kept(CustomerField::Grade, row.grade.take());
        row.stage = self.kept(CustomerField::Stage, row.stage.take());
        row.lifecycle_status = self.kept(CustomerField::LifecycleStatus, row.lifecycle_status.take());
        row.cumulative_amount = self.kept(CustomerField::CumulativeAmount, row.cumulative_amount.take());
        row.owner_id = self.kept(CustomerField::OwnerId, row.owner_id.take());
        row
    }

    /// A contact as the caller may read it.
    pub fn contact(&self, mut contact: Contact) -> Contact {
        contact.mobile = self.text(CustomerField::ContactMobile, contact.mobile.take());
        contact.email = self.text(CustomerField::ContactEmail, contact.email.take());
        contact
    }

    /// A timeline entry as the caller may read it: the values of a change to a field they may not
    /// read are left out (the entry says that the field changed, not from what to what).
    pub fn timeline(&self, mut entry: TimelineEntry) -> TimelineEntry {
        let field = entry.field.as_deref().and_then(CustomerField::parse);
        if let Some(field) = field.filter(|f| self.access(*f).is_some_and(|a| a != FieldAccess::ReadOnly)) {
            entry.from = self.text(field, entry.from.take());
            entry.to = self.text(field, entry.to.take());
        }
        entry
    }
}

/// `value` of `field` shown in part (an export cell of a masked column).
pub fn mask(field: CustomerField, value: &str) -> String {
    match field {
        CustomerField::Phone | CustomerField::ContactMobile => mask::phone(value),
        CustomerField::Email | CustomerField::ContactEmail => mask::email(value),
        _ => mask::code(value),
    }
}

/// The customer fields a request body writes, named by the compiler: each body is taken apart field
/// by field, so a field added to a DTO does not compile until it says which rule covers it.
pub trait Written {
    /// The fields the body sets or clears.
    fn written(&self) -> Vec<CustomerField>;
}

/// `field` when `set`.
fn when(set: bool, field: CustomerField) -> Option<CustomerField> {
    set.then_some(field)
}

impl Written for NewContact {
    fn written(&self) -> Vec<CustomerField> {
        let NewContact { name: _, position, mobile, email, decision_role, is_primary: _ } = self;
        [
            Some(CustomerField::ContactName),
            when(position.is_some(), CustomerField::ContactPosition),
            when(mobile.is_some(), CustomerField::ContactMobile),
            when(email.is_some(), CustomerField::ContactEmail),
            when(decision_role.is_some(), CustomerField::ContactDecisionRole),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl Written for ContactPatch {
    fn written(&self) -> Vec<CustomerField> {
        let ContactPatch { name, position, mobile, email, decision_role, status: _, is_primary: _ } = self;
        [
            when(name.is_some(), CustomerField::ContactName),
            when(position.is_some(), CustomerField::ContactPosition),
            when(mobile.is_some(), CustomerField::ContactMobile),
            when(email.is_some(), CustomerField::ContactEmail),
            when(decision_role.is_some(), CustomerField::ContactDecisionRole),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl Written for NewCustomer {
    fn written(&self) -> Vec<CustomerField> {
        let NewCustomer {
            kind: _,
            name: _,
            uscc,
            id_card_no,
            phone,
            email,
            address,
            website,
            customer_type,
            industry: _,
            grade,
            company_size,
            source_channel,
            lifecycle_status,
            first_coop_date,
            last_coop_date,
            cumulative_amount,
            annual_amount,
            decision_roles,
            tags,
            initial_need,
            notes,
            owner_id,
            contacts,
            custom_fields,
        } = self;
        let mut written: Vec<CustomerField> = [
            Some(CustomerField::Name),
            Some(CustomerField::Industry),
            when(uscc.is_some(), CustomerField::Uscc),
            when(id_card_no.is_some(), CustomerField::IdCardNo),
            when(!phone.trim().is_empty(), CustomerField::Phone),
            when(email.is_some(), CustomerField::Email),
            when(*address != Default::default(), CustomerField::Address),
            when(website.is_some(), CustomerField::Website),
            when(customer_type.is_some(), CustomerField::CustomerType),
            when(grade.is_some(), CustomerField::Grade),
            when(company_size.is_some(), CustomerField::CompanySize),
            when(source_channel.is_some(), CustomerField::SourceChannel),
            when(lifecycle_status.is_some(), CustomerField::LifecycleStatus),
            when(first_coop_date.is_some(), CustomerField::FirstCoopDate),
            when(last_coop_date.is_some(), CustomerField::LastCoopDate),
            when(cumulative_amount.is_some(), CustomerField::CumulativeAmount),
            when(annual_amount.is_some(), CustomerField::AnnualAmount),
            when(!decision_roles.is_empty(), CustomerField::DecisionRoles),
            when(!tags.is_empty(), CustomerField::Tags),
            when(initial_need.is_some(), CustomerField::InitialNeed),
            when(notes.is_some(), CustomerField::Notes),
            when(owner_id.is_some(), CustomerField::OwnerId),
            when(!custom_fields.is_empty(), CustomerField::CustomFields),
        ]
        .into_iter()
        .flatten()
        .collect();
        written.extend(contacts.iter().flat_map(Written::written));
        written
    }
}

impl Written for CustomerPatch {
    fn written(&self) -> Vec<CustomerField> {
        let CustomerPatch {
            name,
            uscc,
            id_card_no,
            phone,
            email,
            address,
            website,
            customer_type,
            industry,
            grade,
            company_size,
            source_channel,
            stage,
            lifecycle_status,
            first_coop_date,
            last_coop_date,
            cumulative_amount,
            annual_amount,
            decision_roles,
            tags,
            initial_need,
            notes,
            custom_fields,
            reason: _,
        } = self;
        [
            when(name.is_some(), CustomerField::Name),
            when(uscc.is_some(), CustomerField::Uscc),
            when(id_card_no.is_some(), CustomerField::IdCardNo),
            when(phone.is_some(), CustomerField::Phone),
            when(email.is_some(), CustomerField::Email),
            when(address.is_some(), CustomerField::Address),
            when(website.is_some(), CustomerField::Website),
            when(customer_type.is_some(), CustomerField::CustomerType),
            when(industry.is_some(), CustomerField::Industry),
            when(grade.is_some(), CustomerField::Grade),
            when(company_size.is_some(), CustomerField::CompanySize),
            when(source_channel.is_some(), CustomerField::SourceChannel),
            when(stage.is_some(), CustomerField::Stage),
            when(lifecycle_status.is_some(), CustomerField::LifecycleStatus),
            when(first_coop_date.is_some(), CustomerField::FirstCoopDate),
            when(last_coop_date.is_some(), CustomerField::LastCoopDate),
            when(cumulative_amount.is_some(), CustomerField::CumulativeAmount),
            when(annual_amount.is_some(), CustomerField::AnnualAmount),
            when(decision_roles.is_some(), CustomerField::DecisionRoles),
            when(tags.is_some(), CustomerField::Tags),
            when(initial_need.is_some(), CustomerField::InitialNeed),
            when(notes.is_some(), CustomerField::Notes),
            when(custom_fields.as_ref().is_some_and(|c| !c.is_empty()), CustomerField::CustomFields),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}
