//! Arguments, locals, fields and functions named after every name the macro generates or
//! matches (the list is taken from the macro's source by `build.rs`): each gradient, through
//! `NAME_grad`, `NAME_grad_into` and the pullbacks of calls, agrees with finite differences.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/identifiers.rs"));

#[test]
fn names_taken_from_the_macro_mean_what_the_user_wrote() {
    check_all();
}
