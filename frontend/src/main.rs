//! The CRM's web interface: a Leptos single-page app, rendered in the browser from WebAssembly.
//!
//! Every request goes through [`api`], which speaks the server's own DTOs from `crm-types`; every
//! visible string comes from `locales/*.json` through `leptos_i18n` (zh-CN by default, English on demand).

#[expect(deprecated, reason = "the build.rs code generator would compile ICU's data tooling, minutes on two cores")]
mod locales {
    leptos_i18n::load_locales!();
}
use locales::i18n;

mod api;
mod app;
mod confirm;
mod files;
mod lists;
mod locale;
mod messages;
mod pages;
mod route_id;
mod session;
mod shell;
mod tel;
mod title;
mod toast;

fn main() {
    console_error_panic_hook::set_once();
    locale::default_to_chinese();
    leptos::mount::mount_to_body(app::App);
}
