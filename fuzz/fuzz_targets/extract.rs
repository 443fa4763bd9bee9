//! load -> segment -> recognise -> resolve -> relate on arbitrary bytes: no panic, and
//! every span on character boundaries, inside its document and (where the model says so)
//! inside its sentence. The first byte picks the loader; see `tests/fuzzing/extract.rs`.

#![no_main]

#[path = "../../tests/fuzzing/extract.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(broken) = fuzzing::run(data) {
        panic!("{broken}");
    }
});
