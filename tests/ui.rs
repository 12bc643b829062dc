//! Compile-fail tests: every mistake a user can make with `#[differentiable]` and the error
//! they see; and pass tests: expansions that must compile under `#![deny(warnings)]`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
    t.pass("tests/pass/*.rs");
}
