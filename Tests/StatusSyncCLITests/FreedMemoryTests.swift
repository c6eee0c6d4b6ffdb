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

    /// A long run caps the arenas, unless the environment already says how many.
    @Test func glibcTakesTheArenaCapOfALongRun() {
        #if canImport(Glibc)
            let isSet = ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] != nil
            #expect(FreedMemory.limitArenas() == !isSet)
        #else
            #expect(!FreedMemory.limitArenas())
        #endif
    }
}
