//! Import (导入): files uploaded to the import store, read as streamed rows (`source`), cells read into
//! typed values (`cells`; the columns mapped to custom fields by `custom_fields`), rows made into a target's create request (`customer`: the first target;
//! another target is another such module over its `TargetSpec`), and passes over the file (`pipeline`:
//! the dry run and the batched commit) run as background jobs (`crate::jobs`).

pub mod cells;
pub mod custom_fields;
pub mod customer;
pub mod job;
pub mod pipeline;
pub mod preview;
pub mod source;
pub mod update;
