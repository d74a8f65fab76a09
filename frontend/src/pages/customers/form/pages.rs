//! The pages around the customer form: a new customer, and editing one (loaded first).

use crm_types::CustomerId;
use crm_types::access::Permission;
use crm_types::api::{GetCustomer, Nothing};
use leptos::prelude::*;

use super::super::vocab::Vocab;
use super::CustomerForm;
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::pages::error_message;
use crate::route_id::with_route_id;
use crate::shell::{Forbidden, use_me};

/// `/customers/new`.
#[component]
pub fn NewCustomerPage() -> impl IntoView {
    if !use_me().is_some_and(|me| me.permissions.contains(&Permission::CustomerCreate)) {
        return view! { <Forbidden /> }.into_any();
    }
    let i18n = use_i18n();
    let vocab = LocalResource::new(Vocab::load);
    view! {
        <section class="page" data-testid="new-customer-page">
            <h1>{t!(i18n, customers.new)}</h1>
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || {
                    vocab.get().map(|loaded| match loaded {
                        Ok(vocab) => view! { <CustomerForm vocab=vocab /> }.into_any(),
                        Err(e) => view! { <p class="form-error">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
    .into_any()
}

/// `/customers/:id/edit`.
#[component]
pub fn EditCustomerPage() -> impl IntoView {
    if !use_me().is_some_and(|me| me.permissions.contains(&Permission::CustomerEdit)) {
        return view! { <Forbidden /> }.into_any();
    }
    with_route_id(|id: CustomerId| view! { <EditCustomer id=id /> }).into_any()
}

/// The form editing customer `id`, once it is loaded.
#[component]
fn EditCustomer(id: CustomerId) -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(move || async move {
        let customer = api::get::<GetCustomer>(&id, &Nothing {}).await?;
        Ok::<_, ApiError>((Vocab::load().await?, customer))
    });
    view! {
        <section class="page" data-testid="edit-customer-page">
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || {
                    data.get().map(|loaded| match loaded {
                        Ok((vocab, customer)) => view! {
                            <h1>{customer.name.clone()}</h1>
                            <CustomerForm vocab=vocab existing=customer />
                        }.into_any(),
                        Err(e) => view! { <p class="form-error">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}
