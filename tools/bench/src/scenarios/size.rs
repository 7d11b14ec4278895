//! Release binary sizes: x86_64 from `target/release`, arm64 from cargo lambda's output.

use super::Binaries;
use crate::function::file_size;
use crate::report::BinarySize;

/// The sizes of `names`, each `None` where that build is absent.
pub fn measure(binaries: &Binaries, names: &[&str]) -> Vec<BinarySize> {
    names
        .iter()
        .map(|name| BinarySize {
            binary: (*name).to_owned(),
            x86_64_bytes: file_size(&binaries.release(name)),
            arm64_bytes: file_size(&binaries.arm64(name)),
        })
        .collect()
}
