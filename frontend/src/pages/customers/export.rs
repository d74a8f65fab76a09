//! 导出 on the customer list: the customers the list's filters select, with the columns it shows, to
//! CSV (UTF-8 with BOM, for Excel) or XLSX, with the custom fields' columns too when asked (so the
//! file imports back with them). The server writes the file in the background; a large export shows
//! its progress, and the file is downloaded once ready (fetched with the access token).

use std::time::Duration;

use crm_types::ExportId;
use crm_types::api::{CreateExport, DownloadExport, GetExport, ListExportColumns, Nothing};
use crm_types::customer::CustomerQuery;
use crm_types::export::{Export, ExportFormat, ExportStatus, NewExport};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::columns::Column;
use crate::api::{self, ApiError};
use crate::files;
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::LoadError;
use crate::pages::error_message;

/// How often a running export is asked for its progress.
const POLL: Duration = Duration::from_millis(500);

/// The export's column keys for a list column (none for the columns an export does not hold).
pub fn export_keys(column: Column) -> &'static [&'static str] {
    match column {
        Column::Code => &["code"],
        Column::Name => &["name"],
        Column::PrimaryContact => &["contact.name"],
        Column::Phone => &["phone"],
        Column::Industry => &["industry"],
        Column::Grade => &["grade"],
        Column::Stage => &["stage"],
        Column::CustomerType => &["customer_type"],
        Column::LifecycleStatus => &["lifecycle_status"],
        Column::SourceChannel => &["source_channel"],
        Column::City => &["address.province", "address.city"],
        Column::CumulativeAmount => &["cumulative_amount"],
        Column::Tags => &["tags"],
        Column::Owner => &["owner"],
        Column::CreatedAt => &["created_at"],
        Column::LastFollowup | Column::UpdatedAt => &[],
    }
}

/// Where the export stands in the page.
#[derive(Debug, Clone, PartialEq)]
enum State {
    Idle,
    Running(Export),
    Downloaded(String),
    Failed(Option<ApiError>, Option<String>),
}

/// The export control: a format and a button; the current filters and columns come from the list.
#[component]
pub fn ExportButton(filter: Signal<CustomerQuery>, columns: RwSignal<Vec<Column>>) -> impl IntoView {
    let i18n = use_i18n();
    let format = RwSignal::new(ExportFormat::Csv);
    let state = RwSignal::new(State::Idle);
    // The custom fields' column keys, and whether to add them.
    let custom_keys = RwSignal::new(Vec::<String>::new());
    let with_custom = RwSignal::new(false);
    let columns_failed = RwSignal::new(None::<ApiError>);
    spawn_local(async move {
        match api::get::<ListExportColumns>(&(), &Nothing {}).await {
            Ok(columns) => {
                let keys = columns.into_iter().map(|c| c.key).filter(|k| k.starts_with("custom_fields.")).collect();
                let _ = custom_keys.try_set(keys);
            }
            Err(error) => {
                let _ = columns_failed.try_set(Some(error));
            }
        }
    });

    let finish = move |export: Export| {
        spawn_local(async move {
            match api::download::<DownloadExport>(&export.id, &Nothing {}).await {
                Ok((bytes, media_type)) => {
                    // The list's name and the day, as the user will look for it: 客户列表-20261207.xlsx.
                    let stem = td_string!(i18n.get_locale_untracked(), exports.file_stem);
                    let day = crm_domain::china_time::day_of(export.created_at).format("%Y%m%d");
                    let name = format!("{stem}-{day}.{}", export.format.as_str());
                    files::save(&bytes, &media_type, &name);
                    let _ = state.try_set(State::Downloaded(name));
                }
                Err(e) => {
                    let _ = state.try_set(State::Failed(Some(e), None));
                }
            }
        });
    };
    // Follows a running export until its file is ready, then downloads it.
    fn follow(id: ExportId, state: RwSignal<State>, finish: impl Fn(Export) + Copy + 'static) {
        set_timeout(
            move || {
                spawn_local(async move {
                    match api::get::<GetExport>(&id, &Nothing {}).await {
                        Ok(export) => match export.status {
                            ExportStatus::Running => {
                                if state.try_set(State::Running(export)).is_none() {
                                    follow(id, state, finish);
                                }
                            }
                            ExportStatus::Completed => finish(export),
                            ExportStatus::Failed => {
                                let _ = state.try_set(State::Failed(None, export.error));
                            }
                        },
                        Err(e) => {
                            let _ = state.try_set(State::Failed(Some(e), None));
                        }
                    }
                });
            },
            POLL,
        );
    }
    let start = move |_| {
        let mut filter = filter.get_untracked();
        filter.limit = None;
        filter.cursor = None;
        filter.with_total = None;
        let mut keys: Vec<String> =
            columns.get_untracked().into_iter().flat_map(|c| export_keys(c).iter().map(|k| (*k).to_owned())).collect();
        if with_custom.get_untracked() {
            keys.extend(custom_keys.get_untracked());
        }
        let body = NewExport { format: format.get_untracked(), columns: keys, filter };
        state.set(State::Idle);
        spawn_local(async move {
            match api::send::<CreateExport>(&(), &body).await {
                Ok(export) => {
                    let id = export.id;
                    state.set(State::Running(export));
                    follow(id, state, finish);
                }
                Err(e) => state.set(State::Failed(Some(e), None)),
            }
        });
    };
    let running = move || matches!(state.get(), State::Running(_));

    view! {
        <div class="export-control inline-form" data-testid="export">
            <select name="export_format" aria-label=move || td_string!(i18n.get_locale(), exports.format)
                on:change=move |e| format.set(if event_target_value(&e) == "xlsx" { ExportFormat::Xlsx } else { ExportFormat::Csv })>
                <option value="csv">{t!(i18n, exports.csv)}</option>
                <option value="xlsx">{t!(i18n, exports.xlsx)}</option>
            </select>
            {move || columns_failed.get().map(|error| view! { <LoadError error=error /> })}
            <Show when=move || !custom_keys.with(Vec::is_empty)>
                <label class="check">
                    <input type="checkbox" name="export_custom_fields" prop:checked=with_custom
                        on:change=move |e| with_custom.set(event_target_checked(&e)) />
                    {t!(i18n, exports.custom_fields)}
                </label>
            </Show>
            <button type="button" data-testid="export-customers" disabled=running on:click=start>
                {t!(i18n, exports.export)}
            </button>
            {move || match state.get() {
                State::Idle => ().into_any(),
                State::Running(export) => {
                    let share = crate::pages::imports::percent(export.rows_written, export.total);
                    view! {
                        <span class="export-progress" role="status" data-testid="export-progress">
                            <progress max="100" value=share.to_string()></progress>
                            {td_string!(i18n.get_locale(), exports.progress)
                                .replace("{done}", &export.rows_written.to_string())
                                .replace("{total}", &export.total.to_string())}
                        </span>
                    }.into_any()
                }
                State::Downloaded(name) => view! {
                    <span class="muted" role="status" data-testid="export-done">
                        {td_string!(i18n.get_locale(), exports.downloaded).replace("{name}", &name)}
                    </span>
                }.into_any(),
                State::Failed(error, detail) => {
                    let locale = i18n.get_locale();
                    let message = match &error {
                        Some(e) => error_message(locale, e).to_owned(),
                        None => td_string!(locale, exports.failed).to_owned(),
                    };
                    let detail = detail.or_else(|| match error {
                        Some(ApiError::Problem(p)) => Some(p.errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")).filter(|d| !d.is_empty()),
                        _ => None,
                    });
                    view! {
                        <span class="form-error" role="alert" data-testid="export-error">
                            {message}{detail.map(|d| view! { <small class="problem-detail">{d}</small> })}
                        </span>
                    }.into_any()
                }
            }}
        </div>
    }
}
