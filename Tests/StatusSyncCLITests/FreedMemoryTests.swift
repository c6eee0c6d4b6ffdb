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
}
