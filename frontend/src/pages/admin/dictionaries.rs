//! Dictionaries: add, rename, reorder and disable values (never delete them).

use crm_types::DictionaryItemId;
use crm_types::api::{CreateDictionaryItem, ListDictionaryItems, Nothing, UpdateDictionaryItem};
use crm_types::dictionary::{DictionaryItemPatch, DictionaryKind, NewDictionaryItem};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::lists::LoadError;
use crate::pages::error_message;

const KINDS: [DictionaryKind; 11] = [
    DictionaryKind::Industry,
    DictionaryKind::CustomerType,
    DictionaryKind::Grade,
    DictionaryKind::CompanySize,
    DictionaryKind::SourceChannel,
    DictionaryKind::DecisionRole,
    DictionaryKind::SalesStage,
    DictionaryKind::LifecycleStatus,
    DictionaryKind::ContactStatus,
    DictionaryKind::Tag,
    DictionaryKind::FollowupType,
];

/// The name of a dictionary.
pub fn kind_label(locale: Locale, kind: DictionaryKind) -> &'static str {
    match kind {
        DictionaryKind::Industry => td_string!(locale, dictionary.industry),
        DictionaryKind::CustomerType => td_string!(locale, dictionary.customer_type),
        DictionaryKind::Grade => td_string!(locale, dictionary.grade),
        DictionaryKind::CompanySize => td_string!(locale, dictionary.company_size),
        DictionaryKind::SourceChannel => td_string!(locale, dictionary.source_channel),
        DictionaryKind::DecisionRole => td_string!(locale, dictionary.decision_role),
        DictionaryKind::SalesStage => td_string!(locale, dictionary.sales_stage),
        DictionaryKind::LifecycleStatus => td_string!(locale, dictionary.lifecycle_status),
        DictionaryKind::ContactStatus => td_string!(locale, dictionary.contact_status),
        DictionaryKind::Tag => td_string!(locale, dictionary.tag),
        DictionaryKind::FollowupType => td_string!(locale, dictionary.followup_type),
    }
}

/// `/admin/dictionaries`.
#[component]
pub fn DictionariesPage() -> impl IntoView {
    guarded(Section::Dictionaries, || view! { <Dictionaries /> }.into_any())
}

#[component]
fn Dictionaries() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(DictionaryKind::Tag);
    let version = RwSignal::new(0_u32);
    let values = LocalResource::new(move || {
        version.track();
        let kind = kind.get();
        async move { api::get::<ListDictionaryItems>(&kind, &Nothing {}).await }
    });
    let error = RwSignal::new(None::<ApiError>);
    let reload = move || version.update(|v| *v += 1);
    let change = move |id: DictionaryItemId, patch: DictionaryItemPatch| {
        let item = (kind.get_untracked(), id);
        spawn_local(async move {
            match api::send::<UpdateDictionaryItem>(&item, &patch).await {
                Ok(_) => {
                    error.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{t!(i18n, admin.dictionaries)}</h2>
        <label class="inline-form">
            <span>{t!(i18n, dictionary.choose)}</span>
            <select name="kind" data-testid="dictionary-kind" on:change=move |e| {
                let chosen = event_target_value(&e);
                if let Some(found) = KINDS.into_iter().find(|k| k.as_str() == chosen) {
                    kind.set(found);
                }
            }>
                {KINDS.into_iter().map(|k| view! {
                    <option value=k.as_str() selected=k == DictionaryKind::Tag>{move || kind_label(i18n.get_locale(), k)}</option>
                }).collect_view()}
            </select>
        </label>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <Show when=move || !kind.get().is_fixed()>
            <NewValue kind=kind on_done=reload error=error />
        </Show>
        <Transition fallback=|| ()>
            <table class="data-table" data-testid="dictionary-values">
                <thead>
                    <tr>
                        <th>{t!(i18n, dictionary.code)}</th>
                        <th>{t!(i18n, dictionary.label_zh)}</th>
                        <th>{t!(i18n, dictionary.label_en)}</th>
                        <th>{t!(i18n, admin.sort_order)}</th>
                        <th>{t!(i18n, admin.status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || values.get().map(|loaded| match loaded {
                        Err(error) => view! { <tr><td colspan="5"><LoadError error=error /></td></tr> }.into_any(),
                        Ok(items) => items.into_iter().map(|item| {
                        let id = item.id;
                        let active = item.is_active;
                        view! {
                            <tr data-code=item.code.clone()>
                                <td>{item.parent_code.clone().map(|p| format!("{p} › ")).unwrap_or_default()}{item.code.clone()}</td>
                                <td><input class="cell-input" name="label_zh" aria-label=move || crate::i18n::td_string!(i18n.get_locale(), dictionary.label_zh) prop:value=item.label_zh.clone()
                                    on:change=move |e| change(id, DictionaryItemPatch { label_zh: Some(event_target_value(&e)), ..Default::default() }) /></td>
                                <td><input class="cell-input" name="label_en" aria-label=move || crate::i18n::td_string!(i18n.get_locale(), dictionary.label_en) prop:value=item.label_en.clone()
                                    on:change=move |e| change(id, DictionaryItemPatch { label_en: Some(event_target_value(&e)), ..Default::default() }) /></td>
                                <td><input class="cell-input" type="number" name="sort_order" aria-label=move || crate::i18n::td_string!(i18n.get_locale(), admin.sort_order) prop:value=item.sort_order.to_string()
                                    on:change=move |e| if let Ok(order) = event_target_value(&e).parse() {
                                        change(id, DictionaryItemPatch { sort_order: Some(order), ..Default::default() });
                                    } /></td>
                                <td>
                                    <label class="switch">
                                        <input type="checkbox" prop:checked=active on:change=move |e| change(id, DictionaryItemPatch { is_active: Some(event_target_checked(&e)), ..Default::default() }) />
                                        <span>{if active { t!(i18n, admin.enabled).into_any() } else { t!(i18n, admin.disabled).into_any() }}</span>
                                    </label>
                                </td>
                            </tr>
                        }
                    }).collect_view().into_any(),
                    })}
                </tbody>
            </table>
        </Transition>
    }
}

#[component]
fn NewValue(
    kind: RwSignal<DictionaryKind>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (code, zh, en, parent) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = NewDictionaryItem {
            code: code.get_untracked(),
            label_zh: zh.get_untracked(),
            label_en: en.get_untracked(),
            parent_code: Some(parent.get_untracked()).filter(|p| !p.trim().is_empty()),
            sort_order: None,
        };
        let kind = kind.get_untracked();
        spawn_local(async move {
            match api::send::<CreateDictionaryItem>(&kind, &body).await {
                Ok(_) => {
                    error.set(None);
                    on_done();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="inline-form panel" data-testid="new-dictionary-value" on:submit=submit>
            <input name="code" required pattern="[A-Za-z0-9_]+" placeholder=move || td_string!(i18n.get_locale(), dictionary.code) on:input=move |e| code.set(event_target_value(&e)) />
            <input name="label_zh" required placeholder=move || td_string!(i18n.get_locale(), dictionary.label_zh) on:input=move |e| zh.set(event_target_value(&e)) />
            <input name="label_en" required placeholder=move || td_string!(i18n.get_locale(), dictionary.label_en) on:input=move |e| en.set(event_target_value(&e)) />
            <Show when=move || kind.get() == DictionaryKind::Industry>
                <input name="parent_code" placeholder=move || td_string!(i18n.get_locale(), dictionary.parent_code) on:input=move |e| parent.set(event_target_value(&e)) />
            </Show>
            <button type="submit" class="primary small">{t!(i18n, dictionary.add)}</button>
        </form>
    }
}
