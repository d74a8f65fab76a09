//! Column shapes every table uses.

use sea_orm_migration::prelude::*;

/// A 64-bit auto-increment primary key.
pub(crate) fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().auto_increment().primary_key().to_owned()
}

/// A required UTC timestamp.
pub(crate) fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().not_null().to_owned()
}
