//! A nullable id column read as its kind. sqlx's `#[sqlx(try_from = "String")]` maps a text column onto a typed
//! id but takes no `Option`, and neither `Option<Id>` nor `Option<String>` is ours to give a conversion; this
//! column type is: `#[sqlx(try_from = "crate::NullableId")] pub template_id: Option<TemplateId>`.

use sqlx::database::Database;
use sqlx::decode::Decode;
use sqlx::error::BoxDynError;
use sqlx::types::Type;

/// The text of a nullable id column, as read; only a step on the way to `Option<Id>`.
pub struct NullableId(Option<String>);

impl<DB: Database> Type<DB> for NullableId
where
    String: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: Database> Decode<'r, DB> for NullableId
where
    Option<String>: Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(NullableId(<Option<String> as Decode<'r, DB>>::decode(value)?))
    }
}

impl<T: From<String>> From<NullableId> for Option<T> {
    fn from(column: NullableId) -> Self {
        column.0.map(T::from)
    }
}
