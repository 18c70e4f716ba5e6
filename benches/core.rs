//! Loading, checking and walking the embedded rules.
fn main() {}
