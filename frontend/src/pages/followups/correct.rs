//! Correcting one's own follow-up from 我的跟进: the same form as on the customer's page, with the
//! customer's contacts when the author still sees the customer, or else the contacts the follow-up
//! names — so a record returned after its customer was handed to someone else can still be put right.

use crm_types::ErrorCode;
use crm_types::api::{GetCustomer, Nothing};
use crm_types::customer::{Contact, ContactStatus};
use crm_types::followup::Followup;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::lists::LoadError;
use crate::pages::customers::{FollowupForm, Subject, Vocab};

/// What the form needs: the labels and the customer as far as the author sees it.
async fn load(followup: Followup) -> Result<(Vocab, Subject), ApiError> {
    let vocab = Vocab::load().await?;
    let subject = match api::get::<GetCustomer>(&followup.customer_id, &Nothing {}).await {
        Ok(customer) => Subject {
            customer_id: customer.id,
            stage: customer.stage,
            contacts: customer.contacts,
            may_change_stage: false,
        },
        Err(e) if e.code() == Some(ErrorCode::NotFound) => Subject {
            customer_id: followup.customer_id,
            stage: None,
            contacts: followup
                .contacts
                .iter()
                .map(|c| Contact {
                    id: c.id,
                    name: c.name.clone(),
                    position: None,
                    mobile: None,
                    email: None,
                    decision_role: None,
                    status: ContactStatus::Active,
                    is_primary: false,
                })
                .collect(),
            may_change_stage: false,
        },
        Err(e) => return Err(e),
    };
    Ok((vocab, subject))
}

/// The correction form for `followup`, in place of its row's details.
#[component]
pub fn Correction(
    followup: Followup,
    on_saved: impl Fn(Followup) + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let existing = StoredValue::new(followup.clone());
    let loaded = LocalResource::new(move || load(followup.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || loaded.get().map(|result| match result {
                Ok((vocab, subject)) => view! {
                    <FollowupForm vocab=StoredValue::new(vocab) subject=StoredValue::new(subject)
                        existing=existing.get_value() on_saved=on_saved on_cancel=on_cancel />
                }.into_any(),
                Err(error) => view! { <LoadError error=error /> }.into_any(),
            })}
        </Suspense>
    }
}
