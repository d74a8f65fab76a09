//! Lists read a page at a time: [`use_cursor_list`] holds the rows, the cursor and the state of the
//! requests of one paged list, and [`ListState`] shows that state the same way everywhere — loading,
//! the failure in the user's language, the list's own words when there is nothing, "load more".

mod cursor;
mod state;

pub use cursor::{CursorList, use_cursor_list};
pub use state::{ListState, LoadError};
