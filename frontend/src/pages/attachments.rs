//! Attachments (附件) of a customer, a follow-up or a demand: the list with uploader, time and size;
//! upload by file picker or drag and drop (multipart, one part named `file`); download; an inline
//! preview of images and a tab of its own for PDF; removal. Files are fetched with the access token,
//! since plain links cannot carry it. A demand's uploads may be the customer's confirmation that lets
//! it close. A follow-up's files are shown nested in its entry, and its form uploads the files chosen
//! with it through [`upload_file`] once the follow-up exists.

use crm_types::api::{DeleteAttachment, GetAttachmentContent, ListAttachments, Nothing, UploadAttachment};
use crm_types::attachment::{Attachment, AttachmentOwner, ContentQuery, OwnerType, Purpose};
use crm_types::{AttachmentId, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::files;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::{error_message, local_time};

/// Why one file was not uploaded, in words.
fn upload_error(locale: Locale, file_name: &str, error: &ApiError) -> String {
    let reason = match error.code() {
        Some(ErrorCode::PayloadTooLarge) => td_string!(locale, attachments.too_large),
        Some(ErrorCode::UnsupportedMediaType) => td_string!(locale, attachments.unsupported),
        _ => error_message(locale, error),
    };
    td_string!(locale, attachments.file_failed).replace("{name}", file_name).replace("{reason}", reason)
}

/// Uploads `file` to the record `owner_type`/`owner_id`; the error is the message to show for it.
pub async fn upload_file(
    locale: Locale,
    owner_type: OwnerType,
    owner_id: i64,
    purpose: Purpose,
    file: &web_sys::File,
) -> Result<Attachment, String> {
    let owner = AttachmentOwner { owner_type, owner_id, purpose: Some(purpose) };
    api::upload::<UploadAttachment>(&(), &owner, file).await.map_err(|e| upload_error(locale, &file.name(), &e))
}

fn purpose_label(locale: Locale, purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::General => td_string!(locale, attachments.purpose_general),
        Purpose::Confirmation => td_string!(locale, attachments.purpose_confirmation),
    }
}

/// The files of the record `owner_type`/`owner_id`. `may_upload` shows upload and removal;
/// `confirmations` offers the 客户确认文件 purpose (demands); `nested` shows the section inside an
/// entry of a list (a follow-up's) rather than as a card of the page, with the test id
/// `{owner_type}-attachments`; `on_uploaded` runs after each upload.
#[component]
pub fn AttachmentSection(
    owner_type: OwnerType,
    owner_id: i64,
    may_upload: bool,
    #[prop(optional)] confirmations: bool,
    #[prop(optional)] nested: bool,
    on_uploaded: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(Vec::<Attachment>::new());
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let upload_errors = RwSignal::new(Vec::<String>::new());
    let uploading = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    let purpose = RwSignal::new(Purpose::General);
    let preview = RwSignal::new(None::<(AttachmentId, String)>);
    let removing = RwSignal::new(None::<AttachmentId>);
    let owner = StoredValue::new(AttachmentOwner { owner_type, owner_id, purpose: None });

    let fetch = move || {
        let owner = owner.get_value();
        spawn_local(async move {
            match api::get::<ListAttachments>(&(), &owner).await {
                Ok(list) => {
                    items.set(list);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loaded.set(true);
        });
    };
    fetch();

    // Uploads one file after another, so that each failure is reported with its file's name.
    let upload = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        let purpose = purpose.get_untracked();
        upload_errors.set(Vec::new());
        uploading.set(true);
        spawn_local(async move {
            for file in files {
                let locale = i18n.get_locale_untracked();
                match upload_file(locale, owner_type, owner_id, purpose, &file).await {
                    Ok(_) => on_uploaded(),
                    Err(message) => upload_errors.update(|list| list.push(message)),
                }
            }
            uploading.set(false);
            fetch();
        });
    };
    let file_list = |list: Option<web_sys::FileList>| -> Vec<web_sys::File> {
        list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
    };
    let picked = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        upload(file_list(input.files()));
        // The same file may be chosen again after a failure.
        input.set_value("");
    };
    let dropped = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        upload(file_list(event.data_transfer().and_then(|d| d.files())));
    };
    let over = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(true);
    };

    let download = move |file: Attachment| {
        error.set(None);
        spawn_local(async move {
            match api::download::<GetAttachmentContent>(&file.id, &ContentQuery::default()).await {
                Ok((bytes, media_type)) => {
                    files::save(&bytes, &media_type, &file.file_name);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let show = move |file: Attachment| {
        error.set(None);
        if preview.with_untracked(|p| p.as_ref().is_some_and(|(id, _)| *id == file.id)) {
            preview.set(None);
            return;
        }
        // A PDF gets a tab of its own, opened now while the click still counts as the user's.
        let tab = (!file.content_type.starts_with("image/")).then(files::blank_tab).flatten();
        spawn_local(async move {
            match api::download::<GetAttachmentContent>(&file.id, &ContentQuery { inline: Some(true) }).await {
                Ok((bytes, media_type)) => match &tab {
                    Some(tab) => {
                        files::show_in(tab, &bytes, &media_type);
                    }
                    None => preview.set(Some((file.id, files::data_url(&bytes, &media_type)))),
                },
                Err(e) => {
                    if let Some(tab) = tab {
                        let _ = tab.close();
                    }
                    error.set(Some(e));
                }
            }
        });
    };
    let remove = move |id: AttachmentId| {
        error.set(None);
        spawn_local(async move {
            match api::act::<DeleteAttachment>(&id, &Nothing {}).await {
                Ok(()) => {
                    removing.set(None);
                    preview.update(|p| {
                        if p.as_ref().is_some_and(|(shown, _)| *shown == id) {
                            *p = None;
                        }
                    });
                    fetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let (class, test_id) = if nested {
        ("nested-files", format!("{}-attachments", owner_type.as_str()))
    } else {
        ("card", "attachments".to_owned())
    };
    let heading = if nested {
        view! { <h3>{t!(i18n, attachments.title)}</h3> }.into_any()
    } else {
        view! { <h2>{t!(i18n, attachments.title)}</h2> }.into_any()
    };
    view! {
        <section class=class data-testid=test_id>
            {heading}
            {may_upload.then(|| view! {
                <div class="drop-zone" class:dragging=move || dragging.get() data-testid="drop-zone"
                    on:dragover=over on:dragenter=over on:dragleave=move |_| dragging.set(false) on:drop=dropped>
                    {confirmations.then(|| view! {
                        <label class="check">
                            <span>{t!(i18n, attachments.purpose)}</span>
                            <select name="purpose" on:change=move |e| {
                                let confirmation = event_target_value(&e) == Purpose::Confirmation.as_str();
                                purpose.set(if confirmation { Purpose::Confirmation } else { Purpose::General });
                            }>
                                <option value=Purpose::General.as_str()>{move || purpose_label(i18n.get_locale(), Purpose::General)}</option>
                                <option value=Purpose::Confirmation.as_str()>{move || purpose_label(i18n.get_locale(), Purpose::Confirmation)}</option>
                            </select>
                        </label>
                    })}
                    <label class="file-pick">
                        <span class="button" class:disabled=move || uploading.get()>{t!(i18n, attachments.choose)}</span>
                        <input type="file" name="file" class="visually-hidden" multiple on:change=picked disabled=move || uploading.get() />
                    </label>
                    <span>{t!(i18n, attachments.drop_hint)}</span>
                    <small class="muted">{t!(i18n, attachments.accepted)}</small>
                    <Show when=move || uploading.get()>
                        <p class="muted" role="status">{t!(i18n, attachments.uploading)}</p>
                    </Show>
                </div>
            })}
            {move || upload_errors.get().into_iter().map(|message| view! {
                <p class="form-error" role="alert" data-testid="upload-error">{message}</p>
            }).collect_view()}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            <table class="data-table" data-testid="attachment-list">
                <thead>
                    <tr>
                        <th>{t!(i18n, attachments.file_name)}</th>
                        <th>{t!(i18n, attachments.size)}</th>
                        <th>{t!(i18n, attachments.uploaded_by)}</th>
                        <th>{t!(i18n, attachments.uploaded_at)}</th>
                        <th>{t!(i18n, attachments.actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || items.get() key=|a| a.id let:file>
                        {
                            let id = file.id;
                            let (for_download, for_preview) = (file.clone(), file.clone());
                            let purpose = file.purpose;
                            view! {
                                <tr data-file=file.file_name.clone() data-purpose=purpose.as_str()>
                                    <td>
                                        {file.file_name.clone()}
                                        {(purpose == Purpose::Confirmation).then(|| view! {
                                            <span class="badge confirmation">{move || purpose_label(i18n.get_locale(), purpose)}</span>
                                        })}
                                    </td>
                                    <td class="nowrap">{files::human_size(file.size_bytes)}</td>
                                    <td>{file.uploaded_by.name.clone()}</td>
                                    <td class="nowrap">{local_time(file.created_at)}</td>
                                    <td class="row-actions">
                                        <button type="button" class="link-button" data-testid="download" on:click=move |_| download(for_download.clone())>
                                            {t!(i18n, attachments.download)}
                                        </button>
                                        {file.previewable.then(|| view! {
                                            <button type="button" class="link-button" data-testid="preview" on:click=move |_| show(for_preview.clone())>
                                                {t!(i18n, attachments.preview)}
                                            </button>
                                        })}
                                        {may_upload.then(|| view! {
                                            <Show when=move || removing.get() == Some(id)
                                                fallback=move || view! {
                                                    <button type="button" class="link-button" data-testid="delete" on:click=move |_| removing.set(Some(id))>
                                                        {t!(i18n, attachments.delete)}
                                                    </button>
                                                }>
                                                <button type="button" class="danger small" data-testid="confirm-delete" on:click=move |_| remove(id)>
                                                    {t!(i18n, attachments.confirm_delete)}
                                                </button>
                                                <button type="button" class="link-button" on:click=move |_| removing.set(None)>
                                                    {t!(i18n, attachments.cancel)}
                                                </button>
                                            </Show>
                                        })}
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <Show when=move || items.with(Vec::is_empty) && loaded.get()>
                <p class="empty" data-testid="no-attachments">{t!(i18n, attachments.empty)}</p>
            </Show>
            {move || preview.get().map(|(_, src)| view! {
                <figure class="preview" data-testid="image-preview">
                    <img src=src alt=move || td_string!(i18n.get_locale(), attachments.preview) />
                    <button type="button" class="link-button" on:click=move |_| preview.set(None)>{t!(i18n, attachments.close_preview)}</button>
                </figure>
            })}
        </section>
    }
}

/// Files chosen with a record's form, uploaded by the form once the record exists: a picker and the
/// list of chosen files, each removable. Files are browser objects, hence the local signal.
#[component]
pub fn PendingFiles(chosen: RwSignal<Vec<web_sys::File>, LocalStorage>) -> impl IntoView {
    let i18n = use_i18n();
    let picked = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(list) = input.files() {
            let added: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            chosen.update(|files| files.extend(added));
        }
        // The same file may be chosen again after it was removed.
        input.set_value("");
    };
    view! {
        <fieldset data-testid="pending-files">
            <legend>{t!(i18n, attachments.title)}</legend>
            <div class="wide pending-files">
                <label class="file-pick">
                    <span class="button">{t!(i18n, attachments.choose)}</span>
                    <input type="file" name="file" class="visually-hidden" multiple on:change=picked />
                </label>
                <small class="muted">{t!(i18n, attachments.upload_after_save)}</small>
                <ul class="plain">
                    {move || chosen.with(|files| files.iter().enumerate().map(|(position, file)| view! {
                        <li data-file=file.name()>
                            {file.name()}{" · "}{files::human_size(file.size() as i64)}{" "}
                            <button type="button" class="link-button" on:click=move |_| chosen.update(|files| {
                                if position < files.len() {
                                    files.remove(position);
                                }
                            })>
                                {t!(i18n, attachments.remove_chosen)}
                            </button>
                        </li>
                    }).collect_view())}
                </ul>
            </div>
        </fieldset>
    }
}
