//! Typed route parameters: `/customers/:id` gives a [`CustomerId`], never a bare number, and an
//! address whose id is missing or not an id shows the 404 page instead of asking for record 0.

use crm_types::{CustomerId, DemandId, FollowupId, ImportId, TaskId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::pages::NotFound;

/// An id that an address can name.
pub trait RouteId: Copy + PartialEq + Send + Sync + 'static {
    /// The id with this number.
    fn from_number(number: i64) -> Self;
}

macro_rules! route_ids {
    ($($id:ty),+) => {
        $(impl RouteId for $id {
            fn from_number(number: i64) -> Self {
                Self(number)
            }
        })+
    };
}

route_ids!(CustomerId, DemandId, FollowupId, ImportId, TaskId);

/// `raw` as an id: digits only, above zero.
pub fn parse_id<T: RouteId>(raw: &str) -> Option<T> {
    let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| raw.parse::<i64>().ok()).flatten().filter(|n| *n > 0).map(T::from_number)
}

/// The route parameter `name` as an id, following the address.
pub fn use_route_id<T: RouteId>(name: &'static str) -> Memo<Option<T>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name)).as_deref().and_then(parse_id))
}

/// `page` for the id in the route parameter `id`, made again when the address names another; the
/// 404 page when it names none.
pub fn with_route_id<T, V>(page: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: RouteId,
    V: IntoView + 'static,
{
    let id = use_route_id::<T>("id");
    move || match id.get() {
        Some(id) => page(id).into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_positive_numbers_are_ids() {
        assert_eq!(parse_id::<CustomerId>("7"), Some(CustomerId(7)));
        assert_eq!(parse_id::<DemandId>("0012"), Some(DemandId(12)));
        for raw in ["", "0", "-3", "+5", "abc", "12x", " 7", "99999999999999999999"] {
            assert_eq!(parse_id::<CustomerId>(raw), None, "{raw:?}");
        }
    }
}
