//! Small sets of indexes, as bit vectors: facts, ladders, questions.

/// A set of small indexes.
pub(super) type Bits = Vec<u64>;

pub(super) fn bits(len: usize) -> Bits {
    vec![0; len.div_ceil(64).max(1)]
}

pub(super) fn has(set: &[u64], i: usize) -> bool {
    set[i / 64] & (1 << (i % 64)) != 0
}

pub(super) fn put(set: &mut [u64], i: usize) {
    set[i / 64] |= 1 << (i % 64);
}

pub(super) fn union(into: &mut [u64], from: &[u64]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a |= b;
    }
}
