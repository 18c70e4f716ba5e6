//! Work over many independent items (record files) on every core, the
//! results in the items' order, so output never depends on the threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Items a worker takes at a time: enough that taking them costs nothing
/// beside reading and parsing that many files, few enough that a worker
/// slowed by other load on the machine does not hold the rest up for long.
const CHUNK: usize = 64;

/// Fewer items than this are done on the calling thread: starting threads
/// would cost more than it saves.
const ALONE: usize = 2 * CHUNK;

/// `f` applied to every item, in order, on up to `available_parallelism`
/// threads (at most 8). Workers take the next chunk of items when free
/// rather than a fixed share, so a file that is slow to read or a core
/// busy with other work does not leave the others idle.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items.len().div_ceil(CHUNK));
    if workers <= 1 || items.len() < ALONE {
        return items.iter().map(f).collect();
    }
    let taken = AtomicUsize::new(0);
    let mut chunks: Vec<(usize, Vec<R>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (f, taken) = (&f, &taken);
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let start = taken.fetch_add(CHUNK, Ordering::Relaxed);
                        let Some(chunk) = items.get(start..) else {
                            break done;
                        };
                        let chunk = &chunk[..chunk.len().min(CHUNK)];
                        if chunk.is_empty() {
                            break done;
                        }
                        done.push((start, chunk.iter().map(f).collect::<Vec<R>>()));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(done) => done,
                // A panic in `f` is the caller's panic, as it would be
                // without threads.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    chunks.sort_unstable_by_key(|(start, _)| *start);
    let mut out = Vec::with_capacity(items.len());
    for (_, chunk) in chunks {
        out.extend(chunk);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        for n in [0, 1, ALONE - 1, ALONE, CHUNK * 7 + 3, 10_000] {
            let items: Vec<usize> = (0..n).collect();
            let out = map(&items, |i| i * 2);
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    #[should_panic(expected = "item 300")]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let items: Vec<usize> = (0..1_000).collect();
        map(&items, |&i| assert!(i != 300, "item {i}"));
    }
}
