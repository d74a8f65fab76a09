//! `/customers/import`: step 1, the file — dropped on the page or chosen with the picker (CSV, XLSX,
//! XLS) — and the user's recent imports, to go back to a job left half-way.

use crm_types::ErrorCode;
use crm_types::api::{ListImports, UploadImport};
use crm_types::import::{ImportListQuery, PreviewQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::wizard::Steps;
use super::{failure_text, may_import, status_label};
use crate::api::{self, ApiError};
use crate::files;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::local_time;
use crate::shell::{Forbidden, use_me};

/// Why a file was refused, in words: the size limit (413), the kind (415), an empty or unreadable
/// file (422 on `file`); anything else as the general message with the server's detail.
fn upload_message(locale: Locale, error: &ApiError) -> (String, Option<String>) {
    let ApiError::Problem(problem) = error else { return failure_text(locale, error) };
    let file_code = problem.errors.iter().find(|e| e.field == "file").map(|e| e.code.as_str());
    match (problem.code, file_code) {
        (ErrorCode::PayloadTooLarge, _) => {
            // The server says the limit in its detail ("at most 50 MB").
            let limit: String = problem.detail.chars().filter(char::is_ascii_digit).collect();
            let text = if limit.is_empty() {
                td_string!(locale, errors.payload_too_large).to_owned()
            } else {
                td_string!(locale, imports.file_too_large).replace("{n}", &limit)
            };
            (text, None)
        }
        (ErrorCode::UnsupportedMediaType, _) => (td_string!(locale, imports.file_unsupported).to_owned(), None),
        (_, Some("empty")) => (td_string!(locale, imports.file_empty).to_owned(), None),
        (_, Some("unreadable")) => {
            let detail = problem.errors.iter().find(|e| e.field == "file").map(|e| e.message.clone());
            (td_string!(locale, imports.file_unreadable).to_owned(), detail)
        }
        _ => failure_text(locale, error),
    }
}

/// `/customers/import`.
#[component]
pub fn ImportPage() -> impl IntoView {
    if !use_me().is_some_and(|me| may_import(&me)) {
        return view! { <Forbidden /> }.into_any();
    }
    let i18n = use_i18n();
    view! {
        <section class="page import-page" data-testid="import-page">
            <div class="page-head">
                <h1>{t!(i18n, imports.title)}</h1>
                <span class="spacer"></span>
                <A href="/customers">{t!(i18n, imports.back_to_customers)}</A>
            </div>
            <Steps current=None />
            <UploadStep />
            <RecentImports />
        </section>
    }
    .into_any()
}

#[component]
fn UploadStep() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let uploading = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    let failure = RwSignal::new(None::<(String, ApiError)>);

    let upload = move |file: Option<web_sys::File>| {
        let Some(file) = file else { return };
        failure.set(None);
        uploading.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::upload::<UploadImport>(&(), &PreviewQuery::default(), &file).await {
                Ok(uploaded) => navigate(&format!("/customers/import/{}", uploaded.job.id), Default::default()),
                Err(e) => failure.set(Some((file.name(), e))),
            }
            uploading.set(false);
        });
    };
    let upload = StoredValue::new(upload);
    let picked = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let file = input.files().and_then(|list| list.get(0));
        upload.with_value(|u| u(file));
        // The same file may be chosen again after a failure.
        input.set_value("");
    };
    let dropped = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        let file = event.data_transfer().and_then(|d| d.files()).and_then(|list| list.get(0));
        upload.with_value(|u| u(file));
    };
    let over = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(true);
    };

    view! {
        <div class="drop-zone import-drop" class:dragging=move || dragging.get() data-testid="import-drop-zone"
            on:dragover=over on:dragenter=over on:dragleave=move |_| dragging.set(false) on:drop=dropped>
            <p>{t!(i18n, imports.drop_hint)}</p>
            <label class="file-pick">
                <span class="button primary" class:disabled=move || uploading.get()>{t!(i18n, imports.choose_file)}</span>
                <input type="file" name="file" class="visually-hidden" accept=".csv,.txt,.xlsx,.xls"
                    on:change=picked disabled=move || uploading.get() />
            </label>
            <small class="muted">{t!(i18n, imports.accepted)}</small>
            <Show when=move || uploading.get()>
                <p class="muted" role="status" data-testid="uploading">{t!(i18n, imports.uploading)}</p>
            </Show>
        </div>
        {move || failure.get().map(|(name, error)| {
            let (general, detail) = upload_message(i18n.get_locale(), &error);
            view! {
                <div class="form-error" role="alert" data-testid="upload-error">
                    <strong>{name}</strong>{t!(i18n, colon)}{general}
                    {detail.map(|d| view! { <small class="problem-detail">{d}</small> })}
                </div>
            }
        })}
    }
}

#[component]
fn RecentImports() -> impl IntoView {
    let i18n = use_i18n();
    let jobs = LocalResource::new(|| api::get::<ListImports>(&(), &ImportListQuery { limit: Some(10) }));
    view! {
        <section class="recent-imports" data-testid="recent-imports">
            <h2>{t!(i18n, imports.recent)}</h2>
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || jobs.get().map(|loaded| match loaded {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, imports.no_recent)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th>{t!(i18n, imports.file_name)}</th>
                                    <th>{t!(i18n, imports.size)}</th>
                                    <th>{t!(i18n, imports.status)}</th>
                                    <th>{t!(i18n, imports.created_at)}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|job| {
                                    let status = job.status;
                                    view! {
                                        <tr data-import=job.id.to_string()>
                                            <td>{job.file_name.clone()}</td>
                                            <td class="nowrap">{files::human_size(job.size_bytes)}</td>
                                            <td><span class=format!("badge import-{}", status.as_str())>{move || status_label(i18n.get_locale(), status)}</span></td>
                                            <td class="nowrap">{local_time(job.created_at)}</td>
                                            <td><A href=format!("/customers/import/{}", job.id)>{t!(i18n, imports.open)}</A></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => {
                        let (general, _) = failure_text(i18n.get_locale(), &e);
                        view! { <p class="form-error" role="alert">{general}</p> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
