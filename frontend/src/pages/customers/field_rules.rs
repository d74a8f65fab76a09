//! The signed-in role's field rules over customers, as the forms apply them. A field under any rule
//! (hidden, read-only, masked) is one the role may not write: its input is disabled, a hidden one is
//! not shown, no check of the browser judges it, and the request leaves it out — so a form never
//! sends what the server would refuse with `field_read_only`, nor a masked value as if it were typed.

use std::collections::BTreeMap;

use crm_types::access::{CustomerField, FieldAccess, Resource};
use crm_types::auth::Me;
use crm_types::customer::{CustomerPatch, NewContact, NewCustomer};

/// The rules of the caller's role, by customer field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldRules(BTreeMap<CustomerField, FieldAccess>);

impl FieldRules {
    /// The rules of `me`'s role (none when nobody is signed in).
    pub fn of(me: Option<&Me>) -> Self {
        let rules = me.and_then(|me| me.field_rules.get(&Resource::Customers));
        Self(
            rules
                .into_iter()
                .flatten()
                .filter_map(|(name, access)| Some((CustomerField::parse(name)?, *access)))
                .collect(),
        )
    }

    /// Whether the role may not write `field`.
    pub fn locked(&self, field: CustomerField) -> bool {
        self.0.contains_key(&field)
    }

    /// Whether the role does not read `field` at all.
    pub fn hidden(&self, field: CustomerField) -> bool {
        self.0.get(&field) == Some(&FieldAccess::Hidden)
    }

    /// `new` without the fields the role may not write (the server then fills in its defaults).
    pub fn leave_out_new(&self, new: &mut NewCustomer) {
        use CustomerField as F;
        for field in self.0.keys() {
            match field {
                F::Uscc => new.uscc = None,
                F::IdCardNo => new.id_card_no = None,
                F::Phone => new.phone.clear(),
                F::Email => new.email = None,
                F::Address => new.address = Default::default(),
                F::Website => new.website = None,
                F::CustomerType => new.customer_type = None,
                F::Grade => new.grade = None,
                F::CompanySize => new.company_size = None,
                F::SourceChannel => new.source_channel = None,
                F::LifecycleStatus => new.lifecycle_status = None,
                F::FirstCoopDate => new.first_coop_date = None,
                F::LastCoopDate => new.last_coop_date = None,
                F::CumulativeAmount => new.cumulative_amount = None,
                F::AnnualAmount => new.annual_amount = None,
                F::DecisionRoles => new.decision_roles.clear(),
                F::Tags => new.tags.clear(),
                F::InitialNeed => new.initial_need = None,
                F::Notes => new.notes = None,
                F::OwnerId => new.owner_id = None,
                F::CustomFields => new.custom_fields.clear(),
                // Required, or not part of a new record (the server's answer says so), or a contact's.
                F::Name | F::Industry | F::Stage | F::ContactName => {}
                F::ContactPosition | F::ContactMobile | F::ContactEmail | F::ContactDecisionRole => {}
            }
        }
        new.contacts.iter_mut().for_each(|contact| self.leave_out_contact(contact));
    }

    /// `patch` without the fields the role may not write.
    pub fn leave_out_patch(&self, patch: &mut CustomerPatch) {
        use CustomerField as F;
        for field in self.0.keys() {
            match field {
                F::Name => patch.name = None,
                F::Uscc => patch.uscc = None,
                F::IdCardNo => patch.id_card_no = None,
                F::Phone => patch.phone = None,
                F::Email => patch.email = None,
                F::Address => patch.address = None,
                F::Website => patch.website = None,
                F::CustomerType => patch.customer_type = None,
                F::Industry => patch.industry = None,
                F::Grade => patch.grade = None,
                F::CompanySize => patch.company_size = None,
                F::SourceChannel => patch.source_channel = None,
                F::Stage => patch.stage = None,
                F::LifecycleStatus => patch.lifecycle_status = None,
                F::FirstCoopDate => patch.first_coop_date = None,
                F::LastCoopDate => patch.last_coop_date = None,
                F::CumulativeAmount => patch.cumulative_amount = None,
                F::AnnualAmount => patch.annual_amount = None,
                F::DecisionRoles => patch.decision_roles = None,
                F::Tags => patch.tags = None,
                F::InitialNeed => patch.initial_need = None,
                F::Notes => patch.notes = None,
                F::CustomFields => patch.custom_fields = None,
                // Changed elsewhere (handover, the contacts section).
                F::OwnerId
                | F::ContactName
                | F::ContactPosition
                | F::ContactMobile
                | F::ContactEmail
                | F::ContactDecisionRole => {}
            }
        }
    }

    /// `contact` without the fields the role may not write.
    pub fn leave_out_contact(&self, contact: &mut NewContact) {
        use CustomerField as F;
        let NewContact { name: _, position, mobile, email, decision_role, is_primary: _ } = contact;
        for (field, value) in [
            (F::ContactPosition, position),
            (F::ContactMobile, mobile),
            (F::ContactEmail, email),
            (F::ContactDecisionRole, decision_role),
        ] {
            if self.locked(field) {
                *value = None;
            }
        }
    }
}
