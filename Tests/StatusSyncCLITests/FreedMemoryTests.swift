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

    /// A long run fixes glibc's thresholds, unless the environment already sets its allocator up: a large
    /// block freed no longer raises the `mmap` threshold, so the next large block is mapped on its own and
    /// given back when freed, rather than taken from an arena that keeps it.
    @Test func aLongRunMapsLargeBlocksAfterALargerOneWasFreed() throws {
        #if canImport(Glibc)
            let environment = ProcessInfo.processInfo.environment
            let isSet = ["MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"]
                .contains { environment[$0] != nil }
            #expect(FreedMemory.prepareForLongRun() == !isSet)
            try #require(!isSet)
            let large = try #require(malloc(8 << 20))
            free(large)
            let block = try #require(malloc(1 << 20))
            defer { free(block) }
            // glibc's chunk header: the word before the block holds its size and flags; 0x2 is IS_MMAPPED.
            let header = block.load(fromByteOffset: -MemoryLayout<Int>.size, as: Int.self)
            #expect(header & 0x2 != 0)
        #else
            #expect(!FreedMemory.prepareForLongRun())
        #endif
    }
}
