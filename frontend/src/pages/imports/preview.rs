//! Step 2: how the file was read — the detected encoding and separator (CSV) or the sheets (Excel) —
//! with a selector to read it otherwise, and the first rows as the server sees them.

use crm_types::api::PreviewImport;
use crm_types::import::FileKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::wizard::{ReadChoice, Step, Wizard};
use crate::api;
use crate::i18n::{Locale, t, td_string, use_i18n};

/// The encodings the server reads, with their names.
fn encodings(locale: Locale) -> [(&'static str, &'static str); 3] {
    [
        ("utf-8", td_string!(locale, imports.encoding_utf8)),
        ("gb18030", td_string!(locale, imports.encoding_gbk)),
        ("utf-16le", td_string!(locale, imports.encoding_utf16)),
    ]
}

/// The name of an encoding the server reported.
fn encoding_name(locale: Locale, code: &str) -> String {
    encodings(locale)
        .into_iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code) || (code.eq_ignore_ascii_case("gbk") && *c == "gb18030"))
        .map_or_else(|| code.to_owned(), |(_, name)| name.to_owned())
}

/// The separators the server reads, with their names.
fn delimiters(locale: Locale) -> [(&'static str, &'static str); 4] {
    [
        (",", td_string!(locale, imports.delimiter_comma)),
        ("\t", td_string!(locale, imports.delimiter_tab)),
        (";", td_string!(locale, imports.delimiter_semicolon)),
        ("|", td_string!(locale, imports.delimiter_bar)),
    ]
}

fn delimiter_name(locale: Locale, code: &str) -> String {
    delimiters(locale).into_iter().find(|(c, _)| *c == code).map_or_else(|| code.to_owned(), |(_, n)| n.to_owned())
}

#[component]
pub fn PreviewStep(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let kind = w.job.with_untracked(|j| j.file_kind);
    let reading = RwSignal::new(false);
    let reread = move |change: fn(&mut ReadChoice, String), value: String| {
        w.read.update(|r| change(r, value));
        let (id, query) = (w.id(), w.read.with_untracked(ReadChoice::query));
        w.errors.set(Default::default());
        w.failure.set(None);
        reading.set(true);
        spawn_local(async move {
            match api::get::<PreviewImport>(&id, &query).await {
                Ok(preview) => {
                    w.preview.set(preview);
                    w.reset_mapping();
                }
                Err(e) => w.failure.set(Some(e)),
            }
            reading.set(false);
        });
    };
    let detected = move || {
        let locale = i18n.get_locale();
        w.preview.with(|p| match kind {
            FileKind::Csv => {
                let encoding = p.encoding.as_deref().map(|e| encoding_name(locale, e)).unwrap_or_default();
                let delimiter = p.delimiter.as_deref().map(|d| delimiter_name(locale, d)).unwrap_or_default();
                td_string!(locale, imports.detected_csv)
                    .replace("{encoding}", &encoding)
                    .replace("{delimiter}", &delimiter)
            }
            FileKind::Xlsx | FileKind::Xls => td_string!(locale, imports.detected_sheet)
                .replace("{sheet}", p.sheet.as_deref().unwrap_or_default())
                .replace("{n}", &p.sheets.len().to_string()),
        })
    };

    view! {
        <section class="card import-step" data-testid="preview-step">
            <h2>{t!(i18n, imports.step_preview)}</h2>
            <p data-testid="detected-encoding">{detected}</p>
            <div class="inline-form read-options">
                {(kind == FileKind::Csv).then(|| view! {
                    <label class="check">
                        <span>{t!(i18n, imports.encoding)}</span>
                        <select name="encoding" on:change=move |e| reread(|r, v| r.encoding = v, event_target_value(&e))
                            prop:value=move || w.read.with(|r| r.encoding.clone())>
                            <option value="">{t!(i18n, imports.as_detected)}</option>
                            {move || encodings(i18n.get_locale()).into_iter().map(|(code, name)| view! {
                                <option value=code>{name}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="check">
                        <span>{t!(i18n, imports.delimiter)}</span>
                        <select name="delimiter" on:change=move |e| reread(|r, v| r.delimiter = v, event_target_value(&e))
                            prop:value=move || w.read.with(|r| r.delimiter.clone())>
                            <option value="">{t!(i18n, imports.as_detected)}</option>
                            {move || delimiters(i18n.get_locale()).into_iter().map(|(code, name)| view! {
                                <option value=code>{name}</option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
                {(kind != FileKind::Csv).then(|| view! {
                    <label class="check">
                        <span>{t!(i18n, imports.sheet)}</span>
                        <select name="sheet" on:change=move |e| reread(|r, v| r.sheet = v, event_target_value(&e))
                            prop:value=move || w.preview.with(|p| p.sheet.clone().unwrap_or_default())>
                            {move || w.preview.with(|p| p.sheets.iter().map(|s| view! {
                                <option value=s.clone()>{s.clone()}</option>
                            }).collect_view())}
                        </select>
                    </label>
                })}
                <Show when=move || reading.get()>
                    <span class="muted" role="status">{t!(i18n, imports.reading)}</span>
                </Show>
            </div>
            {move || w.error("encoding").or_else(|| w.error("delimiter")).or_else(|| w.error("sheet"))
                .map(|m| view! { <small class="field-error">{m}</small> })}
            <p class="muted">{t!(i18n, imports.preview_hint)}</p>
            <RowsTable w=w />
            <div class="button-row wizard-actions">
                <button type="button" class="primary" data-testid="to-mapping" on:click=move |_| w.step.set(Step::Mapping)
                    disabled=move || reading.get() || w.preview.with(|p| p.headers.is_empty())>
                    {t!(i18n, imports.next_mapping)}
                </button>
            </div>
        </section>
    }
}

/// The headers and the first rows.
#[component]
fn RowsTable(w: Wizard) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data-table preview-rows" data-testid="preview-rows">
                <thead>
                    <tr>{move || w.preview.with(|p| p.headers.iter().map(|h| view! { <th>{h.clone()}</th> }).collect_view())}</tr>
                </thead>
                <tbody>
                    {move || w.preview.with(|p| p.rows.iter().map(|row| view! {
                        <tr>{row.iter().map(|cell| view! { <td>{cell.clone()}</td> }).collect_view()}</tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}
