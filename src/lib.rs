pub mod diag;
pub mod source;
pub mod span;
pub mod syntax;
pub mod model;
