import Foundation
import Testing

@testable import StatusSyncCLI

@Suite struct FreedMemoryTests {
    /// Every cycle of a long run relies on it: with glibc, the allocator must be found and asked.
    @Test func glibcIsAskedToGiveFreedMemoryBack() {
        #if canImport(Glibc)
            #expect(FreedMemory.release())
        #else
            #expect(!FreedMemory.release())
        #endif
    }

    /// A long run fixes glibc's `mmap` and trim thresholds, unless the environment already sets its allocator up:
    /// `mallopt` is found and asked for each setting.
    ///
    /// What the thresholds change (a large block freed no longer raises them) is measured in docs/BENCHMARKS.md,
    /// not here: checked in this process (a 1 MiB block mapped on its own after an 8 MiB one was freed), it
    /// failed when other suites ran beside it, whose freed memory at the heap's top served the block.
    @Test func glibcTakesTheSettingsOfALongRun() {
        #if canImport(Glibc)
            let environment = ProcessInfo.processInfo.environment
            let isSettingSome =
                environment["GLIBC_TUNABLES"] == nil
                && ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"]
                    .contains { environment[$0] == nil }
            #expect(FreedMemory.prepareForLongRun() == isSettingSome)
        #else
            #expect(!FreedMemory.prepareForLongRun())
        #endif
    }
}
