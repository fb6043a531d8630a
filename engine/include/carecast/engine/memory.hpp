// How the process's heap treats memory the engine frees: called once at the start of a
// program that projects more than once (carecast, its benchmarks).
#pragma once

namespace carecast::engine {

// Keeps freed memory in the heap for the next projection instead of returning it to the
// operating system. glibc's malloc gives blocks of 128 KiB and more back at once (munmap, or a
// trim of the heap's top) and adjusts that threshold as blocks come and go, so whether a
// projection's arrays land in fresh pages depended on what an earlier step had allocated: the
// four-path benchmark went from 579 to 1 991 page faults a process, 0.76 to 1.1 ms a run, after
// an unrelated change to the loading code (docs/performance.md, "The eighth round"). This sets
// M_MMAP_THRESHOLD to 64 MiB (larger blocks, such as a sweep's histograms, still get their own
// mapping) and M_TRIM_THRESHOLD to 256 MiB; and M_TOP_PAD to 16 MiB, so that the heap grows in
// steps of 16 MiB instead of 128 KiB (a system call each; pages are still touched only when
// used). No effect, and no error, without glibc.
// Source: mallopt(3), glibc.
void retain_freed_memory();

}  // namespace carecast::engine
