//! The working-day calendar that response deadlines are counted over: a year's public holidays
//! (法定节假日) and make-up working days (调休上班) — add, change, remove. The server's rules (a make-up
//! day falls on a weekend, a holiday on a weekday) come back as 422 next to the field.

use chrono::{Datelike, NaiveDate, Weekday};
use crm_types::FieldErrorCode;
use crm_types::api::{DeleteCalendarDay, ListCalendarDays, Nothing, SetCalendarDay};
use crm_types::calendar::{CalendarDay, CalendarDayInput, CalendarDayKind, CalendarQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::messages::{FieldErrors, for_code, from_problem};
use crate::pages::{error_message, today};

/// The longest name the server keeps.
const NAME_MAX: usize = 40;

/// `/admin/calendar`.
#[component]
pub fn CalendarPage() -> impl IntoView {
    guarded(Section::Calendar, || view! { <Calendar /> }.into_any())
}

fn kind_label(locale: Locale, kind: CalendarDayKind) -> &'static str {
    match kind {
        CalendarDayKind::Holiday => td_string!(locale, calendar.holiday),
        CalendarDayKind::Workday => td_string!(locale, calendar.workday),
    }
}

fn weekday_label(locale: Locale, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => td_string!(locale, calendar.mon),
        Weekday::Tue => td_string!(locale, calendar.tue),
        Weekday::Wed => td_string!(locale, calendar.wed),
        Weekday::Thu => td_string!(locale, calendar.thu),
        Weekday::Fri => td_string!(locale, calendar.fri),
        Weekday::Sat => td_string!(locale, calendar.sat),
        Weekday::Sun => td_string!(locale, calendar.sun),
    }
}

#[component]
fn Calendar() -> impl IntoView {
    let i18n = use_i18n();
    let this_year = today().year();
    let year = RwSignal::new(this_year);
    let version = RwSignal::new(0_u32);
    let days = LocalResource::new(move || {
        version.track();
        let query = CalendarQuery { year: Some(year.get()) };
        async move { api::get::<ListCalendarDays>(&(), &query).await }
    });
    let reload = move || version.update(|v| *v += 1);
    // The form: a new day, or the day being changed (its date then stays).
    let editing = RwSignal::new(false);
    let day = RwSignal::new(String::new());
    let kind = RwSignal::new(CalendarDayKind::Holiday);
    let name = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let list_error = RwSignal::new(None::<ApiError>);
    let removing = RwSignal::new(None::<NaiveDate>);

    let reset = move || {
        editing.set(false);
        day.set(String::new());
        kind.set(CalendarDayKind::Holiday);
        name.set(String::new());
        errors.set(FieldErrors::new());
        failure.set(None);
    };
    let edit = move |entry: CalendarDay| {
        editing.set(true);
        day.set(entry.day.to_string());
        kind.set(entry.kind);
        name.set(entry.name);
        errors.set(FieldErrors::new());
        failure.set(None);
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let mut found = FieldErrors::new();
        let date = NaiveDate::parse_from_str(day.get_untracked().trim(), "%Y-%m-%d").ok();
        if date.is_none() {
            found.insert("day".into(), for_code(locale, FieldErrorCode::Required).into());
        }
        let text = name.get_untracked().trim().to_owned();
        if text.is_empty() {
            found.insert("name".into(), for_code(locale, FieldErrorCode::Required).into());
        } else if text.chars().count() > NAME_MAX {
            found.insert("name".into(), for_code(locale, FieldErrorCode::TooLong).into());
        }
        let (Some(date), true) = (date, found.is_empty()) else {
            errors.set(found);
            return;
        };
        errors.set(FieldErrors::new());
        failure.set(None);
        let body = CalendarDayInput { kind: kind.get_untracked(), name: text };
        spawn_local(async move {
            match api::send::<SetCalendarDay>(&date, &body).await {
                Ok(saved) => {
                    reset();
                    year.set(saved.day.year());
                    reload();
                }
                Err(e) => {
                    errors.set(from_problem(i18n.get_locale_untracked(), &e));
                    failure.set(Some(e));
                }
            }
        });
    };
    let remove = move |date: NaiveDate| {
        list_error.set(None);
        spawn_local(async move {
            match api::act::<DeleteCalendarDay>(&date, &Nothing {}).await {
                Ok(()) => {
                    removing.set(None);
                    reload();
                }
                Err(e) => list_error.set(Some(e)),
            }
        });
    };
    let error_of = move |field: &'static str| {
        move || errors.with(|e| e.get(field).cloned()).map(|m| view! { <small class="field-error">{m}</small> })
    };

    view! {
        <h2>{t!(i18n, calendar.title)}</h2>
        <p class="muted">{t!(i18n, calendar.hint)}</p>
        <div class="filter-bar">
            <button type="button" class="small" data-testid="previous-year" on:click=move |_| year.update(|y| *y -= 1)>{t!(i18n, calendar.previous_year)}</button>
            <select name="year" aria-label=move || td_string!(i18n.get_locale(), calendar.year)
                prop:value=move || year.get().to_string()
                on:change=move |e| { if let Ok(y) = event_target_value(&e).parse() { year.set(y); } }>
                {move || {
                    let shown = year.get();
                    let first = shown.min(this_year - 2);
                    let last = shown.max(this_year + 2);
                    (first..=last).map(|y| view! { <option value=y.to_string() selected=y == shown>{y}</option> }).collect_view()
                }}
            </select>
            <button type="button" class="small" data-testid="next-year" on:click=move |_| year.update(|y| *y += 1)>{t!(i18n, calendar.next_year)}</button>
        </div>
        <form class="grid-form panel" data-testid="calendar-form" novalidate on:submit=submit>
            <label class="required">
                <span>{t!(i18n, calendar.day)}</span>
                <input type="date" name="day" prop:value=day disabled=move || editing.get()
                    on:input=move |e| day.set(event_target_value(&e)) />
                {error_of("day")}
            </label>
            <label class="required">
                <span>{t!(i18n, calendar.kind)}</span>
                <select name="kind" prop:value=move || kind.get().as_str()
                    on:change=move |e| kind.set(if event_target_value(&e) == "workday" { CalendarDayKind::Workday } else { CalendarDayKind::Holiday })>
                    <option value="holiday">{move || kind_label(i18n.get_locale(), CalendarDayKind::Holiday)}</option>
                    <option value="workday">{move || kind_label(i18n.get_locale(), CalendarDayKind::Workday)}</option>
                </select>
                {error_of("kind")}
            </label>
            <label class="required">
                <span>{t!(i18n, calendar.name)}</span>
                <input name="name" maxlength="40" prop:value=name on:input=move |e| name.set(event_target_value(&e)) />
                {error_of("name")}
            </label>
            <div class="form-actions">
                <button type="submit" class="primary">
                    {move || if editing.get() { td_string!(i18n.get_locale(), admin.save) } else { td_string!(i18n.get_locale(), calendar.add) }}
                </button>
                <Show when=move || editing.get()>
                    <button type="button" class="link-button" on:click=move |_| reset()>{t!(i18n, admin.cancel)}</button>
                </Show>
                {move || failure.get().map(|e| view! { <span class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</span> })}
            </div>
        </form>
        {move || list_error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <Transition fallback=|| ()>
            {move || days.get().map(|loaded| match loaded {
                Ok(days) if days.is_empty() => view! { <p class="empty" data-testid="no-calendar-days">{t!(i18n, calendar.empty)}</p> }.into_any(),
                Ok(days) => {
                    let locale = i18n.get_locale();
                    view! {
                        <table class="data-table" data-testid="calendar-days">
                            <thead>
                                <tr>
                                    <th>{t!(i18n, calendar.day)}</th>
                                    <th>{t!(i18n, calendar.weekday)}</th>
                                    <th>{t!(i18n, calendar.kind)}</th>
                                    <th>{t!(i18n, calendar.name)}</th>
                                    <th>{t!(i18n, admin.actions)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {days.into_iter().map(|entry| {
                                    let date = entry.day;
                                    let row = entry.clone();
                                    view! {
                                        <tr data-day=date.to_string() data-kind=entry.kind.as_str()>
                                            <td class="nowrap">{date.to_string()}</td>
                                            <td>{weekday_label(locale, date.weekday())}</td>
                                            <td><span class=format!("badge calendar-{}", entry.kind.as_str())>{kind_label(locale, entry.kind)}</span></td>
                                            <td>{entry.name.clone()}</td>
                                            <td class="row-actions">
                                                <button type="button" class="link-button" data-testid="edit-day" on:click=move |_| edit(row.clone())>
                                                    {t!(i18n, admin.edit)}
                                                </button>
                                                <Show when=move || removing.get() == Some(date)
                                                    fallback=move || view! {
                                                        <button type="button" class="link-button" data-testid="delete-day" on:click=move |_| removing.set(Some(date))>
                                                            {t!(i18n, calendar.delete)}
                                                        </button>
                                                    }>
                                                    <button type="button" class="danger small" data-testid="confirm-delete-day" on:click=move |_| remove(date)>
                                                        {t!(i18n, calendar.confirm_delete)}
                                                    </button>
                                                    <button type="button" class="link-button" on:click=move |_| removing.set(None)>
                                                        {t!(i18n, admin.cancel)}
                                                    </button>
                                                </Show>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
            })}
        </Transition>
    }
}
